from django.db import migrations

from core.migration_helpers import grant_to_secretariat

MODELS = [
    "event",
    "session",
    "speaker",
    "eventattachment",
    "eventphoto",
    "registration",
    "article",
]


def forward(apps, schema_editor):
    grant_to_secretariat(apps, "events", MODELS)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0001_events_news_registrations"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forward, reverse_code=migrations.RunPython.noop)]
