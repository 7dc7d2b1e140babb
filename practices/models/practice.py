import datetime
from dataclasses import dataclass

from django.db import models
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.markdown import plain_text
from core.models import (
    DateRangeMixin,
    PublicPage,
    StoredSearchVectorField,
    TextLanguage,
    end_not_before_start,
    optional_date,
    optional_datetime,
    optional_reference,
    optional_text,
    row_version,
    status_is,
    text_language_field,
    user_reference,
)
from members.permissions import approved_member, approved_member_id, can_act_for, is_secretariat

from ..validators import SUMMARY_MAX_WORDS, MaxWordsValidator
from .fields import IMAGE_HELP, alt_text_field, part_of_practice, practice_image_field
from .taxonomy import SDG, Theme


class PracticeSearchVectorField(StoredSearchVectorField):
    """``core.models.StoredSearchVectorField`` under the name the practices' migrations
    give it."""


CITY, SECRETARIAT = "city", "secretariat"
# Cities are asked yearly whether a practice is still current; a page unconfirmed for
# 18 months says so.
CONFIRMATION_INTERVAL = datetime.timedelta(days=365)
STALE_AFTER = datetime.timedelta(days=548)


@dataclass(frozen=True)
class Move:
    """One allowed step of the review workflow: from which statuses, to which (None:
    the practice is deleted), and who takes it (the city's approved staff or the
    secretariat)."""

    sources: frozenset
    target: str | None
    actor: str


class WorkflowMixin:
    """``can_<action>()`` from a ``MOVES`` table; the model supplies is_city_staff()."""

    MOVES: dict[str, Move] = {}

    def allows(self, action: str) -> bool:
        """Whether the workflow allows ``action`` from the current status (anyone)."""
        return self.status in self.MOVES[action].sources

    def may_act(self, action: str, user) -> bool:
        """Whether ``user`` is the kind of person who takes ``action`` here."""
        if self.MOVES[action].actor == SECRETARIAT:
            return is_secretariat(user)
        return self.is_city_staff(user)

    def can(self, action: str, user) -> bool:
        return self.allows(action) and self.may_act(action, user)


def can_take(action: str):
    """``can_submit = can_take("submit")``: a ``can_submit(user)`` method asking ``can()``."""

    def check(self, user) -> bool:
        return self.can(action, user)

    check.__name__ = check.__qualname__ = f"can_{action}"
    return check


class PracticeQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Practice.Status.PUBLISHED)

    def for_member(self, member):
        return self.filter(member=member)

    def visible_to(self, user):
        if is_secretariat(user):
            return self
        member = approved_member(user)
        published = models.Q(status=Practice.Status.PUBLISHED)
        if member is None:
            return self.filter(published)
        return self.filter(published | models.Q(member=member))

    def due_for_confirmation(self, now):
        """Published, ongoing practices neither confirmed nor asked about for a year."""
        year_ago = now - CONFIRMATION_INTERVAL
        confirmed = Coalesce("last_confirmed_at", "published_at")
        return (
            self.published()
            .filter(progress=Practice.Progress.ONGOING)
            .alias(confirmed=confirmed)
            .filter(confirmed__lt=year_ago)
            .filter(
                models.Q(confirmation_requested_at__isnull=True)
                | models.Q(confirmation_requested_at__lt=year_ago)
            )
        )

    def for_cards(self):
        """What a list of practice cards shows, in a fixed number of queries."""
        return (
            self.select_related("member", "member__province")
            .prefetch_related("themes")
            .with_replication_count()
            .with_recommendation()
        )

    def latest_first(self):
        return self.order_by("-published_at", "pk")

    def with_replication_count(self):
        """Annotate ``replication_count``: how many regions declared they replicate it."""
        from .replication import replication_count_subquery

        return self.annotate(replication_count=replication_count_subquery())

    def replicated(self):
        """Practices that at least one other region replicates."""
        from .replication import Replication

        return self.filter(
            models.Exists(Replication.objects.filter(practice=models.OuterRef("pk")))
        )

    def with_review_score(self):
        """Annotate ``review_score`` (0-100, mean of the latest scored submission's
        reviews; None when unscored) and ``review_count``."""
        from .review import review_score_annotations

        return self.annotate(**review_score_annotations())

    def with_recommendation(self):
        """Annotate ``is_recommended``: recommended for replication by the secretariat."""
        from .review import Recommendation

        return self.annotate(
            is_recommended=models.Exists(
                Recommendation.objects.filter(practice=models.OuterRef("pk"))
            )
        )

    def recommended(self):
        from .review import Recommendation

        return self.filter(
            models.Exists(Recommendation.objects.filter(practice=models.OuterRef("pk")))
        )

    def most_replicated(self):
        """Replicated practices with ``replication_count``, most replicated first."""
        return (
            self.replicated()
            .with_replication_count()
            .order_by("-replication_count", "-published_at", "pk")
        )


class Practice(WorkflowMixin, DateRangeMixin, PublicPage):
    """A best-practice write-up by a member city."""

    detail_view = "practices:detail"
    # The write-up's narrative, in the order of the form, the admin and the API.
    NARRATIVE_FIELDS = (
        "problem",
        "objectives",
        "activities",
        "novelty",
        "steps",
        "budget",
        "funding_source",
        "resources",
        "partners",
        "results",
        "obstacles",
        "sustainability",
        "lessons",
        "replication",
    )
    markdown_fields = (
        "summary",
        "beneficiaries",
        *(name for name in NARRATIVE_FIELDS if name not in ("budget", "funding_source")),
    )

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted for review")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    class Kind(models.TextChoices):
        POLICY = "policy", _("Policy")
        PROGRAMME = "programme", pgettext_lazy("kind of practice", "Programme")
        SERVICE = "service", _("Public service")
        TECHNOLOGY = "technology", _("Technology")

    Language = TextLanguage

    class Funding(models.TextChoices):
        APBD = "apbd", _("Regional budget (APBD)")
        APBN = "apbn", _("State budget (APBN)")
        CSR = "csr", _("Corporate social responsibility (CSR)")
        MIXED = "mixed", _("Several sources")
        OTHER = "other", _("Other")

    class Progress(models.TextChoices):
        ONGOING = "ongoing", _("Ongoing")
        COMPLETED = "completed", _("Completed")
        STOPPED = "stopped", _("Stopped")

    # Identity
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    language = text_language_field(
        _("language of the text"),
        help_text=_("The language this write-up is written in; used for search."),
    )
    summary = optional_text(
        _("summary"),
        _("At most 250 words: what the practice is and what it achieved."),
        validators=[MaxWordsValidator(SUMMARY_MAX_WORDS)],
    )
    member = models.ForeignKey(
        "members.Member",
        on_delete=models.PROTECT,
        related_name="practices",
        verbose_name=_("member city"),
    )
    office = models.CharField(
        _("implementing office (OPD)"),
        max_length=200,
        blank=True,
        help_text=_("For example Dinas Kependudukan dan Pencatatan Sipil."),
    )
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    contact_position = models.CharField(_("contact position"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)

    # Classification
    themes = models.ManyToManyField(
        Theme, related_name="practices", blank=True, verbose_name=_("themes")
    )
    sdgs = models.ManyToManyField(
        SDG, related_name="practices", blank=True, verbose_name=_("Sustainable Development Goals")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, blank=True)
    beneficiaries = optional_text(_("beneficiaries"), _("Who benefits, and how many."))

    # Narrative (Markdown)
    problem = optional_text(_("the problem before"), _("The situation that needed to change."))
    objectives = optional_text(_("objectives"))
    activities = optional_text(_("what was done"), _("The practice itself: what the city did."))
    novelty = optional_text(_("what is new about it"), _("What makes it an innovation."))
    steps = optional_text(_("implementation steps"))
    budget = models.PositiveBigIntegerField(
        _("budget (Rupiah)"), null=True, blank=True, help_text=_("Total cost in Rupiah.")
    )
    funding_source = models.CharField(
        _("funding source"), max_length=10, choices=Funding.choices, blank=True
    )
    resources = optional_text(
        _("staff and other resources"), _("People, equipment and other resources used.")
    )
    partners = optional_text(
        _("partners and their support"), _("Other offices, universities, companies, communities.")
    )
    results = optional_text(
        _("results"), _("What changed. Add figures before and after in the indicators below.")
    )
    obstacles = optional_text(_("obstacles and how they were overcome"))
    sustainability = optional_text(
        _("how it is sustained"), _("Regulations, budget and institutions that keep it going.")
    )
    lessons = optional_text(_("lessons learned"))
    replication = optional_text(
        _("how another city can replicate it"),
        _("What another city needs, and whether it has already been replicated."),
    )

    # Status of the practice itself
    start_date = optional_date(_("start date"))
    end_date = optional_date(_("end date"))
    progress = models.CharField(
        _("implementation status"),
        max_length=10,
        choices=Progress.choices,
        default=Progress.ONGOING,
    )
    stopped_reason = optional_text(
        _("why it stopped"),
        _("When the status is “stopped”: why, in a sentence or two. Give the end date."),
    )
    last_confirmed_at = optional_datetime(_("last confirmed as current"), editable=False)
    confirmation_requested_at = optional_datetime(_("confirmation last requested"), editable=False)
    awards = optional_text(
        _("awards"), _("One per line, for example: Top 45 KIPP 2019 (KemenPAN-RB).")
    )
    presented_at = optional_reference(
        "events.Event",
        _("presented at"),
        related_name="practices",
        help_text=_("The network event where the practice was presented, if any."),
    )

    # Evidence
    cover = practice_image_field(_("cover image"), "covers", blank=True, help_text=IMAGE_HELP)
    cover_alt = alt_text_field(_("cover image description"), blank=True)

    # Review workflow
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    review_note = optional_text(
        _("note from the secretariat"), _("The latest request for changes.")
    )
    created_by = user_reference(_("created by"))
    submitted_at = optional_datetime(_("submitted at"))
    published_at = optional_datetime(_("published at"), db_index=True)
    search_vector = PracticeSearchVectorField(null=True, blank=True, editable=False)

    objects = PracticeQuerySet.as_manager()

    REQUIRED_FOR_SUBMISSION = ["title", "summary", "problem", "activities", "results"]
    EDITABLE_STATUSES = {Status.DRAFT, Status.CHANGES_REQUESTED}

    # The one table of the review workflow: services (practices.services._transition),
    # admin buttons and templates all ask can_<action>(), which reads it.
    MOVES = {
        "submit": Move(frozenset(EDITABLE_STATUSES), Status.SUBMITTED, CITY),
        "withdraw": Move(frozenset({Status.SUBMITTED}), Status.DRAFT, CITY),
        "delete": Move(frozenset({Status.DRAFT}), None, CITY),
        "request_changes": Move(
            frozenset({Status.SUBMITTED, Status.PUBLISHED}), Status.CHANGES_REQUESTED, SECRETARIAT
        ),
        "publish": Move(
            frozenset({Status.SUBMITTED, Status.ARCHIVED}), Status.PUBLISHED, SECRETARIAT
        ),
        "archive": Move(
            frozenset({Status.DRAFT, Status.SUBMITTED, Status.CHANGES_REQUESTED, Status.PUBLISHED}),
            Status.ARCHIVED,
            SECRETARIAT,
        ),
        # Back to where it was before archiving (see restore_status()).
        "restore": Move(frozenset({Status.ARCHIVED}), None, SECRETARIAT),
    }

    class Meta:
        verbose_name = _("best practice")
        verbose_name_plural = _("best practices")
        ordering = ["-published_at", "-created_at"]
        permissions = [("review_practice", _("Can publish, request changes and archive"))]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="practices_status_pub_idx"),
            # Counts of published practices per member, province, theme and SDG (the coverage
            # dashboard, the members' map) read this index alone, not the wide table.
            models.Index(fields=["status", "member", "id"], name="practices_status_member_idx"),
        ]
        constraints = [
            end_not_before_start("start_date", "end_date", name="practices_end_after_start")
        ]

    def __str__(self):
        return self.title

    @property
    def cache_version(self) -> str:
        """Changes whenever anything a practice card shows changes (the card's themes
        also depend on the "taxonomy" cache tag). Add here what you add to the card: the
        replication count and the recommendation come from annotations (``for_cards``)."""
        replicated = getattr(self, "replication_count", "")
        recommended = int(bool(getattr(self, "is_recommended", False)))
        return f"{row_version('p', self, self.member)}.r{replicated}.{recommended}"

    is_published = status_is(Status.PUBLISHED)

    @property
    def confirmed_at(self):
        """When the city last said the practice is current (its publication counts)."""
        return self.last_confirmed_at or self.published_at

    @property
    def is_stale(self) -> bool:
        """Ongoing and not confirmed as current for 18 months."""
        if not self.is_published or self.progress != self.Progress.ONGOING:
            return False
        confirmed = self.confirmed_at
        return confirmed is not None and timezone.now() - confirmed > STALE_AFTER

    def can_confirm_current(self, user) -> bool:
        return self.is_published and self.is_city_staff(user)

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE_STATUSES

    @property
    def summary_text(self) -> str:
        return plain_text(self.summary)

    @property
    def card_image(self) -> dict | None:
        """The smallest cover rendition for list cards, with its size for the HTML."""
        return self.rendition(400) if self.cover else None

    @property
    def award_list(self) -> list[str]:
        return [line.strip(" -*\t") for line in self.awards.splitlines() if line.strip(" -*\t")]

    # Who may do what: built on members.permissions, the one place for those rules.
    def is_city_staff(self, user) -> bool:
        return can_act_for(user, self.member)

    def can_view(self, user) -> bool:
        if self.is_published:
            return True
        return is_secretariat(user) or self.is_city_staff(user)

    def can_view_contact(self, user) -> bool:
        """Contact details are for signed-in city staff of any member and the secretariat."""
        return approved_member_id(user) is not None or is_secretariat(user)

    def can_edit(self, user) -> bool:
        return self.is_editable and self.is_city_staff(user)

    def allows(self, action: str) -> bool:
        if action == "delete" and self.published_at is not None:
            # A practice that was once public is archived, never deleted.
            return False
        return super().allows(action)

    can_submit = can_take("submit")
    can_withdraw = can_take("withdraw")
    can_delete = can_take("delete")
    can_publish = can_take("publish")
    can_request_changes = can_take("request_changes")
    can_archive = can_take("archive")
    can_restore = can_take("restore")

    def can_revise(self, user) -> bool:
        """City staff propose an update to a published practice; it stays online meanwhile."""
        return self.is_published and self.is_city_staff(user)

    def can_review(self, user) -> bool:
        return is_secretariat(user)

    def restore_status(self) -> str:
        """The status an archived practice goes back to: the one it had when archived."""
        last = (
            self.transitions.filter(to_status=self.Status.ARCHIVED).order_by("-at", "-pk").first()
        )
        if last and last.from_status and last.from_status != self.Status.ARCHIVED:
            return last.from_status
        return self.Status.PUBLISHED if self.published_at else self.Status.DRAFT

    def refusal(self, user, action: str = "edit") -> str:
        """Why ``user`` may not take ``action`` (or edit): the region, the status or the
        missing affiliation, with the next step. Empty when nothing stands in the way."""
        city_action = action in ("edit", "revise") or self.MOVES[action].actor == CITY
        if city_action and not self.is_city_staff(user):
            return self._not_city_staff(user)
        if not city_action and not is_secretariat(user):
            return str(_("Only the secretariat reviews practices."))
        if action == "edit":
            allowed = self.is_editable
        elif action == "revise":
            allowed = self.is_published
        else:
            allowed = self.allows(action)
        if allowed:
            return ""
        reasons = {
            self.Status.SUBMITTED: _(
                "It has been submitted and the secretariat is reviewing it. Withdraw it "
                "to draft if you need to change it."
            ),
            self.Status.PUBLISHED: _(
                "It is published. Propose an update: the published version stays online "
                "until the secretariat publishes your update."
            ),
            self.Status.ARCHIVED: _(
                "The secretariat has archived it; only the secretariat can restore it."
            ),
            self.Status.DRAFT: _("It is still a draft."),
            self.Status.CHANGES_REQUESTED: _("The secretariat has asked for changes."),
        }
        if action == "delete" and self.status == self.Status.DRAFT:
            reason = _("It was published once, so it can only be archived, not deleted.")
        else:
            reason = reasons.get(self.status, "")
        return str(_("This practice is “{status}”: {reason}")).format(
            status=self.get_status_display(), reason=reason
        )

    def _not_city_staff(self, user) -> str:
        """Why someone who is not staff of the practice's city may not write it."""
        if is_secretariat(user):
            return str(_("Only the staff of {member} edit its practices.")).format(
                member=self.member.name
            )
        if approved_member(user) is None:
            return str(
                _(
                    "Your account has no approved affiliation with a member city yet. "
                    "Ask for one on your account page; once the secretariat approves it, "
                    "you can write and edit your city's practices."
                )
            )
        return str(_("This practice belongs to {member}; only its staff can change it.")).format(
            member=self.member.name
        )

    def can_see_history(self, user) -> bool:
        return is_secretariat(user) or self.is_city_staff(user)

    def missing_for_submission(self) -> list[str]:
        """Names of the mandatory fields that are still empty (themes and SDGs need a
        saved practice)."""
        missing = [name for name in self.REQUIRED_FOR_SUBMISSION if not getattr(self, name).strip()]
        if self.pk is None or not self.themes.exists():
            missing.append("themes")
        if self.pk is None or not self.sdgs.exists():
            missing.append("sdgs")
        return missing


class Transition(models.Model):
    """One step of the review workflow, kept for the city and the secretariat."""

    practice = part_of_practice("transitions")
    from_status = models.CharField(
        _("from"), max_length=20, choices=Practice.Status.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=20, choices=Practice.Status.choices)
    by = user_reference(_("by"))
    at = models.DateTimeField(_("at"), auto_now_add=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.practice}: {self.from_status or '-'} → {self.to_status}"
