"""Name search at national scale (docs/decisions/0003).

- `member_unit_search_idx` replaces `member_unit_status_idx` with the same keys and the name
  keys and id included, so a search within a scope reads its members from the index alone.
- On PostgreSQL, the word index of member names and the triggers that keep it
  (sotay.members.words), filled from the members already there.
"""

from django.db import migrations, models

from sotay.members import words


def create_word_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in words.CREATE:
        schema_editor.execute(statement)
    with schema_editor.connection.cursor() as cursor:
        words.fill_words(cursor)
    for statement in words.INDEX_SQL:
        schema_editor.execute(statement)
    schema_editor.execute(f"ANALYZE {words.TABLE}")


def drop_word_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in words.DROP:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0005_name_keys"),
        ("organizations", "0004_name_keys"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="member",
            name="member_unit_status_idx",
        ),
        migrations.AddIndex(
            model_name="member",
            index=models.Index(
                fields=["unit", "status"], include=("name_key", "name_sort", "id"), name="member_unit_search_idx"
            ),
        ),
        migrations.RunPython(create_word_index, drop_word_index, elidable=False),
    ]
