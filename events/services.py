"""Registration for events: every write that counts seats runs here, with the event row
locked, so two people registering at the same moment never take the same last seat."""

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from core.links import absolute_url
from core.mail import notify
from members.permissions import approved_affiliation

from .models import Event, Registration

STATE_MESSAGES = {
    "disabled": _("Registration for this event does not take place on the portal."),
    "draft": _("This event is not published."),
    "cancelled": _("This event has been cancelled."),
    "not-open": _("Registration has not opened yet."),
    "closed": _("Registration is closed."),
}


class RegistrationError(Exception):
    """A registration that cannot be made or cancelled; ``message`` is for the person."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def _email_context(registration: Registration, language: str) -> dict:
    event = registration.event
    with translation.override(language):
        event_date = date_format(event.start_local, "l, j F Y")
    return {
        "name": registration.user.get_full_name(),
        "event_title": event.title,
        "event_date": event_date,
        "event_time": event.start_local.strftime("%H.%M"),
        "zone": event.zone_abbreviation,
        "venue": event.venue_name,
        "event_url": absolute_url(event.get_absolute_url()),
        "account_url": absolute_url(reverse("users:account")),
    }


def _send(registration: Registration, template: str, language: str) -> None:
    notify(
        to=[registration.user.email],
        template=f"events/email/{template}",
        context=_email_context(registration, language),
        language=language,
    )


def registration_create(*, event: Event, user, now=None, language: str = "id") -> Registration:
    """Register ``user``: confirmed while seats remain, otherwise on the waiting list.

    Raises RegistrationError when registration is not open or the person is already
    registered."""
    now = now or timezone.now()
    try:
        with transaction.atomic():
            # The lock serialises registrations for this event (PostgreSQL); SQLite
            # serialises all writes anyway.
            locked = Event.objects.select_for_update().get(pk=event.pk)
            state = locked.registration_state(now)
            if state != "open":
                raise RegistrationError(STATE_MESSAGES[state])
            existing = (
                Registration.objects.select_for_update().filter(event=locked, user=user).first()
            )
            if existing and existing.status != Registration.Status.CANCELLED:
                raise RegistrationError(_("You are already registered for this event."))
            confirmed = Registration.objects.filter(
                event=locked, status=Registration.Status.CONFIRMED
            ).count()
            has_seat = locked.capacity is None or confirmed < locked.capacity
            status = Registration.Status.CONFIRMED if has_seat else Registration.Status.WAITING
            affiliation = approved_affiliation(user)
            registration = existing or Registration(event=locked, user=user)
            registration.status = status
            registration.member = affiliation.member if affiliation else None
            registration.job_title = affiliation.job_title if affiliation else ""
            registration.language = language
            registration.created_at = now
            registration.save()
    except IntegrityError:
        # The unique constraint caught a double submission that raced the lock.
        raise RegistrationError(_("You are already registered for this event.")) from None
    registration.event = locked
    _send(
        registration,
        "registration_confirmed" if has_seat else "registration_waiting",
        language,
    )
    return registration


def registration_cancel(*, event: Event, user, language: str = "id") -> Registration:
    """Cancel ``user``'s registration. A freed seat goes to the first person on the
    waiting list, who is told by email."""
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        registration = (
            Registration.objects.select_for_update()
            .filter(event=locked, user=user)
            .exclude(status=Registration.Status.CANCELLED)
            .first()
        )
        if registration is None:
            raise RegistrationError(_("You are not registered for this event."))
        if locked.is_past:
            raise RegistrationError(_("The event is over; the registration can no longer change."))
        registration.status = Registration.Status.CANCELLED
        registration.save(update_fields=["status", "updated_at"])
        promoted = _promote_waiting(locked)
    _announce(promoted)
    return registration


def registration_fill_seats(*, event: Event) -> list[Registration]:
    """Confirm people from the waiting list while seats are free (after the secretariat
    raised the capacity, for example) and tell them by email."""
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        promoted = _promote_waiting(locked)
    _announce(promoted)
    return promoted


def _promote_waiting(event: Event) -> list[Registration]:
    """Within the caller's transaction, with the event row locked."""
    if event.status != Event.Status.PUBLISHED or timezone.now() >= event.start:
        return []
    confirmed = Registration.objects.filter(
        event=event, status=Registration.Status.CONFIRMED
    ).count()
    waiting = (
        Registration.objects.select_for_update()
        .filter(event=event, status=Registration.Status.WAITING)
        .select_related("user")
        .order_by("created_at", "pk")
    )
    if event.capacity is not None:
        free = max(event.capacity - confirmed, 0)
        waiting = waiting[:free]
    promoted = list(waiting)
    for registration in promoted:
        registration.status = Registration.Status.CONFIRMED
        registration.save(update_fields=["status", "updated_at"])
        registration.event = event
    return promoted


def _announce(promoted: list[Registration]) -> None:
    for registration in promoted:
        _send(registration, "registration_promoted", registration.language)


def event_duplicate(*, event: Event) -> Event:
    """A new draft copy of ``event`` with its programme (sessions and speakers); dates are
    kept for the secretariat to edit. Registrations, photos and attachments are not copied."""
    with transaction.atomic():
        sessions = list(event.sessions.prefetch_related("speakers"))
        base_slug = f"{event.slug[:180]}-copy"
        slug = base_slug
        number = 2
        while Event.objects.filter(slug=slug).exists():
            slug = f"{base_slug}-{number}"
            number += 1
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
