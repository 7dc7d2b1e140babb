from django.conf import settings
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Member

from .events import Event


class RegistrationQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(status=Registration.Status.CONFIRMED)

    def waiting(self):
        return self.filter(status=Registration.Status.WAITING)

    def active(self):
        return self.exclude(status=Registration.Status.CANCELLED)

    def for_user(self, user):
        """The person's registrations with their events, newest event first."""
        if not user or not user.is_authenticated:
            return self.none()
        return (
            self.filter(user=user)
            .select_related("event", "event__host")
            .with_waiting_position()
            .order_by("-event__start")
        )

    def with_waiting_position(self):
        """Annotate ``waiting_position`` (1 = next to get a seat) on waiting registrations."""
        ahead = (
            Registration.objects.filter(event=OuterRef("event"), status=Registration.Status.WAITING)
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

    def for_export(self):
        return self.select_related("user", "member").order_by("created_at", "pk")


class Registration(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITING = "waiting", _("Waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("event")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="event_registrations",
        verbose_name=_("participant"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    member = models.ForeignKey(
        Member,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("city"),
        help_text=_("From the person's approved affiliation when they registered."),
    )
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default="id",
        help_text=_("The language of the emails about this registration."),
    )
    notified_sequence = models.PositiveIntegerField(
        _("told of calendar revision"),
        default=0,
        editable=False,
        help_text=_("The event's revision this person was last told about."),
    )
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

    @property
    def is_confirmed(self) -> bool:
        return self.status == self.Status.CONFIRMED

    @property
    def is_waiting(self) -> bool:
        return self.status == self.Status.WAITING

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
