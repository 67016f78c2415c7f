import pytest
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection

# A Redis database of the run's own, emptied by each test that uses it: CI runs the SQLite and
# the PostgreSQL suites at the same time on the same Redis, so each suite takes its own.
REDIS_URL = f"redis://127.0.0.1:6379/{14 if connection.vendor == 'sqlite' else 15}"


@pytest.fixture(autouse=True)
def unthrottled(settings):
    """Tests are not rate-limited unless they set the rates themselves (tests/api/test_throttling.py)."""
    cache.clear()
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "1000000/minute", "user": "1000000/minute"},
    }
    yield
    cache.clear()


@pytest.fixture
def redis_cache(settings):
    """The shared response cache, on Redis (not the per-process cache of the test settings)."""
    settings.CACHES = {"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": REDIS_URL}}
    settings.API_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def seed(db):
    """The seed fixtures, loaded as `make run` loads them."""
    call_command("loaddata", "seed", verbosity=0)


@pytest.fixture
def curator(db, django_user_model):
    user = django_user_model.objects.create_user("curator", password="pw-curator-1", is_staff=True)
    user.groups.add(Group.objects.get(name="Curators"))
    return user


@pytest.fixture
def curator_client(client, curator):
    client.force_login(curator)
    return client


@pytest.fixture
def editor_without_delete(db, django_user_model):
    """Staff who may view, add and change catalogue records but not delete them."""
    user = django_user_model.objects.create_user("editor", password="pw-editor-1", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="catalogue").exclude(codename__startswith="delete_")
    )
    return user


@pytest.fixture
def api(db):
    """An anonymous REST client that asks for JSON, with the content types already cached,
    as they are in a server process after its first request: query counts then count only
    what a request itself costs."""
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType
    from rest_framework.test import APIClient

    ContentType.objects.get_for_models(*apps.get_app_config("catalogue").get_models())
    return APIClient(HTTP_ACCEPT="application/json")
