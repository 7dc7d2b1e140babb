from django.db import migrations

from core.migration_helpers import grant_to_secretariat


def forward(apps, schema_editor):
    grant_to_secretariat(apps, "practices", ["practicerevision"], actions=("change", "view"))


class Migration(migrations.Migration):
    dependencies = [("practices", "0006_add_revisions")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
