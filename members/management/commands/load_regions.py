from django.core.management.base import BaseCommand

from members.services import regions_load


class Command(BaseCommand):
    help = "Load or update Indonesia's 38 provinces and 514 kabupaten/kota (idempotent)."

    def handle(self, *args, **options):
        result = regions_load()
        self.stdout.write(
            self.style.SUCCESS(
                f"Provinces created: {result.provinces_created}; members created: "
                f"{result.members_created}, updated: {result.members_updated}."
            )
        )
