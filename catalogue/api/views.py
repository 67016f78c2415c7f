"""Viewsets, one per resource. Each names the queryset its list and its detail serializers
need, so that the number of queries per request is fixed whatever the page holds. Anyone may
read; writing needs the model's permission (the Curators group has them), and every write
goes through catalogue.services."""
import hashlib

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import F, Prefetch
from django.urls import reverse
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, PolymorphicProxySerializer, extend_schema, extend_schema_view
from rest_framework import serializers as drf_serializers
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, NotFound, ParseError, ValidationError
from rest_framework.filters import BaseFilterBackend
from rest_framework.parsers import BaseParser
from rest_framework.permissions import BasePermission, DjangoModelPermissions, DjangoModelPermissionsOrAnonReadOnly
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.settings import api_settings

from .. import exchange, models, search, services
from ..caching import cached
from . import filters, listing, reading, serializers, writing
from .conditional import last_modified, version_of
from .pagination import CataloguePageNumberPagination
from .renderers import CSVRenderer, ORJSONRenderer
from .schema import READ_ERRORS, error

# Querysets for nesting --------------------------------------------------------------------------


def citations():
    return Prefetch("citations", queryset=models.Citation.objects.select_related("source__publisher"))


EDITION_BRIEF = ("edition__festival",)


# Ordering ---------------------------------------------------------------------------------------


def may_be_null(model, path):
    """Whether the value at `path` (`year`, `edition__year`) can be NULL: a nullable field, or one
    reached through a nullable relation."""
    for name in path.split("__"):
        field = model._meta.pk if name == "pk" else model._meta.get_field(name)
        if field.null:
            return True
        model = field.related_model or model
    return False


class OrderingFilter(BaseFilterBackend):
    """`ordering=name,-year`: comma-separated names from the view's whitelist, `-` for descending.
    The id breaks ties, so pages are stable. An unknown name answers 400."""

    param = "ordering"

    def filter_queryset(self, request, queryset, view):
        return self.order(queryset, request.query_params.get(self.param), view)

    def order(self, queryset, raw, view):
        if not raw:
            return queryset
        terms = []
        for term in (part.strip() for part in raw.split(",")):
            name = term.removeprefix("-")
            if name not in view.ordering_fields:
                raise ValidationError(
                    {self.param: [f"Cannot order by {name!r}; choose from {', '.join(view.ordering_fields)}."]}
                )
            path = view.ordering_fields[name]
            # Records without the value come last either way, on every database. A value that is
            # never NULL is sorted plainly: PostgreSQL reads an index backwards for `DESC` but not
            # for `DESC NULLS LAST`, and SQLite reads one for `ASC` but not for `ASC NULLS LAST`.
            nulls = {"nulls_last": True} if may_be_null(queryset.model, path) else {}
            terms.append(F(path).desc(**nulls) if term.startswith("-") else F(path).asc(**nulls))
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


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"
    default_detail = "The record is still referenced by others; change or delete them first."

    def __init__(self, errors):
        super().__init__()
        self.errors = errors


class Moved(APIException):
    """The record was merged into another: the answer points at the record kept. 301 for reads;
    308 for writes, so that a client that follows it repeats the same method."""

    status_code = status.HTTP_301_MOVED_PERMANENTLY
    default_code = "moved_permanently"

    def __init__(self, location, label, method):
        super().__init__(f"{label} was merged into the record at {location}.")
        self.location = location
        if method not in {"GET", "HEAD", "OPTIONS"}:
            self.status_code = status.HTTP_308_PERMANENT_REDIRECT


class MergePermission(DjangoModelPermissions):
    """Merging changes the kept record and deletes the duplicate: it needs both permissions."""

    perms_map = {**DjangoModelPermissions.perms_map,
                 "POST": ["%(app_label)s.change_%(model_name)s", "%(app_label)s.delete_%(model_name)s"]}


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "precondition_failed"
    default_detail = "The record has changed since you read it: read it again and resend your change."


UNTRACKED = {"created_at", "updated_at", "search_key"}
VERSION_TYPES = {"+": "created", "~": "changed", "-": "deleted"}


def plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def version_entry(version, previous):
    """A saved version as the history shows it: the fields that differ from the one before."""
    fields = [f for f in version.instance_type._meta.concrete_fields if f.name not in UNTRACKED]
    changes = [
        {"field": f.name, "old": plain(getattr(previous, f.attname)) if previous else None,
         "new": plain(getattr(version, f.attname))}
        for f in fields
        if previous is None or getattr(previous, f.attname) != getattr(version, f.attname)
    ]
    return {
        "id": version.history_id, "date": version.history_date, "type": VERSION_TYPES[version.history_type],
        "user": version.history_user.get_username() if version.history_user else None,
        "changes": [] if version.history_type == "-" else changes,
    }


def api_errors(serializer, error):
    """The model's validation errors under the names the client wrote: `address` rather than the
    model's `url`, `record_type` rather than `content_type`, non_field_errors for the record."""
    names = {field.source: name for name, field in serializer.fields.items() if field.source != name}
    names[NON_FIELD_ERRORS] = api_settings.NON_FIELD_ERRORS_KEY
    return {names.get(key, key): messages for key, messages in as_serializer_error(error).items()}


def updated_at(record):
    """When a record of a list page (a model instance, or a values() row) last changed."""
    return record["updated_at"] if isinstance(record, dict) else record.updated_at


def etag(record):
    """Changes whenever the record itself is saved (its parts have ETags of their own). The ETag
    header adds a digest of the body to it (catalogue/api/conditional.py); If-Match compares this."""
    version = f"{record._meta.label}:{record.pk}:{record.updated_at.isoformat()}"
    return '"' + hashlib.sha256(version.encode()).hexdigest()[:32] + '"'


class CSVLists:
    """Lists also answer CSV (`?format=csv` or `Accept: text/csv`), a page as JSON would hold it;
    details do not (406). Errors answer JSON whatever format was asked for."""

    def get_renderers(self):
        renderers = super().get_renderers()
        # A method the list's address does not take (TRACE) is answered 405, not 406.
        listing = self.action == "list" or (self.action is None and self.action_map.get("get") == "list")
        return [*renderers, CSVRenderer()] if listing else renderers

    def finalize_response(self, request, response, *args, **kwargs):
        if response.status_code >= 300 and isinstance(getattr(request, "accepted_renderer", None), CSVRenderer):
            request.accepted_renderer, request.accepted_media_type = ORJSONRenderer(), ORJSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)


class CatalogueViewSet(CSVLists, viewsets.ModelViewSet):
    """A list of brief records and a detail by id or, for records that have one, by slug.
    Writes answer with the record as its detail shows it; PUT, PATCH and DELETE honour
    If-Match against the detail's ETag."""

    filter_backends = [DjangoFilterBackend, OrderingFilter]
    permission_classes = [DjangoModelPermissionsOrAnonReadOnly]
    lookup_value_regex = "[^/]+"
    list_serializer_class = None
    detail_serializer_class = None
    write_serializer_class = None
    ordering_fields = {"id": "pk"}
    # For a detail by id: a function that reads the record by a compiled statement (reading.py),
    # or None when it is found through detail_queryset(), as by slug (and when none has the id).
    read_by_id = None
    # The columns of the values() rows a list page is read as (pagination.RowsPaginator), which
    # list_data() then writes; () for model instances.
    list_rows = ()
    # The columns of the values() rows a compiled list page is read as (listing.py), which
    # list_data() writes as it writes the general path's records; () for no compiled pages.
    compiled_columns = ()

    def get_serializer_class(self):
        if self.action in {"create", "update", "partial_update"}:
            return self.write_serializer_class
        return self.list_serializer_class if self.action == "list" else self.detail_serializer_class

    def get_queryset(self):
        if self.action == "history":
            return self.queryset.model.objects.all()
        return self.list_queryset() if self.action == "list" else self.detail_queryset()

    def list_queryset(self):
        return self.queryset

    def detail_queryset(self):
        return self.list_queryset()

    def order(self, queryset, raw):
        """`queryset` in the order `?ordering=<raw>` asks for (OrderingFilter)."""
        return OrderingFilter().order(queryset, raw, self)

    def list_data(self, page):
        """The records of a page as the list writes them."""
        return self.get_serializer(page, many=True).data

    def detail_data(self, record):
        """The record as its detail writes it: the answer to a read, to a write and to a merge."""
        return self.detail_serializer_class(record, context=self.get_serializer_context()).data

    def addresses(self):
        """Fills in records' detail addresses for this request's answer (serializers.Addresses)."""
        return serializers.addresses(self.request, self.format_kwarg)

    def get_object(self):
        value = self.kwargs[self.lookup_url_kwarg or self.lookup_field]
        if self.action == "retrieve" and self.read_by_id and filters.is_id(value) and int(value) <= filters.MAX_ID:
            record = self.read_by_id(int(value))
            if record is not None:
                self.check_object_permissions(self.request, record)
                return record
        key = "slug" if any(f.name == "slug" for f in self.queryset.model._meta.fields) else "pk"
        record = filters.find(self.get_queryset(), value, key) if filters.is_id(value) or key == "slug" else None
        if record is None:
            self.follow_merge(value, key)
            by = "id or slug" if key == "slug" else "id"
            raise NotFound(f"No {self.queryset.model._meta.verbose_name} has the {by} {value!r}.")
        self.check_object_permissions(self.request, record)
        return record

    def follow_merge(self, value, key):
        """Answer a redirect if the record named by `value` was merged into another."""
        model = self.queryset.model
        if model not in services.MERGEABLE:
            return
        merges = models.MergedRecord.objects.filter(content_type=ContentType.objects.get_for_model(model))
        merge = (merges.filter(old_id=int(value)).first() if filters.is_id(value) and int(value) <= filters.MAX_ID
                 else None)
        if merge is None and key == "slug":
            merge = merges.filter(old_slug=value).first() if "\x00" not in value else None
        if merge is None:
            return
        match = self.request.resolver_match
        kwargs = {**match.kwargs, self.lookup_url_kwarg or self.lookup_field: merge.kept_id}
        location = self.request.build_absolute_uri(reverse(match.view_name, kwargs=kwargs))
        if self.request.META.get("QUERY_STRING"):
            location += "?" + self.request.META["QUERY_STRING"]
        raise Moved(location, merge.old_label, self.request.method)

    # Reading

    @cached
    def list(self, request, *args, **kwargs):
        """A page of records; found by `q`, each also says which name matched and how."""
        with listing.request_records():
            page = listing.page(self, request)
            if page is None:
                page = listing.search_page(self, request)
            if page is None:
                page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        data = self.list_data(page)
        for item, record in zip(data, page, strict=True):
            if hasattr(record, "search_best"):
                rank, item["matched"] = search.best_match(record)
                item["match_kind"] = search.match_kind(rank)
        return last_modified(self.get_paginated_response(data), map(updated_at, page))

    @cached
    def retrieve(self, request, *args, **kwargs):
        record = self.get_object()
        response = Response(self.detail_data(record), headers={"ETag": etag(record)})
        return last_modified(response, [record.updated_at])

    @extend_schema(
        summary="The record's history",
        responses={"200": serializers.HistoryEntrySerializer(many=True), **READ_ERRORS},
        parameters=[OpenApiParameter("id", OpenApiTypes.STR, OpenApiParameter.PATH, description="The id or slug.")],
    )
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=CataloguePageNumberPagination)
    @cached
    def history(self, request, *args, **kwargs):
        """Every saved version of the record, newest first, with who saved it and what changed."""
        record = self.get_object()
        versions = record.history.select_related("history_user").order_by("-history_date", "-history_id")
        page = list(self.paginate_queryset(versions))
        # Each version is compared with the one before it; the page's oldest with its predecessor.
        previous = [*page[1:], page[-1].prev_record] if page else []
        entries = [version_entry(version, before) for version, before in zip(page, previous, strict=True)]
        response = self.get_paginated_response(serializers.HistoryEntrySerializer(entries, many=True).data)
        return last_modified(response, (version.history_date for version in page))

    # Writing

    def check_precondition(self, record):
        expected = self.request.headers.get("If-Match")
        if expected is None or expected.strip() == "*":
            return
        # The record's version heads each tag: a change to its parts alone refuses nothing.
        if version_of(etag(record)) not in {version_of(tag) for tag in expected.split(",")}:
            raise PreconditionFailed()

    def validated(self, record, data, partial=False):
        serializer = self.get_serializer(record if record.pk else None, data=data, partial=partial)
        serializer.is_valid(raise_exception=True)
        return serializer

    def write(self, record, serializer):
        fields = dict(serializer.validated_data)
        many = {name: fields.pop(name) for name in list(fields) if record._meta.get_field(name).many_to_many}
        try:
            record = services.record_save(record=record, fields=fields, many=many)
        except DjangoValidationError as error:
            raise ValidationError(api_errors(serializer, error)) from error
        fresh = self.detail_queryset().get(pk=record.pk)
        return fresh, self.detail_data(fresh)

    def create(self, request, *args, **kwargs):
        record = self.queryset.model()
        record, body = self.write(record, self.validated(record, request.data))
        headers = {"ETag": etag(record), "Location": body.get("url", "")}
        return Response(body, status=status.HTTP_201_CREATED, headers=headers)

    def update(self, request, *args, partial=False, **kwargs):
        # A body that is not JSON (400 or 415) or not valid (400) is refused before If-Match is
        # compared: a stale tag is only worth reporting on a change that could otherwise be made.
        data = request.data
        record = self.get_object()
        serializer = self.validated(record, data, partial=partial)
        self.check_precondition(record)
        record, body = self.write(record, serializer)
        return Response(body, headers={"ETag": etag(record)})

    def destroy(self, request, *args, **kwargs):
        record = self.get_object()
        self.check_precondition(record)
        try:
            services.record_delete(record=record)
        except services.StillReferenced as error:
            references = [f"{count} {kind}" for kind, count in error.references.items()]
            raise Conflict({"referenced_by": references}) from error
        return Response(status=status.HTTP_204_NO_CONTENT)


class MergeableViewSet(CatalogueViewSet):
    """People, organisations and works, which can be merged when two records turn out to be one."""

    @extend_schema(
        summary="Merge this record into another",
        request=serializers.MergeRequestSerializer,
        responses={
            "200": serializers.MergeResultSerializer,
            "400": error("`keep` names no record, the same record, or the merged record would break a rule."),
            "401": error("Credentials are missing or wrong (send Authorization: Token <key>)."),
            "403": error("The user may not change and delete these records."),
            "412": error("If-Match does not match this record's current ETag."),
            "415": error("The body is not JSON (send Content-Type: application/json)."),
            **{code: response for code, response in READ_ERRORS.items() if code != "400"},
        },
        parameters=[OpenApiParameter("id", OpenApiTypes.STR, OpenApiParameter.PATH,
                                     description="The id or slug of the duplicate, which is deleted.")],
    )
    @action(detail=True, methods=["post"], filter_backends=[], permission_classes=[MergePermission])
    def merge(self, request, *args, **kwargs):
        """Merge this record (the duplicate) into the one named by `keep`: its credits, name variants,
        nominations, citations and every other reference move to the kept record, its names become
        variants of it, fields the kept record leaves blank take its values, and it is deleted. Its
        id and slug then answer 301 with the kept record's address. One transaction: a merge that
        would break a rule changes nothing."""
        data = request.data  # a body that is not JSON or not valid answers 400 (or 415) before If-Match
        duplicate = self.get_object()
        body = serializers.MergeRequestSerializer(data=data)
        body.is_valid(raise_exception=True)
        self.check_precondition(duplicate)
        model = self.queryset.model
        keep = filters.find(model.objects.all(), str(body.validated_data["keep"]), "slug")
        if keep is None:
            raise ValidationError({"keep": [f"No {model._meta.verbose_name} has the id or slug "
                                            f"{body.validated_data['keep']!r}."]})
        merged = {"id": duplicate.pk, "slug": duplicate.slug, "label": str(duplicate)}
        try:
            moved = services.merge_records(duplicate=duplicate, keep=keep, user=request.user)
        except DjangoValidationError as failure:
            raise ValidationError(api_errors(body, failure)) from failure
        fresh = self.detail_queryset().get(pk=keep.pk)
        kept = self.detail_data(fresh)
        return Response({"merged": merged, "moved": moved, "kept": kept},
                        headers={"ETag": etag(fresh), "Location": kept["url"]})


def described(resource, filterset_class, slugged=True):
    """Schema descriptions shared by every resource."""
    lookup = [OpenApiParameter("id", OpenApiTypes.STR, OpenApiParameter.PATH,
                               description="The id or the slug." if slugged else "The id.")]
    return extend_schema_view(
        list=extend_schema(summary=f"List {resource}", description=filterset_class.__doc__ or ""),
        retrieve=extend_schema(summary=f"One of the {resource}", parameters=lookup),
        create=extend_schema(summary=f"Add to the {resource}"),
        update=extend_schema(summary=f"Replace one of the {resource}", parameters=lookup),
        partial_update=extend_schema(summary=f"Change one of the {resource}", parameters=lookup),
        destroy=extend_schema(summary=f"Delete one of the {resource}", parameters=lookup),
    )


@described("works", filters.WorkFilterSet)
class WorkViewSet(MergeableViewSet):
    queryset = models.Work.objects.all()
    filterset_class = filters.WorkFilterSet
    list_serializer_class = serializers.WorkListSerializer
    detail_serializer_class = serializers.WorkDetailSerializer
    write_serializer_class = writing.WorkWriteSerializer
    ordering_fields = {"title": "title", "year": "year", "runtime": "runtime_minutes",
                       "first_shown": "first_shown_on", "created": "created_at", "updated": "updated_at", "id": "pk"}

    # The list and the detail read what they nest themselves, from values() rows (reading.py):
    # the querysets name only the works. A list filtered by kind, year, director and the like is
    # read by statements compiled once per shape of request (listing.py).
    read_by_id = staticmethod(reading.work_by_id)
    compiled_columns = reading.WORK_LIST

    def list_data(self, page):
        return reading.work_list(self.addresses(), page)

    def detail_data(self, record):
        return reading.work_detail(self.addresses(), record)


@described("seasons", filters.SeasonFilterSet, slugged=False)
class SeasonViewSet(CatalogueViewSet):
    queryset = models.Season.objects.all()
    filterset_class = filters.SeasonFilterSet
    list_serializer_class = serializers.SeasonListSerializer
    detail_serializer_class = serializers.SeasonDetailSerializer
    write_serializer_class = writing.SeasonWriteSerializer
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
class PersonViewSet(MergeableViewSet):
    queryset = models.Person.objects.all()
    filterset_class = filters.PersonFilterSet
    list_serializer_class = serializers.PersonListSerializer
    detail_serializer_class = serializers.PersonDetailSerializer
    write_serializer_class = writing.PersonWriteSerializer
    ordering_fields = {"name": "name", "birth_year": "birth_year", "death_year": "death_year",
                       "created": "created_at", "updated": "updated_at", "id": "pk"}

    read_by_id = staticmethod(reading.person_by_id)

    def list_data(self, page):
        return reading.person_list(self.addresses(), page)

    def detail_queryset(self):
        return models.Person.objects.select_related("subject")  # the rest is read by reading.person_detail

    def detail_data(self, record):
        return reading.person_detail(self.addresses(), record)


@described("organisations", filters.OrganisationFilterSet)
class OrganisationViewSet(MergeableViewSet):
    queryset = models.Organisation.objects.all()
    filterset_class = filters.OrganisationFilterSet
    list_serializer_class = serializers.OrganisationListSerializer
    detail_serializer_class = serializers.OrganisationDetailSerializer
    write_serializer_class = writing.OrganisationWriteSerializer
    ordering_fields = {"name": "name", "kind": "kind", "founded_year": "founded_year", "id": "pk"}

    def list_queryset(self):
        return models.Organisation.objects.select_related("parent")

    def detail_queryset(self):
        return self.list_queryset().prefetch_related(
            "names", "children",
            Prefetch("credits", queryset=models.Credit.objects.select_related("work", "season")),
            Prefetch("nominations", queryset=models.Nomination.objects.select_related("award", "work",
                                                                                      *EDITION_BRIEF)
                     .prefetch_related("other_works")),
            Prefetch("published_sources", queryset=models.Source.objects.select_related("publisher")),
            "external_ids",
            citations(),
        )


@described("festivals and awarding bodies", filters.FestivalFilterSet)
class FestivalViewSet(CatalogueViewSet):
    queryset = models.Festival.objects.all()
    filterset_class = filters.FestivalFilterSet
    list_serializer_class = serializers.FestivalListSerializer
    detail_serializer_class = serializers.FestivalDetailSerializer
    write_serializer_class = writing.FestivalWriteSerializer
    ordering_fields = {"name": "name", "founded_year": "founded_year", "id": "pk"}

    def detail_queryset(self):
        return models.Festival.objects.select_related("organiser").prefetch_related(
            "names", "editions", "awards", "external_ids", citations()
        )


@described("festival editions", filters.FestivalEditionFilterSet)
class FestivalEditionViewSet(CatalogueViewSet):
    queryset = models.FestivalEdition.objects.all()
    filterset_class = filters.FestivalEditionFilterSet
    list_serializer_class = serializers.EditionListSerializer
    detail_serializer_class = serializers.EditionDetailSerializer
    write_serializer_class = writing.FestivalEditionWriteSerializer
    ordering_fields = {"year": "year", "number": "number", "start_date": "start_date", "festival": "festival__name",
                       "id": "pk"}

    def list_queryset(self):
        return models.FestivalEdition.objects.select_related("festival")

    def detail_queryset(self):
        return self.list_queryset().prefetch_related(
            "sections",
            Prefetch("selections", queryset=models.Selection.objects.select_related("work", "section")),
            Prefetch("nominations", queryset=models.Nomination.objects.select_related("award", "work")
                     .prefetch_related("other_works", "people", "organisations")),
            citations(),
        )


@described("sections of festival editions", filters.SectionFilterSet, slugged=False)
class SectionViewSet(CatalogueViewSet):
    queryset = models.Section.objects.all()
    filterset_class = filters.SectionFilterSet
    list_serializer_class = serializers.SectionListSerializer
    detail_serializer_class = serializers.SectionDetailSerializer
    write_serializer_class = writing.SectionWriteSerializer
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
    write_serializer_class = writing.SelectionWriteSerializer
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
    write_serializer_class = writing.AwardWriteSerializer
    ordering_fields = {"name": "name", "id": "pk"}

    def list_queryset(self):
        return models.Award.objects.select_related("festival", "presented_by")

    def detail_queryset(self):
        return self.list_queryset().prefetch_related(
            "names",
            Prefetch("nominations", queryset=models.Nomination.objects.select_related("work", *EDITION_BRIEF)
                     .prefetch_related("other_works", "people", "organisations")),
            citations(),
        )


@described("nominations", filters.NominationFilterSet, slugged=False)
class NominationViewSet(CatalogueViewSet):
    queryset = models.Nomination.objects.all()
    filterset_class = filters.NominationFilterSet
    list_serializer_class = serializers.NominationListSerializer
    detail_serializer_class = serializers.NominationDetailSerializer
    write_serializer_class = writing.NominationWriteSerializer
    ordering_fields = {"year": "edition__year", "outcome": "outcome", "award": "award__name", "id": "pk"}

    # A page of the list is read as values() rows (reading.NOMINATION; pagination.RowsPaginator):
    # no model instance of the nomination, its award, edition, festival and work; then the records
    # its nominations name, in one query (reading.nomination_list). The filters and the count work
    # on the nominations themselves.
    list_rows = (*reading.NOMINATION, "updated_at")
    # A list filtered by festival, outcome and the like is read by statements compiled once per
    # shape of request (listing.py), as the same rows.
    compiled_columns = list_rows

    def list_data(self, page):
        return reading.nomination_list(self.addresses(), page)

    def detail_queryset(self):
        return models.Nomination.objects.select_related("award", "work", *EDITION_BRIEF).prefetch_related(
            "other_works", "people", "organisations", citations())


@described("subjects", filters.SubjectFilterSet)
class SubjectViewSet(CatalogueViewSet):
    queryset = models.Subject.objects.all()
    filterset_class = filters.SubjectFilterSet
    list_serializer_class = serializers.SubjectListSerializer
    detail_serializer_class = serializers.SubjectDetailSerializer
    write_serializer_class = writing.SubjectWriteSerializer
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
    write_serializer_class = writing.SourceWriteSerializer
    ordering_fields = {"published": "published_on", "title": "title", "id": "pk"}

    def list_queryset(self):
        return models.Source.objects.select_related("publisher")

    def detail_queryset(self):
        cited = models.Citation.objects.select_related("content_type").prefetch_related(
            GenericPrefetch("content_object", [queryset.all() for queryset in CITED_RECORD_QUERYSETS])
        )
        return self.list_queryset().prefetch_related(Prefetch("citations", queryset=cited))


# Search across every kind of record ------------------------------------------------------------

SEARCHED = {
    "work": models.Work.objects.all(),
    "person": models.Person.objects.all(),
    "organisation": models.Organisation.objects.all(),
    "festival": models.Festival.objects.all(),
    "award": models.Award.objects.all(),
    "subject": models.Subject.objects.all(),
    "source": models.Source.objects.select_related("publisher"),
}


class QueryViewSet(viewsets.GenericViewSet):
    """An endpoint that answers a query rather than a list of one resource: its parameters are a
    FilterSet's, validated the same way (an unknown parameter or a bad value answers 400)."""

    filter_backends = [DjangoFilterBackend]
    permission_classes = [DjangoModelPermissionsOrAnonReadOnly]

    def parameters(self, request):
        filterset = self.filterset_class(request.query_params, queryset=self.queryset, request=request)
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        return filterset.form.cleaned_data


@extend_schema_view(list=extend_schema(
    summary="Search works, people, organisations, festivals, awards, subjects and sources at once",
    responses={"200": PolymorphicProxySerializer(
        component_name="SearchResult", serializers=list(serializers.SEARCH_RESULTS.values()),
        resource_type_field_name="type", many=True,
    ), **READ_ERRORS, "404": error("A page past the last.")},
))
class SearchViewSet(CSVLists, QueryViewSet):
    """Every record any of whose names or titles matches `q`, best first: exact names, then names
    that begin with the query, then names holding every word, then variants, then loose
    (romanised) and fuzzy matches. Each result is typed and says what matched and how."""

    queryset = models.SearchEntry.objects.none()
    filterset_class = filters.SearchFilterSet
    pagination_class = CataloguePageNumberPagination

    @cached
    def list(self, request, *args, **kwargs):
        wanted = self.parameters(request)
        records, found = search.search_all(wanted["q"], wanted.get("type") or list(search.RECORDS))
        page = self.paginate_queryset(records)
        pairs = [(row["record_type"], row["record_id"]) for row in page]
        names = search.best_names(found, pairs)
        loaded = {}
        for record_type in {record_type for record_type, _ in pairs}:
            ids = [record_id for kind, record_id in pairs if kind == record_type]
            loaded |= {(record_type, record.pk): record for record in SEARCHED[record_type].filter(pk__in=ids)}
        results = []
        context = self.get_serializer_context()
        for pair in pairs:
            record = loaded[pair]
            record.matched, rank = names[pair]
            record.match_kind = search.match_kind(rank)
            results.append(serializers.SEARCH_RESULTS[pair[0]](record, context=context).data)
        return last_modified(self.get_paginated_response(results), (record.updated_at for record in loaded.values()))


# Lookup by an identifier from another catalogue -------------------------------------------------


@extend_schema_view(list=extend_schema(
    summary="The record with an IMDb, Wikidata or TMDB identifier",
    responses={"200": PolymorphicProxySerializer(
        component_name="LookupResult", serializers=list(serializers.LOOKUP_RESULTS.values()),
        resource_type_field_name="type",
    ), **READ_ERRORS, "404": error("No record has this identifier.")},
))
class LookupViewSet(QueryViewSet):
    """The work, person, organisation or festival that holds an identifier from another catalogue
    (`?imdb=tt1832382`, `?wikidata=Q1137372`, `?tmdb=movie/60243`): give exactly one."""

    queryset = models.ExternalId.objects.none()
    filterset_class = filters.LookupFilterSet
    pagination_class = None

    @cached
    def list(self, request, *args, **kwargs):
        given = {scheme: value.strip() for scheme, value in self.parameters(request).items() if value}
        if len(given) != 1:
            raise ValidationError({"non_field_errors": ["Give exactly one identifier: imdb, wikidata or tmdb."]})
        ((scheme, value),) = given.items()
        held = models.ExternalId.objects.select_related("content_type").filter(scheme=scheme, value=value).first()
        if held is None:
            raise NotFound(f"No record has the {scheme} identifier {value!r}.")
        record_type = held.content_type.model
        record = SEARCHED[record_type].get(pk=held.object_id)
        response = Response(serializers.LOOKUP_RESULTS[record_type](record, context=self.get_serializer_context()).data)
        return last_modified(response, [record.updated_at])


# Sub-resources: the parts of records, each at its own address -----------------------------------


def part_filterset(model, fields, declared=None):
    meta = type("Meta", (), {"model": model, "fields": fields})
    return type(f"{model.__name__}FilterSet", (filters.CatalogueFilterSet,), {"Meta": meta, **(declared or {})})


def part_viewset(model, serializer, filter_fields, ordering=None, declared_filters=None):
    """A viewset whose list, detail and writes all use the part's one serializer."""
    attributes = {
        "queryset": model.objects.all(),
        "filterset_class": part_filterset(model, filter_fields, declared_filters),
        "list_serializer_class": serializer,
        "detail_serializer_class": serializer,
        "write_serializer_class": serializer,
        "ordering_fields": ordering or {"id": "pk"},
        "__doc__": model.__doc__,
    }
    return type(f"{model.__name__}ViewSet", (CatalogueViewSet,), attributes)


CreditViewSet = part_viewset(models.Credit, writing.CreditPartSerializer, ["work", "season", "person", "organisation",
                                                                           "role"], {"order": "order", "id": "pk"})
TitleVariantViewSet = part_viewset(models.TitleVariant, writing.TitleVariantPartSerializer, ["work", "kind"])
WorkSubjectViewSet = part_viewset(models.WorkSubject, writing.WorkSubjectPartSerializer, ["work", "subject", "role"])
ReleaseEventViewSet = part_viewset(models.ReleaseEvent, writing.ReleaseEventPartSerializer,
                                   ["work", "kind", "organisation", "edition"], {"date": "date", "id": "pk"})
PersonNameViewSet = part_viewset(models.PersonName, writing.PersonNamePartSerializer, ["person", "kind"])
OrganisationNameViewSet = part_viewset(models.OrganisationName, writing.OrganisationNamePartSerializer,
                                       ["organisation", "kind"])
FestivalNameViewSet = part_viewset(models.FestivalName, writing.FestivalNamePartSerializer, ["festival", "kind"])
AwardNameViewSet = part_viewset(models.AwardName, writing.AwardNamePartSerializer, ["award", "kind"])
SubjectNameViewSet = part_viewset(models.SubjectName, writing.SubjectNamePartSerializer, ["subject", "kind"])
ExternalIdViewSet = part_viewset(models.ExternalId, writing.ExternalIdPartSerializer, ["scheme", "value"],
                                 declared_filters={"object_id": filters.IntegerFilter(
                                     help_text="The id of the record identified (with its kind: see record_type).")})
CitationViewSet = part_viewset(models.Citation, writing.CitationPartSerializer, ["source"],
                               declared_filters={"object_id": filters.IntegerFilter(
                                   help_text="The id of the cited record (with its kind: see record_type).")})


# Import in the exchange format --------------------------------------------------------------------


class JSONLinesParser(BaseParser):
    """A body of JSON Lines (one JSON object a line), read as (line number, line) pairs: a line that
    is not JSON is reported by the import, not refused with the whole body."""

    media_type = "application/x-ndjson"

    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.IMPORT_MAX_BYTES
        body = stream.read(limit + 1) if stream is not None else b""
        if len(body) > limit:
            raise ParseError(f"The body is larger than {limit} bytes: split it, or use manage.py import_catalogue.")
        try:
            text = body.decode(parser_context.get("encoding") or "utf-8" if parser_context else "utf-8")
        except UnicodeDecodeError as error:
            raise ParseError(f"The body is not UTF-8: {error.reason} at byte {error.start}.") from None
        return list(exchange.read(text.splitlines()))


class ImportPermission(BasePermission):
    """An import may create and change any kind of record: it needs both permissions on each."""

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated):
            return False
        return user.has_perms([f"catalogue.{action}_{kind.model._meta.model_name}"
                               for kind in exchange.KINDS for action in ("add", "change")])


class ImportQuerySerializer(drf_serializers.Serializer):
    dry_run = drf_serializers.BooleanField(default=False, help_text="Report what the import would do; change nothing.")


@extend_schema_view(create=extend_schema(
    summary="Import records in the JSON Lines exchange format",
    parameters=[ImportQuerySerializer],
    request={"application/x-ndjson": OpenApiTypes.STR},
    responses={"200": serializers.ImportReportSerializer, "400": error("The body cannot be read, or a parameter "
                                                                        "is invalid."),
               "401": error("Authentication is required."), "403": error("Add and change permissions on every "
                                                                          "kind of record are required."),
               "415": error("The body is not application/x-ndjson."),
               "429": error("Too many requests: the Retry-After header says how many seconds to wait.")},
))
class ImportViewSet(viewsets.ViewSet):
    """Records in the exchange format of `manage.py export_catalogue` (its JSON Schema is
    catalogue/exchange.schema.json), one a line, with the importers' guarantees: each line is
    created, updated (never by removing anything), unchanged, or not taken with its reason; a bad
    line changes nothing and the good ones are kept. `dry_run=true` reports and changes nothing."""

    parser_classes = [JSONLinesParser]
    permission_classes = [ImportPermission]

    def create(self, request, *args, **kwargs):
        query = ImportQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        report = exchange.import_lines(request.data, dry_run=query.validated_data["dry_run"])
        return Response(serializers.ImportReportSerializer({
            "dry_run": query.validated_data["dry_run"], "summary": report.summary(), "counts": dict(report.counts),
            "not_taken": [{"line": number, "reason": reason} for number, reason, _ in report.refused],
            "warnings": [{"line": number, "message": message} for number, message in report.warnings],
        }).data)
