"""The production path: the Redis response cache (real Redis), invalidated by every write, and
the database router that sends read-only requests to replicas."""
import pytest
from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from catalogue import models, routing

from . import factories as make
from .conftest import REDIS_URL


@pytest.fixture
def curator_api(curator):
    client = APIClient(HTTP_ACCEPT="application/json")
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=curator).key}")
    return client


def test_the_cache_is_redis(redis_cache):
    from django_redis import get_redis_connection

    cache.set("probe", 1)
    assert get_redis_connection("default").exists(cache.make_key("probe"))


def test_a_repeated_read_is_answered_from_the_cache_without_a_query(redis_cache, api, django_assert_num_queries):
    work = make.work(title="Siege", slug="siege")
    first = api.get(f"/api/v1/works/{work.slug}/")
    assert first["X-Cache"] == "miss"
    with django_assert_num_queries(0):
        again = api.get(f"/api/v1/works/{work.slug}/")
    assert again["X-Cache"] == "hit"
    assert again.json() == first.json()
    assert again["ETag"] == first["ETag"]
    assert api.get("/api/v1/works/", {"q": "siege"})["X-Cache"] == "miss"
    assert api.get("/api/v1/works/", {"q": "siege"})["X-Cache"] == "hit"


def test_a_write_through_the_api_invalidates_every_cached_answer(redis_cache, api, curator_api):
    work = make.work(title="Siege", slug="siege")
    api.get(f"/api/v1/works/{work.slug}/")
    api.get("/api/v1/works/")
    response = curator_api.patch(f"/api/v1/works/{work.slug}/", {"title": "The Siege"}, format="json")
    assert response.status_code == 200
    detail = api.get(f"/api/v1/works/{work.slug}/")
    assert (detail["X-Cache"], detail.json()["title"]) == ("miss", "The Siege")
    listed = api.get("/api/v1/works/")
    assert (listed["X-Cache"], listed.json()["results"][0]["title"]) == ("miss", "The Siege")


def test_a_change_of_a_part_or_a_link_invalidates_too(redis_cache, api):
    work = make.work()
    api.get(f"/api/v1/works/{work.pk}/")
    work.countries.add("IR")
    assert api.get(f"/api/v1/works/{work.pk}/").json()["countries"] == ["IR"]
    models.TitleVariant.objects.create(work=work, title="Another", kind="alternative")
    assert [t["title"] for t in api.get(f"/api/v1/works/{work.pk}/").json()["titles"]] == ["Another"]


def test_an_admin_change_invalidates_the_cache(redis_cache, api, curator_client):
    festival = make.festival(name="Old Name", slug="old-name")
    api.get(f"/api/v1/festivals/{festival.pk}/")
    curator_client.post(reverse("admin:catalogue_festival_delete", args=[festival.pk]), {"post": "yes"})
    assert api.get(f"/api/v1/festivals/{festival.pk}/").status_code == 404


def test_errors_are_not_cached(redis_cache, api):
    assert api.get("/api/v1/works/nothing-here/").status_code == 404
    work = make.work(slug="nothing-here")
    assert api.get("/api/v1/works/nothing-here/").json()["id"] == work.pk


def test_cached_answers_still_count_against_the_rate_limit(redis_cache, settings, api):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK,
                               "DEFAULT_THROTTLE_RATES": {"anon": "2/minute", "user": "2/minute"}}
    statuses = [api.get("/api/v1/works/").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_caching_answers_in_a_cache_of_one_process_is_flagged_by_the_checks(settings):
    from catalogue.caching import shared_cache_check

    settings.API_CACHE_SECONDS = 60
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert [warning.id for warning in shared_cache_check(None)] == ["catalogue.W001"]
    settings.CACHES = {"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": REDIS_URL}}
    assert shared_cache_check(None) == []
    settings.API_CACHE_SECONDS = 0
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert shared_cache_check(None) == []


def test_without_a_cache_setting_nothing_is_cached(api, db):
    assert "X-Cache" not in api.get("/api/v1/works/")


# Read replicas ---------------------------------------------------------------------------------------


@pytest.fixture
def with_replicas(settings):
    settings.READ_REPLICAS = ["replica1", "replica2"]  # the aliases DATABASE_REPLICA_URLS would add
    settings.REPLICA_PIN_SECONDS = 10


def routed(request):
    """Where the router sends a read made while the middleware handles `request`."""
    seen = {}

    def view(request):
        from django.http import HttpResponse

        seen["read"] = routing.ReadReplicaRouter().db_for_read(models.Work)
        seen["write"] = routing.ReadReplicaRouter().db_for_write(models.Work)
        return HttpResponse()

    response = routing.ReadOnlyRequestMiddleware(view)(request)
    return seen, response


def test_read_only_requests_read_from_a_replica_and_write_to_the_primary(with_replicas):
    seen, response = routed(RequestFactory().get("/api/v1/works/"))
    assert seen["read"] in {"replica1", "replica2"}
    assert seen["write"] == "default"
    assert routing.PIN_COOKIE not in response.cookies


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_a_request_that_writes_reads_from_the_primary_and_pins_the_browser_to_it(with_replicas, method):
    seen, response = routed(getattr(RequestFactory(), method)("/api/v1/works/1/"))
    assert seen == {"read": "default", "write": "default"}
    assert response.cookies[routing.PIN_COOKIE]["max-age"] == 10


def test_a_pinned_browser_reads_from_the_primary(with_replicas):
    request = RequestFactory().get("/admin/catalogue/work/")
    request.COOKIES[routing.PIN_COOKIE] = "1"
    assert routed(request)[0]["read"] == "default"


def test_without_replicas_everything_uses_the_primary(settings):
    seen, response = routed(RequestFactory().get("/api/v1/works/"))
    assert seen == {"read": "default", "write": "default"}
    seen, response = routed(RequestFactory().post("/api/v1/works/"))
    assert routing.PIN_COOKIE not in response.cookies


def test_replica_urls_become_database_aliases_the_router_reads_from():
    import subprocess
    import sys

    script = "from django.conf import settings; print(settings.READ_REPLICAS, settings.DATABASES['replica2']['HOST'])"
    env = {"DATABASE_REPLICA_URLS": "postgres://u@replica-a:5432/c,postgres://u@replica-b:5432/c",
           "DJANGO_SETTINGS_MODULE": "config.settings", "PATH": "/usr/bin:/bin"}
    output = subprocess.run([sys.executable, "-c", f"import django; django.setup(); {script}"], env=env,
                            capture_output=True, text=True, check=True).stdout
    assert output.strip() == "['replica1', 'replica2'] replica-b"


# Persistent connections and the pool -----------------------------------------------------------------


def configured(env, script):
    """What `script` prints after Django is set up with `env` as its whole environment."""
    import subprocess
    import sys

    env = {"DJANGO_SETTINGS_MODULE": "config.settings", "PATH": "/usr/bin:/bin", **env}
    return subprocess.run([sys.executable, "-c", f"import django; django.setup(); {script}"], env=env,
                          capture_output=True, text=True)


PG = "postgres://catalogue@db.example.org:5432/catalogue"
CONNECTIONS = ("from django.conf import settings; "
               "print([(db['CONN_MAX_AGE'], db.get('OPTIONS', {}).get('pool')) for db in settings.DATABASES.values()])")


def test_connections_are_kept_for_conn_max_age_seconds_on_the_primary_and_the_replicas():
    assert configured({"DATABASE_REPLICA_URLS": PG}, CONNECTIONS).stdout.strip() == "[(60, None), (60, None)]"
    assert configured({"CONN_MAX_AGE": "0"}, CONNECTIONS).stdout.strip() == "[(0, None)]"
    assert configured({"CONN_MAX_AGE": "600"}, CONNECTIONS).stdout.strip() == "[(600, None)]"


def test_a_pool_on_postgresql_takes_the_place_of_persistent_connections():
    pooled = configured({"DATABASE_URL": PG, "DATABASE_REPLICA_URLS": PG, "DATABASE_POOL_SIZE": "4"}, CONNECTIONS)
    pool = {"min_size": 4, "max_size": 4}
    assert pooled.stdout.strip() == str([(0, pool), (0, pool)])
    assert configured({"DATABASE_URL": PG, "DATABASE_POOL_SIZE": "4", "CONN_MAX_AGE": "0"},
                      CONNECTIONS).stdout.strip() == str([(0, pool)])


SQLITE_PRAGMAS = ("from django.db import connection; cursor = connection.cursor(); "
                  "print(*(cursor.execute(f'PRAGMA {name}').fetchone()[0] for name in ('cache_size', 'mmap_size')))")


def test_sqlite_connections_get_the_page_cache_and_memory_map_of_the_settings(tmp_path):
    url = {"DATABASE_URL": f"sqlite:///{tmp_path / 'catalogue.sqlite3'}"}
    assert configured(url, SQLITE_PRAGMAS).stdout.split() == [str(-64 * 1024), "0"]  # 64 MB, no memory map
    tuned = configured({**url, "SQLITE_CACHE_MB": "16", "SQLITE_MMAP_MB": "32"}, SQLITE_PRAGMAS)
    assert tuned.stdout.split() == [str(-16 * 1024), str(32 << 20)], tuned.stderr
    refused = configured({**url, "SQLITE_CACHE_MB": "-1"}, SQLITE_PRAGMAS)
    assert refused.returncode != 0 and "SQLITE_CACHE_MB and SQLITE_MMAP_MB are megabytes" in refused.stderr


@pytest.mark.parametrize(("env", "message"), [
    ({"DATABASE_URL": PG, "DATABASE_POOL_SIZE": "4", "CONN_MAX_AGE": "60"},
     "DATABASE_POOL_SIZE and CONN_MAX_AGE exclude each other"),
    ({"DATABASE_POOL_SIZE": "4"}, "DATABASE_POOL_SIZE needs PostgreSQL"),
], ids=["with persistent connections", "on SQLite"])
def test_a_pool_that_cannot_work_is_refused_at_start(env, message):
    refused = configured(env, CONNECTIONS)
    assert refused.returncode != 0
    assert f"ImproperlyConfigured: {message}" in refused.stderr


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="the pool is PostgreSQL's: this runs in the PostgreSQL suite (.ci/run)")
def test_requests_are_answered_through_the_pool(db, settings):
    database = settings.DATABASES["default"]
    url = f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    # Through the WSGI handler, as gunicorn calls it: Django's test client keeps its connection.
    script = """
from wsgiref.util import setup_testing_defaults
from django.core.wsgi import get_wsgi_application
from django.db import connection
application = get_wsgi_application()
def get(path):
    environ, answered = {"PATH_INFO": path, "HTTP_ACCEPT": "application/json"}, []
    setup_testing_defaults(environ)
    body = application(environ, lambda status, headers: answered.append(status))
    b"".join(body)
    body.close()
    return answered[0]
print([get("/api/v1/works/") for _ in range(3)])
stats = connection.pool.get_stats()
print(stats["pool_size"], stats["requests_num"])
"""
    served = configured({"DATABASE_URL": url, "DATABASE_POOL_SIZE": "2"}, script)
    assert served.returncode == 0, served.stderr
    statuses, stats = served.stdout.splitlines()
    assert statuses == "['200 OK', '200 OK', '200 OK']"
    size, requests = map(int, stats.split())
    assert size == 2 and requests >= 3  # each request took its connection from the pool and gave it back


def test_migrations_run_on_the_primary_only():
    router = routing.ReadReplicaRouter()
    assert router.allow_migrate("default", "catalogue") is True
    assert router.allow_migrate("replica1", "catalogue") is False
