"""The search index: every name and title a record is known by, with the keys that matching
reads. catalogue.search writes it on every save and reads it for `q`, `/search/` and the admin."""
from django.db import models


class SearchEntry(models.Model):
    """One name or title of a record: its own, its native-script form, a variant's, or (for a
    subject about a person or an organisation) one of theirs."""

    class Kind(models.TextChoices):
        NAME = "name", "Name or title"
        NATIVE = "native", "Native-script name"
        VARIANT = "variant", "Variant"

    record_type = models.CharField(max_length=20)
    record_id = models.BigIntegerField()
    kind = models.CharField(max_length=10, choices=Kind.choices)
    text = models.CharField(max_length=1000, help_text="The name or title as written.")
    key = models.CharField(max_length=1000, help_text="Case, accents, punctuation and script forms folded.")
    loose = models.CharField(max_length=1000, help_text="Romanisation differences folded, one space around each word.")
    skeleton = models.CharField(max_length=1000, help_text="Consonants only, Latin and Arabic script alike.")
    arabic_script = models.BooleanField(default=False)

    class Meta:
        verbose_name_plural = "search entries"
        indexes = [
            models.Index(fields=["record_type", "record_id"], name="catalogue_search_record"),
            models.Index(fields=["record_type", "key"], name="catalogue_search_key"),
        ]

    def __str__(self):
        return f"{self.record_type} {self.record_id}: {self.text}"


class SearchWord(models.Model):
    """A word met in any key: the vocabulary that spelling correction (fuzzy matching) reads."""

    word = models.CharField(max_length=255, unique=True)

    def __str__(self):
        return self.word
