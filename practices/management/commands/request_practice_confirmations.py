from django.core.management.base import BaseCommand

from practices.services import practices_request_confirmation


class Command(BaseCommand):
    help = (
        "Email the city staff of every published, ongoing practice not confirmed for a "
        "year, asking whether it is still current. Safe to run daily: each practice is "
        "asked at most once a year."
    )

    def handle(self, *args, **options):
        asked = practices_request_confirmation()
        self.stdout.write(f"Practices asked to confirm: {asked}")
