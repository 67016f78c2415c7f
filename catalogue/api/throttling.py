"""Request rates per client, from THROTTLE_ANON and THROTTLE_USER (e.g. "120/minute").

DRF's throttles copy the rates when the class is defined; these read them on each request, so
a change of settings takes effect without a restart of the import."""
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class LiveRatesMixin:
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class AnonymousThrottle(LiveRatesMixin, AnonRateThrottle):
    """Clients without credentials, by IP address."""


class UserThrottle(LiveRatesMixin, UserRateThrottle):
    """Authenticated clients, by user."""
