"""Read replicas: requests that only read (GET, HEAD, OPTIONS) read from a replica; every
write, and every read of a request that writes, goes to the primary. A browser that has just
written reads from the primary for a few seconds more, so that a curator sees their own change
at once even while the replicas catch up.

Configured by DATABASE_REPLICA_URLS (comma-separated); without it everything uses the primary."""
import random
from contextvars import ContextVar

from django.conf import settings

READ_ONLY_METHODS = {"GET", "HEAD", "OPTIONS"}
PIN_COOKIE = "catalogue_primary"
_read_only = ContextVar("catalogue_read_only_request", default=False)


def replicas():
    return settings.READ_REPLICAS


class ReadOnlyRequestMiddleware:
    """Marks the request as read-only (or not) for the router, and pins a browser that has just
    written to the primary for REPLICA_PIN_SECONDS."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        read_only = request.method in READ_ONLY_METHODS and PIN_COOKIE not in request.COOKIES
        token = _read_only.set(read_only)
        try:
            response = self.get_response(request)
        finally:
            _read_only.reset(token)
        if request.method not in READ_ONLY_METHODS and replicas():
            response.set_cookie(PIN_COOKIE, "1", max_age=settings.REPLICA_PIN_SECONDS, httponly=True,
                                samesite="Lax", secure=request.is_secure())
        return response


class ReadReplicaRouter:
    def db_for_read(self, model, **hints):
        available = replicas()
        if available and _read_only.get():
            return random.choice(available)
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replicas hold the primary's data

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
