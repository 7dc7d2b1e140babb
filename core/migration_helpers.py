"""Helpers for data migrations that give the Sekretariat group its permissions.

Usage in an app's migration::

    from core.migration_helpers import grant_to_secretariat

    def forward(apps, schema_editor):
        grant_to_secretariat(apps, "events", ["event", "session"], actions=("add", "change",
                             "delete", "view"))

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
"""

from django.contrib.auth.management import create_permissions

SECRETARIAT_GROUP = "Sekretariat"
ALL_ACTIONS = ("add", "change", "delete", "view")


def grant_to_secretariat(apps, app_label, model_names, actions=ALL_ACTIONS, extra_codenames=()):
    """Create the group if needed and add the model permissions of ``app_label``.

    Permissions are normally created after migrations run (post_migrate); on a fresh
    database they do not exist yet, so they are created here first."""
    app_config = apps.get_app_config(app_label)
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    group, _ = group_model.objects.get_or_create(name=SECRETARIAT_GROUP)
    codenames = [f"{action}_{model}" for model in model_names for action in actions]
    codenames += list(extra_codenames)
    permissions = permission_model.objects.filter(
        content_type__app_label=app_label, codename__in=codenames
    )
    group.permissions.add(*permissions)
