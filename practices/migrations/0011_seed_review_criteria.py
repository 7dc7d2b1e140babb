from django.db import migrations

from core.migration_helpers import grant_to_secretariat
from practices.review_seeds import seed_criteria


def forward(apps, schema_editor):
    seed_criteria(apps.get_model("practices", "Criterion"))
    grant_to_secretariat(
        apps, "practices", ["criterion", "review", "criterionscore", "recommendation"]
    )


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0010_add_scored_reviews"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
