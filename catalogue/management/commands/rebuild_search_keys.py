from django.core.management.base import BaseCommand
from django.db import transaction

from catalogue import search


class Command(BaseCommand):
    help = ("Recompute every search key and rebuild the search index from the records (after the matching rules "
            "change, or after a bulk load that bypassed saves).")

    def handle(self, *args, **options):
        with transaction.atomic():
            changed = search.rebuild_keys()
            entries = search.rebuild_index()
        self.stdout.write(f"{changed} search keys updated.")
        self.stdout.write(f"{entries} names and titles indexed.")
