"""On SQLite, a trigram index of the search entries' keys: an FTS5 table with the trigram
tokenizer over `key`, `loose` and `skeleton`, whose content is the entries themselves (an
external-content table, so the text is not stored twice), kept in step by triggers on every
insert, update and delete, bulk ones included. catalogue.search reads it to find the entries that
can match a query (`LIKE '%word%'`, which the trigram index answers) instead of reading them all.

A later migration that has Django's SQLite schema editor remake `catalogue_searchentry` (an altered
column, say) drops the triggers with the old table: it must create them again.

PostgreSQL has had trigram GIN indexes on the same keys since the search migration; there this
migration does nothing."""
from django.db import migrations

TABLE = "catalogue_searchentry_fts"
COLUMNS = ("key", "loose", "skeleton")

CREATE = [
    f"CREATE VIRTUAL TABLE {TABLE} USING fts5({', '.join(COLUMNS)}, content='catalogue_searchentry', "
    "content_rowid='id', tokenize='trigram')",
    f"CREATE TRIGGER {TABLE}_insert AFTER INSERT ON catalogue_searchentry BEGIN "
    f"INSERT INTO {TABLE}(rowid, {', '.join(COLUMNS)}) VALUES (new.id, {', '.join(f'new.{c}' for c in COLUMNS)}); END",
    f"CREATE TRIGGER {TABLE}_delete AFTER DELETE ON catalogue_searchentry BEGIN "
    f"INSERT INTO {TABLE}({TABLE}, rowid, {', '.join(COLUMNS)}) "
    f"VALUES ('delete', old.id, {', '.join(f'old.{c}' for c in COLUMNS)}); END",
    f"CREATE TRIGGER {TABLE}_update AFTER UPDATE ON catalogue_searchentry BEGIN "
    f"INSERT INTO {TABLE}({TABLE}, rowid, {', '.join(COLUMNS)}) "
    f"VALUES ('delete', old.id, {', '.join(f'old.{c}' for c in COLUMNS)}); "
    f"INSERT INTO {TABLE}(rowid, {', '.join(COLUMNS)}) VALUES (new.id, {', '.join(f'new.{c}' for c in COLUMNS)}); END",
    # The entries already written.
    f"INSERT INTO {TABLE}({TABLE}) VALUES ('rebuild')",
]
DROP = [f"DROP TRIGGER IF EXISTS {TABLE}_{event}" for event in ("insert", "delete", "update")] + [
    f"DROP TABLE IF EXISTS {TABLE}"]


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for statement in statements:
                schema_editor.execute(statement)
    return operation


class Migration(migrations.Migration):

    dependencies = [
        ("catalogue", "0014_indexes_for_list_filters_and_orderings"),
    ]

    operations = [
        migrations.RunPython(run(CREATE), run(DROP), elidable=False),
    ]
