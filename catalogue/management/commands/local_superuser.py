"""Create the local superuser that `make run` tells the newcomer about."""
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import connection


class Command(BaseCommand):
    help = (
        "On the SQLite default only: create a superuser 'admin' with a generated password and "
        "show the password once. Does nothing to an existing user."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")
        parser.add_argument("--url", default="http://127.0.0.1:8000/admin/")

    def handle(self, *args, username, url, **options):
        if connection.vendor != "sqlite":
            self.stdout.write(
                f"Log in to the admin at {url} with a superuser of your own "
                "(manage.py createsuperuser); none is generated outside the local SQLite default."
            )
            return
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            self.stdout.write(
                f'Log in to the admin at {url} as "{username}" with the password shown when it was '
                f"created (reset it with: .venv/bin/python manage.py changepassword {username})."
            )
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email="", password=password)
        self.stdout.write(
            self.style.SUCCESS(f'Log in to the admin at {url} as "{username}" with password: {password}')
        )
        self.stdout.write("This password is shown only once; keep it.")
