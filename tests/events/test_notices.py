"""Cancelling or moving an event tells its registrants, in their language, with a
calendar message their client applies; once per change, and only after the commit."""

import datetime
from http import HTTPStatus

import pytest
from django.core import mail
from django.urls import reverse
from icalendar import Calendar

from events.admin import EventAdmin
from events.calendar import event_uid
from events.models import Event, Registration
from events.services import change_notices_send, event_save
from tests.factories import EventFactory, RegistrationFactory, UserFactory

from .test_admin import event_post_data, management

pytestmark = pytest.mark.django_db


def calendar_of(message):
    [(name, content, mimetype)] = message.attachments
    assert mimetype.startswith("text/calendar")
    calendar = Calendar.from_ical(content)
    [item] = calendar.walk("VEVENT")
    return calendar, item


@pytest.fixture
def seminar(kupang):
    event = EventFactory(host=kupang, slug="lokakarya-kota-cerdas", capacity=1)
    RegistrationFactory(event=event, user=UserFactory(language="id", email="ani@kupang.go.id"))
    RegistrationFactory(
        event=event,
        status=Registration.Status.WAITING,
        user=UserFactory(language="en", email="ben@example.org"),
    )
    RegistrationFactory(
        event=event, status=Registration.Status.CANCELLED, user=UserFactory(email="gone@x.id")
    )
    return event


def admin_post(admin_client, event, capture, **changes):
    data = event_post_data(
        event.host,
        **management("sessions"),
        **management("registrations"),
        **{"capacity": "1", **changes},
    )
    with capture(execute=True):
        response = admin_client.post(reverse("admin:events_event_change", args=[event.pk]), data)
    assert response.status_code == HTTPStatus.FOUND, response.context["adminform"].form.errors
    return response


def test_admin_says_how_many_will_be_told_before_saving(admin_client, seminar):
    page = admin_client.get(reverse("admin:events_event_change", args=[seminar.pk]))
    assert "2 pendaftar (terkonfirmasi atau dalam daftar tunggu) akan diberi tahu" in (
        page.content.decode()
    )


def test_cancelling_tells_confirmed_and_waiting_people_in_their_language(
    admin_client, seminar, django_capture_on_commit_callbacks
):
    response = admin_post(
        admin_client,
        seminar,
        django_capture_on_commit_callbacks,
        status=Event.Status.CANCELLED,
        cancellation_notice="Banjir di Kupang.",
    )
    assert "2 pendaftar akan diberi tahu" in admin_client.get(response.url).content.decode()
    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {"ani@kupang.go.id", "ben@example.org"}

    indonesian, english = by_address["ani@kupang.go.id"], by_address["ben@example.org"]
    assert indonesian.subject == "Dibatalkan: Lokakarya Kota Cerdas"
    assert "Banjir di Kupang." in indonesian.body
    assert "http://testserver/id/events/lokakarya-kota-cerdas/" in indonesian.body
    assert english.subject == "Cancelled: Lokakarya Kota Cerdas"
    assert "http://testserver/en/events/lokakarya-kota-cerdas/" in english.body

    seminar.refresh_from_db()
    for message in (indonesian, english):
        calendar, item = calendar_of(message)
        assert str(calendar["METHOD"]) == "CANCEL"
        assert str(item["STATUS"]) == "CANCELLED"
        assert str(item["UID"]) == event_uid(seminar)
        assert int(item["SEQUENCE"]) == 1 == seminar.sequence
        assert str(item["ATTENDEE"]) == f"mailto:{message.to[0]}"


def test_moving_the_start_sends_a_request_with_a_raised_sequence_once(
    admin_client, seminar, django_capture_on_commit_callbacks
):
    admin_post(
        admin_client,
        seminar,
        django_capture_on_commit_callbacks,
        start_1="10:00",
        end_1="13:00",
    )
    assert len(mail.outbox) == 2
    english = next(m for m in mail.outbox if m.to == ["ben@example.org"])
    assert english.subject == "Changed: Lokakarya Kota Cerdas"
    assert "10:00–13:00 WITA" in english.body
    assert "still on the waiting list" in english.body
    calendar, item = calendar_of(english)
    assert str(calendar["METHOD"]) == "REQUEST"
    assert int(item["SEQUENCE"]) == 1
    assert item.decoded("DTSTART") == datetime.datetime(
        2030, 9, 3, 10, 0, tzinfo=item.decoded("DTSTART").tzinfo
    )
    indonesian = next(m for m in mail.outbox if m.to == ["ani@kupang.go.id"])
    assert "10.00–13.00 WITA" in indonesian.body

    # Saving again without a change tells nobody; a new change raises the sequence again.
    admin_post(
        admin_client, seminar, django_capture_on_commit_callbacks, start_1="10:00", end_1="13:00"
    )
    assert len(mail.outbox) == 2
    admin_post(
        admin_client,
        seminar,
        django_capture_on_commit_callbacks,
        start_1="10:00",
        end_1="13:00",
        venue_name="Aula Kantor Wali Kota",
    )
    assert len(mail.outbox) == 4
    _calendar, item = calendar_of(mail.outbox[-1])
    assert int(item["SEQUENCE"]) == 2
    assert "Aula Kantor Wali Kota" in str(item["LOCATION"])


def test_a_task_that_runs_twice_tells_nobody_twice(seminar, on_commit):
    seminar.start += datetime.timedelta(days=1)
    seminar.end += datetime.timedelta(days=1)
    assert on_commit(event_save, event=seminar) == 2
    assert len(mail.outbox) == 2
    assert on_commit(change_notices_send, event_id=seminar.pk, sequence=seminar.sequence) == 0
    assert len(mail.outbox) == 2


def test_text_changes_and_drafts_tell_nobody(seminar, on_commit):
    seminar.summary = "Ringkasan baru."
    assert on_commit(event_save, event=seminar) == 0
    seminar.status = Event.Status.DRAFT
    seminar.venue_name = "Aula"
    assert on_commit(event_save, event=seminar) == 0
    assert mail.outbox == []
    seminar.refresh_from_db()
    assert seminar.sequence == 0


def test_a_person_who_registers_after_a_change_is_not_told_of_it(seminar, on_commit):
    from events.services import registration_create

    seminar.venue_name = "Aula"
    on_commit(event_save, event=seminar)
    mail.outbox.clear()
    seminar.refresh_from_db()
    newcomer = on_commit(registration_create, event=seminar, user=UserFactory())
    assert newcomer.notified_sequence == seminar.sequence
    assert on_commit(change_notices_send, event_id=seminar.pk, sequence=seminar.sequence) == 0


def test_the_meeting_link_goes_only_to_confirmed_people(seminar, on_commit):
    seminar.meeting_url = "https://meet.example.org/citynet-kupang"
    seminar.save()
    seminar.start += datetime.timedelta(hours=1)
    seminar.end += datetime.timedelta(hours=1)
    on_commit(event_save, event=seminar)
    confirmed = next(m for m in mail.outbox if m.to == ["ani@kupang.go.id"])
    waiting = next(m for m in mail.outbox if m.to == ["ben@example.org"])
    assert "https://meet.example.org/citynet-kupang" in confirmed.body
    assert "meet.example.org" in str(calendar_of(confirmed)[1]["DESCRIPTION"])
    assert "meet.example.org" not in waiting.body
    assert "meet.example.org" not in str(calendar_of(waiting)[1]["DESCRIPTION"])


def test_nothing_is_sent_when_the_admin_save_rolls_back(
    admin_client, seminar, monkeypatch, django_capture_on_commit_callbacks
):
    def fail(*args, **kwargs):
        raise RuntimeError("the save fails after the event was written")

    monkeypatch.setattr(EventAdmin, "log_change", fail)
    data = event_post_data(
        seminar.host,
        **management("sessions"),
        **management("registrations"),
        capacity="1",
        status=Event.Status.CANCELLED,
        cancellation_notice="Banjir.",
    )
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        admin_client.post(reverse("admin:events_event_change", args=[seminar.pk]), data)
    assert mail.outbox == []
    seminar.refresh_from_db()
    assert seminar.status == Event.Status.PUBLISHED
    assert seminar.sequence == 0
    assert set(Registration.objects.values_list("notified_sequence", flat=True)) == {0}
