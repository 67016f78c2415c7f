"""What the importers of real data share: a report of every row (created, updated, unchanged,
or not taken and why), rows committed in batches with a savepoint each (a bad row never stops
the run and never half-writes), and careful matching of the records a row names.

Matching rules, the same in every importer:
- a record is matched by its external identifier first; one that has another identifier of the
  same scheme is never matched otherwise;
- else a work is matched by its title (any of its titles, normalised) *and* its year;
- else a person is matched by name only when that person already has a credit in the same
  kind of role (directing, say) on a work within MATCH_YEARS of the row's year: two people who
  share a name (the actor and the director Steve McQueen) are never merged on the name alone.
"""
import csv
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, transaction
from django.db.models import Q

from . import models, search, services

MATCH_YEARS = 50


class RowRefused(Exception):
    """A row the importer cannot take; the message says why."""


@dataclass
class Report:
    """What an import did, row by row."""

    name: str
    counts: Counter = field(default_factory=Counter)
    refused: list = field(default_factory=list)  # (row number, reason, raw row)
    warnings: list = field(default_factory=list)  # (row number, what was left out)

    def outcome(self, number, outcome):
        self.counts[outcome] += 1

    def refuse(self, number, reason, raw):
        self.counts["not taken"] += 1
        self.refused.append((number, reason, raw))

    def warn(self, number, message):
        self.warnings.append((number, message))

    def summary(self):
        parts = [f"{self.counts.get(kind, 0)} {kind}" for kind in ("created", "updated", "unchanged", "not taken")]
        return f"{self.name}: {', '.join(parts)}; {len(self.warnings)} warnings."

    def write(self, path):
        """The rows not taken and the warnings, as CSV: row, what, reason, the row as read."""
        with open(path, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["row", "what", "reason", "data"])
            for number, reason, raw in self.refused:
                writer.writerow([number, "not taken", reason, raw])
            for number, message in self.warnings:
                writer.writerow([number, "warning", message, ""])


def run(rows, take, report, *, batch=500, progress=None):
    """Take each (number, row) with `take(number, row)`, which answers created, updated or
    unchanged or raises RowRefused. Each row has its own savepoint and every `batch` rows are
    committed, so that a long run keeps what it did and a bad row changes nothing. The search
    index is brought up to date once a batch, before it is committed."""
    started, done = time.monotonic(), 0
    rows = iter(rows)
    while True:
        chunk = [row for _, row in zip(range(batch), rows, strict=False)]
        if not chunk:
            break
        with transaction.atomic(), search.deferred_index():
            for number, row in chunk:
                try:
                    with transaction.atomic():
                        report.outcome(number, take(number, row))
                except RowRefused as refusal:
                    report.refuse(number, str(refusal), row)
                except services.ValidationError as error:
                    report.refuse(number, explain(error), row)
                except (DatabaseError, ValueError, OverflowError) as error:
                    # What validation cannot see (a number too large for the column): the row's
                    # savepoint is rolled back and the row reported like any other.
                    report.refuse(number, f"the database refused it: {error}", row)
        done += len(chunk)
        if progress:
            progress.write(f"{report.name}: {done} rows in {time.monotonic() - started:.0f} s\n")
            progress.flush()
    return report


def explain(error):
    """A validation error's messages, each with the field it is about."""
    if not hasattr(error, "error_dict"):
        return "; ".join(error.messages)
    return "; ".join(message if name == "__all__" else f"{name}: {message}"
                     for name, messages in error.message_dict.items() for message in messages)


def read_delimited(path, delimiter):
    """(row number, row) for each data row; the header is row 1."""
    with open(path, newline="", encoding="utf-8") as handle:
        yield from enumerate(csv.DictReader(handle, delimiter=delimiter), start=2)


class ImportCommand(BaseCommand):
    """A management command that imports one delimited file of real data: `path` (default
    SHARED_DIR/`default_path`), `--report`, `--batch`; `prepare(path)` before the rows, `take(number,
    row)` for each (see run), then the summary."""

    default_path = ""
    delimiter = ","
    title = ""
    report_file = ""
    path_help = "The file"

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help=f"{self.path_help} (default: SHARED_DIR/{self.default_path}).")
        parser.add_argument("--report", default=self.report_file,
                            help="Where to write the rows not taken and the warnings (CSV).")
        parser.add_argument("--batch", type=int, default=500, help="Rows per committed batch.")

    def prepare(self, path):
        """Make what every row needs (the festival, the source)."""

    def take(self, number, row):
        raise NotImplementedError

    def handle(self, *args, path, report, batch, **options):
        path = Path(path) if path else Path(settings.SHARED_DIR) / self.default_path
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        self.prepare(path)
        self.report = Report(self.title)
        run(read_delimited(path, self.delimiter), self.take, self.report, batch=batch,
            progress=self.stderr if options["verbosity"] >= 1 else None)
        self.report.write(report)
        self.stdout.write(self.report.summary())
        self.stdout.write(f"Rows not taken and warnings written to {report}.")


# Records -------------------------------------------------------------------------------------------


def ensure(model, lookup, defaults):
    """The record `lookup` finds, or a new one made with `defaults` through the services (validated)."""
    record = model._default_manager.filter(**lookup).first()
    if record is not None:
        return record, False
    record = services.record_save(record=model(), fields={**lookup, **defaults})
    return record, True


def by_external_id(model, scheme, value):
    if not value:
        return None
    held = models.ExternalId.objects.filter(scheme=scheme, value=value).first()
    if held is None:
        return None
    if held.content_type.model_class() is not model:
        raise RowRefused(f"{scheme} {value} already names a {held.content_type.model}, not a "
                         f"{model._meta.verbose_name}.")
    return model._default_manager.get(pk=held.object_id)


def identify(record, scheme, value):
    """Give the record this identifier (once)."""
    if value and not models.ExternalId.objects.filter(scheme=scheme, value=value).exists():
        services.record_save(record=models.ExternalId(), fields={"content_object": record, "scheme": scheme,
                                                                  "value": value})


def find_work(title, year, imdb=None):
    """The work with this IMDb id; without one, the one work whose title (or a title variant)
    normalises the same and whose year is the same."""
    found = by_external_id(models.Work, "imdb", imdb)
    if found or not year:
        return found
    key = search.normalise(title)
    candidates = models.Work.objects.filter(year=year).filter(Q(search_key=key) | Q(titles__search_key=key))
    if imdb:  # a work that has another IMDb id is another work
        candidates = candidates.exclude(external_ids__scheme="imdb")
    candidates = list(candidates.distinct()[:2])
    return candidates[0] if len(candidates) == 1 else None


def find_person(name, year, roles, imdb=None):
    """The person with this IMDb id; without one, the one person of this name who already has a
    credit in one of `roles` on a work within MATCH_YEARS of `year`."""
    found = by_external_id(models.Person, "imdb", imdb)
    if found:
        return found
    key = search.normalise(name)
    named = models.Person.objects.filter(Q(search_key=key) | Q(names__search_key=key)).distinct()
    if imdb:  # a person who has another IMDb id is another person
        named = named.exclude(external_ids__scheme="imdb")
    if year:
        named = named.filter(credits__role__in=roles, credits__work__year__gte=year - MATCH_YEARS,
                             credits__work__year__lte=year + MATCH_YEARS).distinct()
    else:
        named = named.none()
    candidates = list(named[:2])
    return candidates[0] if len(candidates) == 1 else None


def unique_slug(model, text, suffix=""):
    from django.utils.text import slugify

    base = (slugify(text) or model._meta.model_name)[:200]
    slug = f"{base}-{suffix}" if suffix else base
    n = 2
    while model._default_manager.filter(slug=slug).exists():
        slug = f"{base}-{suffix}-{n}" if suffix else f"{base}-{n}"
        n += 1
    return slug


def cite(record, source, locator):
    if not models.Citation.objects.filter(source=source, content_type__model=record._meta.model_name,
                                          object_id=record.pk, locator=locator).exists():
        services.record_save(record=models.Citation(), fields={"source": source, "content_object": record,
                                                               "locator": locator})
