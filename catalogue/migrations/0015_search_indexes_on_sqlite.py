"""On SQLite, full-text indexes of the search entries' keys, read by catalogue.search to find the
entries that can match a query instead of testing them all:

- `catalogue_searchentry_fts`: an FTS5 table with the trigram tokenizer over `key`, where a query's
  words are found anywhere in a name ("ali" in "khalili");
- `catalogue_searchentry_words`: an FTS5 table with the unicode61 tokenizer over `loose` and
  `skeleton`, where they are matched as whole words.

Both are external-content tables kept in step by triggers (_fts.py). Migration 0016 replaced
them with one word index of the three columns.

PostgreSQL has had trigram GIN indexes on the same keys since the search migration; there this
migration does nothing."""
from django.db import migrations

from catalogue.migrations import _fts

INDEXES = {  # table: (columns, tokenizer)
    "catalogue_searchentry_fts": (("key",), "trigram"),
    "catalogue_searchentry_words": (("loose", "skeleton"), "unicode61"),
}


class Migration(migrations.Migration):

    dependencies = [
        ("catalogue", "0014_indexes_for_list_filters_and_orderings"),
    ]

    operations = [
        migrations.RunPython(_fts.run(_fts.create(INDEXES)), _fts.run(_fts.drop(INDEXES)), elidable=False),
    ]
