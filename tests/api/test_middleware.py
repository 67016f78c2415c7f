"""API requests without a session cookie skip Django's authentication and messages middleware
(catalogue/api/middleware.py); a browser logged in through the admin keeps them."""
import pytest
from django.conf import settings
from django.test import Client

from catalogue import models

from .. import factories as make
from .conftest import token_client

API = "/api/v1"


def test_an_anonymous_api_request_gets_no_lazy_user_or_messages_and_the_same_answer(api):
    work = make.work(title="Siege", slug="siege")
    response = api.get(f"{API}/works/siege/")
    assert response.status_code == 200
    assert response.json()["id"] == work.pk
    request = response.wsgi_request
    assert not hasattr(request, "_messages")
    assert request.user.is_anonymous  # DRF's, set when it found no credentials
    assert not request.session.accessed
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert "Cookie" in response["Vary"]


def test_a_token_clients_writes_are_recorded_with_its_user(curator):
    writer = token_client(curator)
    created = writer.post(f"{API}/works/", {"title": "Draft", "slug": "draft", "kind": "documentary"}, format="json")
    assert created.status_code == 201
    assert not hasattr(created.wsgi_request, "_messages")
    assert created.wsgi_request.user == curator  # set by DRF's token authentication
    assert models.Work.history.get(slug="draft").history_user == curator


def test_a_logged_in_browser_keeps_its_session_on_the_browsable_api(curator_client):
    response = curator_client.get(f"{API}/works/", HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert response.wsgi_request.user.username == "curator"
    assert "curator" in response.content.decode()


def test_a_session_write_without_its_csrf_token_is_still_refused(curator):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(curator)
    response = browser.post(f"{API}/works/", {"title": "Draft", "kind": "documentary"}, content_type="application/json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert not models.Work.objects.exists()


def test_a_session_cookie_on_an_api_request_is_honoured(curator_client):
    response = curator_client.get(f"{API}/works/")
    assert response.wsgi_request.session.get("_auth_user_id") is not None


def test_the_deploy_checks_still_see_the_session_middleware(settings):
    from django.core.checks.security.sessions import check_session_cookie_secure

    settings.SESSION_COOKIE_SECURE = False
    assert [warning.id for warning in check_session_cookie_secure(None)] == ["security.W012"]


@pytest.mark.parametrize("path", ["/admin/", "/admin/catalogue/work/"])
def test_the_admin_keeps_every_middleware(curator_client, path):
    response = curator_client.get(path)
    assert response.status_code == 200
    assert hasattr(response.wsgi_request, "_messages")
