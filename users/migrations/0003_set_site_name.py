"""allauth's emails greet from the current Site: name it after the portal
(cookiecutter-django does the same in contrib/sites/migrations)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.db import migrations


def forward(apps, schema_editor):
    site_model = apps.get_model("sites", "Site")
    domain = urlsplit(settings.SITE_URL).netloc or "citynet.id"
    site_model.objects.update_or_create(
        id=settings.SITE_ID, defaults={"domain": domain, "name": "Citynet Indonesia"}
    )


class Migration(migrations.Migration):
    dependencies = [
        ("sites", "0002_alter_domain_unique"),
        ("users", "0002_add_language"),
    ]

    operations = [migrations.RunPython(forward, reverse_code=migrations.RunPython.noop)]
