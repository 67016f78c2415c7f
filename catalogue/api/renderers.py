"""JSON written by orjson; CSV for lists (`?format=csv` or `Accept: text/csv`); and the
negotiation that refuses a format an address does not answer with 406 rather than DRF's bare 404.

A CSV answer holds the page a JSON answer would hold (same filters, ordering and pagination),
one row per record under a header row. Its columns are the list serializer's fields, nested
records flattened into dotted columns (`festival.name`, `edition.festival.slug`) and lists of
records joined into one cell (`Hamed Hadian; Mehdi Motahhar`). Since the body has no `next`,
the pages are linked in the `Link` header (RFC 8288) and the total is in `X-Total-Count`.

djangorestframework-csv was considered and not taken: its last release (3.0.2) is from 2023 and
names nothing past Python 3.11, and it sorts columns by name and spreads each list over numbered
columns (`people.0.name`, `people.1.name`) whose number changes from page to page."""
import csv
import io
import json
import re

import orjson
from rest_framework import serializers
from rest_framework.exceptions import NotAcceptable
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.utils.encoders import JSONEncoder

SEPARATOR = "; "
# The field of a nested record that names it, when records are joined into one cell.
LABELS = ("name", "title", "label")
# A cell a spreadsheet would take for a formula is written with a leading apostrophe (OWASP's
# advice against CSV injection): names and titles come from anyone with write access.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


# U+2028 and U+2029 in UTF-8, which DRF writes escaped.
SEPARATORS = re.compile(b"\xe2\x80[\xa8\xa9]")


def escape_separator(match):
    return b"\\u2028" if match[0] == b"\xe2\x80\xa8" else b"\\u2029"


class ORJSONRenderer(JSONRenderer):
    """DRF's JSONRenderer, with the body written by orjson: the same bytes, several times faster.

    orjson writes what it knows natively (str, int, bool, None, float, dicts and lists, DRF's
    ReturnDict and ReturnList among them) and hands everything else, dates and times included, to
    DRF's own encoder, so that lazy translation strings, Decimals, UUIDs, dates and datetimes come
    out as DRF writes them (`...Z` for UTC, Decimals as numbers); a type neither knows fails, as
    it does with DRF. Where orjson cannot write the data the way DRF would (a key that is not a
    string, as in a list field's errors; an integer past 64 bits) and where DRF's options ask for
    what orjson does not do (an `indent`, as the browsable API and `Accept: application/json;
    indent=4` ask; ASCII-only or spaced output), DRF's renderer writes it. Like DRF, U+2028 and
    U+2029 are escaped, so that the JSON is also valid JavaScript. (orjson writes NaN as null where
    DRF refuses it; the API has no float fields.)

    drf-orjson-renderer 1.8.0 was considered and not taken: its fallback returns None for a type
    it does not know, so a timedelta or any unexpected object is written as `null` instead of
    failing; it writes Decimals as strings and UTC datetimes as `+00:00`, unlike DRF; it refuses
    the integer keys of a list field's validation errors (a 400 would become a 500); and it
    indents the browsable API by 2 where DRF indents by 4."""

    options = orjson.OPT_PASSTHROUGH_DATETIME
    default = staticmethod(JSONEncoder().default)

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        if self.ensure_ascii or not self.compact or \
                self.get_indent(accepted_media_type, renderer_context or {}) is not None:
            return super().render(data, accepted_media_type, renderer_context)
        try:
            body = orjson.dumps(data, default=self.default, option=self.options)
        except orjson.JSONEncodeError:
            return super().render(data, accepted_media_type, renderer_context)
        # Looking for the separators' first byte is a memchr; most bodies have none and skip the rest.
        return SEPARATORS.sub(escape_separator, body) if b"\xe2" in body else body


def field_columns(serializer, prefix=""):
    """The dotted column names of a serializer's readable fields, nested records flattened."""
    for name, field in serializer.fields.items():
        if field.write_only:
            continue
        if isinstance(field, serializers.Serializer):
            yield from field_columns(field, f"{prefix}{name}.")
        else:
            yield f"{prefix}{name}"


def data_columns(record, prefix=""):
    """The dotted column names of one rendered record (for extra keys, such as `matched`, and for
    lists without a serializer, such as search results, whose records differ by type)."""
    for name, value in record.items():
        if isinstance(value, dict):
            yield from data_columns(value, f"{prefix}{name}.")
        else:
            yield f"{prefix}{name}"


def cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return SEPARATOR.join(cell(label(item)) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    text = str(value)
    return "'" + text if isinstance(value, str) and text.startswith(FORMULA_STARTS) else text


def label(item):
    if isinstance(item, dict):
        return next((item[key] for key in LABELS if item.get(key) is not None), item)
    return item


def lookup(record, column):
    value = record
    for part in column.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


class CSVRenderer(BaseRenderer):
    """A page of a list as CSV: UTF-8, a header row, one row per record, offered as a download
    named after the resource (`works.csv`)."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        context = renderer_context or {}
        records = data.get("results", []) if isinstance(data, dict) else list(data or [])
        columns = self.columns(context.get("view"), records)
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(columns)
        for record in records:
            writer.writerow([cell(lookup(record, column)) for column in columns])
        response = context.get("response")
        if response is not None:
            self.set_headers(response, context.get("request"), data)
        return out.getvalue().encode(self.charset)

    def columns(self, view, records):
        """The list serializer's columns, then any others the records carry, in order."""
        # Catalogue lists name their serializer; search results differ by type and have none.
        serializer = view.get_serializer() if getattr(view, "list_serializer_class", None) else None
        columns = dict.fromkeys(field_columns(serializer) if serializer is not None else [])
        for record in records:
            for column in data_columns(record):
                # A nested record that is null here has its columns already.
                if column not in columns and not any(known.startswith(column + ".") for known in columns):
                    columns[column] = None
        return list(columns)

    def set_headers(self, response, request, data):
        if request is not None:
            resource = request.path.rstrip("/").rsplit("/", 1)[-1].split(".", 1)[0] or "list"
            response["Content-Disposition"] = f'attachment; filename="{resource}.csv"'
        if not isinstance(data, dict):
            return
        links = [f'<{data[key]}>; rel="{rel}"' for key, rel in (("next", "next"), ("previous", "prev"))
                 if data.get(key)]
        if links:
            response["Link"] = ", ".join(links)
        if data.get("count") is not None:
            response["X-Total-Count"] = str(data["count"])


class CatalogueContentNegotiation(DefaultContentNegotiation):
    """`?format=` chooses the format whatever `Accept` says (a script that always sends
    `Accept: application/json` still gets `?format=csv`), and naming a format this address does
    not answer is refused with 406 and the formats it does answer (DRF answers a bare 404): CSV
    is offered by lists only. Without `format`, `Accept` is negotiated as usual."""

    def select_renderer(self, request, renderers, format_suffix=None):
        format = format_suffix or request.query_params.get(self.settings.URL_FORMAT_OVERRIDE)
        if format:
            renderer = self.filter_renderers(renderers, format)[0]
            return renderer, renderer.media_type
        return super().select_renderer(request, renderers, format_suffix)

    def filter_renderers(self, renderers, format):
        chosen = [renderer for renderer in renderers if renderer.format == format]
        if not chosen:
            offered = ", ".join(dict.fromkeys(renderer.format for renderer in renderers))
            lists_only = " CSV is offered by lists only." if format == CSVRenderer.format else ""
            raise NotAcceptable(f"This address does not answer the format {format!r}; it answers {offered}."
                                + lists_only)
        return chosen
