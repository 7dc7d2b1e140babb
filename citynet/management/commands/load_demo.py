from importlib import import_module, util

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = (
        "Load the demo content (idempotent): the 514 regions, the 2019 officers, and each "
        "app's demo module (<app>/demo.py with a load() function)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--admin-email",
            help="Also create (or reset) a superuser with this email, for a local demo.",
        )
        parser.add_argument("--admin-password", default="citynet-demo")

    @transaction.atomic
    def handle(self, *args, **options):
        for config in apps.get_app_configs():
            module_name = f"{config.name}.demo"
            if util.find_spec(module_name) is None:
                continue
            import_module(module_name).load()
            self.stdout.write(f"Loaded demo content of {config.label}.")
        if options["admin_email"]:
            from django.contrib.auth import get_user_model

            user_model = get_user_model()
            user, _ = user_model.objects.get_or_create(
                email=options["admin_email"].lower(),
                defaults={"full_name": "Sekretariat Citynet", "is_staff": True},
            )
            user.is_staff = user.is_superuser = True
            user.set_password(options["admin_password"])
            user.save()
            # Sign-in on the site requires a verified address (mandatory verification):
            # without this the demo superuser could use /admin/ but not the portal.
            from allauth.account.models import EmailAddress

            EmailAddress.objects.update_or_create(
                user=user, email=user.email, defaults={"verified": True, "primary": True}
            )
            self.stdout.write(f"Superuser {user.email} is ready.")
        self.stdout.write(self.style.SUCCESS("Demo content loaded."))
