import datetime

from django.core import signing
from django.db import models
from django.db.models import Count, F, OuterRef, Prefetch, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.errors import ServiceError
from core.models import (
    mail_language_field,
    optional_datetime,
    optional_reference,
    status_filter,
    status_is,
    user_owner,
    user_reference,
)
from members.models import Member

from .events import Event, calendar_sequence_field

CHECK_IN_GRACE = datetime.timedelta(hours=12)


class CheckInError(ServiceError):
    """A check-in that cannot happen (a forged or expired code, a second check-in)."""


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    WAITING = "waiting", _("Waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class RegistrationQuerySet(models.QuerySet):
    confirmed = status_filter(RegistrationStatus.CONFIRMED)

    waiting = status_filter(RegistrationStatus.WAITING)

    def active(self):
        return self.exclude(status=RegistrationStatus.CANCELLED)

    def for_user(self, user) -> list:
        """The person's registrations with their events, newest event first, the waiting
        ones with their position: counted in a second query, only when someone waits (a
        subquery on every row costs more than the rest of the account page's queries)."""
        if not user or not user.is_authenticated:
            return []
        # The events with their hosts in a second query, only for someone registered: a
        # join of their many columns costs more to build than the whole page's rows when
        # there is nothing to show.
        registrations = list(
            self.filter(user=user)
            .annotate(certificate_code=F("certificate__code"))
            .order_by("-event__start")
            .prefetch_related(Prefetch("event", queryset=Event.objects.select_related("host")))
        )
        waiting = {item.pk: item for item in registrations if item.is_waiting}
        if waiting:
            positions = Registration.objects.filter(pk__in=waiting).with_waiting_position()
            for pk, position in positions.values_list("pk", "waiting_position"):
                waiting[pk].waiting_position = position
        return registrations

    def with_waiting_position(self):
        """Annotate ``waiting_position`` (1 = next to get a seat) on waiting registrations."""
        ahead = (
            Registration.objects.filter(event=OuterRef("event"), status=RegistrationStatus.WAITING)
            .filter(
                Q(created_at__lt=OuterRef("created_at"))
                | Q(created_at=OuterRef("created_at"), pk__lte=OuterRef("pk"))
            )
            .order_by()
            .values("event")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(waiting_position=Subquery(ahead))

    def present(self):
        return self.filter(checked_in_at__isnull=False)

    def search(self, query: str):
        query = (query or "").strip()
        if not query:
            return self
        return self.filter(
            Q(user__full_name__icontains=query)
            | Q(user__email__icontains=query)
            | Q(member__name__icontains=query)
        )

    def for_export(self):
        return self.select_related("user", "member").order_by("created_at", "pk")


class Registration(models.Model):
    Status = RegistrationStatus

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("event")
    )
    user = user_owner("event_registrations", _("participant"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    member = optional_reference(
        Member,
        _("city"),
        help_text=_("From the person's approved affiliation when they registered."),
    )
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    language = mail_language_field(
        max_length=8, help_text=_("The language of the emails about this registration.")
    )
    notified_sequence = calendar_sequence_field(
        _("told of calendar revision"),
        help_text=_("The event's revision this person was last told about."),
    )
    reminded_days = models.PositiveSmallIntegerField(
        _("reminded days before"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The smallest number of days before the event a reminder went out at."),
    )
    checked_in_at = optional_datetime(_("present since"))
    checked_in_by = user_reference(_("checked in by"))
    created_at = models.DateTimeField(_("registered at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="events_registration_unique")
        ]
        indexes = [
            models.Index(fields=["event", "status", "created_at"], name="events_reg_status_idx")
        ]

    def __str__(self):
        return f"{self.user} – {self.event}"

    @property
    def is_active(self) -> bool:
        return self.status != self.Status.CANCELLED

    is_confirmed = status_is(Status.CONFIRMED)

    is_waiting = status_is(Status.WAITING)

    @property
    def is_present(self) -> bool:
        return self.checked_in_at is not None

    # Check-in at the door: the QR code carries a signed link to this registration.
    CHECK_IN_SALT = "events.registration.check-in"

    def check_in_token(self) -> str:
        return signing.dumps({"r": self.pk, "e": self.event_id}, salt=self.CHECK_IN_SALT)

    @classmethod
    def from_check_in_token(cls, token: str, *, event) -> "Registration":
        """The registration a QR code names. Raises ``CheckInError`` for a forged code, a
        code of another event, a cancelled registration or an event long over."""
        try:
            data = signing.loads(token, salt=cls.CHECK_IN_SALT)
            pk, event_id = int(data["r"]), int(data["e"])
        except (signing.BadSignature, KeyError, TypeError, ValueError):
            raise CheckInError(_("This check-in code is not valid.")) from None
        if event_id != event.pk:
            raise CheckInError(_("This check-in code belongs to another event."))
        if event.end + CHECK_IN_GRACE < timezone.now():
            raise CheckInError(_("This check-in code has expired: the event is over."))
        registration = (
            cls.objects.filter(pk=pk, event=event).select_related("user", "member").first()
        )
        if registration is None or not registration.is_confirmed:
            raise CheckInError(_("This registration is not confirmed, or was cancelled."))
        return registration

    def check_in_url(self) -> str:
        return reverse(
            "events:check-in-person",
            kwargs={"slug": self.event.slug, "token": self.check_in_token()},
        )

    def get_waiting_position(self) -> int | None:
        """1 for the next person to get a seat; None unless waiting."""
        if not self.is_waiting:
            return None
        position = getattr(self, "waiting_position", None)
        if position is None:
            position = (
                Registration.objects.filter(pk=self.pk).with_waiting_position().get()
            ).waiting_position
        return position
