"""SQLite's FTS5 indexes of the search entries (migrations 0015 and 0016): external-content tables
(their content is catalogue_searchentry itself, so no text is stored twice), kept in step by
triggers on every insert, update and delete, bulk ones included. Not a migration (its name starts
with an underscore).

A later migration that has Django's SQLite schema editor remake `catalogue_searchentry` (an altered
column, say) drops the triggers with the old table: it must create them again."""


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


def create(indexes):
    """{table: (columns, tokenizer)} -> the statements that make and fill them."""
    return [statement for table, (columns, tokenizer) in indexes.items()
            for statement in statements(table, columns, tokenizer)]


def drop(indexes):
    return [f"DROP TRIGGER IF EXISTS {table}_{event}" for table in indexes
            for event in ("insert", "delete", "update")] + [f"DROP TABLE IF EXISTS {table}" for table in indexes]


def run(sql):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for statement in sql:
                schema_editor.execute(statement)
    return operation
