"""Representations of the catalogue. Lists use brief records; details nest what a client needs
in one request. Every record carries its `url`. Nested serializers read only what the viewset
prefetched (see views.py), so no serializer issues a query of its own."""
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse
from rest_framework.utils.urls import remove_query_param

from .. import models
from ..choices import CreditRole


class Addresses:
    """The detail addresses of records in the answer to one request, written as DRF's reverse()
    writes them (the host, the script prefix, a `.json` suffix, the request's `?format=` copied)
    for the cost of joining three strings: each kind's address is reversed once, with a mark where
    the id goes. A detail does not answer CSV, so the addresses in a CSV list name each detail as
    it answers, in JSON."""

    MARK = "9081726354"

    def __init__(self, request, format=None):
        self.request, self.format, self.templates = request, format, {}

    def __call__(self, view_name, pk):
        template = self.templates.get(view_name)
        if template is None:
            template = self.templates[view_name] = self.template(view_name)
        return f"{template[0]}{pk}{template[1]}"

    def template(self, view_name):
        url = reverse(view_name, kwargs={"pk": self.MARK}, request=self.request, format=self.format)
        if self.request.query_params.get("format") == "csv":
            url = remove_query_param(url, "format")
        before, _, after = url.partition(self.MARK)
        return before, after


def addresses(request, format=None):
    """The request's Addresses (one per format), made on first use and kept on the request."""
    kept = request.__dict__.setdefault("_catalogue_addresses", {})
    if format not in kept:
        kept[format] = Addresses(request, format)
    return kept[format]


class RecordURLField(serializers.HyperlinkedIdentityField):
    """The record's detail address (see Addresses)."""

    def get_url(self, obj, view_name, request, format):
        if request is None:
            return super().get_url(obj, view_name, request, format)
        if obj.pk in (None, ""):
            return None  # not saved yet
        return addresses(request, format)(view_name, obj.pk)


def url_field(basename):
    return RecordURLField(view_name=f"{basename}-detail")


class AddressField(serializers.URLField):
    """A web address, null when unknown (the model stores an empty string)."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, allow_null=True, **kwargs)

    def to_representation(self, value):
        return value or None


def codes():
    return serializers.SlugRelatedField(many=True, read_only=True, slug_field="code")


# Brief records, for lists and nesting -----------------------------------------------------------


class WorkBriefSerializer(serializers.ModelSerializer):
    url = url_field("work")

    class Meta:
        model = models.Work
        fields = ["id", "url", "slug", "title", "kind", "year"]


class PersonBriefSerializer(serializers.ModelSerializer):
    url = url_field("person")

    class Meta:
        model = models.Person
        fields = ["id", "url", "slug", "name"]


class OrganisationBriefSerializer(serializers.ModelSerializer):
    url = url_field("organisation")

    class Meta:
        model = models.Organisation
        fields = ["id", "url", "slug", "name", "kind"]


class FestivalBriefSerializer(serializers.ModelSerializer):
    url = url_field("festival")

    class Meta:
        model = models.Festival
        fields = ["id", "url", "slug", "name", "kind"]


class EditionBriefSerializer(serializers.ModelSerializer):
    url = url_field("festivaledition")
    label = serializers.CharField(source="__str__", read_only=True)
    festival = FestivalBriefSerializer(read_only=True)

    class Meta:
        model = models.FestivalEdition
        fields = ["id", "url", "slug", "label", "number", "year", "festival"]


class SectionBriefSerializer(serializers.ModelSerializer):
    url = url_field("section")

    class Meta:
        model = models.Section
        fields = ["id", "url", "name", "kind"]


class AwardBriefSerializer(serializers.ModelSerializer):
    url = url_field("award")

    class Meta:
        model = models.Award
        fields = ["id", "url", "slug", "name"]


class SubjectBriefSerializer(serializers.ModelSerializer):
    url = url_field("subject")

    class Meta:
        model = models.Subject
        fields = ["id", "url", "slug", "name", "kind"]


class SeasonBriefSerializer(serializers.ModelSerializer):
    url = url_field("season")

    class Meta:
        model = models.Season
        fields = ["id", "url", "number", "year"]


class SourceBriefSerializer(serializers.ModelSerializer):
    url = url_field("source")
    publisher = serializers.CharField(source="publisher.name", read_only=True, allow_null=True, default=None)

    class Meta:
        model = models.Source
        fields = ["id", "url", "slug", "title", "publisher", "published_on", "published_precision"]


class CitationSerializer(serializers.ModelSerializer):
    """A source cited for the enclosing record, and for which of its fields."""

    source = SourceBriefSerializer(read_only=True)

    class Meta:
        model = models.Citation
        fields = ["source", "field", "claim", "quote", "locator"]


class ExternalIdSerializer(serializers.ModelSerializer):
    """The record's identifier in another catalogue, with its address there."""

    url = serializers.URLField(read_only=True, allow_null=True, help_text="The record's page in that catalogue.")

    class Meta:
        model = models.ExternalId
        fields = ["scheme", "value", "url"]


class NameSerializer(serializers.Serializer):
    name = serializers.CharField()
    kind = serializers.CharField()
    language = serializers.CharField(source="language_id", allow_null=True)
    script = serializers.CharField()
    note = serializers.CharField()


# Selections and nominations, whole and as nested where one side is already known ---------------

class SelectionListSerializer(serializers.ModelSerializer):
    url = url_field("selection")
    work = WorkBriefSerializer(read_only=True)
    edition = EditionBriefSerializer(read_only=True)
    section = SectionBriefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = models.Selection
        fields = ["id", "url", "work", "edition", "section", "status", "premiere"]


class NominationListSerializer(serializers.ModelSerializer):
    url = url_field("nomination")
    award = AwardBriefSerializer(read_only=True)
    edition = EditionBriefSerializer(read_only=True)
    work = WorkBriefSerializer(read_only=True, allow_null=True)
    other_works = WorkBriefSerializer(many=True, read_only=True)
    people = PersonBriefSerializer(many=True, read_only=True)
    organisations = OrganisationBriefSerializer(many=True, read_only=True)

    class Meta:
        model = models.Nomination
        fields = ["id", "url", "award", "edition", "work", "other_works", "people", "organisations", "outcome",
                  "detail"]


class SelectionInWorkSerializer(SelectionListSerializer):
    work = None
    citations = CitationSerializer(many=True, read_only=True)

    class Meta(SelectionListSerializer.Meta):
        fields = ["id", "url", "edition", "section", "status", "premiere", "note", "citations"]


class SelectionInEditionSerializer(SelectionListSerializer):
    edition = None

    class Meta(SelectionListSerializer.Meta):
        fields = ["id", "url", "work", "section", "status", "premiere", "note"]


class NominationInWorkSerializer(NominationListSerializer):
    """A work's nominations, including those it shares with other works: `work` and
    `other_works` say which."""

    citations = CitationSerializer(many=True, read_only=True)

    class Meta(NominationListSerializer.Meta):
        fields = ["id", "url", "award", "edition", "work", "other_works", "people", "organisations", "outcome",
                  "detail", "citations"]


class NominationInEditionSerializer(NominationListSerializer):
    edition = None

    class Meta(NominationListSerializer.Meta):
        fields = ["id", "url", "award", "work", "other_works", "people", "organisations", "outcome", "detail"]


class NominationInAwardSerializer(NominationListSerializer):
    award = None

    class Meta(NominationListSerializer.Meta):
        fields = ["id", "url", "edition", "work", "other_works", "people", "organisations", "outcome", "detail"]


class NominationOfNomineeSerializer(NominationListSerializer):
    people = None
    organisations = None

    class Meta(NominationListSerializer.Meta):
        fields = ["id", "url", "award", "edition", "work", "other_works", "outcome", "detail"]


# Works ------------------------------------------------------------------------------------------


class WorkListSerializer(serializers.ModelSerializer):
    url = url_field("work")
    sources = serializers.SerializerMethodField(help_text="The sources cited for this work.")

    class Meta:
        model = models.Work
        fields = [
            "id", "url", "slug", "title", "kind", "year", "first_shown_on", "first_shown_precision",
            "runtime_minutes", "archival_footage_percent", "sources",
        ]

    @extend_schema_field(SourceBriefSerializer(many=True))
    def get_sources(self, work):
        unique = {citation.source_id: citation.source for citation in work.citations.all()}
        return SourceBriefSerializer(unique.values(), many=True, context=self.context).data


class TitleVariantSerializer(serializers.ModelSerializer):
    language = serializers.CharField(source="language_id", allow_null=True)

    class Meta:
        model = models.TitleVariant
        fields = ["title", "kind", "language", "script", "note"]


class SeasonInWorkSerializer(serializers.ModelSerializer):
    url = url_field("season")

    class Meta:
        model = models.Season
        fields = ["id", "url", "number", "year", "title", "episode_count"]


class CreditSerializer(serializers.ModelSerializer):
    person = PersonBriefSerializer(read_only=True, allow_null=True)
    organisation = OrganisationBriefSerializer(read_only=True, allow_null=True)
    season = SeasonBriefSerializer(read_only=True, allow_null=True)
    citations = CitationSerializer(many=True, read_only=True)

    class Meta:
        model = models.Credit
        fields = ["id", "role", "person", "organisation", "season", "character", "credited_as", "order", "note",
                  "citations"]


class WorkSubjectSerializer(serializers.ModelSerializer):
    subject = SubjectBriefSerializer(read_only=True)
    citations = CitationSerializer(many=True, read_only=True)

    class Meta:
        model = models.WorkSubject
        fields = ["subject", "role", "note", "citations"]


class ReleaseEventSerializer(serializers.ModelSerializer):
    country = serializers.CharField(source="country_id", allow_null=True)
    organisation = OrganisationBriefSerializer(read_only=True, allow_null=True)
    edition = EditionBriefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = models.ReleaseEvent
        fields = ["kind", "date", "date_precision", "country", "city", "venue", "organisation", "edition",
                  "description"]


class WorkDetailSerializer(WorkListSerializer):
    countries = codes()
    languages = codes()
    titles = TitleVariantSerializer(many=True, read_only=True)
    seasons = SeasonInWorkSerializer(many=True, read_only=True)
    credits = CreditSerializer(many=True, read_only=True)
    subjects = WorkSubjectSerializer(many=True, read_only=True, source="subject_links")
    selections = SelectionInWorkSerializer(many=True, read_only=True)
    nominations = NominationInWorkSerializer(many=True, read_only=True, source="all_nominations")
    events = ReleaseEventSerializer(many=True, read_only=True)
    external_ids = ExternalIdSerializer(many=True, read_only=True)
    citations = CitationSerializer(many=True, read_only=True)

    class Meta(WorkListSerializer.Meta):
        fields = [
            *WorkListSerializer.Meta.fields, "synopsis", "countries", "languages", "titles", "seasons",
            "credits", "subjects", "selections", "nominations", "events", "external_ids", "citations", "created_at",
            "updated_at",
        ]


class SeasonListSerializer(serializers.ModelSerializer):
    url = url_field("season")
    work = WorkBriefSerializer(read_only=True)

    class Meta:
        model = models.Season
        fields = ["id", "url", "work", "number", "year", "title", "episode_count"]


class SeasonDetailSerializer(SeasonListSerializer):
    credits = CreditSerializer(many=True, read_only=True)
    citations = CitationSerializer(many=True, read_only=True)

    class Meta(SeasonListSerializer.Meta):
        fields = [*SeasonListSerializer.Meta.fields, "credits", "citations", "created_at", "updated_at"]


# People and organisations -----------------------------------------------------------------------


class PersonListSerializer(serializers.ModelSerializer):
    url = url_field("person")
    country = serializers.CharField(source="country_id", allow_null=True)

    class Meta:
        model = models.Person
        fields = ["id", "url", "slug", "name", "native_name", "birth_year", "death_year", "country"]


class FilmographyCreditSerializer(serializers.ModelSerializer):
    work = WorkBriefSerializer(read_only=True)
    season = SeasonBriefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = models.Credit
        fields = ["work", "season", "character", "credited_as", "note"]


class RoleGroupSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=CreditRole.choices)
    credits = FilmographyCreditSerializer(many=True)


class PersonDetailSerializer(PersonListSerializer):
    names = NameSerializer(many=True, read_only=True)
    filmography = serializers.SerializerMethodField(help_text="Credits across works, grouped by role.")
    nominations = NominationOfNomineeSerializer(many=True, read_only=True)
    subject = serializers.SerializerMethodField(help_text="The subject record, when works are about this person.")
    external_ids = ExternalIdSerializer(many=True, read_only=True)
    citations = CitationSerializer(many=True, read_only=True)

    class Meta(PersonListSerializer.Meta):
        fields = [*PersonListSerializer.Meta.fields, "biography", "names", "filmography", "nominations", "subject",
                  "external_ids", "citations", "created_at", "updated_at"]

    @extend_schema_field(RoleGroupSerializer(many=True))
    def get_filmography(self, person):
        groups = {}
        for credit in person.credits.all():
            groups.setdefault(credit.role, []).append(credit)
        order = list(CreditRole.values)
        return [
            {"role": role, "credits": FilmographyCreditSerializer(credits, many=True, context=self.context).data}
            for role, credits in sorted(groups.items(), key=lambda item: order.index(item[0]))
        ]

    @extend_schema_field(SubjectBriefSerializer(allow_null=True))
    def get_subject(self, person):
        subject = getattr(person, "subject", None)  # a missing reverse one-to-one raises, hence getattr
        return SubjectBriefSerializer(subject, context=self.context).data if subject else None


class OrganisationListSerializer(serializers.ModelSerializer):
    url = url_field("organisation")
    parent = OrganisationBriefSerializer(read_only=True, allow_null=True)
    country = serializers.CharField(source="country_id", allow_null=True)

    class Meta:
        model = models.Organisation
        fields = ["id", "url", "slug", "name", "native_name", "kind", "parent", "country"]


class OrganisationCreditSerializer(serializers.ModelSerializer):
    work = WorkBriefSerializer(read_only=True)
    season = SeasonBriefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = models.Credit
        fields = ["work", "season", "role", "credited_as", "note"]


class OrganisationDetailSerializer(OrganisationListSerializer):
    website = AddressField()
    names = NameSerializer(many=True, read_only=True)
    children = OrganisationBriefSerializer(many=True, read_only=True, help_text="Its parts.")
    credits = OrganisationCreditSerializer(many=True, read_only=True)
    nominations = NominationOfNomineeSerializer(many=True, read_only=True)
    published_sources = SourceBriefSerializer(many=True, read_only=True)
    external_ids = ExternalIdSerializer(many=True, read_only=True)
    citations = CitationSerializer(many=True, read_only=True)

    class Meta(OrganisationListSerializer.Meta):
        fields = [*OrganisationListSerializer.Meta.fields, "city", "founded_year", "website", "description", "names",
                  "children", "credits", "nominations", "published_sources", "external_ids", "citations", "created_at",
                  "updated_at"]


# Festivals and awards ---------------------------------------------------------------------------


class FestivalListSerializer(serializers.ModelSerializer):
    url = url_field("festival")
    country = serializers.CharField(source="country_id", allow_null=True)

    class Meta:
        model = models.Festival
        fields = ["id", "url", "slug", "name", "kind", "country", "city", "founded_year"]


class EditionInFestivalSerializer(serializers.ModelSerializer):
    url = url_field("festivaledition")
    label = serializers.CharField(source="__str__", read_only=True)

    class Meta:
        model = models.FestivalEdition
        fields = ["id", "url", "slug", "label", "number", "year", "years_honoured", "name", "start_date",
                  "end_date", "dates_precision", "format", "city"]


class FestivalDetailSerializer(FestivalListSerializer):
    website = AddressField()
    organiser = OrganisationBriefSerializer(read_only=True, allow_null=True)
    names = NameSerializer(many=True, read_only=True)
    editions = EditionInFestivalSerializer(many=True, read_only=True)
    awards = AwardBriefSerializer(many=True, read_only=True)
    external_ids = ExternalIdSerializer(many=True, read_only=True)
    citations = CitationSerializer(many=True, read_only=True)

    class Meta(FestivalListSerializer.Meta):
        fields = [*FestivalListSerializer.Meta.fields, "organiser", "website", "description", "names", "editions",
                  "awards", "external_ids", "citations", "created_at", "updated_at"]


class EditionListSerializer(EditionInFestivalSerializer):
    festival = FestivalBriefSerializer(read_only=True)

    class Meta(EditionInFestivalSerializer.Meta):
        fields = ["id", "url", "slug", "label", "festival", "number", "year", "years_honoured", "name",
                  "start_date", "end_date", "dates_precision", "format", "city", "venue"]


class EditionDetailSerializer(EditionListSerializer):
    sections = SectionBriefSerializer(many=True, read_only=True)
    selections = SelectionInEditionSerializer(many=True, read_only=True)
    nominations = NominationInEditionSerializer(many=True, read_only=True)
    citations = CitationSerializer(many=True, read_only=True)

    class Meta(EditionListSerializer.Meta):
        fields = [*EditionListSerializer.Meta.fields, "description", "sections", "selections", "nominations",
                  "citations", "created_at", "updated_at"]


class SectionListSerializer(serializers.ModelSerializer):
    url = url_field("section")
    edition = EditionBriefSerializer(read_only=True)

    class Meta:
        model = models.Section
        fields = ["id", "url", "name", "kind", "order", "edition"]


class SectionDetailSerializer(SectionListSerializer):
    selections = SelectionInEditionSerializer(many=True, read_only=True)
    citations = CitationSerializer(many=True, read_only=True)

    class Meta(SectionListSerializer.Meta):
        fields = [*SectionListSerializer.Meta.fields, "description", "selections", "citations", "created_at",
                  "updated_at"]


class SelectionDetailSerializer(SelectionListSerializer):
    citations = CitationSerializer(many=True, read_only=True)

    class Meta(SelectionListSerializer.Meta):
        fields = [*SelectionListSerializer.Meta.fields, "note", "citations", "created_at", "updated_at"]


class AwardListSerializer(serializers.ModelSerializer):
    url = url_field("award")
    festival = FestivalBriefSerializer(read_only=True)
    presented_by = OrganisationBriefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = models.Award
        fields = ["id", "url", "slug", "name", "festival", "presented_by"]


class AwardDetailSerializer(AwardListSerializer):
    names = NameSerializer(many=True, read_only=True)
    nominations = NominationInAwardSerializer(many=True, read_only=True)
    citations = CitationSerializer(many=True, read_only=True)

    class Meta(AwardListSerializer.Meta):
        fields = [*AwardListSerializer.Meta.fields, "description", "names", "nominations", "citations",
                  "created_at", "updated_at"]


class NominationDetailSerializer(NominationListSerializer):
    citations = CitationSerializer(many=True, read_only=True)

    class Meta(NominationListSerializer.Meta):
        fields = [*NominationListSerializer.Meta.fields, "note", "citations", "created_at", "updated_at"]


# Subjects and sources ---------------------------------------------------------------------------


class SubjectListSerializer(serializers.ModelSerializer):
    url = url_field("subject")
    part_of = SubjectBriefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = models.Subject
        fields = ["id", "url", "slug", "name", "kind", "start_date", "start_precision", "end_date", "end_precision",
                  "part_of"]


class SubjectWorkSerializer(serializers.ModelSerializer):
    work = WorkBriefSerializer(read_only=True)

    class Meta:
        model = models.WorkSubject
        fields = ["work", "role", "note"]


class SubjectDetailSerializer(SubjectListSerializer):
    country = serializers.CharField(source="country_id", allow_null=True)
    person = PersonBriefSerializer(read_only=True, allow_null=True)
    organisation = OrganisationBriefSerializer(read_only=True, allow_null=True)
    names = serializers.SerializerMethodField(
        help_text="The subject's own name variants, and those of the person or organisation it is."
    )
    parts = SubjectBriefSerializer(many=True, read_only=True)
    works = SubjectWorkSerializer(many=True, read_only=True, source="work_links",
                                  help_text="The works about this subject.")
    citations = CitationSerializer(many=True, read_only=True,
                                   help_text="Claims that disagree are each kept with their source.")

    class Meta(SubjectListSerializer.Meta):
        fields = [*SubjectListSerializer.Meta.fields, "description", "country", "person", "organisation", "names",
                  "parts", "works", "citations", "created_at", "updated_at"]

    @extend_schema_field(NameSerializer(many=True))
    def get_names(self, subject):
        names = list(subject.names.all())
        for linked in (subject.person, subject.organisation):
            if linked is not None:
                names += list(linked.names.all())
        return NameSerializer(names, many=True).data


class SourceListSerializer(serializers.ModelSerializer):
    url = url_field("source")
    publisher = OrganisationBriefSerializer(read_only=True, allow_null=True)
    address = AddressField(source="url", help_text="Where the source is published; null when unknown.")

    class Meta:
        model = models.Source
        fields = ["id", "url", "slug", "title", "kind", "publisher", "author", "published_on", "published_precision",
                  "address"]


class CitedRecordSerializer(serializers.Serializer):
    type = serializers.CharField(help_text="The kind of record, as its model's name (work, credit, ...).")
    id = serializers.IntegerField()
    label = serializers.CharField()
    url = serializers.URLField(allow_null=True, help_text="The record's own resource, or the work it belongs to.")


class SourceCitationSerializer(serializers.ModelSerializer):
    record = serializers.SerializerMethodField()

    class Meta:
        model = models.Citation
        fields = ["record", "field", "claim", "quote", "locator"]

    @extend_schema_field(CitedRecordSerializer)
    def get_record(self, citation):
        record = citation.content_object
        return {
            "type": citation.content_type.model,
            "id": citation.object_id,
            "label": str(record) if record is not None else "",
            "url": resource_url(record, self.context.get("request")),
        }


# The resource a cited record is reached through: its own, or the work it belongs to.
RESOURCE_BASENAMES = {
    models.Work: "work", models.Season: "season", models.Person: "person", models.Organisation: "organisation",
    models.Festival: "festival", models.FestivalEdition: "festivaledition", models.Section: "section",
    models.Selection: "selection", models.Award: "award", models.Nomination: "nomination",
    models.Subject: "subject", models.Source: "source",
}


def resource_url(record, request):
    if record is None:
        return None
    if type(record) not in RESOURCE_BASENAMES and hasattr(record, "work"):
        record = record.work
    basename = RESOURCE_BASENAMES.get(type(record))
    if basename is None:
        return None
    if request is None:
        return reverse(f"{basename}-detail", args=[record.pk])
    return addresses(request)(f"{basename}-detail", record.pk)


class SourceDetailSerializer(SourceListSerializer):
    language = serializers.CharField(source="language_id", allow_null=True)
    cited_for = SourceCitationSerializer(many=True, read_only=True, source="citations",
                                         help_text="The records this source is cited for, field by field.")

    class Meta(SourceListSerializer.Meta):
        fields = [*SourceListSerializer.Meta.fields, "language", "seed_file", "accessed_on", "note", "cited_for",
                  "created_at", "updated_at"]


# History ----------------------------------------------------------------------------------------


class ChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    old = serializers.JSONField(allow_null=True)
    new = serializers.JSONField(allow_null=True)


class HistoryEntrySerializer(serializers.Serializer):
    """One saved version of a record: when, by whom, and which fields it changed."""

    id = serializers.IntegerField(help_text="The version's id.")
    date = serializers.DateTimeField()
    type = serializers.ChoiceField(choices=["created", "changed", "deleted"])
    user = serializers.CharField(allow_null=True, help_text="Who made the change; null for imports and fixtures.")
    changes = ChangeSerializer(many=True, help_text="Each field that differs from the version before.")


class MergeRequestSerializer(serializers.Serializer):
    keep = serializers.CharField(max_length=255, help_text="The id or slug of the record to keep.")


class MergedSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The duplicate's old id, which now redirects to the kept record.")
    slug = serializers.CharField(help_text="The duplicate's old slug, which redirects too.")
    label = serializers.CharField()


class MergeResultSerializer(serializers.Serializer):
    """What a merge did: the record merged away, what moved by kind, and the kept record's detail."""

    merged = MergedSerializer()
    moved = serializers.DictField(child=serializers.IntegerField(), help_text="How many of each kind moved.")
    kept = serializers.DictField(help_text="The kept record, as its detail shows it.")


# Search results ---------------------------------------------------------------------------------

MATCH_KIND_HELP = ("How the name matched: exact, prefix (the name begins with the query), words (every word "
                   "occurs in it), variant (a variant spelling or title), loose (a romanisation of it), fuzzy "
                   "(a word or two off by a letter or two).")


def search_result(brief, record_type, matches=True, name="SearchResult"):
    """A search (or lookup) result of one kind: the record's brief fields, its type, and what matched."""
    attributes = {
        "type": serializers.SerializerMethodField(),
        "get_type": lambda self, obj: record_type,
        "Meta": type("Meta", (brief.Meta,), {
            "fields": ["type", *brief.Meta.fields, *(["matched", "match_kind"] if matches else [])]
        }),
        "__module__": __name__,
    }
    if matches:
        attributes["matched"] = serializers.CharField(read_only=True, help_text="The name or title that matched.")
        attributes["match_kind"] = serializers.ChoiceField(
            choices=["exact", "prefix", "words", "variant", "loose", "fuzzy"], read_only=True, help_text=MATCH_KIND_HELP
        )
    result = type(f"{brief.Meta.model.__name__}{name}Serializer", (brief,), attributes)
    return extend_schema_field_type(result, record_type)


def extend_schema_field_type(serializer, record_type):
    from drf_spectacular.utils import extend_schema_field

    serializer.get_type = extend_schema_field({"type": "string", "enum": [record_type]})(serializer.get_type)
    return serializer


SEARCH_RESULTS = {
    "work": search_result(WorkBriefSerializer, "work"),
    "person": search_result(PersonBriefSerializer, "person"),
    "organisation": search_result(OrganisationBriefSerializer, "organisation"),
    "festival": search_result(FestivalBriefSerializer, "festival"),
    "award": search_result(AwardBriefSerializer, "award"),
    "subject": search_result(SubjectBriefSerializer, "subject"),
    "source": search_result(SourceBriefSerializer, "source"),
}

LOOKUP_RESULTS = {
    "work": search_result(WorkBriefSerializer, "work", matches=False, name="LookupResult"),
    "person": search_result(PersonBriefSerializer, "person", matches=False, name="LookupResult"),
    "organisation": search_result(OrganisationBriefSerializer, "organisation", matches=False, name="LookupResult"),
    "festival": search_result(FestivalBriefSerializer, "festival", matches=False, name="LookupResult"),
}


# The report of an import ------------------------------------------------------------------------


class ImportLineSerializer(serializers.Serializer):
    line = serializers.IntegerField(help_text="The line's number in the body, from 1.")
    reason = serializers.CharField()


class ImportWarningSerializer(serializers.Serializer):
    line = serializers.IntegerField()
    message = serializers.CharField()


class ImportReportSerializer(serializers.Serializer):
    dry_run = serializers.BooleanField()
    summary = serializers.CharField()
    counts = serializers.DictField(child=serializers.IntegerField(),
                                   help_text="Lines created, updated, unchanged and not taken; citations added.")
    not_taken = ImportLineSerializer(many=True, help_text="Each line not taken, with the reason.")
    warnings = ImportWarningSerializer(many=True)
