"""Registration for events: every write that counts seats runs here, with the event row
locked, so two people registering at the same moment never take the same last seat."""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from core.errors import ServiceError
from core.links import absolute_url_in
from core.mail import notify
from core.models import unique_slug
from members.permissions import approved_affiliation

from .calendar import build_notice
from .checkin import qr_attachment
from .models import Certificate, CheckInError, Event, Registration
from .tasks import send_change_notices


def _email_context(registration: Registration, language: str) -> dict:
    event = registration.event
    with translation.override(language):
        event_date = date_format(event.start_local, "l, j F Y")
        time_range = format_time_range(event, language)
    context = {
        "name": registration.user.get_full_name(),
        "event_title": event.display_title(language),
        "event_date": event_date,
        "event_time": time_range.split("–", 1)[0],
        "event_time_range": time_range,
        "zone": event.zone_abbreviation,
        "venue": event.venue_name,
        "venue_address": event.venue_address,
        "map_url": event.map_url,
        "event_url": absolute_url_in(language, "events:detail", slug=event.slug),
        "account_url": absolute_url_in(language, "users:account"),
        "cancel_url": absolute_url_in(language, "events:cancel", slug=event.slug),
        "status": registration.status,
        "meeting_url": event.meeting_url if registration.is_confirmed else "",
        "cancellation_notice": event.cancellation_notice if event.is_cancelled else "",
        "certificate_url": absolute_url_in(language, "events:certificate", slug=event.slug),
    }
    return context


def registration_email(registration: Registration, template: str, attachments=None) -> None:
    """Queue an email about ``registration`` in its person's language, once the current
    transaction commits (nothing is sent when it rolls back)."""
    language = registration.user.language or "id"
    context = _email_context(registration, language)
    email = registration.user.email
    transaction.on_commit(
        lambda: notify(
            to=[email],
            template=f"events/email/{template}",
            context=context,
            language=language,
            attachments=attachments,
        )
    )


def calendar_attachment(registration: Registration, method: str = "REQUEST") -> dict:
    """The iTIP message for ``registration`` as an email attachment, in its person's
    language: ``REQUEST`` puts the event in (or updates it in) their calendar, ``CANCEL``
    removes it (the event was cancelled, or the person cancelled their registration).
    The UID is the event's stable one and SEQUENCE its current revision, as in the
    change notices, so a later notice updates the same entry. The meeting link is in it
    only for a confirmed registrant."""
    event = registration.event
    language = registration.user.language or "id"
    ics = build_notice(
        event,
        attendee=registration.user.email,
        method=method,
        url=absolute_url_in(language, "events:detail", slug=event.slug),
        meeting_url=event.meeting_url if registration.is_confirmed else "",
        language=language,
        partstat=(
            "ACCEPTED"
            if registration.is_confirmed
            else "TENTATIVE"
            if registration.is_active
            else "DECLINED"
        ),
    )
    return {
        "filename": "invite.ics" if method == "REQUEST" else "cancel.ics",
        "content": ics,
        "mimetype": f"text/calendar; method={method}; charset=utf-8",
    }


def format_time_range(event: Event, language: str) -> str:
    """ "09.00–12.00 WITA" in Indonesian, "09:00–12:00 WITA" in English."""
    separator = ":" if language.startswith("en") else "."
    pattern = f"%H{separator}%M"
    return (
        f"{event.start_local.strftime(pattern)}–{event.end_local.strftime(pattern)} "
        f"{event.zone_abbreviation}"
    )


def registration_create(*, event: Event, user, now=None, language: str = "id") -> Registration:
    """Register ``user``: confirmed while seats remain, otherwise on the waiting list.

    Raises ServiceError when registration is not open or the person is already
    registered."""
    now = now or timezone.now()
    try:
        with transaction.atomic():
            # The lock serialises registrations for this event (PostgreSQL); SQLite
            # serialises all writes anyway.
            locked = Event.objects.select_for_update().get(pk=event.pk)
            state = locked.registration_state(now)
            if not state.is_open:
                raise ServiceError(state.message)
            existing = (
                Registration.objects.select_for_update().filter(event=locked, user=user).first()
            )
            if existing and existing.is_active:
                raise ServiceError(_("You are already registered for this event."))
            confirmed = Registration.objects.filter(event=locked).confirmed().count()
            has_seat = locked.capacity is None or confirmed < locked.capacity
            status = Registration.Status.CONFIRMED if has_seat else Registration.Status.WAITING
            affiliation = approved_affiliation(user)
            registration = existing or Registration(event=locked, user=user)
            registration.status = status
            registration.member = affiliation.member if affiliation else None
            registration.job_title = affiliation.job_title if affiliation else ""
            registration.language = language
            registration.created_at = now
            registration.notified_sequence = locked.sequence
            registration.save()
            registration.event = locked
            registration_email(
                registration,
                "registration_confirmed" if has_seat else "registration_waiting",
                attachments=(
                    [calendar_attachment(registration), qr_attachment(registration)]
                    if has_seat
                    else None
                ),
            )
    except IntegrityError:
        # The unique constraint caught a double submission that raced the lock.
        raise ServiceError(_("You are already registered for this event.")) from None
    return registration


def registration_cancel(*, event: Event, user, now=None, language: str = "id") -> Registration:
    """Cancel ``user``'s registration and tell them by email. A freed seat goes to the
    first person on the waiting list, who is told by email."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        registration = (
            Registration.objects.select_for_update()
            .filter(event=locked, user=user)
            .active()
            .select_related("user")
            .first()
        )
        if registration is None:
            raise ServiceError(_("You are not registered for this event."))
        if locked.end < now:
            raise ServiceError(_("The event is over; the registration can no longer change."))
        # The entry the confirmation put in the person's calendar goes away.
        _move(registration, locked, Registration.Status.CANCELLED, "registration_cancelled")
        _promote_waiting(locked)
    return registration


def registration_fill_seats(*, event: Event) -> list[Registration]:
    """Confirm people from the waiting list while seats are free (after the secretariat
    raised the capacity, for example) and tell them by email."""
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        return _promote_waiting(locked)


def _promote_waiting(event: Event) -> list[Registration]:
    """Within the caller's transaction, with the event row locked; the emails go out
    after commit."""
    if event.status != Event.Status.PUBLISHED or timezone.now() >= event.start:
        return []
    confirmed = Registration.objects.filter(event=event).confirmed().count()
    waiting = (
        Registration.objects.select_for_update()
        .filter(event=event)
        .waiting()
        .select_related("user")
        .order_by("created_at", "pk")
    )
    if event.capacity is not None:
        free = max(event.capacity - confirmed, 0)
        waiting = waiting[:free]
    promoted = list(waiting)
    for registration in promoted:
        _move(registration, event, Registration.Status.CONFIRMED, "registration_promoted")
    return promoted


def _move(registration: Registration, event: Event, status: str, template: str) -> None:
    """Save the registration's new status and email the person (after commit), with the
    calendar entry: removed on a cancellation; added, with the check-in code, on a seat."""
    registration.status = status
    registration.save(update_fields=["status", "updated_at"])
    registration.event = event
    if status == Registration.Status.CANCELLED:
        attachments = [calendar_attachment(registration, "CANCEL")]
    else:
        attachments = [calendar_attachment(registration), qr_attachment(registration)]
    registration_email(registration, template, attachments=attachments)


def event_save(*, event: Event) -> int:
    """Save ``event``. When it is cancelled, or its start, end or venue changed, raise its
    calendar revision and, after commit, tell every confirmed and waiting registrant
    (through django.tasks). Returns how many people will be told."""
    with transaction.atomic():
        previous = (
            Event.objects.select_for_update().filter(pk=event.pk).first() if event.pk else None
        )
        change = event.change_since(previous) if previous else None
        if change:
            event.sequence = previous.sequence + 1
        event.save()
        if not change:
            return 0
        count = Registration.objects.filter(event=event).active().count()
        if count:
            event_id, sequence = event.pk, event.sequence
            transaction.on_commit(
                lambda: send_change_notices.enqueue(event_id=event_id, sequence=sequence)
            )
    return count


def change_notices_send(*, event_id: int, sequence: int) -> int:
    """Email each active registrant the change at revision ``sequence``, once: a
    registration is claimed (its ``notified_sequence`` raised) before its email is queued,
    so a task that runs twice tells nobody twice. Returns how many were told."""
    event = Event.objects.select_related("host").filter(pk=event_id).first()
    if event is None or event.sequence != sequence:
        return 0  # A newer change supersedes this one; its own task tells everyone.
    method = "CANCEL" if event.is_cancelled else "REQUEST"
    template = "event_cancelled" if event.is_cancelled else "event_changed"
    told = 0
    registrations = (
        Registration.objects.filter(event=event, notified_sequence__lt=sequence)
        .active()
        .select_related("user")
    )
    for registration in registrations:
        with transaction.atomic():
            claimed = Registration.objects.filter(
                pk=registration.pk, notified_sequence__lt=sequence
            ).update(notified_sequence=sequence)
            if not claimed:
                continue
            registration.event = event
            registration_email(
                registration, template, attachments=[calendar_attachment(registration, method)]
            )
            told += 1
    return told


def registration_check_in(*, registration: Registration, by, now=None) -> Registration:
    """Mark a confirmed registrant present. A second check-in changes nothing and raises
    CheckInError saying when the first one happened."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = (
            Registration.objects.select_for_update()
            .select_related("event", "user")
            .get(pk=registration.pk)
        )
        if not locked.is_confirmed:
            raise CheckInError(_("This registration is not confirmed, or was cancelled."))
        if locked.is_present:
            with translation.override(translation.get_language()):
                at = locked.event.local(locked.checked_in_at)
            raise CheckInError(
                _("{name} was already checked in at {time} {zone}.").format(
                    name=locked.user.get_full_name(),
                    time=at.strftime("%H.%M"),
                    zone=locked.event.zone_abbreviation,
                )
            )
        locked.checked_in_at = now
        locked.checked_in_by = by
        locked.save(update_fields=["checked_in_at", "checked_in_by", "updated_at"])
    return locked


def certificates_issue(*, event: Event, by, now=None) -> tuple[list[Certificate], int]:
    """Issue an attendance certificate to everyone marked present at ``event`` who has
    none yet, and email them a link (after commit). Returns the new certificates and
    how many registrants were not marked present. Raises ServiceError before the
    event has ended."""
    now = now or timezone.now()
    if event.end > now:
        raise ServiceError(_("Certificates can be issued only after the event has ended."))
    with transaction.atomic():
        Event.objects.select_for_update().get(pk=event.pk)
        registrations = Registration.objects.filter(event=event)
        due = list(
            registrations.present()
            .filter(certificate__isnull=True)
            .select_related("user", "event", "event__host")
        )
        issued = []
        for registration in due:
            certificate = Certificate.objects.create(
                registration=registration, issued_by=by, issued_at=now
            )
            issued.append(certificate)
            registration_email(registration, "certificate_issued")
        absent = registrations.confirmed().filter(checked_in_at__isnull=True).count()
    return issued, absent


def reminders_send(*, days: list[int], now=None) -> int:
    """Queue a reminder for each confirmed registrant of a published event that starts
    within one of ``days`` days. A registration records the smallest threshold it was
    reminded at and is claimed before its email is queued, so reruns send nothing twice.
    Returns how many reminders were queued."""
    now = now or timezone.now()
    sent = 0
    for threshold in sorted(set(days)):
        due = (
            Registration.objects.confirmed()
            .filter(
                event__status=Event.Status.PUBLISHED,
                event__start__gt=now,
                event__start__lte=now + datetime.timedelta(days=threshold),
            )
            .filter(Q(reminded_days__isnull=True) | Q(reminded_days__gt=threshold))
            .select_related("user", "event", "event__host")
        )
        for registration in due:
            with transaction.atomic():
                claimed = (
                    Registration.objects.filter(pk=registration.pk)
                    .filter(Q(reminded_days__isnull=True) | Q(reminded_days__gt=threshold))
                    .update(reminded_days=threshold)
                )
                if claimed:
                    registration_email(registration, "event_reminder")
                    sent += claimed
    return sent


def event_duplicate(*, event: Event) -> Event:
    """A new draft copy of ``event`` with its programme (sessions and speakers); dates are
    kept for the secretariat to edit. Registrations, photos and attachments are not copied."""
    with transaction.atomic():
        sessions = list(event.sessions.prefetch_related("speakers"))
        slug = unique_slug(Event.objects.all(), f"{event.slug[:180]}-copy", fallback="event")
        copy = Event.objects.get(pk=event.pk)
        copy.pk = None
        copy.id = None
        copy._state.adding = True
        copy.slug = slug
        copy.title = str(_("Copy of {title}")).format(title=event.title)[:200]
        copy.status = Event.Status.DRAFT
        copy.cancellation_notice = ""
        copy.cover = ""
        copy.width = copy.height = None
        copy.renditions = []
        copy.save()
        for session in sessions:
            speakers = list(session.speakers.all())
            session.pk = None
            session.id = None
            session._state.adding = True
            session.event = copy
            session.save()
            for speaker in speakers:
                speaker.pk = None
                speaker.id = None
                speaker._state.adding = True
                speaker.session = session
                speaker.save()
    return copy
