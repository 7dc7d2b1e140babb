from django.db import migrations

from core.migration_helpers import grant_to_secretariat


def forward(apps, schema_editor):
    grant_to_secretariat(apps, "core", ["undeliveredemail"], actions=("change", "delete", "view"))


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0001_undelivered_email"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
