"""Identifiers of records in other catalogues (IMDb, Wikidata, TMDB): how importers match the
records they meet again, and how clients find a record by the id they already hold."""
import re

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models

from ..choices import ExternalScheme
from .base import TimeStampedModel, constraint_name, on_field

# What each scheme's identifiers look like, and which kind of record each IMDb prefix names.
FORMATS = {
    ExternalScheme.IMDB: re.compile(r"(tt|nm|co|ev)\d{7,10}"),
    ExternalScheme.WIKIDATA: re.compile(r"Q[1-9]\d*"),
    ExternalScheme.TMDB: re.compile(r"(movie|tv|person|company)/[1-9]\d*"),
}
EXAMPLES = {ExternalScheme.IMDB: "tt1832382", ExternalScheme.WIKIDATA: "Q1137372", ExternalScheme.TMDB: "movie/60243"}
IMDB_PREFIXES = {"tt": "work", "nm": "person", "co": "organisation", "ev": "festival"}
TMDB_PREFIXES = {"movie": "work", "tv": "work", "person": "person", "company": "organisation"}
ADDRESSES = {
    ExternalScheme.IMDB: {"tt": "https://www.imdb.com/title/{}/", "nm": "https://www.imdb.com/name/{}/",
                          "co": "https://www.imdb.com/search/title/?companies={}", "ev": "https://www.imdb.com/event/{}/"},
    ExternalScheme.WIKIDATA: "https://www.wikidata.org/wiki/{}",
    ExternalScheme.TMDB: "https://www.themoviedb.org/{}",
}
IDENTIFIED = ("work", "person", "organisation", "festival")


class ExternalId(TimeStampedModel):
    """A work's, person's, organisation's or festival's identifier in another catalogue. One
    identifier names one record: two records with the same IMDb id are one record twice."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")
    scheme = models.CharField(max_length=20, choices=ExternalScheme.choices)
    value = models.CharField(
        max_length=100, help_text="As the scheme writes it: tt1832382 (IMDb), Q1137372 (Wikidata), movie/60243 (TMDB).",
    )

    class Meta:
        ordering = ["scheme", "value"]
        verbose_name = "external identifier"
        constraints = [
            on_field("value", models.UniqueConstraint(
                fields=["scheme", "value"], name=constraint_name("unique_value"),
                violation_error_message="Another record already has this identifier.",
            )),
        ]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="catalogue_externalid_record"),
            # /external-ids/?value= (the unique index reads a value by its scheme first) and ?object_id=
            models.Index(fields=["value"], name="catalogue_externalid_value"),
            models.Index(fields=["object_id"], name="catalogue_externalid_object"),
        ]

    def __str__(self):
        return f"{self.get_scheme_display()} {self.value}"

    @property
    def url(self):
        address = ADDRESSES.get(self.scheme)
        if isinstance(address, dict):
            address = address.get(self.value[:2])
        return address.format(self.value) if address else None

    def clean(self):
        errors = {}
        if self.scheme in FORMATS and self.value and not FORMATS[self.scheme].fullmatch(self.value):
            errors["value"] = f"Not a {self.get_scheme_display()} identifier (for example {EXAMPLES[self.scheme]})."
        if self.content_type_id:
            kind = self.content_type.model
            if self.content_type.app_label != "catalogue" or kind not in IDENTIFIED:
                errors["content_type"] = "External identifiers are kept for works, people, organisations and festivals."
            elif self.object_id is not None and not self.content_type.model_class()._default_manager.filter(
                    pk=self.object_id).exists():
                errors["object_id"] = f"There is no {kind} with id {self.object_id}."
            elif "value" not in errors and self.value:
                prefixes = {ExternalScheme.IMDB: (IMDB_PREFIXES, self.value[:2]),
                            ExternalScheme.TMDB: (TMDB_PREFIXES, self.value.split("/")[0])}.get(self.scheme)
                if prefixes and prefixes[0].get(prefixes[1]) != kind:
                    errors["value"] = f"This {self.get_scheme_display()} identifier names a " \
                                      f"{prefixes[0].get(prefixes[1], 'record of another kind')}, not a {kind}."
        if errors:
            raise ValidationError(errors)
