from django.db import migrations

from core.migration_helpers import grant_to_secretariat
from practices.seeds import seed_taxonomy

MODELS = [
    "practice",
    "transition",
    "theme",
    "sdg",
    "practiceimage",
    "practiceattachment",
    "practicelink",
    "practiceindicator",
]


def forward(apps, schema_editor):
    seed_taxonomy(apps.get_model("practices", "Theme"), apps.get_model("practices", "SDG"))
    grant_to_secretariat(apps, "practices", MODELS, extra_codenames=["review_practice"])


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
