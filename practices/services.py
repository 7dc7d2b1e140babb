"""Writes on practices: create, edit and the review workflow. Each transition is
recorded and sends its emails. Views, the admin and the demo loader call these."""

from collections import defaultdict

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.links import absolute_url, absolute_url_in
from core.mail import notify
from core.models import unique_slug
from members.models import Affiliation
from members.permissions import approved_member, is_secretariat

from .models import Practice, Transition
from .search import update_search_vector

Status = Practice.Status


# Paths under /practices/ that a slug must not shadow.
RESERVED_SLUGS = {"new", "feed"}


def practice_slug(title: str) -> str:
    return unique_slug(
        Practice.objects.all(), title, base_length=200, reserved=RESERVED_SLUGS, fallback="praktik"
    )


def _save_with_formsets(form, formsets, practice):
    form.save(commit=False)
    practice.save()
    form.save_m2m()
    for formset in formsets:
        formset.instance = practice
        formset.save()


def _record(practice, *, from_status: str, to_status: str, by, note: str = "") -> Transition:
    return Transition.objects.create(
        practice=practice, from_status=from_status, to_status=to_status, by=by, note=note
    )


def _notify_city_staff(practice: Practice, *, template: str, note: str = "") -> None:
    """Email every user approved for the practice's city, each in their language."""
    by_language = defaultdict(list)
    affiliations = Affiliation.objects.approved().filter(
        member_id=practice.member_id, user__is_active=True
    )
    for affiliation in affiliations.select_related("user"):
        user = affiliation.user
        by_language[getattr(user, "language", "id") or "id"].append(user.email)
    for language, emails in by_language.items():
        notify(
            to=sorted(set(emails)),
            template=template,
            language=language,
            context={
                "title": practice.title,
                "member": practice.member.name,
                "note": note,
                "url": absolute_url_in(language, "practices:detail", slug=practice.slug),
                "edit_url": absolute_url_in(language, "practices:edit", slug=practice.slug),
            },
        )


@transaction.atomic
def practice_create(*, by, form, formsets=()) -> Practice:
    """Save a new draft from a valid PracticeForm (and its inline formsets) for the
    city ``by`` is approved for: never for another city."""
    member = approved_member(by)
    if member is None:
        raise PermissionDenied(_("Only staff approved for a member city can write practices."))
    practice = form.instance
    practice.member = member
    practice.created_by = by
    practice.status = Status.DRAFT
    practice.slug = practice_slug(practice.title)
    _save_with_formsets(form, formsets, practice)
    _record(practice, from_status="", to_status=Status.DRAFT, by=by)
    update_search_vector([practice.pk])
    return practice


@transaction.atomic
def practice_update(*, practice: Practice, by, form, formsets=()) -> Practice:
    if not practice.can_edit(by):
        raise PermissionDenied(_("This practice cannot be edited now."))
    _save_with_formsets(form, formsets, practice)
    update_search_vector([practice.pk])
    return practice


def _lock(practice: Practice) -> Practice:
    return Practice.objects.select_for_update().select_related("member").get(pk=practice.pk)


@transaction.atomic
def practice_submit(*, practice: Practice, by) -> Practice:
    """Send a draft (or a practice sent back) to the secretariat. Raises
    ValidationError listing the missing mandatory fields."""
    locked = _lock(practice)
    if not locked.can_submit(by):
        raise PermissionDenied(_("This practice cannot be submitted now."))
    missing = locked.missing_for_submission()
    if missing:
        raise ValidationError(
            _("Some mandatory parts are still empty."),
            code="incomplete",
            params={"missing": missing},
        )
    previous = locked.status
    locked.status = Status.SUBMITTED
    locked.submitted_at = timezone.now()
    locked.save(update_fields=["status", "submitted_at", "updated_at"])
    _record(locked, from_status=previous, to_status=Status.SUBMITTED, by=by)
    admin_url = absolute_url(reverse("admin:practices_practice_change", args=[locked.pk]))
    transaction.on_commit(
        lambda: notify(
            to=[settings.SECRETARIAT_EMAIL],
            template="practices/email/submitted",
            language="id",
            context={
                "title": locked.title,
                "member": locked.member.name,
                "by": by.get_full_name() if hasattr(by, "get_full_name") else str(by),
                "admin_url": admin_url,
                "resubmission": previous == Status.CHANGES_REQUESTED,
            },
        )
    )
    return locked


def _require_secretariat(by):
    if not is_secretariat(by):
        raise PermissionDenied(_("Only the secretariat reviews practices."))


@transaction.atomic
def practice_request_changes(*, practice: Practice, by, note: str) -> Practice:
    _require_secretariat(by)
    note = (note or "").strip()
    if not note:
        raise ValidationError(_("Write a note telling the city what to change."), code="note")
    locked = _lock(practice)
    if locked.status not in (Status.SUBMITTED, Status.PUBLISHED):
        raise ValidationError(
            _("Changes can only be requested for a submitted or published practice."),
            code="status",
        )
    previous = locked.status
    locked.status = Status.CHANGES_REQUESTED
    locked.review_note = note
    locked.save(update_fields=["status", "review_note", "updated_at"])
    _record(locked, from_status=previous, to_status=Status.CHANGES_REQUESTED, by=by, note=note)
    transaction.on_commit(
        lambda: _notify_city_staff(locked, template="practices/email/changes_requested", note=note)
    )
    return locked


@transaction.atomic
def practice_publish(*, practice: Practice, by) -> Practice:
    _require_secretariat(by)
    locked = _lock(practice)
    if locked.status not in (Status.SUBMITTED, Status.ARCHIVED):
        raise ValidationError(
            _("Only a submitted or archived practice can be published."), code="status"
        )
    missing = locked.missing_for_submission()
    if missing:
        raise ValidationError(
            _("Some mandatory parts are still empty."),
            code="incomplete",
            params={"missing": missing},
        )
    previous = locked.status
    locked.status = Status.PUBLISHED
    locked.review_note = ""
    if locked.published_at is None:
        locked.published_at = timezone.now()
    locked.save(update_fields=["status", "review_note", "published_at", "updated_at"])
    _record(locked, from_status=previous, to_status=Status.PUBLISHED, by=by)
    update_search_vector([locked.pk])
    transaction.on_commit(lambda: _notify_city_staff(locked, template="practices/email/published"))
    return locked


@transaction.atomic
def practice_archive(*, practice: Practice, by, note: str = "") -> Practice:
    _require_secretariat(by)
    locked = _lock(practice)
    if locked.status == Status.ARCHIVED:
        return locked
    previous = locked.status
    locked.status = Status.ARCHIVED
    locked.save(update_fields=["status", "updated_at"])
    _record(locked, from_status=previous, to_status=Status.ARCHIVED, by=by, note=note)
    return locked
