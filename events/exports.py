"""The registrations of one or more events as a CSV file for spreadsheets."""

import csv

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext

from core.spreadsheet import csv_safe as formula_safe
from core.text import one_line

from .models import Registration


def csv_safe(value) -> str:
    """One line of text for a cell; spreadsheets run cells that start with = + - @ as
    formulas: quote them (the rule shared with the open-data downloads)."""
    return formula_safe(one_line(value))


def _present_since(registration) -> str:
    if not registration.is_present:
        return ""
    local = registration.event.local(registration.checked_in_at)
    return local.isoformat(sep=" ", timespec="minutes") + f" {registration.event.zone_abbreviation}"


def registrations_csv(events) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = events[0].slug if len(events) == 1 else "registrations"
    response["Content-Disposition"] = f'attachment; filename="{name}-registrations.csv"'
    response.write("\ufeff")  # Excel reads UTF-8 only with a byte-order mark.
    writer = csv.writer(response)
    header = [
        gettext("Event"),
        gettext("Name"),
        gettext("Email"),
        gettext("City"),
        gettext("Job title"),
        gettext("Status"),
        gettext("Registered at"),
        gettext("Present"),
    ]
    writer.writerow(header)
    registrations = (
        Registration.objects.filter(event__in=events)
        .for_export()
        .select_related("event")
        .order_by("event__start", "created_at", "pk")
    )
    for registration in registrations:
        writer.writerow(
            [
                csv_safe(value)
                for value in (
                    registration.event.title,
                    registration.user.get_full_name(),
                    registration.user.email,
                    registration.member.name if registration.member else "",
                    registration.job_title,
                    registration.get_status_display(),
                    timezone.localtime(registration.created_at, registration.event.zone)
                    .replace(tzinfo=None)
                    .isoformat(sep=" ", timespec="minutes")
                    + f" {registration.event.zone_abbreviation}",
                    _present_since(registration),
                )
            ]
        )
    return response
