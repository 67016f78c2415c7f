"""What clients send to write: one serializer per resource, naming related records by id
(countries and languages by ISO code), and the serializers of the sub-resources that hold a
record's parts (credits, titles, name variants, citations, ...), which read and write alike."""
from django.contrib.contenttypes.models import ContentType
from rest_framework import serializers

from .. import models
from .serializers import url_field


class RecordIdField(serializers.PrimaryKeyRelatedField):
    """A related record by id. DRF reads an empty string as null; here it is refused, as the
    schema says: null is written null."""

    def run_validation(self, data=serializers.empty):
        if data == "":
            raise serializers.ValidationError("An empty string names no record: give its id, or null.")
        return super().run_validation(data)


class TextOnly:
    """DRF's text fields take a number and write it as text; the schema says string, so a number,
    a boolean, a list or an object is refused: "A string is required, not float."."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            raise serializers.ValidationError(f"A string is required, not {type(data).__name__}.", code="invalid")
        return super().to_internal_value(data)


def text_only(field_class):
    return type(field_class.__name__, (TextOnly, field_class), {"__module__": __name__})


CharField, URLField, SlugField, EmailField = map(text_only, (
    serializers.CharField, serializers.URLField, serializers.SlugField, serializers.EmailField))
TEXT_FIELDS = {serializers.CharField: CharField, serializers.URLField: URLField,
               serializers.SlugField: SlugField, serializers.EmailField: EmailField}


class WriteSerializer(serializers.ModelSerializer):
    serializer_related_field = RecordIdField
    serializer_field_mapping = {model_field: TEXT_FIELDS.get(field, field)
                                for model_field, field in serializers.ModelSerializer.serializer_field_mapping.items()}


def writer(model, fields, **declared):
    """A ModelSerializer for writing `model`'s `fields` (related records by id)."""
    meta = type("Meta", (), {"model": model, "fields": fields})
    attributes = {"Meta": meta, "__module__": __name__, **declared}
    return type(f"{model.__name__}WriteSerializer", (WriteSerializer,), attributes)


WorkWriteSerializer = writer(models.Work, [
    "title", "slug", "kind", "year", "first_shown_on", "first_shown_precision", "runtime_minutes", "synopsis",
    "countries", "languages", "archival_footage_percent",
])
SeasonWriteSerializer = writer(models.Season, ["work", "number", "year", "title", "episode_count"])
PersonWriteSerializer = writer(models.Person, [
    "name", "native_name", "slug", "birth_year", "death_year", "country", "biography",
])
OrganisationWriteSerializer = writer(models.Organisation, [
    "name", "native_name", "slug", "kind", "parent", "country", "city", "founded_year", "website", "description",
])
FestivalWriteSerializer = writer(models.Festival, [
    "name", "slug", "kind", "country", "city", "founded_year", "organiser", "website", "description",
])
FestivalEditionWriteSerializer = writer(models.FestivalEdition, [
    "festival", "number", "year", "years_honoured", "slug", "name", "start_date", "end_date", "dates_precision",
    "format", "city", "venue", "description",
])
SectionWriteSerializer = writer(models.Section, ["edition", "name", "kind", "description", "order"])
SelectionWriteSerializer = writer(models.Selection, ["work", "edition", "section", "status", "premiere", "note"])
AwardWriteSerializer = writer(models.Award, ["festival", "name", "slug", "presented_by", "description"])
class NominationWriteSerializer(WriteSerializer):
    class Meta:
        model = models.Nomination
        fields = ["award", "edition", "work", "other_works", "people", "organisations", "outcome", "detail", "note"]

    def validate(self, attrs):
        work = attrs.get("work", getattr(self.instance, "work", None))
        others = attrs.get("other_works")
        if others is None and self.instance is not None:
            others = list(self.instance.other_works.all())
        if others and work is None:
            raise serializers.ValidationError({"other_works": "Name the first work honoured in `work` first."})
        if work is not None and work in (others or []):
            raise serializers.ValidationError({"other_works": "The first work honoured (`work`) is not repeated here."})
        return attrs

SubjectWriteSerializer = writer(models.Subject, [
    "name", "slug", "kind", "person", "organisation", "part_of", "country", "start_date", "start_precision",
    "end_date", "end_precision", "description",
])
SourceWriteSerializer = writer(
    models.Source,
    ["title", "slug", "kind", "publisher", "author", "published_on", "published_precision", "address", "language",
     "seed_file", "accessed_on", "note"],
    address=URLField(source="url", max_length=500, required=False, allow_blank=True,
                     help_text="Where the source is published."),
)


def part(model, basename, fields, **declared):
    """A sub-resource serializer: the part's id and url, then its fields (related records by id)."""
    meta = type("Meta", (), {"model": model, "fields": ["id", "url", *fields]})
    attributes = {"Meta": meta, "url": url_field(basename), "__module__": __name__, **declared}
    return type(f"{model.__name__}PartSerializer", (WriteSerializer,), attributes)


CreditPartSerializer = part(models.Credit, "credit", [
    "work", "season", "person", "organisation", "role", "character", "credited_as", "order", "note",
])
TitleVariantPartSerializer = part(models.TitleVariant, "titlevariant", [
    "work", "title", "kind", "language", "script", "note",
])
WorkSubjectPartSerializer = part(models.WorkSubject, "worksubject", ["work", "subject", "role", "note"])
ReleaseEventPartSerializer = part(models.ReleaseEvent, "releaseevent", [
    "work", "kind", "date", "date_precision", "country", "city", "venue", "organisation", "edition", "description",
])
NAME_FIELDS = ["name", "kind", "language", "script", "note"]
PersonNamePartSerializer = part(models.PersonName, "personname", ["person", *NAME_FIELDS])
OrganisationNamePartSerializer = part(models.OrganisationName, "organisationname", ["organisation", *NAME_FIELDS])
FestivalNamePartSerializer = part(models.FestivalName, "festivalname", ["festival", *NAME_FIELDS])
AwardNamePartSerializer = part(models.AwardName, "awardname", ["award", *NAME_FIELDS])
SubjectNamePartSerializer = part(models.SubjectName, "subjectname", ["subject", *NAME_FIELDS])
CitationPartSerializer = part(
    models.Citation, "citation",
    ["source", "record_type", "object_id", "field", "claim", "quote", "locator", "note"],
    record_type=serializers.SlugRelatedField(
        source="content_type", slug_field="model",
        queryset=ContentType.objects.filter(app_label="catalogue"),
        help_text="The kind of record cited: work, person, credit, subject, ...",
    ),
)

ExternalIdPartSerializer = part(
    models.ExternalId, "externalid", ["record_type", "object_id", "scheme", "value"],
    record_type=serializers.SlugRelatedField(
        source="content_type", slug_field="model",
        queryset=ContentType.objects.filter(app_label="catalogue", model__in=models.external.IDENTIFIED),
        help_text="The kind of record identified: work, person, organisation or festival.",
        error_messages={"does_not_exist": "External identifiers are kept for works, people, organisations and "
                                          "festivals."},
    ),
)
