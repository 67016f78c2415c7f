"""OpenAPI schema additions: the error shape, documented on every operation."""
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers


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


class CatalogueAutoSchema(AutoSchema):
    """Adds the error responses every read operation can give."""

    def get_response_serializers(self):
        success = super().get_response_serializers()
        if isinstance(success, dict):
            return success
        responses = {
            "200": success,
            "404": error("No such record, or a page past the last."),
            "405": error("The method is not allowed here: the API is read-only."),
            "406": error("None of the media types in Accept can be served."),
            "429": error("Too many requests: the Retry-After header says how many seconds to wait."),
        }
        if self._is_list_view(success):
            responses["400"] = error("A parameter has an invalid value, names an unknown record, or is unknown.")
        return responses


def allow_empty_query_values(result, generator, request, public):
    """An empty query parameter (`?kind=&q=`, as HTML filter forms send) means no filter."""
    for path in result.get("paths", {}).values():
        for operation in path.values():
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "query":
                    parameter["allowEmptyValue"] = True
    return result
