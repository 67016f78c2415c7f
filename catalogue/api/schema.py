"""OpenAPI schema additions: the error shape, documented on every operation."""
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers

from ..services import MERGEABLE
from .renderers import CSVRenderer

CSV = CSVRenderer.media_type
CSV_DESCRIPTION = (
    "The page as CSV (`?format=csv` or `Accept: text/csv`): UTF-8, a header row, then one row per record "
    "of the page JSON would answer, with the same filters, ordering and pagination (`page_size` up to 100). "
    "Columns are the fields of the list's records, nested records flattened (`festival.name`, "
    "`work.title`) and lists of records joined by `; `. The `Link` header gives the next and previous "
    "pages, `X-Total-Count` the total."
)


# Conditional reads (catalogue/api/conditional.py): the validators every successful GET answers,
# and the headers that send them back.
CONDITIONAL_READS = [
    OpenApiParameter(
        "If-None-Match", OpenApiTypes.STR, OpenApiParameter.HEADER,
        description="ETags of answers you hold (comma-separated, `W/` or not), or `*`: 304 with no body if one "
                    "is the current answer's. Takes precedence over If-Modified-Since.",
    ),
    OpenApiParameter(
        "If-Modified-Since", OpenApiTypes.STR, OpenApiParameter.HEADER,
        description="An HTTP date (`Wed, 21 Oct 2015 07:28:00 GMT`), usually a Last-Modified you were sent: 304 "
                    "with no body if nothing the answer shows changed since. Ignored with If-None-Match.",
    ),
    OpenApiParameter(
        "ETag", OpenApiTypes.STR, OpenApiParameter.HEADER, response=["200", "304"],
        description="Changes whenever the body does (another format is another ETag); send it back in "
                    "If-None-Match. A detail's begins with the record's own version, which If-Match compares.",
    ),
    OpenApiParameter(
        "Last-Modified", OpenApiTypes.STR, OpenApiParameter.HEADER, response=["200", "304"],
        description="An HTTP date: when the newest of the records shown (the record, or the page's records) was "
                    "last changed. Absent from an empty page. Coarser than the ETag: it does not see a record "
                    "leaving a list, nor a part of a record being deleted.",
    ),
    OpenApiParameter(
        "Cache-Control", OpenApiTypes.STR, OpenApiParameter.HEADER, response=["200", "304"],
        description="`no-cache`: a cache may keep the answer but asks (If-None-Match) before using it again.",
    ),
]


class ErrorSerializer(serializers.Serializer):
    """The one shape of every error the API answers."""

    status = serializers.IntegerField(help_text="The HTTP status, repeated.")
    code = serializers.CharField(help_text="A stable code: invalid, not_found, method_not_allowed, not_acceptable, ...")
    detail = serializers.CharField(help_text="What went wrong, for people.")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Each offending parameter or field and its messages; empty when the request as a whole failed.",
    )

    class Meta:
        ref_name = "Error"


def error(description):
    return OpenApiResponse(ErrorSerializer, description=description)


READ_ERRORS = {
    "400": error("A parameter has an invalid value, names an unknown record, or is unknown."),
    "404": error("No such record, or a page past the last."),
    "405": error("The method is not allowed here."),
    "406": error("None of the media types in Accept can be served."),
    "429": error("Too many requests: the Retry-After header says how many seconds to wait."),
}


NOT_MODIFIED = OpenApiResponse(description=(
    "Not modified: the answer would be the one named by If-None-Match (or, without it, has not changed since "
    "If-Modified-Since). No body; the ETag and Last-Modified are those of the answer the client holds."
))


class CatalogueAutoSchema(AutoSchema):
    """Writes answer with the record's detail; every operation documents the errors it can give,
    reads their validators and 304, and the writes that change a record take If-Match."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if self.method == "GET":
            responses["304"] = self._get_response_for_code(NOT_MODIFIED, "304", direction=direction)
        return responses

    def get_response_serializers(self):
        detail = getattr(self.view, "detail_serializer_class", None)
        if self.method in {"POST", "PUT", "PATCH"} and detail is not None:
            success = detail
        else:
            success = super().get_response_serializers()
        if isinstance(success, dict):
            responses = dict(success)
            success = responses.get("200")
        else:
            code = {"POST": "201", "DELETE": "204"}.get(self.method, "200")
            responses = {code: None if self.method == "DELETE" else success}
        responses |= {code: response for code, response in READ_ERRORS.items() if code != "400"}
        if self.method == "GET" and success is not None and self._is_list_view(success):
            responses["400"] = READ_ERRORS["400"]
        if self.method in {"POST", "PUT", "PATCH"}:
            responses["415"] = error("The body is not JSON (send Content-Type: application/json).")
        if self.method != "GET":
            responses["400"] = error("The record is not valid: `errors` names each field and rule.")
            responses["401"] = error("Credentials are missing or wrong (send Authorization: Token <key>).")
            responses["403"] = error("The user may not make this change.")
        if self.method in {"PUT", "PATCH", "DELETE"}:
            responses["412"] = error("If-Match does not match the record's current ETag.")
        if "{id}" in self.path and getattr(self.view, "queryset", None) is not None \
                and self.view.queryset.model in MERGEABLE:
            if self.method == "GET":
                responses["301"] = error("The record was merged into another: Location gives the kept record.")
            else:
                responses["308"] = error("The record was merged into another: resend to the address in Location.")
        if self.method == "DELETE":
            responses["409"] = error("Other records still refer to this one; `errors.referenced_by` says which.")
        return responses

    def get_auth(self):
        """Reading needs no credentials: say so with the empty requirement."""
        auth = super().get_auth()
        if self.method == "GET" and {} not in auth:
            auth.append({})
        return auth

    def answers_csv(self):
        return CSV in self.map_renderers("media_type")

    def _get_format_parameters(self):
        parameters = super()._get_format_parameters()
        for parameter in parameters:
            parameter["description"] = "`json` (the default) or `csv`: the page as CSV, one row per record."
        return parameters

    def _get_response_for_code(self, serializer, status_code, media_types=None, direction="response"):
        """A list's success is JSON or CSV; its errors are JSON whatever was asked for."""
        response = super()._get_response_for_code(serializer, status_code, media_types, direction)
        content = response.get("content", {})
        if CSV in content:
            if status_code.startswith("2"):
                content[CSV] = {"schema": {"type": "string", "description": CSV_DESCRIPTION}}
            else:
                del content[CSV]
        return response

    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        if self.method == "GET" and self.answers_csv():
            parameters += [
                OpenApiParameter("Link", OpenApiTypes.STR, OpenApiParameter.HEADER, response=["200"],
                                 description='CSV answers: the next and previous pages (`<...>; rel="next"`).'),
                OpenApiParameter("X-Total-Count", OpenApiTypes.INT, OpenApiParameter.HEADER, response=["200"],
                                 description="CSV answers in page-number mode: the total number of records."),
                OpenApiParameter("Content-Disposition", OpenApiTypes.STR, OpenApiParameter.HEADER,
                                 response=["200"],
                                 description='CSV answers: `attachment; filename="<resource>.csv"`.'),
            ]
        if self.method == "GET":
            parameters += CONDITIONAL_READS
        if self.method in {"POST", "PUT", "PATCH"} and getattr(self.view, "detail_serializer_class", None):
            parameters.append(OpenApiParameter(
                "ETag", OpenApiTypes.STR, OpenApiParameter.HEADER, response=["200", "201"],
                description="The record's version, which If-Match takes, and a digest of this answer: after a create "
                            "or a change, the ETag a GET of the record answers while nothing else changes.",
            ))
        if self.method in {"PUT", "PATCH", "DELETE"}:
            parameters.append(OpenApiParameter(
                "If-Match", OpenApiTypes.STR, OpenApiParameter.HEADER,
                description="The ETag of the detail you read; the change is refused (412) if the record itself "
                            "changed since (its parts have ETags of their own).",
            ))
        return parameters


def allow_empty_query_values(result, generator, request, public):
    """An empty query parameter (`?kind=&q=`, as HTML filter forms send) means no filter."""
    for path in result.get("paths", {}).values():
        for operation in path.values():
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "query":
                    parameter["allowEmptyValue"] = True
    return result


def document_search_matches(result, generator, request, public):
    """A list searched with `q` also says, for each record, which name matched and how."""
    schemas = result.get("components", {}).get("schemas", {})
    for path in result.get("paths", {}).values():
        operation = path.get("get", {})
        if not any(p.get("name") == "q" for p in operation.get("parameters", [])):
            continue
        page = operation["responses"]["200"]["content"]["application/json"]["schema"].get("$ref", "")
        items = schemas.get(page.rsplit("/", 1)[-1], {}).get("properties", {}).get("results", {}).get("items", {})
        record = schemas.get(items.get("$ref", "").rsplit("/", 1)[-1])
        if record is None or "oneOf" in record:
            continue
        record["properties"]["matched"] = {
            "type": "string", "description": "With `q` only: the name or title that matched.",
        }
        record["properties"]["match_kind"] = {
            "type": "string", "enum": ["exact", "prefix", "words", "variant", "loose", "fuzzy"],
            "description": "With `q` only: how the name matched (see /api/v1/search/).",
        }
    return result
