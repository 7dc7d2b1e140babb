import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from events.models import Event, Registration
from events.services import reminders_send
from tests.factories import EventFactory, RegistrationFactory, UserFactory
from tests.paths import in_english

pytestmark = pytest.mark.django_db


def starting_in(kupang, hours, **kwargs):
    start = timezone.now() + datetime.timedelta(hours=hours)
    return EventFactory(host=kupang, start=start, end=start + datetime.timedelta(hours=3), **kwargs)


def test_reminder_command_run_twice_sends_each_reminder_once(
    kupang, django_capture_on_commit_callbacks
):
    soon = starting_in(kupang, 40, title="Lokakarya Kota Cerdas", venue_address="Jl. Lerik")
    english = UserFactory(language="en")
    RegistrationFactory(event=soon, user=english)
    RegistrationFactory(event=soon, status=Registration.Status.WAITING)
    RegistrationFactory(event=soon, status=Registration.Status.CANCELLED)
    RegistrationFactory(event=starting_in(kupang, 24 * 5))  # too early for a reminder
    RegistrationFactory(event=starting_in(kupang, -1))  # already started

    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_event_reminders", stdout=out)
    assert out.getvalue().strip() == "Reminders queued: 1"
    assert [m.to for m in mail.outbox] == [[english.email]]
    reminder = mail.outbox[0]
    assert reminder.subject.startswith("Reminder: Lokakarya Kota Cerdas")
    local = soon.start_local
    assert f"{local:%H:%M}–" in reminder.body and "WITA" in reminder.body
    assert "Ruang Rapat Garuda, Jl. Lerik" in reminder.body
    assert "https://www.openstreetmap.org/search?query=" in reminder.body
    assert in_english("events:detail", slug=soon.slug) in reminder.body

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_event_reminders", "--days", "2", "1", stdout=out)
    assert out.getvalue().strip().endswith("Reminders queued: 0")
    assert len(mail.outbox) == 1


def test_a_second_reminder_the_day_before(kupang, on_commit):
    event = starting_in(kupang, 40)
    RegistrationFactory(event=event, user=UserFactory(language="id"))
    assert on_commit(reminders_send, days=[2, 1]) == 1
    assert mail.outbox[0].subject.startswith("Pengingat:")
    assert on_commit(reminders_send, days=[2, 1]) == 0
    later = timezone.now() + datetime.timedelta(hours=20)
    assert on_commit(reminders_send, days=[2, 1], now=later) == 1
    assert on_commit(reminders_send, days=[2, 1], now=later) == 0
    assert len(mail.outbox) == 2


def test_a_first_run_the_day_before_sends_one_reminder_not_two(kupang, on_commit):
    RegistrationFactory(event=starting_in(kupang, 10))
    assert on_commit(reminders_send, days=[2, 1]) == 1
    assert len(mail.outbox) == 1


def test_cancelled_events_get_no_reminders(kupang, on_commit):
    event = starting_in(kupang, 10, status=Event.Status.CANCELLED, cancellation_notice="Banjir.")
    RegistrationFactory(event=event)
    assert on_commit(reminders_send, days=[2, 1]) == 0
    assert mail.outbox == []
