"""The word index of member names gains each member's province and an index by it, so a search
within a province reads only that province's words (docs/decisions/0003). Rebuilt whole: one
fill and two index builds cost less than updating every row of a national table in place."""

from django.db import migrations

from sotay.members import words


def rebuild_word_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in [*words.DROP, *words.CREATE]:
        schema_editor.execute(statement)
    with schema_editor.connection.cursor() as cursor:
        words.fill_words(cursor)
    for statement in words.INDEX_SQL:
        schema_editor.execute(statement)
    # VACUUM, not only ANALYZE: a search reads the indexes alone only once the visibility map says
    # the new rows are visible to all; until autovacuum gets there, each entry read visits the
    # table (a national search took 1.4 s instead of 0.1 s). VACUUM cannot run in a transaction.
    schema_editor.execute(f"VACUUM ANALYZE {words.TABLE}")


class Migration(migrations.Migration):
    atomic = False
    dependencies = [
        ("members", "0006_name_search_indexes"),
        ("organizations", "0006_unit_sector_founded_index"),
    ]

    operations = [migrations.RunPython(rebuild_word_index, migrations.RunPython.noop, elidable=False)]
