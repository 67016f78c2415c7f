from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views import defaults
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from catalogue.api import exceptions

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("api/v1/", include("catalogue.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="docs"),
    path("", RedirectView.as_view(url="/api/v1/", permanent=False)),
]


def handler404(request, exception):
    if request.path.startswith("/api/"):
        return exceptions.api_not_found(request, exception)
    return defaults.page_not_found(request, exception)


def handler500(request):
    if request.path.startswith("/api/"):
        return exceptions.api_server_error(request)
    return defaults.server_error(request)
