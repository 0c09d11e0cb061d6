"""PostgreSQL: scope lexemes (kind, edition) in every document's tsvector, so the GIN index
keeps a query to one kind at one edition; and the GIN index without a pending list
(`fastupdate = off`), so queries never scan a list of unmerged writes."""

from django.db import migrations

UP = [
    "UPDATE catalogue_searchdoc SET tsv = COALESCE(tsv, ''::tsvector) || array_to_tsvector("
    "array_remove(ARRAY['_k_' || kind, '_e_' || edition_id::text], NULL))",
    "SELECT gin_clean_pending_list('catalogue_searchdoc_tsv'::regclass)",
    "ALTER INDEX catalogue_searchdoc_tsv SET (fastupdate = off)",
]
DOWN = ["ALTER INDEX catalogue_searchdoc_tsv RESET (fastupdate)"]


def _run(statements: list[str]):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0005_search_state")]

    operations = [migrations.RunPython(_run(UP), _run(DOWN))]
