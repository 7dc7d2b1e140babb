from django.db import migrations

INDEX = "practices_search_vector_gin"


def forward(apps, schema_editor):
    # A GIN index exists only on PostgreSQL; SQLite searches without it.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON practices_practice USING gin (search_vector)"
        )


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("practices", "0002_seed_themes_sdgs_permissions")]

    operations = [migrations.RunPython(forward, backward)]
