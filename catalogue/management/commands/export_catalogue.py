"""manage.py export_catalogue PATH: the whole catalogue in the JSON Lines exchange format
(catalogue/exchange.py; its schema is catalogue/exchange.schema.json). `-` writes to stdout."""
import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from catalogue import exchange


class Command(BaseCommand):
    help = "Write the whole catalogue as JSON Lines, one record a line, links by natural key."

    def add_arguments(self, parser):
        parser.add_argument("path", help="The file to write, or - for standard output.")
        parser.add_argument("--schema", action="store_true",
                            help="Write the format's JSON Schema instead (catalogue/exchange.schema.json).")

    def handle(self, *args, path, schema, **options):
        if schema:
            text = json.dumps(exchange.schema(), ensure_ascii=False, indent=2) + "\n"
            if path == "-":
                self.stdout.write(text, ending="")
            else:
                Path(path).write_text(text, encoding="utf-8")
            return
        if path == "-":
            count = exchange.write(exchange.export(), sys.stdout)
        else:
            with open(path, "w", encoding="utf-8") as handle:
                count = exchange.write(exchange.export(), handle)
        self.stderr.write(f"{count} records written.")
