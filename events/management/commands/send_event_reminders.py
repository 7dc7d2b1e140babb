from django.core.management.base import BaseCommand

from events.services import reminders_send


class Command(BaseCommand):
    help = (
        "Queue reminder emails for confirmed registrants of events that start within the "
        "given numbers of days. Idempotent: each person gets at most one reminder per "
        "threshold, so it is safe to run every few minutes."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            nargs="+",
            default=[2, 1],
            help="Days before the start at which to remind (default: 2 1).",
        )

    def handle(self, *args, days, **options):
        count = reminders_send(days=days)
        self.stdout.write(f"Reminders queued: {count}")
