from django.db import migrations, models


def delete_member_roles(apps, schema_editor):
    """A member's own access now comes from their record; the old role rows only drifted from it."""
    apps.get_model("accounts", "RoleAssignment").objects.filter(role="member").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_initial"),
    ]

    operations = [
        # Nothing to restore on the way back: the role carried no permission.
        migrations.RunPython(delete_member_roles, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="roleassignment",
            name="role",
            field=models.CharField(
                choices=[
                    ("officer", "Organizing committee officer"),
                    ("viewer", "Viewer"),
                    ("secretary", "Cell secretary"),
                ],
                max_length=20,
                verbose_name="role",
            ),
        ),
    ]
