"""The matching module: search keys, kept on every write, and how `q` uses them."""
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from catalogue import models, search
from catalogue.choices import TitleKind

from . import factories as make

KEYS = [
    ("360° Siege", "360 siege"),
    ("Cinéma Vérité", "cinema verite"),
    ("Children’s Department", "childrens department"),
    ("  Abadan 11, 60 ", "abadan 11 60"),
    ("HAJJ  Qassem", "hajj qassem"),
    ("Al-Dhuluiya", "al dhuluiya"),
    ("ﬁlm", "film"),
    ("قاسم سليمانى", "قاسم سلیمانی"),  # Arabic yeh and alef maksura fold to the Persian yeh
    ("کمال", "کمال"),
    ("كمال", "کمال"),  # Arabic kaf folds to the Persian keheh
    ("مـــدينة", "مدینه"),  # tatweel dropped, Arabic yeh and teh marbuta folded
    ("!!!", ""),
    ("", ""),
]


@pytest.mark.parametrize(("text", "key"), KEYS)
def test_normalise_folds_case_accents_punctuation_and_arabic_script_forms(text, key):
    assert search.normalise(text) == key


@pytest.mark.django_db
def test_keys_are_set_on_every_save_of_a_record_and_of_its_variants():
    work = make.work(title="Liberation of Amerli")
    variant = models.TitleVariant.objects.create(work=work, title="Āzādsāzī-ye Āmerli", kind=TitleKind.ROMANISED)
    assert (work.search_key, variant.search_key) == ("liberation of amerli", "azadsazi ye amerli")
    work.title = "The Liberation of Amerli"
    work.save()
    assert models.Work.objects.get(pk=work.pk).search_key == "the liberation of amerli"
    person = make.person(name="Qassem Soleimani", native_name="قاسم سلیمانی")
    assert person.search_key == "qassem soleimani | قاسم سلیمانی"


@pytest.mark.django_db
def test_raw_fixture_loads_set_the_keys_too(seed):
    assert models.Work.objects.get(slug="360-siege").search_key == "360 siege"
    assert not models.PersonName.objects.filter(search_key="").exists()


@pytest.mark.django_db
def test_rebuild_search_keys_restores_stale_keys(seed):
    stale = models.Work.objects.filter(slug__in=["360-siege", "coma"]).update(search_key="")
    output = StringIO()
    call_command("rebuild_search_keys", stdout=output)
    entries = models.SearchEntry.objects.count()
    assert output.getvalue().splitlines() == [f"{stale} search keys updated.", f"{entries} names and titles indexed."]
    assert models.Work.objects.get(slug="360-siege").search_key == "360 siege"


@pytest.mark.django_db
def test_a_record_matched_by_several_variants_appears_once(seed):
    found = search.matching(models.Person.objects.all(), "qassem")
    assert [person.slug for person in found] == ["qassem-soleimani"]


@pytest.mark.django_db
def test_every_word_must_match_within_one_name_and_word_order_does_not_matter(seed):
    people = models.Person.objects.all()
    assert [p.slug for p in search.matching(people, "soleimani qassem")] == ["qassem-soleimani"]
    assert list(search.matching(people, "hamed soleimani")) == []


@pytest.mark.django_db
def test_a_model_without_search_keys_cannot_be_searched():
    with pytest.raises(ValueError, match="catalogue.Citation has no search keys"):
        search.matching(models.Citation.objects.all(), "x")


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 indexes are SQLite's (PostgreSQL has pg_trgm)")
def test_the_sqlite_full_text_indexes_follow_every_insert_update_and_delete_of_the_entries():
    kept, changed, removed = (make.person(name=name) for name in ("Rakhshan Banietemad", "Kianoush Ayari", "Bahram Beyzai"))
    models.SearchEntry.objects.filter(record_type="person", record_id=changed.pk).update(
        key="kianush ayari", loose=" kianus aiari ")
    models.SearchEntry.objects.filter(record_type="person", record_id=removed.pk).delete()

    def indexed(column, phrase):
        index = search.WORD_INDEX
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT rowid FROM {index} WHERE {index} MATCH %s", [f'{column} : "{phrase}"'])
            return {models.SearchEntry.objects.get(pk=row[0]).record_id for row in cursor.fetchall()}

    assert indexed("key", "banietemad") == {kept.pk}
    assert indexed("key", "kianush") == {changed.pk}
    assert indexed("key", "kianoush") == set()
    assert indexed("loose", "aiari") == {changed.pk}
    assert indexed("loose", "ayari") == set()
    assert indexed("skeleton", "bntmd") == {kept.pk}
    assert indexed("key", "beyzai") == indexed("skeleton", "bhrm") == set()
    with connection.cursor() as cursor:  # FTS5 checks the index against the entries themselves
        cursor.execute(f"INSERT INTO {search.WORD_INDEX}({search.WORD_INDEX}, rank) VALUES ('integrity-check', 1)")


# Words found inside longer words, through the vocabulary (catalogue.search.indexed) ----------------

# Longer than the vocabulary's column on SQLite, which does not limit it (nor a name's); PostgreSQL
# limits a name to 255 characters.
LONG_WORD = "x" * (300 if connection.vendor == "sqlite" else 200) + "ali"


@pytest.fixture
def hidden_words(db):
    """Names whose words hold a query's word: inside a longer word, in Persian script joined by a
    zero-width non-joiner, in a very long word, after digits."""
    names = ["Khalili Natali", "Ebrahim Hatami\u200ckia", f"Someone {LONG_WORD}", "Film 1979ali", "Ali"]
    return {name: make.person(name=name) for name in names}


@pytest.mark.parametrize("words", [["ali"], ["kia"], ["hatami"], ["ali", "natal"], ["979"], ["zzz"], ["ali", "zzz"]])
def test_the_index_finds_every_entry_whose_key_holds_the_words(hidden_words, words):
    """The entries the full-text index proposes include every entry `key LIKE '%word%'` finds."""
    contains = models.SearchEntry.objects.all()
    for word in words:
        contains = contains.filter(key__contains=word)
    proposed = models.SearchEntry.objects.filter(search.indexed([("key", words)]))
    assert set(contains.values_list("pk", flat=True)) <= set(proposed.values_list("pk", flat=True))
    if connection.vendor == "sqlite":  # where the index serves them, it proposes no entry without the words
        assert set(proposed.values_list("pk", flat=True)) == set(contains.values_list("pk", flat=True))


def test_q_finds_a_word_inside_longer_words_and_scripts(api, hidden_words):
    found = {r["name"] for r in api.get("/api/v1/people/", {"q": "ali"}).json()["results"]}
    assert found == {"Khalili Natali", f"Someone {LONG_WORD}", "Film 1979ali", "Ali"}
    assert {r["name"] for r in api.get("/api/v1/people/", {"q": "kia"}).json()["results"]} == {"Ebrahim Hatami\u200ckia"}


def test_the_vocabulary_holds_every_word_of_every_key(hidden_words):
    words = set(models.SearchWord.objects.values_list("word", flat=True))
    keys = models.SearchEntry.objects.values_list("key", flat=True)
    missing = {word for key in keys for word in key.split()} - words
    assert missing == set()


# Queries of every shape the first query takes: one word, two, a short word alone, short words
# beside long ones, Persian script, digits, a word in an article's place, a long query, a name
# and a title of the seed, and a query that nothing matches.
SHAPED = ["qassem", "Qassem Soleimani", "al", "ab cd", "قاسم سلیمانی", "1979", "al-dhuluiya",
          "the liberation of amerli in the summer of 2014", "Abadan 11 60", "zzzz qqqq", "Ghasem Soleymani"]


@pytest.mark.django_db
@pytest.mark.parametrize(("exact", "top"), [(False, 0), (True, 1), (True, 50)])
@pytest.mark.parametrize("record_types", [("person",), ("work", "person", "organisation")])
def test_the_first_query_compiled_for_each_shape_finds_what_the_orm_builds(
        seed, hidden_words, exact, top, record_types):
    """first_rows() runs the SQL compiled once per shape of query with the query's own words (and
    the page's end) in place of the stand-ins: its rows are those of the query the ORM builds."""
    make.person(name="Qassem Soleimani")  # a second exact name, more than a page of one holds
    alias = connection.alias
    found = 0
    for text in SHAPED:
        query = search.Query(text)
        assert search.first_statement(alias, record_types, query.shape(), exact, search.MAX_LISTED) is not None, text
        built = search.first_query(list(record_types), query, exact, str(top))
        rows = search.first_rows(list(record_types), query, exact, top)
        assert sorted(rows, key=repr) == sorted(built, key=repr), text
        found += bool(rows)
    assert found >= 6  # the queries find people in the seed and hidden_words


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL's first query lists no matches")
def test_the_first_query_lists_the_matches_only_when_the_exact_names_do_not_pass_the_page(seed):
    make.person(name="Qassem Soleimani")  # with the seed's, two people named so
    make.person(name="Qassem Soleimani Junior")
    query = search.Query("qassem soleimani")
    for top, listed in ((1, False), (2, True), (20, True)):
        rows = search.first_rows(["person"], query, True, top)
        named = [row for row in rows if row[2] is not None]
        assert len(named) == 2
        assert len(rows) > len(named) if listed else len(rows) == len(named), top
        first = search.first_hits(["person"], query, exact=True, top=top)
        assert (first.records is not None) is listed and len(first.exact) == 2


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL's first query lists no matches")
def test_the_first_query_is_compiled_for_the_limit_it_is_written_with(hidden_words, monkeypatch):
    """A statement compiled while MAX_LISTED was other (a test's) is not the one read after."""
    query = search.Query("ali")
    every = search.first_rows(["person"], query, False)
    monkeypatch.setattr(search, "MAX_LISTED", 1)
    assert len(search.first_rows(["person"], query, False)) == 2  # MAX_LISTED + 1, to tell there are more
    monkeypatch.undo()
    assert search.first_rows(["person"], query, False) == every and len(every) >= 4
