from django.db import models
from django.db.models import Case, Q, When
from django.db.models.functions import Substr
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import (
    BilingualNameMixin,
    CleanImageField,
    DateRangeMixin,
    Ordered,
    Searchable,
    SlugPageMixin,
    Translated,
    bilingual_name,
    end_not_before_start,
    optional_date,
    optional_datetime,
    row_version,
    status_is,
    user_owner,
    user_reference,
)

from .geo import project
from .validators import validate_logo

# Indonesia's three time zones, by Kemendagri province code. Every province not
# listed is on WIB (UTC+7).
WITA_PROVINCES = {"51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76"}
WIT_PROVINCES = {"81", "82", "91", "92", "93", "94", "95", "96"}
ZONE_ABBREVIATIONS = {"Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}


# The kind prefixes of member names, longest first: "Kota Kupang" sorts as "Kupang".
KIND_PREFIXES = ("Kabupaten Administrasi ", "Kota Administrasi ", "Kabupaten ", "Kota ")


def zone_for_province(code: str) -> str:
    if code in WIT_PROVINCES:
        return "Asia/Jayapura"
    if code in WITA_PROVINCES:
        return "Asia/Makassar"
    return "Asia/Jakarta"


class Province(models.Model):
    code = models.CharField(_("Kemendagri code"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        ordering = ["code"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        """The member directory, filtered to the province."""
        return reverse("members:list") + f"?province={self.code}"

    @property
    def time_zone(self) -> str:
        return zone_for_province(self.code)


class MemberQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active_member=True)

    def kota(self):
        return self.filter(kind=Member.Kind.KOTA)

    def kabupaten(self):
        return self.filter(kind=Member.Kind.KABUPATEN)


class Member(SlugPageMixin, Searchable):
    """A kota or kabupaten of Indonesia, member of the network or not (yet)."""

    detail_view = "members:detail"

    class Kind(models.TextChoices):
        KOTA = "kota", _("City (kota)")
        KABUPATEN = "kabupaten", _("Regency (kabupaten)")

    code = models.CharField(
        _("Kemendagri code"), max_length=5, unique=True, help_text=_("For example 53.71.")
    )
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="members", verbose_name=_("province")
    )
    head_name = models.CharField(
        _("head of region"),
        max_length=150,
        blank=True,
        help_text=_("The name of the current Wali Kota or Bupati."),
    )
    head_as_of = optional_date(
        _("head of region recorded on"),
        help_text=_("The date on which the head of region was known to be in office."),
    )
    logo = CleanImageField(
        _("logo"), upload_to="members/logos/", blank=True, validators=[validate_logo]
    )
    website = models.URLField(_("website"), blank=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(
        _("population year"), null=True, blank=True, help_text=_("Year the figure refers to.")
    )
    districts = models.PositiveSmallIntegerField(_("kecamatan"), null=True, blank=True)
    villages = models.PositiveSmallIntegerField(_("kelurahan and desa"), null=True, blank=True)
    seat = models.CharField(
        _("seat of government"), max_length=100, blank=True, help_text=_("The ibu kota.")
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=7, decimal_places=5, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    description = models.TextField(_("description (Indonesian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    is_active_member = models.BooleanField(_("active member"), default=True)
    joined_on = optional_date(_("joined on"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # The name without its kind prefix, kept by the database itself (also through bulk
    # loads): the directory sorts by it, so Kota and Kabupaten Kupang stand together.
    sort_name = models.GeneratedField(
        expression=Case(
            *[
                When(name__startswith=prefix, then=Substr("name", len(prefix) + 1))
                for prefix in KIND_PREFIXES
            ],
            default="name",
        ),
        output_field=models.CharField(max_length=100),
        db_persist=True,
        verbose_name=_("sort name"),
    )

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["kind", "name"], name="members_kind_name_idx"),
            models.Index(fields=["is_active_member", "name"], name="members_active_name_idx"),
            models.Index(fields=["sort_name", "name"], name="members_sort_name_idx"),
        ]

    def __str__(self):
        return self.name

    @property
    def cache_version(self) -> str:
        """Changes whenever anything a member row shows changes (the province's name
        also depends on the "provinces" cache tag)."""
        return row_version("m", self)

    @property
    def short_name(self) -> str:
        """The name without its kind: "Kupang" for "Kota Kupang"."""
        for prefix in KIND_PREFIXES:
            if self.name.startswith(prefix):
                return self.name.removeprefix(prefix)
        return self.name

    @property
    def head_title(self) -> str:
        return _("Wali Kota") if self.kind == self.Kind.KOTA else _("Bupati")

    @property
    def time_zone(self) -> str:
        return zone_for_province(self.province.code)

    @property
    def time_zone_abbreviation(self) -> str:
        return ZONE_ABBREVIATIONS[self.time_zone]

    @property
    def map_point(self) -> tuple[float, float] | None:
        """The seat's position in map units (see members/geo.py), or None."""
        if self.latitude is None or self.longitude is None:
            return None
        return project(self.latitude, self.longitude)

    short_description = Translated("description")


class Position(BilingualNameMixin, Ordered):
    """An office of the network: President, Vice President, Secretary, ..."""

    slug = models.SlugField(_("slug"), unique=True)
    name_id, name_en = bilingual_name(100)

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["order", "name_id"]


class OfficerTermQuerySet(models.QuerySet):
    def current(self, today=None):
        """Terms that have begun (or whose start is unknown) and not ended. A term
        with no recorded end is the latest known holder of the office."""
        today = today or timezone.localdate()
        return self.filter(Q(end_date__isnull=True) | Q(end_date__gte=today)).filter(
            Q(start_date__isnull=True) | Q(start_date__lte=today)
        )

    def past(self, today=None):
        today = today or timezone.localdate()
        return self.filter(end_date__lt=today)

    def with_related(self):
        return self.select_related("position", "member", "member__province")


class OfficerTerm(DateRangeMixin, models.Model):
    """A person holding one of the network's positions. Dates may be unknown:
    ``known_in_office_on`` records a day on which the term is attested."""

    position = models.ForeignKey(
        Position, on_delete=models.PROTECT, related_name="terms", verbose_name=_("position")
    )
    person_name = models.CharField(_("person"), max_length=150)
    person_title = models.CharField(
        _("title in their city"),
        max_length=150,
        blank=True,
        help_text=_("For example Bupati Sidoarjo or Sekretaris Daerah."),
    )
    member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        related_name="officer_terms",
        verbose_name=_("member city"),
    )
    start_date = optional_date(_("start date"))
    end_date = optional_date(_("end date"))
    known_in_office_on = optional_date(
        _("known in office on"),
        help_text=_("A date on which the person is known to have held the office."),
    )
    note = models.CharField(_("note"), max_length=255, blank=True)

    objects = OfficerTermQuerySet.as_manager()

    class Meta:
        verbose_name = _("officer term")
        verbose_name_plural = _("officer terms")
        ordering = ["position__order", "-start_date", "person_name"]
        constraints = [
            end_not_before_start(
                "start_date", "end_date", name="members_officerterm_end_after_start"
            )
        ]

    def __str__(self):
        return f"{self.position}: {self.person_name}"

    @property
    def is_current(self) -> bool:
        today = timezone.localdate()
        started = self.start_date is None or self.start_date <= today
        return started and (self.end_date is None or self.end_date >= today)


class AffiliationQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=Affiliation.Status.APPROVED)

    def pending(self):
        return self.filter(status=Affiliation.Status.PENDING)

    def open(self):
        """Pending or approved: the ones that block a new request."""
        return self.filter(status__in=Affiliation.OPEN_STATUSES)

    def for_member(self, member):
        return self.filter(member=member)


class Affiliation(models.Model):
    """Ties a user to the member city they work for. Only an approved
    affiliation lets the person act for that city."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        REVOKED = "revoked", _("Revoked")

    OPEN_STATUSES = (Status.PENDING, Status.APPROVED)

    user = user_owner("affiliations")
    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="affiliations", verbose_name=_("member city")
    )
    job_title = models.CharField(_("job title"), max_length=150)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    reason = models.TextField(
        _("reason"), blank=True, help_text=_("Shown to the person when a request is rejected.")
    )
    decided_by = user_reference(_("decided by"))
    decided_at = optional_datetime(_("decided at"))
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)

    objects = AffiliationQuerySet.as_manager()

    class Meta:
        verbose_name = _("affiliation")
        verbose_name_plural = _("affiliations")
        ordering = ["-created_at"]
        constraints = [
            # One open (pending or approved) affiliation per person at a time.
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(status__in=["pending", "approved"]),
                name="members_affiliation_one_open_per_user",
            )
        ]
        indexes = [models.Index(fields=["status", "-created_at"], name="members_aff_status_idx")]

    def __str__(self):
        return f"{self.user} – {self.member}"

    is_approved = status_is(Status.APPROVED)
