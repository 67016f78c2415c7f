"""Django's authentication and messages middleware, skipped for API requests that carry no
session cookie: scripts, token clients, anonymous readers, the benchmark. They cost about 35 µs of
CPU on every such request (a lazy user that DRF's SessionAuthentication then resolves, through an
empty session, to AnonymousUser; a message store) and can change nothing in its answer:

- nothing under /api/ writes a session (logging in is the admin's), so a request without the
  cookie would only ever have an anonymous Django user;
- DRF authenticates a token itself and sets the user on the Django request (which is what
  django-simple-history records on writes); SessionAuthentication finds no user and, as before,
  leaves the request anonymous;
- the API sends no messages.

A browser that has logged in through the admin sends the cookie and goes through both, so the
browsable API still shows its user and its forms. SessionMiddleware and CsrfViewMiddleware stay
for everyone: the session costs nothing until it is read, Django's deploy checks look for
SessionMiddleware by name (the session cookie's Secure and HttpOnly warnings), DRF's views are
exempt from CSRF and DRF checks it itself on session writes, and CsrfViewMiddleware sets the cookie
the browsable API's forms need. `Vary: Cookie` is still sent, as when the session was read, since
a browser with the cookie may be answered differently (the browsable API)."""
from django.conf import settings
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.messages.middleware import MessageMiddleware
from django.utils.cache import patch_vary_headers

PREFIX = "/api/"


def sessionless(request):
    """An API request without a session cookie."""
    return request.path_info.startswith(PREFIX) and settings.SESSION_COOKIE_NAME not in request.COOKIES


class APIAuthenticationMiddleware(AuthenticationMiddleware):
    def process_request(self, request):
        if not sessionless(request):
            super().process_request(request)

    def process_response(self, request, response):
        if sessionless(request):
            patch_vary_headers(response, ("Cookie",))
        return response


class APIMessageMiddleware(MessageMiddleware):
    def process_request(self, request):
        if not sessionless(request):
            super().process_request(request)
