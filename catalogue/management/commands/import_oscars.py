"""manage.py import_oscars PATH: every Academy Awards nomination (the oscar_data set, in
../shared/data/oscars/: tab-separated despite its .csv name, lists inside a field separated by |).

The Academy Awards are an awarding body whose ceremonies are editions: the number, the year or
years honoured, held in the year after the last year honoured. Each canonical category is an
award named in sentence case, with the category's names as published over the years kept as its
name variants. Each row is one nomination, with its outcome, detail, note and the award's
official citation as the quoted passage of its citation of the data set. A row that honours
several films is one nomination for the first, with the others as `other_works`, so it is counted
once. Films, people and companies are matched by their IMDb ids (tt, nm, co), with the names of
name_aliases.yaml, film_aliases.yaml and companies.yaml as name and title variants; a nominee
without an id is matched by name only to a record without one nominated here within MATCH_YEARS.
A second run creates and changes nothing. Rows that cannot be taken are reported, with the reason."""
import re

import yaml
from django.db.models import Q
from django.utils.text import slugify

from catalogue import importing, models, search, services
from catalogue.choices import (
    ExternalScheme,
    FestivalKind,
    NameKind,
    NominationOutcome,
    OrganisationKind,
    SourceKind,
    TitleKind,
    WorkKind,
)
from catalogue.importing import MATCH_YEARS, RowRefused
from catalogue.models.base import ordinal

DEFAULT = "data/oscars/oscars.csv"
SOURCE_ADDRESS = "https://github.com/DLu/oscar_data"
YEARS = re.compile(r"(\d{4})(?:/(\d{2}))?")
PERSON_ID = re.compile(r"nm\d{7,10}")
COMPANY_ID = re.compile(r"co\d{7,10}")
FILM_ID = re.compile(r"tt\d{7,10}")
UNKNOWN = {"", "?"}
# A nominee without an id is a company when its name says so.
COMPANY_WORDS = re.compile(
    r"\b(inc|corp|corporation|company|co|ltd|limited|studios?|pictures|laboratories|laboratory|department|"
    r"fund|films?|productions?|division|society|association|institute|bureau|office|service|services|"
    r"theatres?|engineering|manufacturing|industries|llc|gmbh|ag|s\.a|technicolor)\b\.?",
    re.IGNORECASE,
)
KINDS = [  # the kind of work a category honours, by the first word that matches its canonical name
    ("DOCUMENTARY (Short", WorkKind.SHORT_DOCUMENTARY), ("DOCUMENTARY SHORT", WorkKind.SHORT_DOCUMENTARY),
    ("DOCUMENTARY", WorkKind.DOCUMENTARY), ("ANIMATED", WorkKind.ANIMATION),
    ("SHORT FILM (Animated)", WorkKind.ANIMATION), ("SHORT", WorkKind.SHORT_FILM),
]
SMALL_WORDS = {"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with"}


def award_name(canonical):
    """ACTOR IN A LEADING ROLE -> Actor in a Leading Role; what is in brackets stays as published."""
    head, bracket, rest = canonical.partition("(")
    words = head.split()
    shown = [word if not word.isupper() else word.lower() if i and word.lower() in SMALL_WORDS
             else word.capitalize() for i, word in enumerate(words)]
    return " ".join(shown) + (f" ({rest}" if bracket else "")


def work_kind(canonical):
    return next((kind for prefix, kind in KINDS if canonical.startswith(prefix)), WorkKind.FEATURE_FILM)


def split(value):
    return [part.strip() for part in (value or "").split("|")] if (value or "").strip() else []


def aliases(path):
    """IMDb id -> the other names of that record, from one of the data set's YAML files."""
    if not path.is_file():
        return {}
    with open(path, encoding="utf-8") as handle:
        data = yaml.safe_load(handle) or {}
    return {key: [value] if isinstance(value, str) else [name for name in value or [] if name]
            for key, value in data.items()}


class Command(importing.ImportCommand):
    help = "Import every Academy Awards nomination from the oscar_data set (tab-separated)."
    default_path = DEFAULT
    delimiter = "\t"
    title = "Academy Awards nominations"
    report_file = "import-oscars-report.csv"
    path_help = "oscars.csv, beside its alias files"

    def prepare(self, path):
        self.name_aliases = aliases(path.parent / "name_aliases.yaml")
        self.film_aliases = aliases(path.parent / "film_aliases.yaml")
        self.company_aliases = aliases(path.parent / "companies.yaml")
        self.festival, self.source = self.festival_and_source()
        self.editions, self.awards, self.records = {}, {}, {}

    def festival_and_source(self):
        academy, _ = importing.ensure(models.Organisation, {"slug": "academy-of-motion-picture-arts-and-sciences"}, {
            "name": "Academy of Motion Picture Arts and Sciences", "kind": OrganisationKind.ACADEMY,
            "country_id": "US", "city": "Beverly Hills", "founded_year": 1927,
        })
        source, _ = importing.ensure(models.Source, {"url": SOURCE_ADDRESS}, {
            "title": "oscar_data: Academy Award nominations with IMDb identifiers", "slug": "oscar-data",
            "kind": SourceKind.DATASET,
            "note": "BSD-2-Clause licence; from the Academy's Awards Database. Each record it created cites it "
                    "with its row; a nomination's citation quotes the award's official citation.",
        })
        festival, created = importing.ensure(models.Festival, {"slug": "academy-awards"}, {
            "name": "Academy Awards", "kind": FestivalKind.AWARDS, "country_id": "US", "city": "Los Angeles",
            "founded_year": 1929, "organiser": academy,
        })
        importing.identify(festival, ExternalScheme.IMDB, "ev0000003")
        if created:
            importing.cite(festival, source, "")
        return festival, source

    # One row ------------------------------------------------------------------------------------

    def take(self, number, row):
        if None in row:
            raise RowRefused(f"{len(row[None])} fields more than the header names")
        ceremony = (row.get("Ceremony") or "").strip()
        if not ceremony.isdigit() or int(ceremony) < 1:
            raise RowRefused(f"the ceremony {ceremony!r} is not a number from 1")
        years = YEARS.fullmatch((row.get("Year") or "").strip())
        if not years:
            raise RowRefused(f"the year {row.get('Year')!r} is neither 1934 nor 1927/28")
        canonical = (row.get("CanonicalCategory") or "").strip()
        category = (row.get("Category") or "").strip() or canonical
        if not canonical:
            raise RowRefused("no category")
        winner = (row.get("Winner") or "").strip()
        if winner not in ("", "True", "False"):
            raise RowRefused(f"the winner flag {winner!r} is neither True nor empty")
        films, film_ids = split(row.get("Film")), split(row.get("FilmId"))
        if film_ids and len(film_ids) != len(films):
            raise RowRefused(f"{len(films)} films but {len(film_ids)} film ids")
        for film_id in film_ids:
            if film_id not in UNKNOWN and not FILM_ID.fullmatch(film_id):
                raise RowRefused(f"{film_id!r} is not an IMDb title id")
        nominees, nominee_ids = split(row.get("Nominees")), split(row.get("NomineeIds"))
        if nominee_ids and len(nominee_ids) != len(nominees):
            raise RowRefused(f"{len(nominees)} nominees but {len(nominee_ids)} nominee ids")
        for nominee_id in nominee_ids:
            # One name for several people (Roderick Jaynes, the Coen brothers' pseudonym): their ids, by commas.
            for one in nominee_id.split(","):
                if one not in UNKNOWN and not (PERSON_ID.fullmatch(one) or COMPANY_ID.fullmatch(one)):
                    raise RowRefused(f"{one!r} is neither an IMDb name id nor a company id")

        first = int(years.group(1))
        last = first // 100 * 100 + int(years.group(2)) if years.group(2) else first
        if last < first:
            last += 100
        year = first if first == last else None  # the films' year, when the ceremony honours one
        self.changed = False
        edition = self.edition(int(ceremony), years.group(0), last + 1, number)
        award = self.award(canonical, category, number)
        works = [self.work(title, (film_ids or [""] * len(films))[i], year or first, year, canonical, number)
                 for i, title in enumerate(films)]
        people, organisations = [], []
        for i, name in enumerate(nominees):
            ids = (nominee_ids or [""] * len(nominees))[i].split(",")
            shared = len(ids) > 1  # a pseudonym several people shared
            for imdb in ids:
                if PERSON_ID.fullmatch(imdb) or (imdb in UNKNOWN and not COMPANY_WORDS.search(name)):
                    people.append(self.nominee(models.Person, name, imdb, first, number, shared))
                else:
                    organisations.append(self.nominee(models.Organisation, name, imdb, first, number, shared))
        outcome = NominationOutcome.WON if winner == "True" else NominationOutcome.NOMINATED
        shown_as = (row.get("Name") or "").strip()
        note = "\n\n".join(part for part in (
            f"Named as: {shown_as}" if shown_as and shown_as != ", ".join(nominees) else "",
            (row.get("Note") or "").strip(),
        ) if part)
        detail = "; ".join(split(row.get("Detail")))
        if len(detail) > 500:
            self.report.warn(number, "the detail is longer than 500 characters; cut")
            detail = detail[:499] + "…"
        created = self.nomination(edition, award, works, people, organisations, outcome, detail, note,
                                  (row.get("Citation") or "").strip(), number)
        return "created" if created else "updated" if self.changed else "unchanged"

    # Records --------------------------------------------------------------------------------------

    def edition(self, ceremony, honoured, held, number):
        if ceremony not in self.editions:
            edition = models.FestivalEdition.objects.filter(festival=self.festival, number=ceremony).first()
            if edition is None:
                edition = services.record_save(record=models.FestivalEdition(), fields={
                    "festival": self.festival, "number": ceremony, "year": held, "years_honoured": honoured,
                    "name": f"{ordinal(ceremony)} Academy Awards",
                    "slug": importing.unique_slug(models.FestivalEdition, f"academy-awards-{ceremony}"),
                })
                importing.cite(edition, self.source, f"row {number}")
                self.changed = True
            elif (edition.year, edition.years_honoured) != (held, honoured):
                raise RowRefused(f"the {ordinal(ceremony)} ceremony is already held in {edition.year} honouring "
                                 f"{edition.years_honoured or 'no year'}, not {held} honouring {honoured}")
            self.editions[ceremony] = edition
        return self.editions[ceremony]

    def award(self, canonical, category, number):
        if canonical not in self.awards:
            name = award_name(canonical)
            award = models.Award.objects.filter(festival=self.festival, name=name).first()
            if award is None:
                award = services.record_save(record=models.Award(), fields={
                    "festival": self.festival, "name": name,
                    "slug": importing.unique_slug(models.Award, f"academy-awards-{slugify(name)}"),
                })
                importing.cite(award, self.source, f"row {number}")
                self.changed = True
            self.awards[canonical] = (award, {name, *award.names.values_list("name", flat=True)})
        award, names = self.awards[canonical]
        for published in (canonical, category):
            if published not in names:
                services.record_save(record=models.AwardName(), fields={
                    "award": award, "name": published, "kind": NameKind.HISTORICAL if published == category
                    else NameKind.ALTERNATIVE, "note": "As the Academy's Awards Database writes it.",
                })
                names.add(published)
                self.changed = True
        return award

    def work(self, title, imdb, year_for_matching, year, canonical, number):
        imdb = "" if imdb in UNKNOWN else imdb
        key = ("work", imdb or (search.normalise(title), year_for_matching))
        if key not in self.records:
            work = importing.find_work(title, year_for_matching, imdb or None)
            if work is None:
                # A film known by its id keeps no year when the ceremony honours two; one without an
                # id takes the first, so that it is found again by title and year.
                year = year if imdb else year_for_matching
                work = services.record_save(record=models.Work(), fields={
                    "title": title, "kind": work_kind(canonical), "year": year,
                    "slug": importing.unique_slug(models.Work, title, str(year or "")),
                })
                importing.cite(work, self.source, f"row {number}")
                self.changed = True
            if imdb and not work.external_ids.filter(scheme=ExternalScheme.IMDB).exists():
                importing.identify(work, ExternalScheme.IMDB, imdb)
                self.changed = True
            titles = {work.title, *work.titles.values_list("title", flat=True)}
            for other in [title, *self.film_aliases.get(imdb, [])]:
                if other not in titles:
                    services.record_save(record=models.TitleVariant(), fields={
                        "work": work, "title": other, "kind": TitleKind.ALTERNATIVE,
                        "note": "As the Academy's Awards Database writes it.",
                    })
                    titles.add(other)
                    self.changed = True
            self.records[key] = work
        return self.records[key]

    def nominee(self, model, name, imdb, year, number, pseudonym=False):
        imdb = "" if imdb in UNKNOWN else imdb
        key = (model, imdb or search.normalise(name))
        record, known = self.records.get(key, (None, None))
        if record is None:
            record = importing.by_external_id(model, ExternalScheme.IMDB, imdb) if imdb else self.named(model, name,
                                                                                                         year)
            if record is None:
                record = services.record_save(record=model(), fields={
                    "name": name, "slug": importing.unique_slug(model, name),
                    **({"kind": OrganisationKind.PRODUCTION_COMPANY} if model is models.Organisation else {}),
                })
                importing.cite(record, self.source, f"row {number}")
                self.changed = True
                if imdb:
                    importing.identify(record, ExternalScheme.IMDB, imdb)
            known = {record.name, *record.names.values_list("name", flat=True)}
            if imdb:  # only a record with an id is certain enough to be found again without a look
                self.records[key] = (record, known)
        spellings = self.name_aliases if model is models.Person else self.company_aliases
        for other in [name, *spellings.get(imdb, [])]:
            if other not in known:
                variant = models.PersonName if model is models.Person else models.OrganisationName
                shared = pseudonym and other == name
                services.record_save(record=variant(), fields={
                    model._meta.model_name: record, "name": other,
                    "kind": NameKind.NOM_DE_GUERRE if shared else NameKind.ALTERNATIVE,
                    "note": "A pseudonym shared with others, as the Academy's Awards Database writes it." if shared
                    else "As the Academy's Awards Database writes it.",
                })
                known.add(other)
                self.changed = True
        return record

    def named(self, model, name, year):
        """A nominee without an id: the one record of this name that has no IMDb id either and
        was nominated at the Academy Awards within MATCH_YEARS of `year`."""
        key = search.normalise(name)
        candidates = model._default_manager.filter(Q(search_key=key) | Q(names__search_key=key)).exclude(
            external_ids__scheme=ExternalScheme.IMDB).filter(
            nominations__edition__festival=self.festival,
            nominations__edition__year__gte=year - MATCH_YEARS, nominations__edition__year__lte=year + MATCH_YEARS,
        ).distinct()
        found = list(candidates[:2])
        return found[0] if len(found) == 1 else None

    def nomination(self, edition, award, works, people, organisations, outcome, detail, note, citation, number):
        """The nomination of this award at this edition for these works and nominees, with this
        detail; made once, its outcome and note brought up to date."""
        work, others = (works[0], works[1:]) if works else (None, [])
        # Two technical awards to one company at one ceremony differ only by their citations.
        same = models.Nomination.objects.filter(edition=edition, award=award, work=work, detail=detail).filter(
            citations__source=self.source, citations__quote=citation)
        signature = ({w.pk for w in others}, {p.pk for p in people}, {o.pk for o in organisations})
        for candidate in same.distinct().prefetch_related("other_works", "people", "organisations"):
            if signature == ({w.pk for w in candidate.other_works.all()}, {p.pk for p in candidate.people.all()},
                             {o.pk for o in candidate.organisations.all()}):
                fields = {name: value for name, value in (("outcome", outcome), ("note", note))
                          if getattr(candidate, name) != value}
                if fields:
                    services.record_save(record=candidate, fields=fields)
                    self.changed = True
                return False
        nomination = services.record_save(record=models.Nomination(), fields={
            "edition": edition, "award": award, "work": work, "outcome": outcome, "detail": detail, "note": note,
        }, many={"other_works": others, "people": people, "organisations": organisations})
        self.cite(nomination, citation, number)
        return True

    def cite(self, nomination, citation, number):
        """Cite the data set for a new nomination, quoting the award's official citation."""
        services.record_save(record=models.Citation(), fields={
            "source": self.source, "content_object": nomination, "locator": f"row {number}", "quote": citation,
        })
