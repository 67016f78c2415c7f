"""One shape for every error the API answers:

    {"status": 400, "code": "invalid", "detail": "Invalid input.", "errors": {"year": ["Enter a whole number."]}}

`errors` maps each offending parameter or field to its messages; it is empty when the error
concerns the request as a whole (404, 405, 406, ...)."""
from django.http import JsonResponse
from rest_framework import exceptions, status
from rest_framework.views import exception_handler as drf_exception_handler


def error_body(status_code, code, detail, errors=None):
    return {"status": status_code, "code": code, "detail": detail, "errors": errors or {}}


def exception_handler(exc, context):
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        response.data = error_body(response.status_code, "invalid", "Invalid input.", errors)
    elif isinstance(exc, exceptions.APIException):
        code = exc.get_codes() if isinstance(exc.get_codes(), str) else "error"
        response.data = error_body(response.status_code, code, str(exc.detail), getattr(exc, "errors", None))
    else:  # Django's Http404 or PermissionDenied, which DRF answered with its own default
        fallback = {404: ("not_found", "Not found."), 403: ("permission_denied", "Permission denied.")}
        code, detail = fallback.get(response.status_code, ("error", "Error."))
        response.data = error_body(response.status_code, code, str(exc) or detail)
    if getattr(exc, "location", None):
        response["Location"] = exc.location
    return response


def api_not_found(request, exception=None):
    return JsonResponse(
        error_body(status.HTTP_404_NOT_FOUND, "not_found", f"Nothing is found at {request.path}."), status=404
    )


def api_server_error(request):
    return JsonResponse(
        error_body(status.HTTP_500_INTERNAL_SERVER_ERROR, "server_error", "The server failed; it has been logged."),
        status=500,
    )
