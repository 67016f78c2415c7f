"""Production settings pass Django's deploy checks; CORS origins, the admin path and request
rates are configurable; API clients authenticate with tokens."""
import os
import secrets
import subprocess
import sys
from io import StringIO

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from rest_framework.authtoken.models import Token

PRODUCTION = {
    "DEBUG": "false",
    "HTTPS": "true",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "films.example.org",
    "DATABASE_URL": "sqlite:////tmp/unused.sqlite3",
}


def manage(*args, **environ):
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "HTTPS", "SECRET_KEY", "ALLOWED_HOSTS"}}
    return subprocess.run([sys.executable, "manage.py", *args], env=env | environ, cwd=django_settings.BASE_DIR,
                          capture_output=True, text=True)


def test_check_deploy_reports_nothing_with_production_settings():
    result = manage("check", "--deploy", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."


def test_check_deploy_flags_a_local_configuration():
    result = manage("check", "--deploy", "--fail-level", "WARNING", DEBUG="true")
    assert result.returncode != 0
    for code in ("security.W004", "security.W008", "security.W009", "security.W012", "security.W016",
                 "security.W018"):
        assert code in result.stderr


def test_the_admin_path_comes_from_the_environment():
    code = "import django; django.setup(); from django.urls import reverse; print(reverse('admin:index'))"
    result = subprocess.run([sys.executable, "-c", code], cwd=django_settings.BASE_DIR, capture_output=True, text=True,
                            env=os.environ | {"DJANGO_SETTINGS_MODULE": "config.settings", "ADMIN_URL": "curation"})
    assert result.stdout.strip() == "/curation/", result.stderr


@pytest.mark.django_db
def test_cors_allows_only_the_configured_origins_and_only_on_the_api(client, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://app.example.org"]
    allowed = client.get("/api/v1/works/", HTTP_ORIGIN="https://app.example.org")
    assert allowed["Access-Control-Allow-Origin"] == "https://app.example.org"
    assert "Access-Control-Allow-Origin" not in client.get("/api/v1/works/", HTTP_ORIGIN="https://evil.example")
    assert "Access-Control-Allow-Origin" not in client.get("/admin/login/", HTTP_ORIGIN="https://app.example.org")


@pytest.mark.django_db
def test_a_token_is_created_by_a_management_command_and_authenticates_api_requests(api, curator):
    output = StringIO()
    call_command("drf_create_token", curator.username, stdout=output)
    token = Token.objects.get(user=curator)
    assert token.key in output.getvalue()
    response = api.get("/api/v1/works/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200
    assert response.wsgi_request.user == curator


@pytest.mark.django_db
def test_a_wrong_token_answers_401_in_the_error_shape(api):
    response = api.get("/api/v1/works/", HTTP_AUTHORIZATION="Token not-a-real-token")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json() == {"status": 401, "code": "authentication_failed", "detail": "Invalid token.",
                               "errors": {}}


@pytest.mark.django_db
def test_tokens_are_managed_in_the_admin(admin_client):
    assert admin_client.get("/admin/authtoken/tokenproxy/").status_code == 200


def limit(settings, anon, user):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": anon, "user": user}}


@pytest.mark.django_db
def test_anonymous_clients_past_their_rate_get_429_with_retry_after(api, settings):
    limit(settings, anon="3/minute", user="100/minute")
    assert [api.get("/api/v1/works/").status_code for _ in range(3)] == [200, 200, 200]
    refused = api.get("/api/v1/works/")
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    assert refused.json()["code"] == "throttled"
    assert set(refused.json()) == {"status", "code", "detail", "errors"}


@pytest.mark.django_db
def test_authenticated_clients_have_their_own_rate(api, settings, curator):
    limit(settings, anon="1/minute", user="4/minute")
    token = Token.objects.create(user=curator)
    statuses = [api.get("/api/v1/works/", HTTP_AUTHORIZATION=f"Token {token.key}").status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 200, 429]
    assert api.get("/api/v1/works/").status_code == 200  # the anonymous rate is counted apart


@pytest.mark.django_db
def test_anonymous_clients_are_held_to_the_anonymous_rate_alone(api, settings):
    limit(settings, anon="3/minute", user="1/minute")
    assert [api.get("/api/v1/works/").status_code for _ in range(4)] == [200, 200, 200, 429]


@pytest.mark.django_db
def test_each_request_keeps_one_history_per_client_in_the_shared_cache(api, settings, redis_cache, curator):
    """One throttle, one history a client: two cache round trips a request, not four."""
    from django.core.cache import cache

    limit(settings, anon="100/minute", user="100/minute")
    token = Token.objects.create(user=curator)
    api.get("/api/v1/works/")
    api.get("/api/v1/works/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert sorted(cache.keys("throttle_*")) == ["throttle_anon_127.0.0.1", f"throttle_user_{curator.pk}"]
    assert len(cache.get("throttle_anon_127.0.0.1")) == 1
