import datetime

from django.core.management.base import BaseCommand, CommandError

from follows.digest import digests_send, week_start


class Command(BaseCommand):
    help = (
        "Queue this week's digest email for everyone whose follows match new content. "
        "Safe to rerun: nobody gets two digests for the same week."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--week", help="Any day of the week to send for (YYYY-MM-DD); default: this week."
        )

    def handle(self, *args, **options):
        week = None
        if options["week"]:
            try:
                week = week_start(datetime.date.fromisoformat(options["week"]))
            except ValueError as error:
                raise CommandError(f"--week: {error}") from None
        report = digests_send(week=week)
        self.stdout.write(f"Week of {report.week}: {report.sent} digests queued.")
