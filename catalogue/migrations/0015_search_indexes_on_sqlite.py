"""On SQLite, full-text indexes of the search entries' keys, read by catalogue.search to find the
entries that can match a query instead of testing them all:

- `catalogue_searchentry_fts`: an FTS5 table with the trigram tokenizer over `key`, where a query's
  words are found anywhere in a name ("ali" in "khalili");
- `catalogue_searchentry_words`: an FTS5 table with the unicode61 tokenizer over `loose` and
  `skeleton`, where they are matched as whole words.

Both are external-content tables (their content is the entries themselves, so no text is stored
twice), kept in step by triggers on every insert, update and delete, bulk ones included.

A later migration that has Django's SQLite schema editor remake `catalogue_searchentry` (an altered
column, say) drops the triggers with the old table: it must create them again.

PostgreSQL has had trigram GIN indexes on the same keys since the search migration; there this
migration does nothing."""
from django.db import migrations

INDEXES = {  # table: (columns, tokenizer)
    "catalogue_searchentry_fts": (("key",), "trigram"),
    "catalogue_searchentry_words": (("loose", "skeleton"), "unicode61"),
}


def statements(table, columns, tokenizer):
    names = ", ".join(columns)
    new, old = (", ".join(f"{row}.{column}" for column in columns) for row in ("new", "old"))
    insert = f"INSERT INTO {table}(rowid, {names}) VALUES (new.id, {new});"
    delete = f"INSERT INTO {table}({table}, rowid, {names}) VALUES ('delete', old.id, {old});"
    return [
        f"CREATE VIRTUAL TABLE {table} USING fts5({names}, content='catalogue_searchentry', content_rowid='id', "
        f"tokenize='{tokenizer}')",
        f"CREATE TRIGGER {table}_insert AFTER INSERT ON catalogue_searchentry BEGIN {insert} END",
        f"CREATE TRIGGER {table}_delete AFTER DELETE ON catalogue_searchentry BEGIN {delete} END",
        f"CREATE TRIGGER {table}_update AFTER UPDATE ON catalogue_searchentry BEGIN {delete} {insert} END",
        f"INSERT INTO {table}({table}) VALUES ('rebuild')",  # the entries already written
    ]


CREATE = [statement for table, (columns, tokenizer) in INDEXES.items()
          for statement in statements(table, columns, tokenizer)]
DROP = [f"DROP TRIGGER IF EXISTS {table}_{event}" for table in INDEXES for event in ("insert", "delete", "update")] + [
    f"DROP TABLE IF EXISTS {table}" for table in INDEXES]


def run(sql):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for statement in sql:
                schema_editor.execute(statement)
    return operation


class Migration(migrations.Migration):

    dependencies = [
        ("catalogue", "0014_indexes_for_list_filters_and_orderings"),
    ]

    operations = [
        migrations.RunPython(run(CREATE), run(DROP), elidable=False),
    ]
