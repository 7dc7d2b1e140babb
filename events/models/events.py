"""Events, their programme, documents and photos."""

import datetime
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, F, Q, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.images import validate_image_file
from core.markdown import plain_text
from core.models import (
    Ordered,
    PdfAttachment,
    PublicPage,
    RenditionsMixin,
    Searchable,
    cover_alt_field,
    end_not_before_start,
    in_language,
    language_of,
    optional_datetime,
    optional_reference,
    pdf_file_field,
    renditions_image_field,
    row_version,
    status_is,
)
from members.models import ZONE_ABBREVIATIONS, Member

from ..validators import validate_pdf

ZONE_CHOICES = [
    ("Asia/Jakarta", _("WIB (Asia/Jakarta, UTC+7)")),
    ("Asia/Makassar", _("WITA (Asia/Makassar, UTC+8)")),
    ("Asia/Jayapura", _("WIT (Asia/Jayapura, UTC+9)")),
]


def validate_cover(file):
    validate_image_file(file, max_bytes=5 * 1024 * 1024)


def calendar_sequence_field(verbose_name, *, help_text) -> models.PositiveIntegerField:
    """An iCalendar SEQUENCE number (RFC 5545): raised by the services when registrants
    are told of a change, never in a form."""
    return models.PositiveIntegerField(verbose_name, default=0, editable=False, help_text=help_text)


class RegistrationState(models.TextChoices):
    """Whether people can register now; the label is the message shown to them."""

    OPEN = "open", _("Registration is open.")
    DISABLED = "disabled", _("Registration for this event does not take place on the portal.")
    DRAFT = "draft", _("This event is not published.")
    CANCELLED = "cancelled", _("This event has been cancelled.")
    NOT_OPEN = "not-open", _("Registration has not opened yet.")
    CLOSED = "closed", _("Registration is closed.")

    @property
    def message(self):
        return self.label

    @property
    def is_open(self) -> bool:
        return self is RegistrationState.OPEN


class EventQuerySet(models.QuerySet):
    def published(self):
        """Visible to the public: published or cancelled (a cancelled event keeps its page,
        with the notice)."""
        return self.filter(status__in=[Event.Status.PUBLISHED, Event.Status.CANCELLED])

    def upcoming(self, now=None):
        return self.filter(end__gte=now or timezone.now()).order_by("start")

    def past(self, now=None):
        return self.filter(end__lt=now or timezone.now()).order_by("-start")

    def for_member(self, member):
        return self.filter(host=member)

    def upcoming_first(self, now=None):
        """Upcoming events (soonest first), then past ones (latest first)."""
        now = now or timezone.now()
        return self.annotate(
            upcoming_start=Case(When(end__gte=now, then=F("start")), default=None)
        ).order_by(F("upcoming_start").asc(nulls_last=True), "-start", "pk")


class Event(PublicPage, Searchable):
    """A seminar, workshop or meeting of the network, hosted by a member city.

    Times are stored in UTC; ``time_zone`` is the zone they are shown (and entered) in."""

    detail_view = "events:detail"
    markdown_fields = ("summary", "description")

    class Kind(models.TextChoices):
        SEMINAR = "seminar", _("Seminar")
        WORKSHOP = "workshop", _("Workshop")
        CONFERENCE = "conference", _("Conference")
        ANNUAL_MEETING = "annual-meeting", _("Annual meeting")
        STUDY_VISIT = "study-visit", _("Study visit")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.SEMINAR)
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    summary = models.TextField(
        _("summary"), max_length=500, help_text=_("One or two sentences for lists and previews.")
    )
    description = models.TextField(
        _("description"), blank=True, help_text=_("Markdown: headings, lists, links.")
    )
    title_en = models.CharField(
        _("title (English)"),
        max_length=200,
        blank=True,
        help_text=_("Optional. English pages show the Indonesian title when empty."),
    )
    summary_en = models.TextField(_("summary (English)"), max_length=500, blank=True)
    description_en = models.TextField(
        _("description (English)"), blank=True, help_text=_("Markdown: headings, lists, links.")
    )
    host = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        related_name="hosted_events",
        verbose_name=_("host member"),
    )
    venue_name = models.CharField(_("venue"), max_length=200, blank=True)
    venue_address = models.CharField(_("venue address"), max_length=300, blank=True)
    start = models.DateTimeField(
        _("start"), help_text=_("Entered and shown in the event's time zone.")
    )
    end = models.DateTimeField(_("end"), help_text=_("Entered and shown in the event's time zone."))
    times_are_approximate = models.BooleanField(
        _("times are approximate"),
        default=False,
        help_text=_("Tick when the exact hours are not recorded: the page says so."),
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=32,
        choices=ZONE_CHOICES,
        blank=True,
        help_text=_(
            "Leave empty to use the host's zone (WIB, WITA or WIT). Start, end and session "
            "times are entered in this zone."
        ),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    cancellation_notice = models.TextField(
        _("cancellation notice"),
        blank=True,
        help_text=_("Shown on the event page when the event is cancelled."),
    )
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        help_text=_("Number of seats. Leave empty for no limit. Beyond it, a waiting list."),
    )
    registration_opens = optional_datetime(
        _("registration opens"),
        help_text=_("Leave empty to open registration as soon as the event is published."),
    )
    registration_closes = optional_datetime(
        _("registration closes"),
        help_text=_("Leave empty to close registration when the event starts."),
    )
    registration_enabled = models.BooleanField(
        _("registration on the portal"),
        default=True,
        help_text=_("Untick for events whose attendance is not managed here."),
    )
    cover = renditions_image_field(
        _("cover image"), upload_to="events/covers/", validator=validate_cover, blank=True
    )
    cover_alt = cover_alt_field(
        max_length=200, help_text=_("Alternative text for people who cannot see the picture.")
    )
    meeting_url = models.URLField(
        _("meeting link"),
        blank=True,
        help_text=_(
            "For online and hybrid events. Shown only to confirmed registrants (event page, "
            "emails, calendar), never on public pages, feeds or the API."
        ),
    )
    sequence = calendar_sequence_field(
        _("calendar revision"),
        help_text=_("Raised each time registrants are told of a change (iCalendar SEQUENCE)."),
    )

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=F("start")), name="events_end_after_start"),
            end_not_before_start(
                "registration_opens",
                "registration_closes",
                name="events_registration_closes_after_opens",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "start"], name="events_status_start_idx"),
            models.Index(fields=["host", "start"], name="events_host_start_idx"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.time_zone and self.host_id:
            self.time_zone = self.host.time_zone
        super().save(*args, **kwargs)

    @property
    def cache_version(self) -> str:
        """Changes whenever anything an event card or calendar entry shows changes."""
        return row_version("e", self, self.host)

    def clean(self):
        errors = {}
        if self.start and self.end and self.end < self.start:
            errors["end"] = _("The end cannot be before the start.")
        if (
            self.registration_opens
            and self.registration_closes
            and self.registration_closes < self.registration_opens
        ):
            errors["registration_closes"] = _("Registration cannot close before it opens.")
        if self.status == self.Status.CANCELLED and not self.cancellation_notice.strip():
            errors["cancellation_notice"] = _("Tell visitors why the event is cancelled.")
        if errors:
            raise ValidationError(errors)

    # Languages
    def display_title(self, language: str | None = None) -> str:
        return in_language(self, "title", language)

    def display_summary(self, language: str | None = None) -> str:
        return in_language(self, "summary", language)

    def display_description(self, language: str | None = None) -> str:
        return in_language(self, "description", language)

    def text_language(self, language: str | None = None) -> str:
        """The language the title and texts are shown in: "en" only when the English
        title exists and English is asked for."""
        return language_of(self, "title", language)

    def summary_language(self, language: str | None = None) -> str:
        return language_of(self, "summary", language)

    def description_language(self, language: str | None = None) -> str:
        return language_of(self, "description", language)

    @property
    def map_url(self) -> str:
        place = ", ".join(p for p in (self.venue_name, self.venue_address) if p)
        if not place:
            return ""
        return "https://www.openstreetmap.org/search?" + urlencode({"query": place})

    NOTIFIED_FIELDS = ("start", "end", "venue_name", "venue_address")

    def change_since(self, previous: "Event") -> str | None:
        """What registrants must be told about, compared with the saved ``previous``:
        ``"cancelled"``, ``"changed"`` (start, end or venue) or None."""
        if self.status == self.Status.CANCELLED:
            return "cancelled" if previous.status != self.Status.CANCELLED else None
        if self.status != self.Status.PUBLISHED or previous.status != self.Status.PUBLISHED:
            return None
        if any(getattr(self, f) != getattr(previous, f) for f in self.NOTIFIED_FIELDS):
            return "changed"
        return None

    # Time zone display
    @property
    def zone(self) -> ZoneInfo:
        name = self.time_zone or (self.host.time_zone if self.host_id else settings.TIME_ZONE)
        return ZoneInfo(name)

    @property
    def zone_abbreviation(self) -> str:
        return ZONE_ABBREVIATIONS.get(str(self.zone), str(self.zone))

    def local(self, value: datetime.datetime | None) -> datetime.datetime | None:
        """``value`` as a naive wall-clock time in the event's zone, for templates (a naive
        value is not converted again to the visitor's zone)."""
        if value is None:
            return None
        return value.astimezone(self.zone).replace(tzinfo=None)

    @property
    def start_local(self):
        return self.local(self.start)

    @property
    def end_local(self):
        return self.local(self.end)

    @property
    def is_multi_day(self) -> bool:
        return self.start_local.date() != self.end_local.date()

    # Status
    is_published = status_is(Status.PUBLISHED)

    is_cancelled = status_is(Status.CANCELLED)

    @property
    def is_past(self) -> bool:
        return self.end < timezone.now()

    @property
    def summary_text(self) -> str:
        """The summary as plain text, in the current language when it has a translation."""
        return plain_text(self.display_summary())

    # Registration
    @property
    def registration_closes_local(self):
        return self.local(self.registration_closes)

    @property
    def registration_closes_at(self):
        return self.registration_closes or self.start

    def registration_state(self, now=None) -> RegistrationState:
        now = now or timezone.now()
        if not self.registration_enabled:
            return RegistrationState.DISABLED
        if self.status == self.Status.DRAFT:
            return RegistrationState.DRAFT
        if self.status == self.Status.CANCELLED:
            return RegistrationState.CANCELLED
        if self.registration_opens and now < self.registration_opens:
            return RegistrationState.NOT_OPEN
        if now >= self.registration_closes_at:
            return RegistrationState.CLOSED
        return RegistrationState.OPEN

    def confirmed_count(self) -> int:
        return self.registrations.confirmed().count()

    def seats_left(self, confirmed: int | None = None) -> int | None:
        """Free seats; ``confirmed``: the count of confirmed registrations if known."""
        if self.capacity is None:
            return None
        if confirmed is None:
            confirmed = self.confirmed_count()
        return max(self.capacity - confirmed, 0)


class Session(Ordered):
    """One item of an event's programme. Times may be unknown (the order of the day only)."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("event")
    )
    start = optional_datetime(
        _("start"), help_text=_("In the event's time zone. Leave empty when the time is not known.")
    )
    end = optional_datetime(_("end"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("programme session")
        verbose_name_plural = _("programme")
        ordering = ["order", "start", "pk"]
        constraints = [end_not_before_start("start", "end", name="events_session_end_after_start")]

    def __str__(self):
        return self.title

    @property
    def start_local(self):
        return self.event.local(self.start)

    @property
    def end_local(self):
        return self.event.local(self.end)

    def clean(self):
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The end cannot be before the start.")})
        if self.end and not self.start:
            raise ValidationError({"start": _("Give a start time when you give an end time.")})


class Speaker(Ordered):
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="speakers", verbose_name=_("session")
    )
    name = models.CharField(_("name"), max_length=150)
    title = models.CharField(
        _("position"), max_length=200, blank=True, help_text=_("For example Wali Kota Kupang.")
    )
    member = optional_reference(Member, _("member city"))

    class Meta(Ordered.Meta):
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")

    def __str__(self):
        return self.name


class EventAttachment(PdfAttachment):
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("event")
    )
    session = models.ForeignKey(
        Session,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
        verbose_name=_("session"),
        help_text=_("The session these slides belong to; empty for the whole event."),
    )
    file = pdf_file_field(
        _("PDF file"),
        upload_to="events/attachments/",
        validator=validate_pdf,
        help_text=_("PDF only, at most 20 MB."),
    )

    def save(self, *args, **kwargs):
        if self.session_id and not self.event_id:
            self.event_id = self.session.event_id
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("events:attachment", kwargs={"slug": self.event.slug, "pk": self.pk})

    def clean(self):
        if self.session_id and self.event_id and self.session.event_id != self.event_id:
            raise ValidationError({"session": _("Choose a session of this event.")})


class EventPhoto(RenditionsMixin, Ordered):
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="photos", verbose_name=_("event")
    )
    image = renditions_image_field(_("photo"), upload_to="events/photos/", validator=validate_cover)
    caption = models.CharField(
        _("caption"), max_length=300, help_text=_("Also read out by screen readers.")
    )
    credit = models.CharField(_("credit"), max_length=150, blank=True)

    class Meta(Ordered.Meta):
        verbose_name = _("photo")
        verbose_name_plural = _("photo gallery")

    def __str__(self):
        return self.caption
