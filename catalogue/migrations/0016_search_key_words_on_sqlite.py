"""On SQLite, the words of the search entries' keys join their loose and skeleton words in one
FTS5 word index, `catalogue_searchentry_words` (unicode61 over `key`, `loose` and `skeleton`),
and the trigram index of migration 0015 goes.

catalogue.search finds the entries whose key holds a query's word (anywhere in one of its words:
"ali" in "khalili") through the vocabulary (catalogue_searchword, every word of every key): the
words that hold it, then the entries that hold one of those words whole. At a million works the
trigram index's phrase queries took 8 to 18 ms for a common name, the word index under 1 ms.

The vocabulary is filled from the keys here too, so that it holds every word of every key,
whatever wrote them: on SQLite, words longer than 255 characters included (SQLite does not
limit the column's length; PostgreSQL, which has trigram indexes on the keys themselves, keeps
the limit). As in 0015, the index is an external-content table kept in step by triggers."""
import importlib

from django.db import migrations

from catalogue.migrations import _fts

OLD = importlib.import_module("catalogue.migrations.0015_search_indexes_on_sqlite").INDEXES
NEW = {"catalogue_searchentry_words": (("key", "loose", "skeleton"), "unicode61")}


def vocabulary(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    SearchEntry, SearchWord = apps.get_model("catalogue", "SearchEntry"), apps.get_model("catalogue", "SearchWord")
    known = set(SearchWord.objects.values_list("word", flat=True).iterator(chunk_size=20000))
    keys = SearchEntry.objects.values_list("key", flat=True).iterator(chunk_size=20000)
    missing = {word for key in keys for word in key.split()} - known
    SearchWord.objects.bulk_create([SearchWord(word=word) for word in missing], batch_size=2000,
                                   ignore_conflicts=True)


class Migration(migrations.Migration):

    dependencies = [
        ("catalogue", "0015_search_indexes_on_sqlite"),
    ]

    operations = [
        migrations.RunPython(_fts.run(_fts.drop(OLD) + _fts.create(NEW)), _fts.run(_fts.drop(NEW) + _fts.create(OLD)),
                             elidable=False),
        migrations.RunPython(vocabulary, migrations.RunPython.noop, elidable=False),
    ]
