from django.core.management.base import BaseCommand

from catalogue import search


class Command(BaseCommand):
    help = "Recompute the search key of every title, name and variant (after matching rules change)."

    def handle(self, *args, **options):
        changed = search.rebuild_keys()
        self.stdout.write(f"{changed} search keys updated.")
