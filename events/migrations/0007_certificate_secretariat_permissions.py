from django.db import migrations

from core.migration_helpers import grant_to_secretariat


def forward(apps, schema_editor):
    grant_to_secretariat(apps, "events", ["certificate"])


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0006_certificates"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forward, reverse_code=migrations.RunPython.noop)]
