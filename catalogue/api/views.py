"""Read-only viewsets, one per resource. Each names the queryset its list and its detail
serializers need, so that the number of queries per request is fixed whatever the page holds."""
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.db.models import F, Prefetch
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.filters import BaseFilterBackend
from rest_framework.permissions import AllowAny

from .. import models
from . import filters, serializers

# Querysets for nesting --------------------------------------------------------------------------


def citations():
    return Prefetch("citations", queryset=models.Citation.objects.select_related("source__publisher"))


EDITION_BRIEF = ("edition__festival",)


# Ordering ---------------------------------------------------------------------------------------


class OrderingFilter(BaseFilterBackend):
    """`ordering=name,-year`: comma-separated names from the view's whitelist, `-` for descending.
    The id breaks ties, so pages are stable. An unknown name answers 400."""

    param = "ordering"

    def filter_queryset(self, request, queryset, view):
        raw = request.query_params.get(self.param)
        if not raw:
            return queryset
        terms = []
        for term in (part.strip() for part in raw.split(",")):
            name = term.removeprefix("-")
            if name not in view.ordering_fields:
                raise ValidationError(
                    {self.param: [f"Cannot order by {name!r}; choose from {', '.join(view.ordering_fields)}."]}
                )
            field = F(view.ordering_fields[name])
            # Records without the value come last either way, on every database.
            terms.append(field.desc(nulls_last=True) if term.startswith("-") else field.asc(nulls_last=True))
        return queryset.order_by(*terms, "pk")

    def get_schema_operation_parameters(self, view):
        choices = ", ".join(f"`{name}`" for name in view.ordering_fields)
        return [{
            "name": self.param, "required": False, "in": "query",
            "description": f"Comma-separated, `-` before a name for descending. One or more of: {choices}. "
                           "The default order is stable.",
            "schema": {"type": "string"},
        }]


# Viewsets ---------------------------------------------------------------------------------------


class CatalogueViewSet(viewsets.ReadOnlyModelViewSet):
    """A list of brief records and a detail by id or, for records that have one, by slug."""

    filter_backends = [DjangoFilterBackend, OrderingFilter]
    # The catalogue is read-only through the API for now, for everyone: a write answers 405.
    permission_classes = [AllowAny]
    lookup_value_regex = "[^/]+"
    list_serializer_class = None
    detail_serializer_class = None
    ordering_fields = {"id": "pk"}

    def get_serializer_class(self):
        return self.list_serializer_class if self.action == "list" else self.detail_serializer_class

    def get_queryset(self):
        return self.list_queryset() if self.action == "list" else self.detail_queryset()

    def list_queryset(self):
        return self.queryset

    def detail_queryset(self):
        return self.list_queryset()

    def get_object(self):
        value = self.kwargs[self.lookup_url_kwarg or self.lookup_field]
        key = "slug" if any(f.name == "slug" for f in self.queryset.model._meta.fields) else "pk"
        record = filters.find(self.get_queryset(), value, key) if filters.is_id(value) or key == "slug" else None
        if record is None:
            by = "id or slug" if key == "slug" else "id"
            raise NotFound(f"No {self.queryset.model._meta.verbose_name} has the {by} {value!r}.")
        return record


def described(resource, filterset_class, slugged=True):
    """Schema descriptions shared by every resource."""
    lookup = "The id or the slug." if slugged else "The id."
    return extend_schema_view(
        list=extend_schema(summary=f"List {resource}", description=filterset_class.__doc__ or ""),
        retrieve=extend_schema(
            summary=f"One of the {resource}",
            parameters=[OpenApiParameter("id", OpenApiTypes.STR, OpenApiParameter.PATH, description=lookup)],
        ),
    )


@described("works", filters.WorkFilterSet)
class WorkViewSet(CatalogueViewSet):
    queryset = models.Work.objects.all()
    filterset_class = filters.WorkFilterSet
    list_serializer_class = serializers.WorkListSerializer
    detail_serializer_class = serializers.WorkDetailSerializer
    ordering_fields = {"title": "title", "year": "year", "runtime": "runtime_minutes",
                       "first_shown": "first_shown_on", "created": "created_at", "updated": "updated_at", "id": "pk"}

    def list_queryset(self):
        return models.Work.objects.prefetch_related(citations())

    def detail_queryset(self):
        credit_citations = citations()
        return models.Work.objects.prefetch_related(
            "countries", "languages", "titles", "seasons",
            Prefetch("credits", queryset=models.Credit.objects.select_related(
                "person", "organisation", "season").prefetch_related(credit_citations)),
            Prefetch("subject_links", queryset=models.WorkSubject.objects.select_related("subject")
                     .prefetch_related(citations())),
            Prefetch("selections", queryset=models.Selection.objects.select_related(*EDITION_BRIEF, "section")
                     .prefetch_related(citations())),
            Prefetch("nominations", queryset=models.Nomination.objects.select_related("award", *EDITION_BRIEF)
                     .prefetch_related("people", "organisations", citations())),
            Prefetch("events", queryset=models.ReleaseEvent.objects.select_related("organisation", *EDITION_BRIEF)),
            citations(),
        )


@described("seasons", filters.SeasonFilterSet, slugged=False)
class SeasonViewSet(CatalogueViewSet):
    queryset = models.Season.objects.all()
    filterset_class = filters.SeasonFilterSet
    list_serializer_class = serializers.SeasonListSerializer
    detail_serializer_class = serializers.SeasonDetailSerializer
    ordering_fields = {"number": "number", "year": "year", "id": "pk"}

    def list_queryset(self):
        return models.Season.objects.select_related("work")

    def detail_queryset(self):
        return self.list_queryset().prefetch_related(
            Prefetch("credits", queryset=models.Credit.objects.select_related("person", "organisation", "season")
                     .prefetch_related(citations())),
            citations(),
        )


@described("people", filters.PersonFilterSet)
class PersonViewSet(CatalogueViewSet):
    queryset = models.Person.objects.all()
    filterset_class = filters.PersonFilterSet
    list_serializer_class = serializers.PersonListSerializer
    detail_serializer_class = serializers.PersonDetailSerializer
    ordering_fields = {"name": "name", "birth_year": "birth_year", "death_year": "death_year",
                       "created": "created_at", "updated": "updated_at", "id": "pk"}

    def detail_queryset(self):
        return models.Person.objects.select_related("subject").prefetch_related(
            "names",
            Prefetch("credits", queryset=models.Credit.objects.select_related("work", "season")
                     .order_by("role", "work__year", "work__title", "pk")),
            Prefetch("nominations", queryset=models.Nomination.objects.select_related("award", "work",
                                                                                      *EDITION_BRIEF)),
            citations(),
        )


@described("organisations", filters.OrganisationFilterSet)
class OrganisationViewSet(CatalogueViewSet):
    queryset = models.Organisation.objects.all()
    filterset_class = filters.OrganisationFilterSet
    list_serializer_class = serializers.OrganisationListSerializer
    detail_serializer_class = serializers.OrganisationDetailSerializer
    ordering_fields = {"name": "name", "kind": "kind", "founded_year": "founded_year", "id": "pk"}

    def list_queryset(self):
        return models.Organisation.objects.select_related("parent")

    def detail_queryset(self):
        return self.list_queryset().prefetch_related(
            "names", "children",
            Prefetch("credits", queryset=models.Credit.objects.select_related("work", "season")),
            Prefetch("nominations", queryset=models.Nomination.objects.select_related("award", "work",
                                                                                      *EDITION_BRIEF)),
            Prefetch("published_sources", queryset=models.Source.objects.select_related("publisher")),
            citations(),
        )


@described("festivals and awarding bodies", filters.FestivalFilterSet)
class FestivalViewSet(CatalogueViewSet):
    queryset = models.Festival.objects.all()
    filterset_class = filters.FestivalFilterSet
    list_serializer_class = serializers.FestivalListSerializer
    detail_serializer_class = serializers.FestivalDetailSerializer
    ordering_fields = {"name": "name", "founded_year": "founded_year", "id": "pk"}

    def detail_queryset(self):
        return models.Festival.objects.select_related("organiser").prefetch_related(
            "names", "editions", "awards", citations()
        )


@described("festival editions", filters.FestivalEditionFilterSet)
class FestivalEditionViewSet(CatalogueViewSet):
    queryset = models.FestivalEdition.objects.all()
    filterset_class = filters.FestivalEditionFilterSet
    list_serializer_class = serializers.EditionListSerializer
    detail_serializer_class = serializers.EditionDetailSerializer
    ordering_fields = {"year": "year", "number": "number", "start_date": "start_date", "festival": "festival__name",
                       "id": "pk"}

    def list_queryset(self):
        return models.FestivalEdition.objects.select_related("festival")

    def detail_queryset(self):
        return self.list_queryset().prefetch_related(
            "sections",
            Prefetch("selections", queryset=models.Selection.objects.select_related("work", "section")),
            Prefetch("nominations", queryset=models.Nomination.objects.select_related("award", "work")
                     .prefetch_related("people", "organisations")),
            citations(),
        )


@described("sections of festival editions", filters.SectionFilterSet, slugged=False)
class SectionViewSet(CatalogueViewSet):
    queryset = models.Section.objects.all()
    filterset_class = filters.SectionFilterSet
    list_serializer_class = serializers.SectionListSerializer
    detail_serializer_class = serializers.SectionDetailSerializer
    ordering_fields = {"name": "name", "order": "order", "year": "edition__year", "id": "pk"}

    def list_queryset(self):
        return models.Section.objects.select_related(*EDITION_BRIEF)

    def detail_queryset(self):
        return self.list_queryset().prefetch_related(
            Prefetch("selections", queryset=models.Selection.objects.select_related("work", "section")),
            citations(),
        )


@described("selections of works at festival editions", filters.SelectionFilterSet, slugged=False)
class SelectionViewSet(CatalogueViewSet):
    queryset = models.Selection.objects.all()
    filterset_class = filters.SelectionFilterSet
    list_serializer_class = serializers.SelectionListSerializer
    detail_serializer_class = serializers.SelectionDetailSerializer
    ordering_fields = {"year": "edition__year", "status": "status", "id": "pk"}

    def list_queryset(self):
        return models.Selection.objects.select_related("work", "section", *EDITION_BRIEF)

    def detail_queryset(self):
        return self.list_queryset().prefetch_related(citations())


@described("awards", filters.AwardFilterSet)
class AwardViewSet(CatalogueViewSet):
    queryset = models.Award.objects.all()
    filterset_class = filters.AwardFilterSet
    list_serializer_class = serializers.AwardListSerializer
    detail_serializer_class = serializers.AwardDetailSerializer
    ordering_fields = {"name": "name", "id": "pk"}

    def list_queryset(self):
        return models.Award.objects.select_related("festival", "presented_by")

    def detail_queryset(self):
        return self.list_queryset().prefetch_related(
            "names",
            Prefetch("nominations", queryset=models.Nomination.objects.select_related("work", *EDITION_BRIEF)
                     .prefetch_related("people", "organisations")),
            citations(),
        )


@described("nominations", filters.NominationFilterSet, slugged=False)
class NominationViewSet(CatalogueViewSet):
    queryset = models.Nomination.objects.all()
    filterset_class = filters.NominationFilterSet
    list_serializer_class = serializers.NominationListSerializer
    detail_serializer_class = serializers.NominationDetailSerializer
    ordering_fields = {"year": "edition__year", "outcome": "outcome", "award": "award__name", "id": "pk"}

    def list_queryset(self):
        return models.Nomination.objects.select_related("award", "work", *EDITION_BRIEF).prefetch_related(
            "people", "organisations"
        )

    def detail_queryset(self):
        return self.list_queryset().prefetch_related(citations())


@described("subjects", filters.SubjectFilterSet)
class SubjectViewSet(CatalogueViewSet):
    queryset = models.Subject.objects.all()
    filterset_class = filters.SubjectFilterSet
    list_serializer_class = serializers.SubjectListSerializer
    detail_serializer_class = serializers.SubjectDetailSerializer
    ordering_fields = {"name": "name", "start_date": "start_date", "end_date": "end_date", "id": "pk"}

    def list_queryset(self):
        return models.Subject.objects.select_related("part_of")

    def detail_queryset(self):
        return self.list_queryset().select_related("person", "organisation").prefetch_related(
            "names", "person__names", "organisation__names", "parts",
            Prefetch("work_links", queryset=models.WorkSubject.objects.select_related("work")),
            citations(),
        )


# What each citable model's label (__str__) and resource URL read, so that the source detail
# answers in a fixed number of queries.
CITED_RECORD_QUERYSETS = [
    models.Work.objects.all(),
    models.TitleVariant.objects.select_related("work"),
    models.Season.objects.select_related("work"),
    models.Credit.objects.select_related("work", "person", "organisation", "season__work"),
    models.ReleaseEvent.objects.select_related("work"),
    models.Person.objects.all(),
    models.Organisation.objects.all(),
    models.Festival.objects.all(),
    models.FestivalEdition.objects.select_related("festival"),
    models.Section.objects.select_related("edition__festival"),
    models.Selection.objects.select_related("work", "edition__festival"),
    models.Award.objects.select_related("festival"),
    models.Nomination.objects.select_related("award", "work", "edition__festival"),
    models.Subject.objects.all(),
    models.WorkSubject.objects.select_related("work", "subject"),
]


@described("sources", filters.SourceFilterSet)
class SourceViewSet(CatalogueViewSet):
    queryset = models.Source.objects.all()
    filterset_class = filters.SourceFilterSet
    list_serializer_class = serializers.SourceListSerializer
    detail_serializer_class = serializers.SourceDetailSerializer
    ordering_fields = {"published": "published_on", "title": "title", "id": "pk"}

    def list_queryset(self):
        return models.Source.objects.select_related("publisher")

    def detail_queryset(self):
        cited = models.Citation.objects.select_related("content_type").prefetch_related(
            GenericPrefetch("content_object", [queryset.all() for queryset in CITED_RECORD_QUERYSETS])
        )
        return self.list_queryset().prefetch_related(Prefetch("citations", queryset=cited))
