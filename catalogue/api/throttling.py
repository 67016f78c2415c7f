"""Request rates per client, from THROTTLE_ANON and THROTTLE_USER (e.g. "120/minute").

One throttle holds each client to one rate: an authenticated user to the user rate, counted by
user, and any other client to the anonymous rate, counted by IP address. DRF's pair of throttles
(AnonRateThrottle and UserRateThrottle) would count an anonymous client twice, under both rates,
each with a read and a write of its history in the cache: four cache round trips a request where
this makes two.

The rates are read on each request (DRF's throttles copy them when the class is defined), so a
change of settings takes effect without a restart of the import."""
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle


class ClientThrottle(SimpleRateThrottle):
    """Authenticated clients by user at THROTTLE_USER; the others by IP address at THROTTLE_ANON."""

    def __init__(self):  # the scope, and so the rate, depend on the request: see allow_request
        pass

    def allow_request(self, request, view):
        self.scope = "user" if request.user and request.user.is_authenticated else "anon"
        self.rate = api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        ident = request.user.pk if self.scope == "user" else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}
