from django.db import migrations

from core.migration_helpers import grant_to_secretariat


def forward(apps, schema_editor):
    grant_to_secretariat(apps, "users", ["user"], actions=("view", "change"))
    grant_to_secretariat(apps, "members", ["province"], actions=("view",))
    grant_to_secretariat(apps, "members", ["member", "position", "officerterm"])
    grant_to_secretariat(apps, "members", ["affiliation"], actions=("view", "change"))


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("members", "0001_initial"),
        ("users", "0002_add_language"),
    ]

    operations = [migrations.RunPython(forward, reverse_code=migrations.RunPython.noop)]
