"""Engine side of the search index: an FTS5 table on SQLite, a tsvector column and trigram
indexes on PostgreSQL. Both mirror catalogue_searchdoc (FTS rowid / row = SearchDoc.id)."""

from django.db import migrations

SQLITE_UP = [
    "CREATE VIRTUAL TABLE catalogue_searchfts USING fts5("
    "names, body, prefix='2 3', tokenize='unicode61 remove_diacritics 0')",
    "CREATE VIRTUAL TABLE catalogue_searchterm_tri USING fts5("
    "term, content='catalogue_searchterm', content_rowid='rowid', tokenize='trigram')",
]
SQLITE_DOWN = ["DROP TABLE IF EXISTS catalogue_searchterm_tri", "DROP TABLE IF EXISTS catalogue_searchfts"]
PG_UP = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "ALTER TABLE catalogue_searchdoc ADD COLUMN tsv tsvector",
    "CREATE INDEX catalogue_searchdoc_tsv ON catalogue_searchdoc USING gin (tsv)",
    "CREATE INDEX catalogue_searchterm_trgm ON catalogue_searchterm USING gist (term gist_trgm_ops)",
]
PG_DOWN = [
    "DROP INDEX IF EXISTS catalogue_searchterm_trgm",
    "DROP INDEX IF EXISTS catalogue_searchdoc_tsv",
    "ALTER TABLE catalogue_searchdoc DROP COLUMN IF EXISTS tsv",
]


def _run(statements: dict):
    def run(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0003_launch_images_search")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": PG_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": PG_DOWN}),
        )
    ]
