"""Conditional requests on the read API (RFC 9110, section 13): every successful GET or HEAD under
/api/v1/ carries an `ETag` and, when it shows records, a `Last-Modified`, and a client that sends
back what it holds (`If-None-Match`, or `If-Modified-Since` without it) is answered
`304 Not Modified` with no body when nothing has changed.

The ETag is taken from the body as sent, so it changes whenever the body does: when a record
nested in a detail (a credit, a title, a person's name shown in a credit) changes, when a record
leaves a list or joins it, when the count moves on, and between JSON, CSV and HTML. A detail's
ETag also begins with the record's own version (`etag()` in views.py), which is what `If-Match`
compares on writes: a change to the record's parts, which have ETags of their own, does not
refuse a write to the record. Write answers carry the same kind of tag, so the ETag of a write is
the one the next GET answers while nothing else changes.

`Last-Modified` is the newest `updated_at` of the records the answer shows (the detail's record,
the page's records), to the second as HTTP dates are. It cannot see a record leaving a list or a
nested part being deleted, so it is the weaker validator: `If-None-Match`, which is exact, wins
whenever a client sends both, as browsers and HTTP caches do.

Answers say `Cache-Control: no-cache` (keep it, but ask before using it again): without it, a
`Last-Modified` would let browsers and proxies reuse an answer unasked for a tenth of the record's
age (RFC 9111, section 4.2.2, heuristic freshness).

`If-Match` and `If-Unmodified-Since` on reads are not evaluated: `If-Match` guards writes
(views.py, `check_precondition`)."""
import hashlib

from django.http import HttpResponseNotModified
from django.utils.cache import parse_etags, patch_cache_control
from django.utils.http import http_date, parse_http_date_safe

PREFIX = "/api/v1/"
READS = {"GET", "HEAD"}
# What a 304 repeats of the answer it stands for (RFC 9110, section 15.4.5).
REPEATED = ("Cache-Control", "Content-Location", "Date", "ETag", "Expires", "Last-Modified", "Vary")


def last_modified(response, moments):
    """Set the answer's Last-Modified to the newest of `moments` (the updated_at of the records it
    shows); an answer that shows none has no Last-Modified."""
    newest = max((moment for moment in moments if moment is not None), default=None)
    if newest is not None:
        response["Last-Modified"] = http_date(newest.timestamp())
    return response


def version_of(tag):
    """The record version at the head of an ETag (`"<version>-<body>"`), without quotes or W/."""
    return tag.strip().removeprefix("W/").strip('"').split("-", 1)[0]


def representation_tag(body, version=None):
    """The ETag of an answer: a digest of its body, after the record's version if it has one."""
    digest = hashlib.blake2b(body, digest_size=16).hexdigest()
    return f'"{version_of(version)}-{digest}"' if version else f'"{digest}"'


def not_modified(request, etag, modified):
    """RFC 9110, section 13.2.2, steps 3 and 4: If-None-Match (weak comparison, a list of tags or
    `*`) and, only when it is absent, If-Modified-Since."""
    offered = request.META.get("HTTP_IF_NONE_MATCH")
    if offered is not None:
        tags = parse_etags(offered)
        return tags == ["*"] or etag.removeprefix("W/") in {tag.removeprefix("W/") for tag in tags}
    since = parse_http_date_safe(request.META.get("HTTP_IF_MODIFIED_SINCE", ""))
    modified = parse_http_date_safe(modified or "")
    return since is not None and modified is not None and modified <= since


class ConditionalRequestMiddleware:
    """Tags every successful answer under /api/v1/ that has a body, and answers 304 to a GET or
    HEAD whose conditions say the client already holds it. It sits below the middleware that add
    headers of their own (sessions' Vary, CORS), so that a 304 carries them too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (not request.path.startswith(PREFIX) or response.status_code not in (200, 201) or response.streaming
                or (request.method not in READS and not response.has_header("ETag"))):
            return response
        response["ETag"] = representation_tag(response.content, response.get("ETag"))
        if request.method not in READS:
            return response
        patch_cache_control(response, no_cache=True)
        if response.status_code == 200 and not_modified(request, response["ETag"], response.get("Last-Modified")):
            unchanged = HttpResponseNotModified()
            for header in REPEATED:
                if response.has_header(header):
                    unchanged[header] = response[header]
            unchanged.cookies = response.cookies
            return unchanged
        return response
