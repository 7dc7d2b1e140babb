import os

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import (
    PdfAttachment,
    RenditionsMixin,
    Timestamped,
    optional_datetime,
    optional_text,
    user_reference,
)

from .fields import part_of_practice, practice_image_field, practice_pdf_field
from .practice import CITY, SECRETARIAT, Move, WorkflowMixin, can_take


class PracticeRevisionQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=PracticeRevision.OPEN_STATUSES)

    def published(self):
        return self.filter(status=PracticeRevision.Status.PUBLISHED).order_by("-published_at")


class PracticeRevision(WorkflowMixin, Timestamped):
    """An update to a published practice, proposed by its city. The published text stays
    online until the secretariat publishes the update; every revision is kept, with the
    values it replaced, as the practice's change log."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Update in progress")
        SUBMITTED = "submitted", _("Update submitted for review")
        RETURNED = "returned", _("Update returned with a note")
        PUBLISHED = "published", _("Update published")

    OPEN_STATUSES = [Status.DRAFT, Status.SUBMITTED, Status.RETURNED]
    MOVES = {
        "submit": Move(frozenset({Status.DRAFT, Status.RETURNED}), Status.SUBMITTED, CITY),
        "withdraw": Move(frozenset({Status.SUBMITTED}), Status.DRAFT, CITY),
        "return": Move(frozenset({Status.SUBMITTED}), Status.RETURNED, SECRETARIAT),
        "publish": Move(frozenset({Status.SUBMITTED}), Status.PUBLISHED, SECRETARIAT),
    }

    practice = part_of_practice("revisions")
    number = models.PositiveIntegerField(_("number"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    data = models.JSONField(_("proposed values"), default=dict)
    previous = models.JSONField(
        _("values it replaced"),
        default=dict,
        help_text=_("Filled in when the update is published."),
    )
    change_note = models.CharField(
        _("what changed"),
        max_length=300,
        blank=True,
        help_text=_(
            "One or two sentences for the public change log, e.g. “Results of 2024 added.”"
        ),
    )
    review_note = optional_text(_("note from the secretariat"))
    created_by = user_reference(_("created by"))
    reviewed_by = user_reference(_("reviewed by"))
    submitted_at = optional_datetime(_("submitted at"))
    published_at = optional_datetime(_("published at"))

    objects = PracticeRevisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("practice update")
        verbose_name_plural = _("practice updates")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "number"], name="practices_revision_number_unique"
            ),
            models.UniqueConstraint(
                fields=["practice"],
                condition=models.Q(status__in=["draft", "submitted", "returned"]),
                name="practices_one_open_revision",
            ),
        ]

    def __str__(self):
        return str(_("{title}: update {number}")).format(
            title=self.practice.title, number=self.number
        )

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)

    def is_city_staff(self, user) -> bool:
        return self.practice.is_city_staff(user)

    def can_edit(self, user) -> bool:
        return self.is_editable and self.is_city_staff(user)

    can_submit = can_take("submit")
    can_withdraw = can_take("withdraw")
    can_publish = can_take("publish")
    can_return = can_take("return")


def part_of_revision(related_name: str, *, one_to_one: bool = False):
    """The update a proposed picture or document belongs to: it goes with the update."""
    field = models.OneToOneField if one_to_one else models.ForeignKey
    return field(
        PracticeRevision,
        on_delete=models.CASCADE,
        related_name=related_name,
        verbose_name=_("practice update"),
    )


class ProposedPicture(RenditionsMixin):
    """A picture a city proposes in an update, kept apart from the published practice
    until the secretariat publishes the update. Served only to the city's staff and the
    secretariat (practices.media_views)."""

    class Meta:
        abstract = True

    def __str__(self):
        return os.path.basename(self.image.name)


class RevisionImage(ProposedPicture):
    """An image added in an update; once published it becomes a PracticeImage."""

    revision = part_of_revision("new_images")
    image = practice_image_field(_("image"), "images")

    class Meta:
        verbose_name = _("image added in an update")
        verbose_name_plural = _("images added in updates")
        ordering = ["pk"]


class RevisionCover(ProposedPicture):
    """A new cover image proposed in an update; once published it becomes the
    practice's cover."""

    revision = part_of_revision("new_cover", one_to_one=True)
    image = practice_image_field(_("cover image"), "covers")

    class Meta:
        verbose_name = _("cover proposed in an update")
        verbose_name_plural = _("covers proposed in updates")


class RevisionAttachment(PdfAttachment):
    """A PDF document a city added in an update, kept apart until it is published."""

    revision = part_of_revision("new_attachments")
    file = practice_pdf_field(_("PDF file"), "attachments")

    class Meta(PdfAttachment.Meta):
        verbose_name = _("document added in an update")
        verbose_name_plural = _("documents added in updates")
