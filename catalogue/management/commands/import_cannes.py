"""manage.py import_cannes PATH: the feature films in competition at the Cannes Film Festival
(the `films` data set of great-tables 1.1.0, in ../shared/data/cannes/).

The festival has an edition per year with its main competition; each film is a work selected in
it, with its English title, its original title as a title variant, languages, countries, run time
and its director or co-directors, and its IMDb id from the address. A second run creates and
changes nothing. Rows that cannot be taken are reported, with the reason, never dropped silently."""
import re

from catalogue import importing, models, services
from catalogue.choices import (
    CreditRole,
    ExternalScheme,
    FestivalKind,
    OrganisationKind,
    SectionKind,
    SelectionStatus,
    SourceKind,
    TitleKind,
    WorkKind,
)
from catalogue.importing import RowRefused

DEFAULT = "data/cannes/cannes_competition_films.csv"
IMDB_ADDRESS = re.compile(r"https?://(?:www\.)?imdb\.com/title/(tt\d{7,10})/?")
RUN_TIME = re.compile(r"(?:(\d+)h)?\s*(?:(\d+)m)?")
# Three-letter codes that ISO 639-1 also writes with two letters.
LANGUAGE_ALIASES = {"wol": "wo", "cos": "co", "tgl": "tl"}
SOURCE_ADDRESS = "https://pypi.org/project/great-tables/1.1.0/"
DIRECTING = [CreditRole.DIRECTOR, CreditRole.CO_DIRECTOR]


def minutes(text):
    match = RUN_TIME.fullmatch(text.strip())
    if not text.strip() or not match or not any(match.groups()):
        return None
    return int(match.group(1) or 0) * 60 + int(match.group(2) or 0) or None


class Command(importing.ImportCommand):
    help = "Import the films in competition at the Cannes Film Festival from the great-tables CSV."
    default_path = DEFAULT
    title = "Cannes competition films"
    report_file = "import-cannes-report.csv"
    path_help = "The CSV"

    def prepare(self, path):
        self.festival, self.source = self.festival_and_source()
        self.editions = {}
        self.languages = set(models.Language.objects.values_list("code", flat=True))
        self.countries = set(models.Country.objects.values_list("code", flat=True))

    def festival_and_source(self):
        publisher, _ = importing.ensure(models.Organisation, {"slug": "posit"}, {
            "name": "Posit", "kind": OrganisationKind.PRODUCTION_COMPANY, "country_id": "US",
            "description": "Publisher of the great-tables Python package.",
        })
        source, _ = importing.ensure(models.Source, {"url": SOURCE_ADDRESS}, {
            "title": "great-tables 1.1.0: the films data set (Cannes competition films, 1946 onward)",
            "slug": "great-tables-films", "kind": SourceKind.DATASET, "publisher": publisher,
            "note": "MIT licence. Each record it created cites it with its row.",
        })
        festival, created = importing.ensure(models.Festival, {"slug": "cannes-film-festival"}, {
            "name": "Cannes Film Festival", "kind": FestivalKind.FILM_FESTIVAL, "country_id": "FR", "city": "Cannes",
            "founded_year": 1946,
        })
        importing.identify(festival, ExternalScheme.IMDB, "ev0000147")
        if created:
            importing.cite(festival, source, "")
        return festival, source

    def competition(self, year, number):
        if year not in self.editions:
            edition, created = importing.ensure(
                models.FestivalEdition, {"festival": self.festival, "year": year},
                {"slug": importing.unique_slug(models.FestivalEdition, f"cannes-{year}"), "city": "Cannes"},
            )
            section, _ = importing.ensure(models.Section, {"edition": edition, "name": "Competition"},
                                          {"kind": SectionKind.MAIN_COMPETITION})
            if created:
                importing.cite(edition, self.source, f"row {number}")
            self.editions[year] = (edition, section)
        return self.editions[year]

    def take(self, number, row):
        title = (row.get("title") or "").strip()
        if not title:
            raise RowRefused("no title")
        raw_year = (row.get("year") or "").strip()
        if not raw_year.isdigit() or not 1946 <= int(raw_year) <= 2100:
            raise RowRefused(f"the year {raw_year!r} is not a festival year")
        year = int(raw_year)
        address = (row.get("imdb_url") or "").strip()
        match = IMDB_ADDRESS.fullmatch(address)
        if address and not match:
            raise RowRefused(f"{address!r} is not an IMDb title address")
        imdb = match.group(1) if match else None
        runtime = minutes(row.get("run_time") or "")
        if (row.get("run_time") or "").strip() and runtime is None:
            self.report.warn(number, f"run time {row['run_time']!r} not understood; left empty")
        languages = self.codes(number, row.get("languages"), self.languages, "language", LANGUAGE_ALIASES)
        countries = self.codes(number, row.get("countries_of_origin"), self.countries, "country", {}, upper=True)
        directors = [name.strip() for name in (row.get("director") or "").split(",") if name.strip()]

        edition, section = self.competition(year, number)
        work = importing.find_work(title, year, imdb)
        outcome = "unchanged"
        if work is None:
            work = services.record_save(record=models.Work(), fields={
                "title": title, "slug": importing.unique_slug(models.Work, title, str(year)),
                "kind": WorkKind.FEATURE_FILM, "year": year, "runtime_minutes": runtime,
            }, many={"countries": countries, "languages": languages})
            importing.cite(work, self.source, f"row {number}")
            outcome = "created"
        else:
            fill = {name: value for name, value in (("runtime_minutes", runtime), ("year", year))
                    if value and getattr(work, name) in (None, "")}
            missing_countries = set(countries) - set(work.countries.values_list("code", flat=True))
            missing_languages = set(languages) - set(work.languages.values_list("code", flat=True))
            if fill or missing_countries or missing_languages:
                services.record_save(record=work, fields=fill)
                work.countries.add(*missing_countries)
                work.languages.add(*missing_languages)
                outcome = "updated"
        if imdb and not work.external_ids.filter(scheme=ExternalScheme.IMDB).exists():
            importing.identify(work, ExternalScheme.IMDB, imdb)
            outcome = "updated" if outcome == "unchanged" else outcome
        original = (row.get("original_title") or "").strip()
        if original and original != title and not work.titles.filter(title=original).exists():
            services.record_save(record=models.TitleVariant(), fields={
                "work": work, "title": original, "kind": TitleKind.ORIGINAL,
            })
            outcome = "updated" if outcome == "unchanged" else outcome
        role = CreditRole.CO_DIRECTOR if len(directors) > 1 else CreditRole.DIRECTOR
        for order, name in enumerate(directors):
            person = importing.find_person(name, year, DIRECTING)
            if person is None:
                person = services.record_save(record=models.Person(), fields={
                    "name": name, "slug": importing.unique_slug(models.Person, name),
                })
                importing.cite(person, self.source, f"row {number}")
            if not work.credits.filter(person=person, role__in=DIRECTING).exists():
                services.record_save(record=models.Credit(), fields={
                    "work": work, "person": person, "role": role, "order": order,
                })
                outcome = "updated" if outcome == "unchanged" else outcome
        if not models.Selection.objects.filter(work=work, edition=edition, section=section).exists():
            selection = services.record_save(record=models.Selection(), fields={
                "work": work, "edition": edition, "section": section, "status": SelectionStatus.IN_COMPETITION,
            })
            importing.cite(selection, self.source, f"row {number}")
            outcome = "updated" if outcome == "unchanged" else outcome
        return outcome

    def codes(self, number, text, known, what, aliases, upper=False):
        found = []
        for code in (text or "").split(","):
            code = code.strip()
            code = aliases.get(code, code).upper() if upper else aliases.get(code, code)
            if not code:
                continue
            if code in known:
                found.append(code)
            else:
                self.report.warn(number, f"unknown {what} code {code!r} left out")
        return found
