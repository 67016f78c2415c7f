"""Compiled list pages: the most common list requests (`/api/v1/works/?kind=documentary&year=2020
&page=3`, `/api/v1/nominations/?festival=cannes&outcome=won`) are answered by statements compiled
once per shape of request, instead of by django-filter, the paginator and the ORM on every request.

Building the filterset, its form and the query and compiling the count and the page cost the ORM
about a millisecond for each list page, several times what the database takes to answer them.
A shape is what decides the SQL and nothing else: which filters are given, the values of those
that change the SQL (the kinds a `kind` names, `has_archival_footage`), and `ordering`. The first
request of a shape builds the query exactly as the general path does, through the view's
filterset and OrderingFilter, with a stand-in for each number (`year`, `year_min`, the id of the
record a `festival` or a `director` names), and compiles its count and its page
(reading.Compiled); later requests of the shape run the two statements with their own numbers
and their page's LIMIT and OFFSET. The answer is the general path's, byte for byte, in as many
queries (tests/api/test_listing.py holds them equal).

Only requests the statements answer exactly as the general path would take this path; any other
goes the general way, which answers it or refuses it with its usual errors:

- only the filters a compiled statement can stand for (compiled_filters(): an integer filter on a
  column of the record, a filter of a few values named in the shape, a filter that names a
  record by id or slug), plus `page`, `page_size` and `ordering`, each given once (a `kind` may
  be repeated);
- every value plainly valid: an integer within its column's range (out of range, Django leaves
  the comparison out, and the SQL differs), a choice among those offered, a record that exists
  (looked up as the general path looks it up), a page number that exists;
- JSON asked for (CSV and the browsable API take the general path), page-number pagination.

Each process keeps the statements of the last SHAPES shapes it answered, of every list and database."""
import functools
import re
import threading
from collections import OrderedDict
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.core.paginator import InvalidPage, Page, Paginator
from django.db import connections
from django.db.models import Func, IntegerField
from django.db.models.fields import AutoFieldMixin
from django.http import QueryDict
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination

from .. import search
from . import filters, reading

SHAPES = 256
INTEGER = re.compile(r"-?[0-9]{1,6}")
PAGING = {"page", "page_size", "ordering", "pagination", "cursor"}
# On when the views use it: tests turn it off to compare the answers of the general path.
enabled = True


@dataclass(frozen=True)
class Integer:
    """An integer filter on an integer column of the record (`year`, `year_min`): its value is a
    parameter of the compiled SQL. `field` is the model field the value is compared with."""

    field: object


@dataclass(frozen=True)
class Record:
    """A filter that names a record by its id or slug (`festival`, `director`): the record is
    looked up as the general path looks it up (one query, by a statement of its own), and its id
    is a parameter of the compiled SQL. The filter must use the record for its id alone (in a
    lookup such as `edition__festival=record`), as every record filter of the catalogue does: the
    record that stands for it while the shape is built has nothing but an id."""

    model: type
    key: str


@dataclass(frozen=True)
class Choice:
    """A filter whose values are few (`kind`, `has_archival_footage`): the values given, each once,
    are part of the shape; the filter may be repeated when `many`."""

    values: frozenset
    many: bool = False


@functools.cache
def compiled_filters(filterset_class):
    """The filters of a filterset that a compiled statement can stand for: integer filters on an
    integer column of the record itself, filters of a few values (choices, true or false), and
    filters that name a record by id or slug."""
    model, found = filterset_class._meta.model, {}
    for name, filter_ in filterset_class.base_filters.items():
        if isinstance(filter_, filters.IntegerFilter) and filter_.method is None and "__" not in filter_.field_name:
            field = model._meta.get_field(filter_.field_name)
            if field.get_internal_type() in reading.INTEGER_FIELDS:
                found[name] = Integer(field)
        elif isinstance(filter_, filters.ChoicesFilter):
            found[name] = Choice(frozenset(str(value) for value, _ in filter_.extra["choices"]), many=True)
        elif isinstance(filter_, filters.BooleanFilter):
            found[name] = Choice(frozenset({"true", "false"}))
        elif (isinstance(filter_, filters.RecordFilter) and filter_.extra["key"] in {"slug", "pk"}
              and not filter_.extra["transform"] and isinstance(filter_.extra["model"]._meta.pk, AutoFieldMixin)):
            found[name] = Record(filter_.extra["model"], filter_.extra["key"])
    return found


class Shapes(OrderedDict):
    """The compiled statements of the last SHAPES shapes: {key: (count, page) or None}, None for a
    shape that cannot be compiled (it goes the general way). A lock keeps the order whole where
    a process serves requests in threads."""

    lock = threading.Lock()

    def get(self, key, default=None):
        with self.lock:
            found = super().get(key, default)
            if found is not default:
                self.move_to_end(key)
            return found

    def keep(self, key, value):
        with self.lock:
            self[key] = value
            while len(self) > SHAPES:
                self.popitem(last=False)
            return value


shapes = Shapes()


def column(kind):
    """The model field a numbered filter's number is compared with: the integer column, or the id
    of the record named."""
    return kind.model._meta.pk if isinstance(kind, Record) else kind.field


def stand_ins(kinds, alias, offset):
    """A number for each numbered filter ({name: kind}), within its column's range (Django leaves
    a comparison with a number out of range out of the SQL): counted down from the top of it."""
    ops = connections[alias].ops
    return {name: ops.integer_field_range(column(kind).get_internal_type())[1] - offset - 7 * index
            for index, (name, kind) in enumerate(kinds.items())}


def build(view, request, alias, choices, kinds, ordering, numbers):
    """The queryset of a shape, built as the general path builds it: the view's filterset, then
    OrderingFilter; None when either refuses it. A record filter is given a record whose id is
    its stand-in (filters.GIVEN), which it takes without looking it up."""
    data, given = QueryDict(mutable=True), {}
    for name, values in choices:
        data.setlist(name, list(values))
    for name, kind in kinds.items():
        data[name] = str(numbers[name])
        if isinstance(kind, Record):
            given[kind.model, kind.key, data[name]] = kind.model(pk=numbers[name])
    with filters.given_records(given):
        filterset = view.filterset_class(data, view.get_queryset().using(alias), request=request)
        if not filterset.is_valid():
            return None
        try:
            return view.order(filterset.qs, ordering)
        except ValidationError:
            return None


def compile_shape(view, request, alias, choices, numbered, ordering, mode):
    """The statements of a shape, or None: the count and the page of a numbered page; the page
    after (or before) a position of a cursor page. The shape is built twice, with two sets of
    stand-ins: a constant of the query that happened to equal a stand-in would be taken for it in
    one and not in the other, and a shape whose SQL is not the same both times (or that takes a
    number anywhere but as a parameter) goes the general way."""
    kinds = {name: compiled_filters(view.filterset_class)[name] for name in numbered}
    if mode in {AFTER, BEFORE}:
        kinds[POSITION] = Record(view.queryset.model, "pk")  # the id of the cursor's position
    compiled = []
    for offset in (0, 3):
        numbers = stand_ins(kinds, alias, offset)
        queryset = build(view, request, alias, choices, {k: v for k, v in kinds.items() if k != POSITION},
                         ordering, numbers)
        if queryset is None:
            return None
        try:
            if mode == PAGE_MODE:
                count = queryset.order_by().values(count=Func(template="COUNT(*)", output_field=IntegerField()))
                statements = (reading.Compiled(count, numbers, alias),
                              reading.Compiled(queryset.values(*view.compiled_columns), numbers, alias))
            else:
                statements = (reading.Compiled(cursor_window(view, request, queryset, mode, numbers), numbers, alias),)
            compiled.append(statements)
        except (ValueError, EmptyResultSet, FullResultSet):
            return None  # a stand-in that is not a parameter, or a filter that leaves out its condition
    first, second = compiled
    same = all(a.sql == b.sql and [(p, n) for p, n, _ in a.positions] == [(p, n) for p, n, _ in b.positions]
               for a, b in zip(first, second, strict=True))
    return first if same else None


# The kinds of page a shape reads: a numbered page, or a cursor page from the start, after a
# position or before one (a cursor's `previous` link).
PAGE_MODE, FIRST, AFTER, BEFORE = "page", "cursor", "cursor-after", "cursor-before"
POSITION = "cursor position"


def cursor_window(view, request, queryset, mode, numbers):
    """The rows CursorPagination reads for a cursor page (ordered by id, after or before a
    position), as the ORM writes them for it."""
    (order,) = view.paginator.cursors.get_ordering(request, queryset, view)  # by id alone
    queryset = queryset.order_by(f"-{order}" if mode == BEFORE else order)
    if mode != FIRST:
        queryset = queryset.filter(**{f"{order}__{'lt' if mode == BEFORE else 'gt'}": numbers[POSITION]})
    return queryset.values(*view.compiled_columns)


class Window:
    """What CursorPagination.paginate_queryset asks of the queryset it is given, answered by a
    compiled cursor page: order_by() (the shape's already), filter() on the position (its number)
    and the slice it reads, so that DRF's own code pages and links the rows as it pages and links
    the general path's."""

    def __init__(self, statement, numbers, alias):
        self.statement, self.numbers, self.alias = statement, numbers, alias

    def order_by(self, *ordering):
        return self

    def values(self, *names):
        return self

    def filter(self, **lookup):
        (value,) = lookup.values()
        self.numbers = {**self.numbers, POSITION: int(value)}
        return self

    def __getitem__(self, window):
        limits = connections[self.alias].ops.limit_offset_sql(window.start, window.stop)
        return self.statement(self.numbers, f" {limits}")


def cursor_mode(view, request):
    """FIRST, AFTER or BEFORE for a cursor page (checked as the general path checks it), PAGE_MODE
    for a numbered one, or None when the general path must answer (and refuse) it."""
    params = request.query_params
    try:
        if not view.paginator.wants_cursor(request):
            return PAGE_MODE
        if params.get("ordering") or any(params.getlist("page")):
            return None
        cursor = view.paginator.cursors.decode_cursor(request)
    except ValidationError:
        return None
    if cursor is None:
        return FIRST
    if cursor.position is None:
        return None  # a cursor with an offset alone: rare, left to DRF
    return BEFORE if cursor.reverse else AFTER


def ordering_of(view, raw):
    """The terms of `?ordering=` as OrderingFilter reads them, or None when one is not among the
    view's (the general path refuses it)."""
    terms = tuple(term.strip() for term in raw.split(",")) if raw else ()
    return terms if all(term.removeprefix("-") in view.ordering_fields for term in terms) else None


def shape_of(view, request):
    """The request's shape ((choices, numbered, ordering)), its values ({name: number, or the
    value that names a record}), page number and page size; or None when it must go the general
    way."""
    params, kinds = request.query_params, compiled_filters(view.filterset_class)
    mode = cursor_mode(view, request)
    if mode is None:
        return None
    choices, numbered, values = [], [], {}
    for name in params:
        given = params.getlist(name)
        if name in PAGING:
            if len(given) != 1:
                return None
            continue
        kind = kinds.get(name)
        if isinstance(kind, Choice):
            if (len(given) > 1 and not kind.many) or len(set(given)) != len(given) or not kind.values.issuperset(given):
                return None
            choices.append((name, tuple(sorted(given))))  # IN (a, b) finds what IN (b, a) finds
        elif isinstance(kind, Integer):
            if len(given) != 1 or not INTEGER.fullmatch(given[0]):
                return None
            numbered.append(name)
            values[name] = int(given[0])
        elif isinstance(kind, Record):
            # As RecordField takes it: stripped of spaces first, and only digits for an id.
            value = given[0]
            if len(given) != 1 or not value or value != value.strip():
                return None
            if kind.key == "pk" and not filters.is_id(value):
                return None
            numbered.append(name)
            values[name] = value
        else:
            return None
    ordering = ordering_of(view, params.get("ordering", ""))
    if ordering is None:
        return None
    bounds = page_of(view, request)
    if bounds is None:
        return None
    shape = (tuple(sorted(choices)), tuple(sorted(numbered)), ",".join(ordering), mode)
    return shape, values, *bounds


def page_of(view, request):
    """(page number, page size) as the paginator checks them, or None where it refuses them."""
    pages = view.paginator.pages
    try:
        return pages.page_number(request), pages.get_page_size(request)
    except ValidationError:
        return None


def answered(view, request, records, number, paginator):
    """Sets the view's paginator to answer the page `records` (number `number` of `paginator`'s)
    as the general path would."""
    pages = view.paginator.pages
    pages.page, pages.request = Page(records, number, paginator), request
    view.paginator.active = pages
    return records


def in_range(view, alias, values):
    """Whether each integer is within its column's range: out of it, Django leaves the comparison
    out of the SQL, and the statement would not be the general path's."""
    ops, kinds = connections[alias].ops, compiled_filters(view.filterset_class)
    for name, value in values.items():
        if isinstance(kinds[name], Integer):
            low, high = ops.integer_field_range(column(kinds[name]).get_internal_type())
            if (low is not None and value < low) or (high is not None and value > high):
                return False
    return True


def named_records(view, values):
    """The values with each record filter's value replaced by the id of the record it names,
    found as the general path finds it (filters.RecordField), or None when one names no record
    (the general path answers 400). What was looked up is kept for the request (filters.GIVEN),
    so that the general path does not look it up again."""
    kinds, numbers = compiled_filters(view.filterset_class), dict(values)
    looked_up = filters.GIVEN.get()
    for name, value in values.items():
        kind = kinds[name]
        if isinstance(kind, Record):
            record = filters.find_by(partial(reading.record_where, kind.model), value, kind.key)
            if looked_up is not None:
                looked_up[kind.model, kind.key, value] = record if record is not None else filters.MISSING
            if record is None:
                return None
            numbers[name] = record.pk
    return numbers


@contextmanager
def request_records():
    """Keeps the records that a list request's filters name, once looked up, and what its search
    found first (search.request_hits()), for its general path."""
    with filters.given_records({}), search.request_hits():
        yield


def page(view, request):
    """The page of records (values() rows of the view's compiled_columns) the request asks for,
    read by its shape's compiled statements, with the view's paginator set to answer it as the
    general path would; or None, when the request must go the general way."""
    if not enabled or not view.compiled_columns or getattr(request.accepted_renderer, "format", None) != "json":
        return None
    found = shape_of(view, request)
    if found is None:
        return None
    shape, values, number, size = found
    alias = view.get_queryset().db  # the router's choice: a replica for a read-only request
    if not in_range(view, alias, values):
        return None
    key = (type(view), alias, shape)
    statements = shapes.get(key, False)
    if statements is False:
        statements = shapes.keep(key, compile_shape(view, request, alias, *shape))
    numbers = named_records(view, values) if statements is not None else None
    if numbers is None:
        return None
    if shape[-1] != PAGE_MODE:
        # DRF's cursor pagination reads the rows, through the statement, and links them.
        cursors = view.paginator.cursors
        view.paginator.active = cursors
        return CursorPagination.paginate_queryset(cursors, Window(statements[0], numbers, alias), request, view)
    count, rows = statements
    paginator = Paginator((), size)
    paginator.count = count(numbers)[0]["count"]
    pages = view.paginator.pages
    try:
        number = paginator.validate_number(number)
    except InvalidPage as error:  # as the general path answers, without counting again
        raise NotFound(pages.invalid_page_message.format(page_number=request.query_params.get("page"),
                                                         message=str(error))) from error
    bottom = (number - 1) * size
    top = min(bottom + size, paginator.count)
    # LIMIT and OFFSET are written into the SQL, as the ORM writes them: given as parameters,
    # they would make SQLite without statistics plan some pages otherwise.
    limits = connections[alias].ops.limit_offset_sql(bottom, top)
    return answered(view, request, rows(numbers, f" {limits}") if top > bottom else [], number, paginator)


SEARCHING = {"q", "page", "page_size"}


def search_page(view, request):
    """The page of a search (`?q=` alone, with `page` and `page_size`) whose first places the
    records named exactly as asked fill (search.exact_page()), with the view's paginator set to
    answer it as the general path would (but for `count`, null when the short way did not count
    the matches); or None, when the request must go the general way."""
    params = request.query_params
    if (not enabled or "q" not in params or not SEARCHING.issuperset(params)
            or any(len(params.getlist(name)) != 1 for name in params)
            or getattr(request.accepted_renderer, "format", None) != "json"):
        return None
    filterset_class = view.filterset_class
    if (filterset_class is None or not issubclass(filterset_class, filters.SearchableFilterSet)
            or filterset_class.filter_q is not filters.SearchableFilterSet.filter_q
            or any(filter_.extra.get("required") for filter_ in filterset_class.base_filters.values())):
        return None
    text = params["q"].strip()  # as the filter's form field takes it
    if not text or "\x00" in text:
        return None  # no search, or refused by the form
    bounds = page_of(view, request)
    if bounds is None:
        return None
    number, size = bounds
    found = search.exact_page(view.get_queryset(), text, (number - 1) * size, number * size)
    if found is None:
        return None
    records, count = found
    if count is None:
        paginator = Uncounted(size, number)
    else:
        paginator = Paginator((), size)
        paginator.count = count
    return answered(view, request, records, number, paginator)


class Uncounted(Paginator):
    """The paginator of a page whose list is not counted (search.exact_page()): its count is
    None, and a page follows it."""

    def __init__(self, per_page, number):
        super().__init__((), per_page)
        self.count, self.num_pages = None, number + 1

    def validate_number(self, number):
        return int(number)
