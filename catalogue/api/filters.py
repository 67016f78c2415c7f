"""One FilterSet per resource. Every parameter is validated: an unknown value, an unknown record
or an unknown parameter answers 400 naming it, never an unfiltered list."""
import re
from contextlib import contextmanager
from contextvars import ContextVar
from functools import partial

import django_filters
from django import forms
from django.db.models import Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from .. import models, search
from ..choices import (
    CreditRole,
    EditionFormat,
    FestivalKind,
    NominationOutcome,
    OrganisationKind,
    SectionKind,
    SelectionStatus,
    SourceKind,
    SubjectKind,
    WorkKind,
)
from . import reading

DIRECTING = [CreditRole.DIRECTOR, CreditRole.CO_DIRECTOR]
PRODUCING = [CreditRole.PRODUCER, CreditRole.EXECUTIVE_PRODUCER]

# Parameters that pagination, ordering and rendering read; every list accepts them.
GLOBAL_PARAMETERS = {"page", "page_size", "pagination", "cursor", "ordering", "format"}


# Fields and filters -----------------------------------------------------------------------------

MAX_ID = 2**63 - 1
ASCII_DIGITS = re.compile(r"[0-9]+")


def is_id(value):
    """Whether a parameter names a record by id: ASCII digits only ("²" is a digit to str.isdigit)."""
    return ASCII_DIGITS.fullmatch(value) is not None


def find(queryset, value, key="slug"):
    """The record whose id (digits) or slug (or other key) is `value`, or None. An id is tried
    first, so an all-digit slug is reached only when no record has that id."""
    return find_by(lambda name, given: queryset.filter(**{name: given}).first(), value, key)


def find_by(first, value, key="slug"):
    """find() with `first(name, value)` giving the first record whose `name` is `value`, or None."""
    if "\x00" in value:  # PostgreSQL text cannot hold NUL, and no slug or code does
        return None
    if is_id(value) and key in {"slug", "pk"}:
        record = first("pk", int(value)) if int(value) <= MAX_ID else None
        if record is not None or key == "pk":
            return record
    return first(key, value)


# Records given to the record filters in place of looking them up, {(model, key, value): record, or
# MISSING for none}: those a list request's compiled path (listing.py) has looked up already, and
# while listing.py builds the query of a shape of request, a record whose id is a stand-in (which
# no record has), standing for whichever record a request of that shape will name.
GIVEN = ContextVar("catalogue_given_records", default=None)
MISSING = object()


@contextmanager
def given_records(records):
    token = GIVEN.set(records)
    try:
        yield records
    finally:
        GIVEN.reset(token)


class RecordField(forms.CharField):
    """A record named by its slug (or code) or by its id. An unknown one is an error."""

    def __init__(self, model=None, key="slug", transform=None, **kwargs):
        self.model, self.key, self.transform = model, key, transform
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        if self.transform:
            value = self.transform(value)
        if self.key == "pk" and not is_id(value):
            raise forms.ValidationError("Give the id, a whole number.", code="invalid")
        record = (GIVEN.get() or {}).get((self.model, self.key, value))
        if record is None:
            # The model's records by a statement compiled once (reading.record_where), as find()
            # would find them in self.model._default_manager.all().
            record = find_by(partial(reading.record_where, self.model), value, self.key)
        elif record is MISSING:
            record = None
        if record is None:
            # The value goes in as a parameter: a % in it must not be read as a format.
            raise forms.ValidationError(
                "No %(model)s has the %(by)s %(value)s.", code="unknown",
                params={"model": self.model._meta.verbose_name, "value": repr(value),
                        "by": {"slug": "slug or id", "pk": "id"}.get(self.key, self.key)},
            )
        return record


@extend_schema_field(OpenApiTypes.STR)
class RecordFilter(django_filters.Filter):
    """Filters by a record given as slug or id (or, for countries and languages, ISO code)."""

    field_class = RecordField

    def __init__(self, *args, model, key="slug", transform=None, **kwargs):
        super().__init__(*args, model=model, key=key, transform=transform, **kwargs)


class IdFilter(RecordFilter):
    def __init__(self, *args, model, **kwargs):
        super().__init__(*args, model=model, key="pk", **kwargs)


def country_filter(field_name, help_text):
    return RecordFilter(field_name=field_name, model=models.Country, key="code", transform=str.upper,
                        help_text=help_text)


class ChoicesFilter(django_filters.MultipleChoiceFilter):
    """One or several values of the record's own column (repeat the parameter). django-filter adds
    DISTINCT in case the lookup crosses a to-many relation; a column of the record itself has no
    duplicates to remove, and DISTINCT would have the database sort every matching row, whole,
    before it could take a page out of an index in order."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("distinct", False)
        super().__init__(*args, **kwargs)


@extend_schema_field(OpenApiTypes.INT)
class IntegerFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class StrictBooleanField(forms.TypedChoiceField):
    def __init__(self, **kwargs):
        kwargs.pop("empty_value", None)
        super().__init__(
            choices=[("true", "true"), ("false", "false")],
            coerce=lambda value: value == "true",
            empty_value=None,
            error_messages={"invalid_choice": "Give true or false, not %(value)s."},
            **kwargs,
        )

    def to_python(self, value):
        aliases = {"1": "true", "0": "false", "True": "true", "False": "false"}
        return super().to_python(aliases.get(value, value))


@extend_schema_field(OpenApiTypes.BOOL)
class BooleanFilter(django_filters.BooleanFilter):
    """`true` or `false` (or 1 / 0); anything else is refused rather than ignored."""

    field_class = StrictBooleanField


class CatalogueFilterSet(django_filters.FilterSet):
    """Refuses parameters it does not know, so that a misspelt filter never returns everything.

    Only the filters a request names (and those it must name) are built for it: django-filter
    deep-copies every filter and makes a form field of each on every request, which was half the
    time of a works list (21 filters) at a million works. A filter the request does not name
    filters nothing, so the answer is the same. The browsable API builds them all, for its form."""

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        if data is not None and getattr(getattr(request, "accepted_renderer", None), "format", None) != "api":
            self.base_filters = {name: filter_ for name, filter_ in self.base_filters.items()
                                 if name in data or filter_.extra.get("required")}
        super().__init__(data, queryset, request=request, prefix=prefix)

    def is_valid(self):
        valid = super().is_valid()
        known = type(self).base_filters
        unknown = sorted(set(self.data) - set(known) - GLOBAL_PARAMETERS)
        for parameter in unknown:
            self.form.errors[parameter] = self.form.error_class(
                [f"Unknown parameter. This list takes: {', '.join(sorted(known))}."]
            )
        return valid and not unknown


class SearchableFilterSet(CatalogueFilterSet):
    q = django_filters.CharFilter(
        method="filter_q",
        help_text="Words to find in names or titles and all their variants; case, accents and "
                  "punctuation do not matter.",
    )

    def filter_q(self, queryset, name, value):
        return search.matching(queryset, value)


class TextSearchableFilterSet(SearchableFilterSet):
    text = django_filters.CharFilter(
        method="filter_text",
        help_text="Words to find in the synopsis, biography or description (every word; case and accents do not "
                  "matter); the most relevant first unless `ordering` is given. Full-text search on PostgreSQL.",
    )

    def filter_text(self, queryset, name, value):
        return search.text_matching(queryset, value)


class SearchFilterSet(CatalogueFilterSet):
    """The parameters of the search across every kind of record."""

    q = django_filters.CharFilter(
        method="keep", required=True,
        help_text="Any spelling of a name or title: case, accents, punctuation, the usual romanisation differences, "
                  "Persian or Arabic script and a wrong letter or two do not matter.",
    )
    type = django_filters.MultipleChoiceFilter(
        method="keep", choices=[(kind, kind) for kind in search.RECORDS],
        help_text="Only these kinds of record (repeat for several); every kind by default.",
    )

    class Meta:
        model = models.SearchEntry
        fields = []

    def keep(self, queryset, name, value):
        return queryset  # the view searches with the cleaned values


class LookupFilterSet(CatalogueFilterSet):
    """One identifier from another catalogue."""

    imdb = django_filters.CharFilter(method="keep", help_text="An IMDb id: tt1832382, nm0000537, co0005073, ev0000147.")
    wikidata = django_filters.CharFilter(method="keep", help_text="A Wikidata item: Q1137372.")
    tmdb = django_filters.CharFilter(method="keep", help_text="A TMDB id with its kind: movie/60243, person/1223.")

    class Meta:
        model = models.ExternalId
        fields = []

    def keep(self, queryset, name, value):
        return queryset


# A filter through another table keeps the records whose id is among those the other table names:
# `id IN (SELECT ...)`, never EXISTS and never an OR of subqueries. PostgreSQL plans IN and EXISTS
# alike, as a semi-join that reads each side through its index; SQLite looks each id of an IN list
# up by primary key, but runs EXISTS (and PostgreSQL an OR of subqueries) once for every record of
# the list. tests/test_explain.py holds each filter to its index.


def among(model, column, **lookups):
    """The `column` of the `model` rows that match `lookups`: the right side of `pk__in`. Unordered,
    since a part of a UNION takes no ORDER BY on SQLite."""
    return model.objects.filter(**lookups).order_by().values(column)


def honoured(nominations, also=()):
    """The ids of the works `nominations` honour, first named or with others (and those of the
    `also` querysets of work ids), as one UNION rather than an OR. No NULL among them, so that
    `NOT IN` means what it says."""
    first = nominations.filter(work__isnull=False).order_by().values("work")
    shared = among(models.Nomination.other_works.through, "work", nomination__in=nominations.values("pk"))
    return first.union(shared, *also)


# Resources --------------------------------------------------------------------------------------


class WorkFilterSet(TextSearchableFilterSet):
    kind = ChoicesFilter(choices=WorkKind.choices, help_text="Repeat for several kinds.")
    year = IntegerFilter()
    year_min = IntegerFilter(field_name="year", lookup_expr="gte")
    year_max = IntegerFilter(field_name="year", lookup_expr="lte")
    country = country_filter("countries", "ISO 3166-1 alpha-2 code of a production country.")
    language = RecordFilter(field_name="languages", model=models.Language, key="code", transform=str.lower,
                            help_text="ISO 639 code of an original language.")
    director = RecordFilter(model=models.Person, method="filter_director", help_text="Person slug or id.")
    producer = RecordFilter(model=models.Person, method="filter_producer", help_text="Person slug or id.")
    person = RecordFilter(model=models.Person, method="filter_person", help_text="Person slug or id, any role.")
    organisation = RecordFilter(model=models.Organisation, method="filter_organisation",
                                help_text="Organisation slug or id, any role (production company, ...).")
    festival = RecordFilter(model=models.Festival, method="filter_nomination_scope",
                            help_text="Festival slug or id: selected or nominated at any of its editions.")
    edition = RecordFilter(model=models.FestivalEdition, method="filter_nomination_scope",
                           help_text="Edition slug or id: selected or nominated there.")
    award = RecordFilter(model=models.Award, method="filter_nomination_scope",
                         help_text="Award slug or id: nominated for it.")
    won = BooleanFilter(method="filter_nomination_scope",
                        help_text="Won (true) or did not win (false), within festival, edition and award if given.")
    nominated = BooleanFilter(method="filter_nomination_scope",
                              help_text="Nominated (true) or not (false), within festival, edition and award if given.")
    subject = RecordFilter(model=models.Subject, method="filter_subject", help_text="Subject slug or id.")
    runtime_min = IntegerFilter(field_name="runtime_minutes", lookup_expr="gte")
    runtime_max = IntegerFilter(field_name="runtime_minutes", lookup_expr="lte")
    has_archival_footage = BooleanFilter(method="filter_archival")

    class Meta:
        model = models.Work
        fields = []

    def credited(self, queryset, person=None, organisation=None, roles=None):
        lookups = {}
        if person:
            lookups["person"] = person
        if organisation:
            lookups["organisation"] = organisation
        if roles:
            lookups["role__in"] = roles
        return queryset.filter(pk__in=among(models.Credit, "work", **lookups))

    def filter_director(self, queryset, name, value):
        return self.credited(queryset, person=value, roles=DIRECTING)

    def filter_producer(self, queryset, name, value):
        return self.credited(queryset, person=value, roles=PRODUCING)

    def filter_person(self, queryset, name, value):
        return self.credited(queryset, person=value)

    def filter_organisation(self, queryset, name, value):
        return self.credited(queryset, organisation=value)

    def filter_subject(self, queryset, name, value):
        return queryset.filter(pk__in=among(models.WorkSubject, "work", subject=value))

    def filter_archival(self, queryset, name, value):
        if value:
            return queryset.filter(archival_footage_percent__gt=0)
        return queryset.filter(Q(archival_footage_percent__isnull=True) | Q(archival_footage_percent=0))

    def filter_nomination_scope(self, queryset, name, value):
        return queryset  # festival, edition, award, won and nominated combine in filter_queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        editions = {}
        if data.get("festival"):
            editions["edition__festival"] = data["festival"]
        if data.get("edition"):
            editions["edition"] = data["edition"]
        nominations = models.Nomination.objects.filter(**editions)
        if data.get("award"):
            nominations = nominations.filter(award=data["award"])
            queryset = queryset.filter(pk__in=honoured(nominations))
        elif editions:
            selected = among(models.Selection, "work", **editions)
            queryset = queryset.filter(pk__in=honoured(nominations, also=[selected]))
        if data.get("nominated") is not None:
            nominated = Q(pk__in=honoured(nominations))
            queryset = queryset.filter(nominated if data["nominated"] else ~nominated)
        if data.get("won") is not None:
            won = Q(pk__in=honoured(nominations.filter(outcome=NominationOutcome.WON)))
            queryset = queryset.filter(won if data["won"] else ~won)
        return queryset


class SeasonFilterSet(SearchableFilterSet):
    work = RecordFilter(model=models.Work, help_text="Series slug or id.")
    year = IntegerFilter()

    class Meta:
        model = models.Season
        fields = []


class PersonFilterSet(TextSearchableFilterSet):
    """A person takes part in a selection or a nomination when named in it or credited, in any
    role, on its work; `festival`, `award` and `won` combine on that rule."""

    role = django_filters.MultipleChoiceFilter(choices=CreditRole.choices, method="filter_role",
                                               help_text="Credited at least once in one of these roles (repeat "
                                                         "for several).")
    work = RecordFilter(model=models.Work, method="filter_work", help_text="Credited on this work (slug or id).")
    festival = RecordFilter(model=models.Festival, method="filter_nomination_scope",
                            help_text="Named in a nomination there, or credited on a work selected or nominated "
                                      "there (slug or id).")
    award = RecordFilter(model=models.Award, method="filter_nomination_scope",
                         help_text="Named in a nomination for it, or credited on a nominated work (slug or id).")
    won = BooleanFilter(method="filter_nomination_scope",
                        help_text="Took part in a winning nomination (true) or in none (false), within festival "
                                  "and award if given.")
    country = country_filter("country", "ISO 3166-1 alpha-2 code.")

    class Meta:
        model = models.Person
        fields = []

    def filter_role(self, queryset, name, value):
        return queryset.filter(pk__in=among(models.Credit, "person", role__in=value, person__isnull=False))

    def filter_work(self, queryset, name, value):
        return queryset.filter(pk__in=among(models.Credit, "person", work=value, person__isnull=False))

    def filter_nomination_scope(self, queryset, name, value):
        return queryset  # combined in filter_queryset

    @staticmethod
    def took_part(nominations, selections=None):
        """The people named in `nominations` or credited on a work they honour (or that
        `selections` selected), as one UNION: see honoured()."""
        works = honoured(nominations, also=[] if selections is None else [selections.order_by().values("work")])
        named = among(models.Nomination.people.through, "person", nomination__in=nominations.values("pk"))
        credited = among(models.Credit, "person", work__in=works, person__isnull=False)
        return Q(pk__in=named.union(credited))

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        festival, award, won = (self.form.cleaned_data.get(key) for key in ("festival", "award", "won"))
        nominations = models.Nomination.objects.all()
        if festival:
            nominations = nominations.filter(edition__festival=festival)
        if award:
            nominations = nominations.filter(award=award)
        if festival or award:
            selections = models.Selection.objects.filter(edition__festival=festival) if not award else None
            queryset = queryset.filter(self.took_part(nominations, selections))
        if won is not None:
            winning = self.took_part(nominations.filter(outcome=NominationOutcome.WON))
            queryset = queryset.filter(winning if won else ~winning)
        return queryset


class OrganisationFilterSet(TextSearchableFilterSet):
    kind = ChoicesFilter(choices=OrganisationKind.choices)
    parent = RecordFilter(model=models.Organisation, help_text="Parent organisation slug or id.")
    country = country_filter("country", "ISO 3166-1 alpha-2 code.")

    class Meta:
        model = models.Organisation
        fields = []


class FestivalFilterSet(TextSearchableFilterSet):
    kind = ChoicesFilter(choices=FestivalKind.choices)
    country = country_filter("country", "ISO 3166-1 alpha-2 code.")

    class Meta:
        model = models.Festival
        fields = []


class FestivalEditionFilterSet(SearchableFilterSet):
    festival = RecordFilter(model=models.Festival, help_text="Festival slug or id.")
    year = IntegerFilter()
    year_min = IntegerFilter(field_name="year", lookup_expr="gte")
    year_max = IntegerFilter(field_name="year", lookup_expr="lte")
    edition_format = ChoicesFilter(
        field_name="format", choices=EditionFormat.choices,
        help_text="In person, online or hybrid (repeat for several). Named so because `format` chooses the "
                  "answer's format (json, csv).",
    )

    class Meta:
        model = models.FestivalEdition
        fields = []


class SectionFilterSet(CatalogueFilterSet):
    festival = RecordFilter(field_name="edition__festival", model=models.Festival, help_text="Festival slug or id.")
    edition = RecordFilter(model=models.FestivalEdition, help_text="Edition slug or id.")
    kind = ChoicesFilter(choices=SectionKind.choices)

    class Meta:
        model = models.Section
        fields = []


class SelectionFilterSet(CatalogueFilterSet):
    festival = RecordFilter(field_name="edition__festival", model=models.Festival, help_text="Festival slug or id.")
    edition = RecordFilter(model=models.FestivalEdition, help_text="Edition slug or id.")
    section = IdFilter(model=models.Section, help_text="Section id.")
    work = RecordFilter(model=models.Work, help_text="Work slug or id.")
    status = ChoicesFilter(choices=SelectionStatus.choices)
    year_min = IntegerFilter(field_name="edition__year", lookup_expr="gte")
    year_max = IntegerFilter(field_name="edition__year", lookup_expr="lte")

    class Meta:
        model = models.Selection
        fields = []


class AwardFilterSet(TextSearchableFilterSet):
    festival = RecordFilter(model=models.Festival, help_text="Festival or awarding body, slug or id.")

    class Meta:
        model = models.Award
        fields = []


class NominationFilterSet(CatalogueFilterSet):
    festival = RecordFilter(field_name="edition__festival", model=models.Festival, help_text="Festival slug or id.")
    edition = RecordFilter(model=models.FestivalEdition, help_text="Edition slug or id.")
    award = RecordFilter(model=models.Award, help_text="Award slug or id.")
    year_min = IntegerFilter(field_name="edition__year", lookup_expr="gte")
    year_max = IntegerFilter(field_name="edition__year", lookup_expr="lte")
    outcome = ChoicesFilter(choices=NominationOutcome.choices)
    work = RecordFilter(model=models.Work, method="filter_work",
                        help_text="Work slug or id: nominations that honour it, first named or with others.")
    person = RecordFilter(model=models.Person, method="filter_person", help_text="Nominee: person slug or id.")
    organisation = RecordFilter(model=models.Organisation, method="filter_organisation",
                                help_text="Nominee: organisation slug or id.")

    class Meta:
        model = models.Nomination
        fields = []

    def filter_work(self, queryset, name, value):
        shared = among(models.Nomination.other_works.through, "nomination", work=value)
        return queryset.filter(pk__in=among(models.Nomination, "pk", work=value).union(shared))

    def filter_person(self, queryset, name, value):
        through = models.Nomination.people.through
        return queryset.filter(pk__in=among(through, "nomination", person=value))

    def filter_organisation(self, queryset, name, value):
        through = models.Nomination.organisations.through
        return queryset.filter(pk__in=among(through, "nomination", organisation=value))


class SubjectFilterSet(TextSearchableFilterSet):
    kind = ChoicesFilter(choices=SubjectKind.choices)
    part_of = RecordFilter(model=models.Subject, help_text="The larger subject, slug or id.")
    work = RecordFilter(model=models.Work, method="filter_work", help_text="Subjects of this work (slug or id).")

    class Meta:
        model = models.Subject
        fields = []

    def filter_work(self, queryset, name, value):
        return queryset.filter(pk__in=among(models.WorkSubject, "subject", work=value))


class SourceFilterSet(SearchableFilterSet):
    publisher = RecordFilter(model=models.Organisation, help_text="Publisher organisation, slug or id.")
    published_min = django_filters.DateFilter(field_name="published_on", lookup_expr="gte",
                                              help_text="YYYY-MM-DD")
    published_max = django_filters.DateFilter(field_name="published_on", lookup_expr="lte",
                                              help_text="YYYY-MM-DD")
    kind = ChoicesFilter(choices=SourceKind.choices)

    class Meta:
        model = models.Source
        fields = []
