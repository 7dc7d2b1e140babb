from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import optional_datetime, optional_reference, optional_text, user_reference
from members.permissions import approved_member_id, can_act_for, is_secretariat

from .fields import PDF_HELP, part_of_practice, practice_pdf_field
from .practice import Practice


class ReplicationQuerySet(models.QuerySet):
    def public(self):
        """Declarations the public may see: those of published practices."""
        return self.filter(practice__status=Practice.Status.PUBLISHED)

    def verified(self):
        return self.filter(verified_at__isnull=False)

    def declared(self):
        """Not yet verified by the secretariat."""
        return self.filter(verified_at__isnull=True)

    def of_practice(self, practice):
        return self.filter(practice=practice)

    def by_member(self, member):
        """What ``member`` replicates from other regions."""
        return self.filter(member=member)

    def of_member(self, member):
        """Other regions replicating ``member``'s practices."""
        return self.filter(practice__member=member)

    def involving(self, member):
        """Both directions at once: what ``member`` replicates and who replicates it."""
        return self.filter(models.Q(member=member) | models.Q(practice__member=member))

    def with_related(self):
        return self.select_related(
            "practice",
            "practice__member",
            "member",
            "member__province",
            "own_practice",
        )

    def count_by(self, field: str):
        """Rows of ``field`` (an id) and ``count``, the largest count first."""
        return (
            self.order_by()
            .values(field)
            .annotate(count=models.Count("pk"))
            .order_by("-count", field)
        )

    def count_by_practice(self):
        """Most replicated practices first."""
        return self.count_by("practice")

    def count_by_member(self):
        """The regions that replicate most first."""
        return self.count_by("member")


def replication_count_subquery(**filters):
    """How many regions replicate the outer practice, as an expression for annotate()."""
    counts = (
        Replication.objects.filter(practice=models.OuterRef("pk"), **filters)
        .order_by()
        .values("practice")
        .annotate(count=models.Count("pk"))
        .values("count")
    )
    return Coalesce(models.Subquery(counts), 0)


class Replication(models.Model):
    """Region B (``member``) declares that it replicates region A's published practice.
    One declaration per practice and region, updated as the work moves on."""

    class Stage(models.TextChoices):
        STUDYING = "studying", _("Studying")
        ADAPTING = "adapting", _("Adapting")
        IMPLEMENTED = "implemented", _("Implemented")

    practice = part_of_practice("replications", _("replicated practice"))
    member = models.ForeignKey(
        "members.Member",
        on_delete=models.CASCADE,
        related_name="replications",
        verbose_name=_("replicating region"),
    )
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices)
    started_on = models.DateField(_("start date"))
    changes = optional_text(
        _("what was changed"), _("How the region adapted the practice to its own situation.")
    )
    evidence_url = models.URLField(
        _("evidence link"),
        blank=True,
        help_text=_("For example a regulation, a news report or the service's own page."),
    )
    evidence_file = practice_pdf_field(
        _("evidence document"), "replications", blank=True, help_text=PDF_HELP
    )
    own_practice = optional_reference(
        Practice,
        _("our write-up of it"),
        related_name="source_replication",
        one_to_one=True,
        help_text=_("The region's own practice on the portal that grew out of this one, if any."),
    )
    declared_by = user_reference(_("declared by"))
    created_at = models.DateTimeField(_("declared at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    verified_at = optional_datetime(_("verified at"))
    verified_by = user_reference(_("verified by"))

    objects = ReplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("replication")
        verbose_name_plural = _("replications")
        ordering = ["-started_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "member"], name="practices_replication_once_per_region"
            )
        ]

    def __str__(self):
        return _("{member} replicates “{practice}”").format(
            member=self.member, practice=self.practice
        )

    def get_absolute_url(self):
        return reverse("practices:detail", kwargs={"slug": self.practice.slug})

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None

    def clean(self):
        super().clean()
        errors = {}
        if self.practice_id and self.member_id and self.practice.member_id == self.member_id:
            errors["practice"] = _("A region cannot replicate its own practice.")
        if self.own_practice_id:
            if self.own_practice.member_id != self.member_id:
                errors["own_practice"] = _("Choose a practice of the replicating region.")
            elif self.own_practice_id == self.practice_id:
                errors["own_practice"] = _("A practice cannot be a replication of itself.")
        if errors:
            raise ValidationError(errors)

    # Who may do what: built on members.permissions.
    @staticmethod
    def can_declare(user, practice) -> bool:
        """Approved staff of another region may declare for a published practice."""
        member_id = approved_member_id(user)
        return practice.is_published and member_id is not None and member_id != practice.member_id

    def can_update(self, user) -> bool:
        return can_act_for(user, self.member)

    @staticmethod
    def can_verify(user) -> bool:
        return is_secretariat(user)
