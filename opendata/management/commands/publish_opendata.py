from django.core.management.base import BaseCommand

from opendata.services import datasets_publish


class Command(BaseCommand):
    help = "Write the open-data downloads (CSV and JSON Lines) and their manifest to storage."

    def handle(self, *args, **options):
        manifest = datasets_publish()
        for name, entry in manifest["datasets"].items():
            self.stdout.write(f"{name}: {entry['rows']} rows")
