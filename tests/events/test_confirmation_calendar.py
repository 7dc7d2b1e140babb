"""The confirmation email and the "a seat is free" email carry the event for the person's
calendar: an iTIP REQUEST with the event's stable UID and current SEQUENCE (the ones the
change notices use, so a later notice updates the same entry), in the person's language,
with the meeting link only for a confirmed registrant; and the personal check-in code."""

import datetime

import pytest
from django.core import mail
from icalendar import Calendar

from events.calendar import event_uid
from events.models import Registration
from events.services import event_save, registration_cancel, registration_create
from tests.factories import EventFactory, RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db

MEETING = "https://meet.example.org/citynet-kupang"


@pytest.fixture
def seminar(kupang):
    event = EventFactory(
        host=kupang,
        slug="seminar-hibrida",
        title="Seminar Hibrida Kota Cerdas",
        title_en="Hybrid Smart City Seminar",
        capacity=1,
        meeting_url=MEETING,
    )
    # Two earlier changes: the calendar revision is 2.
    event.sequence = 2
    event.save()
    return event


def attachments(message) -> dict:
    return {name: (content, mimetype) for name, content, mimetype in message.attachments}


def invitation(message):
    content, mimetype = attachments(message)["invite.ics"]
    assert mimetype == "text/calendar; method=REQUEST; charset=utf-8"
    calendar = Calendar.from_ical(content)
    [item] = calendar.walk("VEVENT")
    return calendar, item


@pytest.mark.parametrize(
    ("language", "title"),
    [("id", "Seminar Hibrida Kota Cerdas"), ("en", "Hybrid Smart City Seminar")],
)
def test_confirmation_carries_the_event_for_the_calendar(seminar, on_commit, language, title):
    person = UserFactory(language=language, email="ani@kupang.go.id")
    on_commit(registration_create, event=seminar, user=person)
    [message] = mail.outbox
    assert set(attachments(message)) == {"invite.ics", "check-in-code.svg"}
    assert "invite.ics" in message.body and "check-in-code.svg" in message.body

    calendar, item = invitation(message)
    assert str(calendar["method"]) == "REQUEST"
    assert str(item["uid"]) == event_uid(seminar)
    assert item["sequence"] == 2
    assert str(item["summary"]) == title
    assert str(item["url"]).endswith(f"/{language}/events/seminar-hibrida/")
    assert MEETING in str(item["description"])
    assert str(item["status"]) == "CONFIRMED"
    assert item.decoded("dtstart") == seminar.start
    assert item.decoded("dtend") == seminar.end
    attendee = item["attendee"]
    assert str(attendee) == "mailto:ani@kupang.go.id"
    assert attendee.params["PARTSTAT"] == "ACCEPTED"
    assert attendee.params["RSVP"] == "FALSE"
    assert str(item["organizer"]).startswith("mailto:")
    # The zone of the times is in the calendar, so clients show the right hour.
    assert [str(zone["tzid"]) for zone in calendar.walk("VTIMEZONE")] == ["Asia/Makassar"]


def test_the_waiting_list_email_has_no_calendar_entry_and_no_code(seminar, on_commit):
    RegistrationFactory(event=seminar)  # takes the only seat
    on_commit(registration_create, event=seminar, user=UserFactory())
    [message] = mail.outbox
    assert message.attachments == []
    assert MEETING not in message.body


def test_the_promotion_email_carries_the_calendar_entry_with_the_meeting_link(seminar, on_commit):
    seated = UserFactory(language="id")
    waiting = UserFactory(language="en", email="ben@example.org")
    RegistrationFactory(event=seminar, user=seated)
    RegistrationFactory(event=seminar, user=waiting, status=Registration.Status.WAITING)
    on_commit(registration_cancel, event=seminar, user=seated)
    promoted = next(message for message in mail.outbox if message.to == ["ben@example.org"])
    assert promoted.subject == "A seat is free for you: Hybrid Smart City Seminar"
    assert set(attachments(promoted)) == {"invite.ics", "check-in-code.svg"}
    _calendar, item = invitation(promoted)
    assert str(item["uid"]) == event_uid(seminar)
    assert item["sequence"] == 2
    assert MEETING in str(item["description"])
    assert item["attendee"].params["PARTSTAT"] == "ACCEPTED"


def test_a_later_change_notice_updates_the_same_calendar_entry(seminar, on_commit):
    person = UserFactory(email="ani@kupang.go.id")
    on_commit(registration_create, event=seminar, user=person)
    seminar.start += datetime.timedelta(hours=1)
    seminar.end += datetime.timedelta(hours=1)
    on_commit(event_save, event=seminar)
    confirmation, change = mail.outbox
    _calendar, first = invitation(confirmation)
    _calendar, second = invitation(change)
    assert first["uid"] == second["uid"]
    assert second["sequence"] == first["sequence"] + 1 == 3


def test_nothing_is_sent_before_the_commit(seminar, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        registration_create(event=seminar, user=UserFactory())
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    [message] = mail.outbox
    assert "invite.ics" in attachments(message)


def test_cancelling_ones_registration_removes_the_calendar_entry(seminar, on_commit):
    person = UserFactory(language="en", email="ani@kupang.go.id")
    on_commit(registration_create, event=seminar, user=person)
    on_commit(registration_cancel, event=seminar, user=person)
    confirmation, cancellation = mail.outbox
    assert cancellation.subject == "Registration cancelled: Hybrid Smart City Seminar"
    content, mimetype = attachments(cancellation)["cancel.ics"]
    assert mimetype == "text/calendar; method=CANCEL; charset=utf-8"
    calendar = Calendar.from_ical(content)
    [item] = calendar.walk("VEVENT")
    assert str(calendar["method"]) == "CANCEL"
    _calendar, invited = invitation(confirmation)
    assert item["uid"] == invited["uid"] and item["sequence"] == invited["sequence"]
    assert item["attendee"].params["PARTSTAT"] == "DECLINED"
    assert MEETING not in str(item["description"])
    assert "The attached calendar file removes the event from your calendar." in (cancellation.body)
