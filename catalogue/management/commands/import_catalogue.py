"""manage.py import_catalogue PATH [--dry-run]: read the JSON Lines exchange format (see
catalogue/exchange.py) with the guarantees of the other importers: each line created, updated
(never by removing anything), unchanged or not taken with its reason, a savepoint per line,
batches committed, a report file. A dry run does it all and rolls it back."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from catalogue import exchange


class Command(BaseCommand):
    help = "Import records in the JSON Lines exchange format."

    def add_arguments(self, parser):
        parser.add_argument("path", help="A JSON Lines file, as export_catalogue writes it.")
        parser.add_argument("--dry-run", action="store_true", help="Report what would happen and change nothing.")
        parser.add_argument("--report", default="import-catalogue-report.csv",
                            help="Where to write the lines not taken and the warnings (CSV).")
        parser.add_argument("--batch", type=int, default=500, help="Lines per committed batch.")

    def handle(self, *args, path, dry_run, report, batch, **options):
        if not Path(path).is_file():
            raise CommandError(f"No such file: {path}")
        with open(path, encoding="utf-8") as handle:
            result = exchange.import_lines(exchange.read(handle), dry_run=dry_run, batch=batch,
                                           progress=self.stderr if options["verbosity"] > 1 else None)
        result.write(report)
        self.stdout.write(("Dry run, nothing changed. " if dry_run else "") + result.summary())
        self.stdout.write(f"Lines not taken and warnings written to {report}.")
