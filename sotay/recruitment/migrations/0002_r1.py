# The drop of a source keeps its date and reason (helper R1; the lead regenerates migrations at merge).

import django.db.models
from django.db import migrations

import sotay.core.validators


class Migration(migrations.Migration):
    dependencies = [
        ("recruitment", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="candidate",
            name="dropped_on",
            field=django.db.models.DateField(blank=True, null=True, verbose_name="no longer a source since"),
        ),
        migrations.AddField(
            model_name="candidate",
            name="drop_reason",
            field=django.db.models.CharField(
                blank=True,
                max_length=255,
                validators=[sotay.core.validators.reject_control_characters],
                verbose_name="reason",
            ),
        ),
    ]
