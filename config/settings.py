"""Settings for the catalogue, read from the environment.

Every value has a default that runs locally on SQLite with nothing installed but Python;
production sets at least SECRET_KEY, DATABASE_URL and ALLOWED_HOSTS.
"""
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

# The fallback key is only good for a local checkout; `check --deploy` flags it.
SECRET_KEY = os.environ.get("SECRET_KEY") or "django-insecure-local-development-key-change-me"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")

# Behind HTTPS in production: one switch turns on redirects, HSTS and secure cookies.
HTTPS = env_bool("HTTPS", False)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0))
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", HTTPS)
if env_bool("BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Browsers on these origins may call the API (comma-separated, e.g. https://app.example.org).
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS")
CORS_URLS_REGEX = r"^/api/.*$"

# Where the admin lives; a less guessable path keeps scanners off it.
ADMIN_URL = os.environ.get("ADMIN_URL", "admin/").strip("/") + "/"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "corsheaders",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "import_export",
    "catalogue",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Serves the admin's static files from the app servers themselves (make serve).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "catalogue.routing.ReadOnlyRequestMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Django's authentication and messages middleware, skipped for API requests without a session
    # cookie (scripts, tokens, anonymous readers), whose answers they cannot change.
    "catalogue.api.middleware.APIAuthenticationMiddleware",
    "catalogue.api.middleware.APIMessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # ETag, Last-Modified and 304 on /api/v1/: last, so that it sees the body as the view rendered it.
    "catalogue.api.conditional.ConditionalRequestMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# Persistent connections: a process keeps its connection for CONN_MAX_AGE seconds (0: a new one
# per request) instead of connecting for every request, and checks it is alive before reusing it.
# On PostgreSQL, DATABASE_POOL_SIZE=N keeps N connections per process in psycopg's pool instead;
# Django refuses a pool with persistent connections, so the pool turns CONN_MAX_AGE off.
DATABASE_POOL_SIZE = int(os.environ.get("DATABASE_POOL_SIZE") or 0)
if DATABASE_POOL_SIZE and int(os.environ.get("CONN_MAX_AGE") or 0):
    raise ImproperlyConfigured("DATABASE_POOL_SIZE and CONN_MAX_AGE exclude each other: unset CONN_MAX_AGE.")
CONN_MAX_AGE = 0 if DATABASE_POOL_SIZE else int(os.environ.get("CONN_MAX_AGE") or 60)


# SQLite's page cache per connection (its own default is 2 MB) and the share of the file it reads
# through a memory map rather than by a system call per page (0: none), in megabytes.
SQLITE_CACHE_MB = int(os.environ.get("SQLITE_CACHE_MB") or 64)
SQLITE_MMAP_MB = int(os.environ.get("SQLITE_MMAP_MB") or 0)
if SQLITE_CACHE_MB < 0 or SQLITE_MMAP_MB < 0:
    raise ImproperlyConfigured("SQLITE_CACHE_MB and SQLITE_MMAP_MB are megabytes: 0 or more.")


def database(url):
    config = dj_database_url.parse(url, conn_max_age=CONN_MAX_AGE, conn_health_checks=True)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config.setdefault("OPTIONS", {})["init_command"] = (
            f"PRAGMA cache_size = -{SQLITE_CACHE_MB * 1024}; PRAGMA mmap_size = {SQLITE_MMAP_MB << 20}")
    if DATABASE_POOL_SIZE:
        if config["ENGINE"] != "django.db.backends.postgresql":
            raise ImproperlyConfigured(f"DATABASE_POOL_SIZE needs PostgreSQL, not {config['ENGINE']}.")
        # A pool of fixed size, opened at the first request (psycopg_pool.ConnectionPool's arguments).
        config.setdefault("OPTIONS", {})["pool"] = {"min_size": DATABASE_POOL_SIZE, "max_size": DATABASE_POOL_SIZE}
    return config


DATABASES = {"default": database(os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}

# Read replicas (comma-separated URLs): read-only requests read from them (catalogue/routing.py).
for number, url in enumerate(env_list("DATABASE_REPLICA_URLS"), 1):
    DATABASES[f"replica{number}"] = database(url)
READ_REPLICAS = [alias for alias in DATABASES if alias != "default"]
DATABASE_ROUTERS = ["catalogue.routing.ReadReplicaRouter"]
# After a write, a browser reads from the primary this long, while the replicas catch up.
REPLICA_PIN_SECONDS = int(os.environ.get("REPLICA_PIN_SECONDS", "10"))

# Redis, when REDIS_URL is set: shared by every app server for rate limits and cached answers.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            # Redis down means slower answers, not failed ones.
            "OPTIONS": {"IGNORE_EXCEPTIONS": True},
        }
    }
# How long the API's GET answers are cached (0: not at all); any write invalidates them.
API_CACHE_SECONDS = int(os.environ.get("API_CACHE_SECONDS", "300" if REDIS_URL else "0"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Compressed copies made by collectstatic, served by whitenoise with long cache headers.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# The largest body POST /api/v1/import/ reads; larger files go through manage.py import_catalogue.
IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", 10 * 1024 * 1024))

REST_FRAMEWORK = {
    # Scripts send "Authorization: Token <key>"; the browsable API uses the admin's session.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "catalogue.api.throttling.ClientThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("THROTTLE_ANON", "120/minute"),
        "user": os.environ.get("THROTTLE_USER", "600/minute"),
    },
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.DjangoModelPermissionsOrAnonReadOnly"],
    "DEFAULT_RENDERER_CLASSES": [
        # DRF's JSONRenderer, written by orjson: the same bytes, faster.
        "catalogue.api.renderers.ORJSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    # Writes take JSON (the browsable API's raw-data form sends it too): form encoding cannot
    # tell an empty value from null, and the schema could not say which it meant.
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "catalogue.api.pagination.CataloguePagination",
    "EXCEPTION_HANDLER": "catalogue.api.exceptions.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "catalogue.api.schema.CatalogueAutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # `?format=csv` on lists (catalogue/api/renderers.py); a format an address does not answer is a 406.
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "catalogue.api.renderers.CatalogueContentNegotiation",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Film and documentary catalogue API",
    "DESCRIPTION": (
        "Works, people, organisations, festivals with their editions, sections and selections, awards with "
        "nominations, the subjects documentaries cover, and the sources every fact comes from.\n\n"
        "Lists are paginated (`page`, `page_size` up to 100, or `pagination=cursor`). Every error has one "
        "shape: `{\"status\", \"code\", \"detail\", \"errors\"}`, where `errors` maps each offending "
        "parameter or field to its messages."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "catalogue.api.schema.allow_empty_query_values",
        "catalogue.api.schema.document_search_matches",
    ],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        # Every vocabulary keeps its own name in the schema.
        "DatePrecisionEnum": "catalogue.choices.DatePrecision",
        "WorkKindEnum": "catalogue.choices.WorkKind",
        "TitleKindEnum": "catalogue.choices.TitleKind",
        "ScriptEnum": "catalogue.choices.Script",
        "NameKindEnum": "catalogue.choices.NameKind",
        "OrganisationKindEnum": "catalogue.choices.OrganisationKind",
        "CreditRoleEnum": "catalogue.choices.CreditRole",
        "FestivalKindEnum": "catalogue.choices.FestivalKind",
        "EditionFormatEnum": "catalogue.choices.EditionFormat",
        "SectionKindEnum": "catalogue.choices.SectionKind",
        "SelectionStatusEnum": "catalogue.choices.SelectionStatus",
        "PremiereStatusEnum": "catalogue.choices.PremiereStatus",
        "NominationOutcomeEnum": "catalogue.choices.NominationOutcome",
        "EventKindEnum": "catalogue.choices.EventKind",
        "SubjectKindEnum": "catalogue.choices.SubjectKind",
        "SubjectRoleEnum": "catalogue.choices.SubjectRole",
        "SourceKindEnum": "catalogue.choices.SourceKind",
        # The `type` of each kind of search and lookup result.
        **{f"{kind.capitalize()}TypeEnum": [kind] for kind in
           ("work", "person", "organisation", "festival", "award", "subject", "source")},
    },
}

# Where the shared seed documents and real data sets live (beside the checkout in CI).
SHARED_DIR = Path(os.environ.get("SHARED_DIR", BASE_DIR.parent / "shared"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
