"""The optional response cache: with REDIS_URL set, the API's GET answers (lists, details,
history, search) are kept in Redis for API_CACHE_SECONDS and shared by every app server. Any
write to the catalogue, from the API, the admin, an import or a merge, moves the catalogue's
version on, and answers cached under an older version are never read again.

Answers are cached after authentication, permissions and throttling, so rate limits still hold;
the cached part is the data, which is the same for every client."""
import functools
import hashlib

from django.conf import settings
from django.core import checks
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from rest_framework.response import Response

VERSION_KEY = "catalogue:version"
KEPT_HEADERS = ("ETag", "Last-Modified")


def version():
    current = cache.get(VERSION_KEY)
    if current is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        current = cache.get(VERSION_KEY) or 1
    return current


def move_on():
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not there yet (or evicted): any new value will do
        cache.set(VERSION_KEY, version() + 1, timeout=None)


def catalogue_changed(sender, **kwargs):
    if not settings.API_CACHE_SECONDS or sender._meta.app_label != "catalogue":
        return
    move_on()  # at once, and again once the transaction commits: nothing read in between is kept
    transaction.on_commit(move_on)


def connect():
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(catalogue_changed, dispatch_uid=f"catalogue.caching.{signal}")


def cached(method):
    """Cache a view method's successful GET answers (its data, ETag and Last-Modified) by full path;
    a cached answer is tagged, and answers 304, as a fresh one does (catalogue/api/conditional.py)."""

    @functools.wraps(method)
    def answer(view, request, *args, **kwargs):
        seconds = settings.API_CACHE_SECONDS
        if not seconds or request.method != "GET":
            return method(view, request, *args, **kwargs)
        path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        key = f"catalogue:answer:{version()}:{path}"
        kept = cache.get(key)
        if kept is not None:
            data, headers = kept
            response = Response(data, headers=headers)
            response["X-Cache"] = "hit"
            return response
        response = method(view, request, *args, **kwargs)
        if response.status_code == 200:
            headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
            cache.set(key, (response.data, headers), seconds)
        response["X-Cache"] = "miss"
        return response

    return answer


@checks.register(checks.Tags.caches)
def shared_cache_check(app_configs, **kwargs):
    """Cached answers are invalidated through the cache itself: a cache of one process (the
    default) would let the other app servers answer from stale copies."""
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if settings.API_CACHE_SECONDS and backend.endswith(("LocMemCache", "DummyCache", "FileBasedCache")):
        return [checks.Warning(
            "API_CACHE_SECONDS is set but the cache is not shared between processes.",
            hint="Set REDIS_URL, or API_CACHE_SECONDS=0.", id="catalogue.W001",
        )]
    return []
