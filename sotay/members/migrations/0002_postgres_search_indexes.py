"""PostgreSQL-only indexes for diacritic-insensitive name search.

`name_key LIKE '%nguyen van%'` is served by a trigram GIN index; SQLite (the demo) scans instead,
which is fine for one province.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS member_name_key_trgm ON members_member USING gin (name_key gin_trgm_ops)"
    )
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS unit_name_key_trgm ON organizations_unit USING gin (name_key gin_trgm_ops)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS member_name_key_trgm")
    schema_editor.execute("DROP INDEX IF EXISTS unit_name_key_trgm")


class Migration(migrations.Migration):
    dependencies = [("members", "0001_initial"), ("organizations", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
