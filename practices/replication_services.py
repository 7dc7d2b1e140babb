"""Writes on replications: a region declares (and updates) that it replicates another
region's practice, and the secretariat verifies it. Views and the admin call these."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from core.errors import ServiceError, ServiceForbidden
from core.links import absolute_url_in
from core.mail import notify
from members.permissions import approved_member, city_staff_emails_by_language, is_secretariat

from .models import Practice, Replication

FIELDS = ["stage", "started_on", "changes", "evidence_url", "evidence_file", "own_practice"]


def _notify_original_city(replication: Replication) -> None:
    """Email every approved member of staff of the practice's own region, each in
    their language, that another region replicates it."""
    practice = replication.practice
    for language, emails in city_staff_emails_by_language(practice.member_id).items():
        with translation.override(language):
            stage = str(Replication.Stage(replication.stage).label)
        notify(
            to=emails,
            template="practices/email/replication_declared",
            language=language,
            context={
                "title": practice.title,
                "member": replication.member.name,
                "stage": stage,
                "started_on": replication.started_on.isoformat(),
                "changes": replication.changes,
                "url": absolute_url_in(language, "practices:detail", slug=practice.slug),
                "member_url": absolute_url_in(
                    language, "members:detail", slug=replication.member.slug
                ),
            },
        )


def _full_clean(replication: Replication) -> None:
    """The model's own rules (evidence given, dates in order), as a ServiceError."""
    try:
        replication.full_clean(exclude=["evidence_file"])
    except ValidationError as error:
        raise ServiceError(error.messages, code="invalid") from error


@transaction.atomic
def replication_declare(*, practice: Practice, by, data: dict) -> Replication:
    """Record that ``by``'s region replicates ``practice``; ``data`` holds the cleaned
    fields (stage, started_on, changes, evidence_url, evidence_file, own_practice).
    Raises ServiceForbidden for anyone who may not declare, ServiceError when the
    region has already declared it or the data do not hold together."""
    practice = Practice.objects.select_related("member").get(pk=practice.pk)
    if not Replication.can_declare(by, practice):
        raise ServiceForbidden(
            _("Only approved staff of another region can declare a replication of this practice.")
        )
    member = approved_member(by)
    if Replication.objects.filter(practice=practice, member=member).exists():
        raise ServiceError(
            _("Your region has already declared that it replicates this practice."),
            code="duplicate",
        )
    replication = Replication(practice=practice, member=member, declared_by=by)
    for name in FIELDS:
        if name in data:
            setattr(replication, name, data[name])
    _full_clean(replication)
    try:
        with transaction.atomic():
            replication.save()
    except IntegrityError:
        # A second request from the same region won the race.
        raise ServiceError(
            _("Your region has already declared that it replicates this practice."),
            code="duplicate",
        ) from None
    transaction.on_commit(lambda: _notify_original_city(replication))
    return replication


@transaction.atomic
def replication_update(*, replication: Replication, by, data: dict) -> Replication:
    """Move a declaration on (stage, what changed, evidence). The original region is not
    emailed again. A change of substance takes the secretariat's verification back."""
    locked = (
        Replication.objects.select_for_update()
        .select_related("practice", "member")
        .get(pk=replication.pk)
    )
    if not locked.can_update(by):
        raise ServiceForbidden(_("Only your own region's declarations can be changed."))
    changed = False
    for name in FIELDS:
        if name in data and getattr(locked, name) != data[name]:
            setattr(locked, name, data[name])
            changed = True
    if changed and locked.verified_at is not None:
        locked.verified_at = None
        locked.verified_by = None
    _full_clean(locked)
    locked.save()
    return locked


def _set_verified(replication: Replication, *, by, verified: bool) -> Replication:
    if not is_secretariat(by):
        raise ServiceForbidden(_("Only the secretariat verifies replications."))
    locked = Replication.objects.select_for_update().get(pk=replication.pk)
    if (locked.verified_at is not None) != verified:
        locked.verified_at = timezone.now() if verified else None
        locked.verified_by = by if verified else None
        locked.save(update_fields=["verified_at", "verified_by", "updated_at"])
    return locked


@transaction.atomic
def replication_verify(*, replication: Replication, by) -> Replication:
    return _set_verified(replication, by=by, verified=True)


@transaction.atomic
def replication_unverify(*, replication: Replication, by) -> Replication:
    return _set_verified(replication, by=by, verified=False)
