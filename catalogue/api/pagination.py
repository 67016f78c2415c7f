"""Page-number pagination with a total count, and cursor pagination for clients that walk the
whole catalogue. One class serves both: `?pagination=cursor` (or a `cursor` from a previous
page) switches a list to cursor mode."""
from functools import partial

from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import BasePagination, CursorPagination, DjangoPaginator, PageNumberPagination


def list_rows(view):
    """The columns a view reads a page of its list as, values() rows (its `list_rows`), or () for
    records: its other pages (a record's history) are pages of other records."""
    return getattr(view, "list_rows", ()) if getattr(view, "action", None) == "list" else ()


class RowsPaginator(DjangoPaginator):
    """Django's paginator, reading its page as values() rows of `rows` when given. The count stays
    the records' own: the joins that the rows' columns of related records need are made for the
    rows of the page, not for every record counted."""

    def __init__(self, object_list, per_page, rows=(), **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.rows = rows

    def _get_page(self, object_list, number, paginator):
        return super()._get_page(object_list.values(*self.rows) if self.rows else object_list, number, paginator)


class CataloguePageNumberPagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if not raw:
            return self.page_size
        if not raw.isascii() or not raw.isdigit() or int(raw) < 1:
            raise ValidationError({self.page_size_query_param: ["A whole number from 1 to 100 is required."]})
        return min(int(raw), self.max_page_size)

    def page_number(self, request):
        """The page asked for (1 when none is), or 400."""
        raw = request.query_params.get(self.page_query_param) or "1"
        if not raw.isascii() or not raw.isdigit() or int(raw) < 1:
            raise ValidationError({self.page_query_param: ["A whole number from 1 is required."]})
        return int(raw)

    def paginate_queryset(self, queryset, request, view=None):
        self.page_number(request)
        self.django_paginator_class = partial(RowsPaginator, rows=list_rows(view))
        return super().paginate_queryset(queryset, request, view)  # past the last page: 404


class CatalogueCursorPagination(CursorPagination):
    """Keyset pagination by id: stable while records are added, and as cheap on the last page
    as on the first."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    ordering = "id"

    def get_ordering(self, request, queryset, view):
        return (self.ordering,)

    def get_page_size(self, request):
        return CataloguePageNumberPagination().get_page_size(request)

    def paginate_queryset(self, queryset, request, view=None):
        rows = list_rows(view)
        return super().paginate_queryset(queryset.values(*rows) if rows else queryset, request, view)

    def decode_cursor(self, request):
        if not request.query_params.get(self.cursor_query_param):
            return None
        message = "Invalid cursor: use the next or previous link."
        try:
            cursor = super().decode_cursor(request)
        except NotFound as error:
            raise ValidationError({self.cursor_query_param: [message]}) from error
        # The position is an id (the order is by id): a cursor made by hand with anything else in
        # it would reach the query as a number that is not one.
        position = cursor.position
        if position is not None and not (position.isascii() and position.isdigit() and int(position) < 2**63):
            raise ValidationError({self.cursor_query_param: [message]})
        return cursor


class CataloguePagination(BasePagination):
    """Delegates to page-number or cursor pagination, as the request asks."""

    def __init__(self):
        self.pages = CataloguePageNumberPagination()
        self.cursors = CatalogueCursorPagination()
        self.active = self.pages

    def wants_cursor(self, request):
        mode = request.query_params.get("pagination") or "page"
        if mode not in {"page", "cursor"}:
            raise ValidationError({"pagination": ["Choose page or cursor."]})
        return mode == "cursor" or bool(request.query_params.get("cursor"))

    def paginate_queryset(self, queryset, request, view=None):
        self.active = self.cursors if self.wants_cursor(request) else self.pages
        if self.active is self.cursors and request.query_params.get("ordering"):
            raise ValidationError({"ordering": ["Cursor pages are ordered by id; leave out ordering."]})
        if self.active is self.cursors and any(request.query_params.getlist("page")):
            raise ValidationError({"page": ["Cursor pages have no numbers; follow next and previous."]})
        return self.active.paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        return self.active.get_paginated_response(data)

    def get_paginated_response_schema(self, schema):
        page = self.pages.get_paginated_response_schema(schema)
        page["properties"]["count"].update(nullable=True, description=(
            "Total number of records (page-number mode only); null for a search by `q` alone whose records "
            "named exactly as the query run past the page: the matches are then not counted, and `next` "
            "links the following page."))
        page["required"] = ["results"]
        return page

    def get_schema_operation_parameters(self, view):
        parameters = self.pages.get_schema_operation_parameters(view)
        parameters[0]["schema"] = {"type": "integer", "minimum": 1}
        parameters[1]["schema"] = {"type": "integer", "minimum": 1}
        parameters[1]["description"] = "Records per page, 20 by default; more than 100 is taken as 100."
        parameters += [
            {
                "name": "pagination", "required": False, "in": "query",
                "description": "`page` (default: numbered pages with a total count) or `cursor` "
                               "(keyset pages by id, for walking the whole catalogue).",
                "schema": {"type": "string", "enum": ["page", "cursor"]},
            },
            {
                "name": "cursor", "required": False, "in": "query",
                "description": "The cursor of a cursor page, as given in `next` or `previous`.",
                "schema": {"type": "string"},
            },
        ]
        return parameters

    @property
    def display_page_controls(self):
        return getattr(self.active, "display_page_controls", False)

    def to_html(self):
        return self.active.to_html()

    def get_results(self, data):
        return data["results"]
