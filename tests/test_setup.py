"""Settings come from the environment, and `make run` tells a newcomer how to log in."""
import json
import os
import subprocess
import sys
from io import StringIO

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection


def settings_under(**environ):
    """The settings a fresh process reads from the given environment."""
    env = {key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "DEBUG", "ALLOWED_HOSTS"}}
    env |= environ | {"DJANGO_SETTINGS_MODULE": "config.settings"}
    code = (
        "import json; from django.conf import settings as s; "
        "print(json.dumps({'engine': s.DATABASES['default']['ENGINE'], 'name': str(s.DATABASES['default']['NAME']),"
        " 'debug': s.DEBUG, 'hosts': s.ALLOWED_HOSTS}))"
    )
    result = subprocess.run([sys.executable, "-c", code], env=env, cwd=settings.BASE_DIR,
                            capture_output=True, text=True)
    if result.returncode:
        return result.stderr
    return json.loads(result.stdout)


def test_the_default_is_sqlite_in_the_checkout_with_debug_off():
    read = settings_under()
    assert read["engine"] == "django.db.backends.sqlite3"
    assert read["name"] == str(settings.BASE_DIR / "db.sqlite3")
    assert read["debug"] is False


def test_database_url_switches_to_postgresql_and_hosts_come_from_the_environment():
    read = settings_under(DATABASE_URL="postgres://postgres@127.0.0.1:5432/catalogue", DEBUG="true",
                          ALLOWED_HOSTS="films.example.org, api.example.org")
    assert read["engine"] == "django.db.backends.postgresql"
    assert read["name"] == "catalogue"
    assert read["debug"] is True
    assert read["hosts"] == ["films.example.org", "api.example.org"]


def test_a_debug_value_that_is_not_a_boolean_is_refused():
    assert "DEBUG must be true or false, not 'maybe'" in settings_under(DEBUG="maybe")


@pytest.mark.django_db
def test_local_superuser_shows_a_generated_password_once_on_sqlite():
    first, second = StringIO(), StringIO()
    call_command("local_superuser", stdout=first)
    call_command("local_superuser", stdout=second)
    users = get_user_model().objects.filter(is_superuser=True)
    if connection.vendor == "sqlite":
        password = first.getvalue().split("with password: ")[1].split()[0]
        assert users.get(username="admin").check_password(password)
        assert password not in second.getvalue()
        assert "Log in to the admin at http://127.0.0.1:8000/admin/" in second.getvalue()
    else:
        assert not users.exists()
        assert "createsuperuser" in first.getvalue()
