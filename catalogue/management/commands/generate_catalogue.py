"""A realistic synthetic catalogue for benchmarks: works with titles in several languages, people
whose names come in several romanisations and scripts, a few credits per work, organisations,
festivals with yearly editions, sections, selections and nominations. The same seed gives the
same catalogue. Rows are written in bulk (no history, no per-row signals); the search keys and
the search index are written alongside."""
import random
import time

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.db.models import Max
from django.utils.text import slugify

from catalogue import models, search
from catalogue.choices import (
    CreditRole,
    FestivalKind,
    NameKind,
    NominationOutcome,
    OrganisationKind,
    SectionKind,
    SelectionStatus,
    SubjectKind,
    TitleKind,
    WorkKind,
)

# Given names and surnames, each with its other romanisations and, for Persian and Arabic ones,
# the native spelling: (preferred, [variants], native or "").
PERSIAN_GIVEN = [
    ("Qassem", ["Qasem", "Ghasem", "Ghassem"], "قاسم"), ("Mehdi", ["Mahdi", "Mehdy"], "مهدی"),
    ("Hossein", ["Hosein", "Hussein", "Husayn"], "حسین"), ("Mohammad", ["Mohamad", "Muhammad"], "محمد"),
    ("Reza", ["Riza"], "رضا"), ("Davoud", ["Davood", "Dawood"], "داوود"), ("Sirous", ["Cyrus", "Siroos"], "سیروس"),
    ("Fatemeh", ["Fateme", "Fatima"], "فاطمه"), ("Zahra", ["Zahrah"], "زهرا"), ("Maryam", ["Mariam"], "مریم"),
    ("Ebrahim", ["Ibrahim"], "ابراهیم"), ("Esmail", ["Ismail"], "اسماعیل"), ("Kamal", [], "کمال"),
    ("Behnam", [], "بهنام"), ("Hamed", ["Hamid"], "حامد"), ("Narges", [], "نرگس"), ("Shirin", [], "شیرین"),
    ("Abbas", ["Abas"], "عباس"), ("Ali", [], "علی"), ("Yousef", ["Yusuf", "Yousof"], "یوسف"),
]
PERSIAN_FAMILY = [
    ("Soleimani", ["Soleymani", "Sulaimani"], "سلیمانی"), ("Moqaddam", ["Moghaddam", "Mogadam"], "مقدم"),
    ("Hosseini", ["Hosseiny", "Husaini"], "حسینی"), ("Karimi", ["Karimy"], "کریمی"),
    ("Rezaei", ["Rezaee", "Rezai"], "رضایی"),
    ("Ahmadi", [], "احمدی"), ("Mirbaqeri", ["Mirbagheri"], "میرباقری"), ("Hatamikia", [], "حاتمی‌کیا"),
    ("Bahadori", [], "بهادری"), ("Motahhar", ["Motahar"], "مطهر"), ("Khoshbakht", ["Khushbakht"], "خوشبخت"),
    ("Tavakoli", ["Tavakkoli"], "توکلی"), ("Jafari", ["Ja'fari"], "جعفری"), ("Ghaffari", ["Qaffari"], "غفاری"),
    ("Sadeghi", ["Sadeqi"], "صادقی"), ("Nouri", ["Nuri", "Noori"], "نوری"),
]
ARABIC_GIVEN = [
    ("Haider", ["Haidar", "Hayder"], "حيدر"), ("Nuri", ["Nouri"], "نوري"), ("Ammar", [], "عمار"),
    ("Layla", ["Leila", "Laila"], "ليلى"), ("Omar", ["Umar"], "عمر"), ("Khalid", ["Khaled"], "خالد"),
    ("Samira", [], "سميرة"), ("Youssef", ["Yusuf"], "يوسف"),
]
ARABIC_FAMILY = [
    ("al-Abadi", ["Al Abadi"], "العبادي"), ("al-Maliki", ["el-Maleki"], "المالكي"), ("Haddad", [], "حداد"),
    ("al-Khatib", ["Khatib"], "الخطيب"), ("Nasrallah", ["Nasrullah"], "نصرالله"), ("Mansour", ["Mansur"], "منصور"),
]
LATIN_GIVEN = [
    "Agnès", "Jean", "Claire", "Werner", "Hanna", "Pedro", "Lucía", "Chantal", "Frederick", "Barbara", "Errol",
    "Kim", "Laura", "Joshua", "Patricio", "Sergei", "Jonas", "Mira", "Alain", "Ulrike",
]
LATIN_FAMILY = [
    "Varda", "Rouch", "Herzog", "Kopple", "Guzmán", "Akerman", "Wiseman", "Morris", "Longinotto", "Poitras",
    "Oppenheimer", "Loznitsa", "Mekas", "Nair", "Resnais", "Ophüls", "Müller", "Ivens", "Marker", "Dindo",
]
JAPANESE = [("Hirokazu", "Koreeda"), ("Naomi", "Kawase"), ("Kazuo", "Hara"), ("Shinsuke", "Ogawa")]

TITLE_WORDS = {
    "en": ["Siege", "River", "Night", "Children", "Border", "Silence", "Fire", "Desert", "Memory", "Garden", "Road",
           "Mountain", "Harvest", "Winter", "Martyr", "City", "Sea", "Letters", "Voices", "Return"],
    "fr": ["Nuit", "Mémoire", "Rivière", "Frontière", "Jardin", "Hiver", "Silence", "Retour", "Voix", "Enfants"],
    "fa": ["شب", "رود", "مرز", "خاک", "باغ", "کوه", "دریا", "آتش", "سکوت", "بازگشت"],
    "fa-Latn": ["Shab", "Rud", "Marz", "Khak", "Bagh", "Kuh", "Darya", "Atash", "Sokut", "Bazgasht"],
}
PLACES = ["Amerli", "Abadan", "Tikrit", "Mosul", "Aleppo", "Khorramshahr", "Basra", "Tehran", "Kabul", "Sarajevo",
          "Beirut", "Gaza", "Marseille", "Berlin", "Lagos", "Havana"]
FESTIVAL_NAMES = [
    "Fajr", "Cinéma Vérité", "Ammar", "Resistance", "Baghdad", "Carthage", "Visions du Réel", "Leipzig DOK",
    "Sheffield DocFest", "Hot Docs", "IDFA", "Cinéma du Réel", "Jihlava", "Yamagata", "DMZ Docs", "Thessaloniki",
    "Krakow", "Sarajevo", "Marseille FID", "Nyon", "Tampere", "Oberhausen", "Clermont-Ferrand", "Locarno",
    "Rotterdam", "Busan", "Dubai", "Cairo", "Tribeca", "Sundance", "Berlinale", "Venice", "Cannes", "Toronto",
    "San Sebastián", "Karlovy Vary", "Moscow", "Tallinn", "Warsaw", "Valladolid",
]
AWARDS = ["Best Documentary", "Best Director", "Special Jury Prize", "Audience Award", "Best Cinematography"]
KINDS = [WorkKind.DOCUMENTARY] * 5 + [WorkKind.FEATURE_FILM] * 3 + [
    WorkKind.SHORT_DOCUMENTARY, WorkKind.SHORT_FILM, WorkKind.ANIMATION, WorkKind.DOCUMENTARY_SERIES,
    WorkKind.TV_SERIES, WorkKind.TV_FILM,
]
ROLES = [CreditRole.DIRECTOR, CreditRole.PRODUCER, CreditRole.CINEMATOGRAPHER, CreditRole.EDITOR,
         CreditRole.COMPOSER, CreditRole.WRITER, CreditRole.CAST]
COUNTRIES = ["IR", "IQ", "FR", "DE", "US", "GB", "LB", "SY", "AF", "JP", "BR", "ES", "IT", "EG", "TN", "NG"]
LANGUAGES = ["fa", "ar", "fr", "de", "en", "ja", "es", "it", "ku", "pt"]


class Ids:
    """The next free primary key of each model, so that rows can refer to each other before
    they are written."""

    def __init__(self):
        self.next = {}

    def take(self, model):
        if model not in self.next:
            self.next[model] = (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
        value = self.next[model]
        self.next[model] += 1
        return value


class Command(BaseCommand):
    help = "Create a realistic synthetic catalogue (fixed seed) for benchmarks: --works N."

    def add_arguments(self, parser):
        parser.add_argument("--works", type=int, required=True)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--credits", type=int, default=5, help="Credits per work on average (default 5).")
        parser.add_argument("--batch", type=int, default=5000)

    def handle(self, *args, works, seed, credits, batch, **options):
        self.random, self.ids, self.batch = random.Random(seed), Ids(), batch
        self.pending, self.written, self.indexing, self.keys = {}, {}, None, set()
        started = time.monotonic()
        with transaction.atomic():
            organisations = self.organisations(max(10, works // 20))
            people = self.people(max(20, works // 2))
            work_ids, years = self.works(works, credits, people, organisations)
            subjects = self.subjects(max(5, works // 100), people)
            self.work_subjects(work_ids, subjects)
            self.festivals(work_ids, years, people)
            self.flush_all()
            self.reset_sequences()
        self.analyze()
        elapsed = time.monotonic() - started
        summary = ", ".join(f"{count} {name}" for name, count in self.written.items())
        self.stdout.write(f"Created {summary} in {elapsed:.0f} s.")

    @staticmethod
    def analyze():
        """Statistics of the tables for the query planner, after the bulk load. SQLite has none
        until ANALYZE runs, and guesses (an equality keeps ten rows): at a million works it
        found a festival's nominations of one outcome by reading every nomination of that
        outcome (18 to 47 ms), where with statistics it reads the festival's editions (0.2 ms).

        On PostgreSQL, VACUUM (ANALYZE): the vacuum also sets the visibility map, without which
        an index-only scan still reads every row's page to see whether the row is visible. At a
        million works, counting the works of one kind and year read 3,300 pages of the table
        (15 ms) where the index alone answers. Autovacuum would get there, later. VACUUM cannot
        run in a transaction: within one (a test's), ANALYZE alone."""
        with connection.cursor() as cursor:
            vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
            cursor.execute("VACUUM (ANALYZE)" if vacuum else "ANALYZE")

    # Writing in batches

    def add(self, row):
        rows = self.pending.setdefault(type(row), [])
        rows.append(row)
        if len(rows) >= self.batch:
            self.flush(type(row))

    def flush(self, model):
        rows = self.pending.pop(model, [])
        if rows:
            model.objects.bulk_create(rows, batch_size=self.batch)
            name = str(model._meta.verbose_name_plural)
            self.written[name] = self.written.get(name, 0) + len(rows)

    def flush_all(self):
        # Referenced tables first, so that foreign keys hold at every flush on every database.
        order = [models.Organisation, models.OrganisationName, models.Person, models.PersonName, models.Work,
                 models.TitleVariant, models.Work.countries.through, models.Work.languages.through, models.Credit,
                 models.Subject, models.SubjectName, models.WorkSubject, models.Festival, models.FestivalEdition,
                 models.Section, models.Selection, models.Award, models.Nomination,
                 models.Nomination.people.through, models.SearchEntry]
        for model in order:
            self.flush(model)
        words = search.vocabulary(models.SearchEntry.objects.values_list("key", flat=True).iterator(chunk_size=20000))
        models.SearchWord.objects.bulk_create([models.SearchWord(word=w) for w in words], batch_size=self.batch,
                                              ignore_conflicts=True)

    def index(self, record_type, pk, kind, text):
        """An index entry, as search.entries_of() makes them: one per distinct key of a record."""
        row = search.entry(record_type, pk, kind, text)
        if self.indexing != (record_type, pk):
            self.indexing, self.keys = (record_type, pk), set()
        if row.key and row.key not in self.keys:
            self.keys.add(row.key)
            self.add(row)

    def reset_sequences(self):
        tables = [models.Organisation, models.OrganisationName, models.Person, models.PersonName, models.Work,
                  models.TitleVariant, models.Credit, models.Subject, models.SubjectName, models.WorkSubject,
                  models.Festival, models.FestivalEdition, models.Section, models.Selection, models.Award,
                  models.Nomination]
        statements = connection.ops.sequence_reset_sql(self.style, tables)
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)

    # Records

    def name_parts(self):
        roll = self.random.random()
        if roll < 0.45:
            return self.random.choice(PERSIAN_GIVEN), self.random.choice(PERSIAN_FAMILY)
        if roll < 0.6:
            return self.random.choice(ARABIC_GIVEN), self.random.choice(ARABIC_FAMILY)
        if roll < 0.95:
            return (self.random.choice(LATIN_GIVEN), [], ""), (self.random.choice(LATIN_FAMILY), [], "")
        given, family = self.random.choice(JAPANESE)
        return (given, [], ""), (family, [], "")

    def people(self, count):
        ids = []
        for _ in range(count):
            (given, given_variants, given_native), (family, family_variants, family_native) = self.name_parts()
            pk = self.ids.take(models.Person)
            name = f"{given} {family}"
            native = f"{given_native} {family_native}" if given_native and family_native else ""
            person = models.Person(id=pk, name=name, native_name=native, slug=f"{slugify(name)}-{pk}",
                                   birth_year=self.random.randint(1920, 2000))
            person.search_key = search.search_key(person)
            self.add(person)
            self.index("person", pk, "name", name)
            if native:
                self.index("person", pk, "native", native)
            spellings = {f"{g} {f}" for g in [given, *given_variants] for f in [family, *family_variants]} - {name}
            for variant in sorted(spellings)[:3]:
                row = models.PersonName(id=self.ids.take(models.PersonName), person_id=pk, name=variant,
                                        kind=NameKind.ROMANISATION)
                row.search_key = search.search_key(row)
                self.add(row)
                self.index("person", pk, "variant", variant)
            ids.append(pk)
        return ids

    def organisations(self, count):
        ids = []
        kinds = [OrganisationKind.PRODUCTION_COMPANY] * 4 + [OrganisationKind.BROADCASTER, OrganisationKind.DISTRIBUTOR,
                                                             OrganisationKind.FOUNDATION]
        for _ in range(count):
            pk = self.ids.take(models.Organisation)
            word = self.random.choice(TITLE_WORDS["en"] + PLACES)
            name = f"{word} {self.random.choice(['Films', 'Media', 'Productions', 'Pictures', 'Documentary Center'])}"
            organisation = models.Organisation(id=pk, name=name, slug=f"{slugify(name)}-{pk}",
                                               kind=self.random.choice(kinds), country_id=self.random.choice(COUNTRIES))
            organisation.search_key = search.search_key(organisation)
            self.add(organisation)
            self.index("organisation", pk, "name", name)
            ids.append(pk)
        return ids

    def title(self):
        words = TITLE_WORDS["en"]
        shape = self.random.random()
        if shape < 0.4:
            return f"{self.random.choice(words)} of {self.random.choice(PLACES)}"
        if shape < 0.7:
            return f"The {self.random.choice(words)} {self.random.choice(['and the', 'in the', 'after the'])} " \
                   f"{self.random.choice(words)}"
        if shape < 0.85:
            return f"{self.random.choice(PLACES)} {self.random.randint(1, 99)}"
        french = self.random.choice(TITLE_WORDS["fr"])
        return f"{french} {self.random.choice(['de', 'du'])} {self.random.choice(PLACES)}"

    def works(self, count, credits, people, organisations):
        ids, years = [], {}
        countries, languages = models.Work.countries.through, models.Work.languages.through
        for _ in range(count):
            pk = self.ids.take(models.Work)
            title = self.title()
            year = self.random.randint(1930, 2025)
            kind = self.random.choice(KINDS)
            work = models.Work(id=pk, title=title, slug=f"{slugify(title)}-{pk}", kind=kind, year=year,
                               runtime_minutes=self.random.randint(8, 180))
            work.search_key = search.search_key(work)
            self.add(work)
            self.index("work", pk, "name", title)
            if self.random.random() < 0.3:
                index = self.random.randrange(len(TITLE_WORDS["fa"]))
                for text, kind_of_title in ((f"{TITLE_WORDS['fa'][index]} {self.random.choice(TITLE_WORDS['fa'])}",
                                             TitleKind.ORIGINAL),
                                            (f"{TITLE_WORDS['fa-Latn'][index]}", TitleKind.ROMANISED)):
                    variant = models.TitleVariant(id=self.ids.take(models.TitleVariant), work_id=pk, title=text,
                                                  kind=kind_of_title)
                    variant.search_key = search.search_key(variant)
                    self.add(variant)
                    self.index("work", pk, "variant", text)
            self.add(countries(work_id=pk, country_id=self.random.choice(COUNTRIES)))
            self.add(languages(work_id=pk, language_id=self.random.choice(LANGUAGES)))
            for order in range(max(1, round(self.random.gauss(credits, 1.5)))):
                role = CreditRole.DIRECTOR if order == 0 else self.random.choice(ROLES)
                if role == CreditRole.PRODUCER and self.random.random() < 0.5:
                    who = {"organisation_id": self.random.choice(organisations)}
                else:
                    who = {"person_id": self.random.choice(people)}
                self.add(models.Credit(id=self.ids.take(models.Credit), work_id=pk, role=role, order=order, **who))
            ids.append(pk)
            years[pk] = year
        return ids, years

    def subjects(self, count, people):
        ids = []
        for n in range(count):
            pk = self.ids.take(models.Subject)
            place = self.random.choice(PLACES)
            name = f"{self.random.choice(['Siege of', 'Battle of', 'Liberation of', 'Flood in'])} {place} {n}"
            subject = models.Subject(id=pk, name=name, slug=f"{slugify(name)}-{pk}", kind=SubjectKind.EVENT)
            subject.search_key = search.search_key(subject)
            self.add(subject)
            self.index("subject", pk, "name", name)
            ids.append(pk)
        return ids

    def work_subjects(self, work_ids, subjects):
        for pk in self.random.sample(work_ids, min(len(work_ids), len(subjects) * 3)):
            self.add(models.WorkSubject(id=self.ids.take(models.WorkSubject), work_id=pk,
                                        subject_id=self.random.choice(subjects)))

    def festivals(self, work_ids, years, people):
        by_year = {}
        for pk, year in years.items():
            by_year.setdefault(year, []).append(pk)
        nominees = models.Nomination.people.through
        for number, base in enumerate(FESTIVAL_NAMES):
            pk = self.ids.take(models.Festival)
            name = f"{base} International Documentary Film Festival" if number % 3 else f"{base} Film Festival"
            founded = self.random.randint(1946, 2005)
            festival = models.Festival(id=pk, name=name, slug=f"{slugify(name)}-{pk}", kind=FestivalKind.FILM_FESTIVAL,
                                       founded_year=founded)
            festival.search_key = search.search_key(festival)
            self.add(festival)
            self.index("festival", pk, "name", name)
            awards = []
            for award_name in AWARDS:
                award_id = self.ids.take(models.Award)
                award = models.Award(id=award_id, festival_id=pk, name=award_name,
                                     slug=f"{slugify(award_name)}-{award_id}")
                award.search_key = search.search_key(award)
                self.add(award)
                self.index("award", award_id, "name", award_name)
                awards.append(award_id)
            for edition_number, year in enumerate(range(founded, 2026), 1):
                edition_id = self.ids.take(models.FestivalEdition)
                self.add(models.FestivalEdition(id=edition_id, festival_id=pk, number=edition_number, year=year,
                                                slug=f"{slugify(base)}-{year}-{edition_id}"))
                section_id = self.ids.take(models.Section)
                self.add(models.Section(id=section_id, edition_id=edition_id, name="International Competition",
                                        kind=SectionKind.MAIN_COMPETITION))
                candidates = by_year.get(year, []) + by_year.get(year - 1, [])
                chosen = self.random.sample(candidates, min(len(candidates), 12))
                for work_id in chosen:
                    self.add(models.Selection(id=self.ids.take(models.Selection), work_id=work_id,
                                              edition_id=edition_id, section_id=section_id,
                                              status=SelectionStatus.IN_COMPETITION))
                for award_id in awards:
                    for place, work_id in enumerate(chosen[:4]):
                        nomination_id = self.ids.take(models.Nomination)
                        outcome = NominationOutcome.WON if place == 0 else NominationOutcome.NOMINATED
                        self.add(models.Nomination(id=nomination_id, award_id=award_id, edition_id=edition_id,
                                                   work_id=work_id, outcome=outcome))
                        self.add(nominees(nomination_id=nomination_id, person_id=self.random.choice(people)))
