"""Sources and the citations that tie every fact to one."""
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import F, Q

from ..choices import (
    DatePrecision,
    SourceKind,
)
from .base import (
    CitableModel,
    Language,
    NullsLastIndex,
    TimeStampedModel,
    constraint_name,
    format_partial_date,
    ordering_indexes,
    search_key_field,
    unique_slug,
)
from .people import Organisation


class Source(TimeStampedModel):
    """A document the catalogue takes facts from: an article, an interview, a data set."""

    title = models.CharField(max_length=500, help_text="As published.")
    slug = models.SlugField(max_length=255)
    kind = models.CharField(max_length=20, choices=SourceKind.choices, default=SourceKind.NEWS_ARTICLE)
    publisher = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="published_sources",
        help_text="Empty when the source does not name its publisher.",
    )
    author = models.CharField(max_length=255, blank=True)
    published_on = models.DateField(null=True, blank=True)
    published_precision = models.CharField(max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY)
    url = models.URLField(max_length=500, blank=True)
    language = models.ForeignKey(Language, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    seed_file = models.CharField(
        max_length=100, blank=True, help_text="The file in shared/seeds/ that holds the text, for seed sources."
    )
    accessed_on = models.DateField(null=True, blank=True)
    note = models.TextField(blank=True)
    search_key = search_key_field()

    class Meta:
        ordering = [F("published_on").desc(nulls_last=True), "title", "id"]
        constraints = [
            unique_slug(),
            models.UniqueConstraint(
                fields=["seed_file"], condition=~Q(seed_file=""), name=constraint_name("unique_seed_file"),
                violation_error_message="Another source already holds this seed file.",
            ),
            models.UniqueConstraint(
                fields=["url"], condition=~Q(url=""), name=constraint_name("unique_url"),
                violation_error_message="Another source already has this address.",
            ),
        ]
        # ordering=published; the default order (newest first), also ordering=-published; ?published_min=,
        # ?published_max=; ordering=title; ?kind=
        indexes = [
            models.Index(fields=["published_on", "id"], name="catalogue_source_date"),
            NullsLastIndex(F("published_on").desc(nulls_last=True), F("title"), F("id"),
                           name="catalogue_source_date_desc"),
            *ordering_indexes("catalogue_source_title", "title", backward=True),
            models.Index(fields=["kind"], name="catalogue_source_kind"),
        ]

    def __str__(self):
        publisher = self.publisher.name if self.publisher_id else "unnamed publisher"
        when = format_partial_date(self.published_on, self.published_precision) or "undated"
        return f"{self.title} ({publisher}, {when})"


class Citation(TimeStampedModel):
    """A source cited for a record, optionally for one of its fields, with the passage quoted.

    When sources disagree, each claim is its own citation with the value as that source states
    it (`claim`): the catalogue keeps them all and picks none silently."""

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="citations")
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")
    field = models.CharField(
        max_length=100, blank=True,
        help_text="The field this citation supports, or with a claim, a label for what is claimed (e.g. duration).",
    )
    claim = models.CharField(max_length=255, blank=True, help_text="The value as this source states it.")
    quote = models.TextField(blank=True, help_text="The passage, exactly as published.")
    locator = models.CharField(max_length=100, blank=True, help_text="Paragraph, page or timestamp.")
    note = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["content_type", "object_id", "field", "id"]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="catalogue_citation_target"),
            models.Index(fields=["object_id"], name="catalogue_citation_object"),  # /citations/?object_id=
        ]

    def __str__(self):
        what = f" ({self.field})" if self.field else ""
        return f"{self.source.title} on {self.content_type.name} {self.object_id}{what}"

    def clean(self):
        if not self.content_type_id:
            return
        model = self.content_type.model_class()
        if model is None or not issubclass(model, CitableModel):
            raise ValidationError({"content_type": "Sources can be cited only for catalogue records."})
        if self.object_id is not None and not model._default_manager.filter(pk=self.object_id).exists():
            raise ValidationError({"object_id": f"There is no {model._meta.verbose_name} with id {self.object_id}."})
        if self.field and not self.claim:
            try:
                model._meta.get_field(self.field)
            except FieldDoesNotExist:
                raise ValidationError(
                    {"field": f"{model._meta.verbose_name.capitalize()} has no field {self.field!r}; "
                              "give the claim to cite a fact the model has no field for."}
                ) from None
