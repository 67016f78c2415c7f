"""Full-text search over synopses, biographies and descriptions on PostgreSQL: an IMMUTABLE
wrapper of to_tsvector('simple', unaccent(...)) with a GIN index on each text (SQLite matches
whole words with a function catalogue.search registers on each connection)."""
from django.db import migrations

TEXTS = {
    "catalogue_work": "synopsis",
    "catalogue_person": "biography",
    "catalogue_organisation": "description",
    "catalogue_festival": "description",
    "catalogue_award": "description",
    "catalogue_subject": "description",
}
VECTOR = """
CREATE OR REPLACE FUNCTION catalogue_text_vector(text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
    SELECT to_tsvector('simple'::regconfig,
                       translate(public.unaccent('public.unaccent'::regdictionary, $1), '''’‘ʼ`´', ''))
$$
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA public")
    schema_editor.execute(VECTOR)
    for table, column in TEXTS.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {table}_{column}_fts ON {table} USING gin (catalogue_text_vector({column}))"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column in TEXTS.items():
        schema_editor.execute(f"DROP INDEX IF EXISTS {table}_{column}_fts")
    schema_editor.execute("DROP FUNCTION IF EXISTS catalogue_text_vector(text)")


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0008_search_index")]

    operations = [migrations.RunPython(create, drop)]
