"""Writes on practices: create, edit and the review workflow. Each transition is
recorded and sends its emails. Views, the admin and the demo loader call these."""

import os
from collections import defaultdict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.errors import ServiceError, ServiceForbidden
from core.links import absolute_url, absolute_url_in
from core.locking import lock_row
from core.mail import notify
from core.models import unique_slug
from members.permissions import (
    SECRETARIAT_GROUP,
    approved_member,
    city_staff_emails_by_language,
    is_secretariat,
)

from .models import (
    Practice,
    PracticeRevision,
    RevisionAttachment,
    RevisionCover,
    RevisionImage,
    Transition,
)
from .models.media import PracticeAttachment, PracticeImage, PracticeIndicator, PracticeLink
from .revisions import (
    ATTACHMENT_KEYS,
    COVER,
    FIELDS,
    IMAGE_KEYS,
    INDICATOR_KEYS,
    LINK_KEYS,
    MANY,
    apply_files,
    apply_values,
    cover_value,
    file_row,
    file_values,
    practice_values,
    sorted_rows,
    stored_names,
)
from .search import update_search_vector

Status = Practice.Status


# Paths under /practices/ that a slug must not shadow.
RESERVED_SLUGS = {"new", "feed"}


def practice_slug(title: str) -> str:
    return unique_slug(
        Practice.objects.all(), title, base_length=200, reserved=RESERVED_SLUGS, fallback="praktik"
    )


# The inline rows the city edits with the practice: the model, the related name and
# the fields a row carries. Files are added with practice_add_files, so image and
# document rows only change the texts and order of files the practice has.
ROW_KINDS = {
    "indicators": (PracticeIndicator, INDICATOR_KEYS, True),
    "links": (PracticeLink, LINK_KEYS, True),
    "images": (PracticeImage, IMAGE_KEYS, False),
    "attachments": (PracticeAttachment, ATTACHMENT_KEYS, False),
}


def _set_fields(practice: Practice, values: dict) -> None:
    """Put the written values on the practice (not saved): the fields of FIELDS in
    ``values`` (an event as a pk or an Event) and the cover. A field with a default left
    empty keeps its value, as a form does when the field is not posted."""
    plain = {}
    for name in FIELDS:
        if name not in values or name in MANY:
            continue
        value = values[name]
        if value in (None, "") and Practice._meta.get_field(name).has_default():
            continue
        plain[name] = getattr(value, "pk", value)
    apply_values(practice, plain, save_related=False)
    if "cover" in values:
        # An upload, the current file (kept), False (cleared) or None (unchanged).
        Practice._meta.get_field("cover").save_form_data(practice, values["cover"])


def _save_related(practice: Practice, values: dict, rows: dict) -> None:
    """Save the themes and SDGs of ``values`` (lists of pks or objects) and the inline
    ``rows``; the practice is saved."""
    for name in MANY:
        if name in values:
            getattr(practice, name).set(values[name] or [])
    for kind, kind_rows in (rows or {}).items():
        _save_rows(practice, kind, kind_rows)


def _row_pk(row: dict):
    value = row.get("id")
    return getattr(value, "pk", value)


def _save_rows(practice: Practice, kind: str, rows) -> None:
    """Apply the rows of one inline kind, as a formset does: a row with an "id" updates
    (or with a true "DELETE" deletes) that row of the practice; a row without one adds
    a row (indicators and links only); an empty row is ignored."""
    model, keys, can_add = ROW_KINDS[kind]
    rows = [row for row in rows if row]
    existing = model.objects.filter(practice=practice).in_bulk(
        [pk for pk in map(_row_pk, rows) if pk is not None]
    )
    for row in rows:
        pk = _row_pk(row)
        if pk is None:
            if can_add and not row.get("DELETE"):
                model.objects.create(practice=practice, **{key: row.get(key, "") for key in keys})
            continue
        item = existing.get(int(pk))
        if item is None:
            raise ServiceError(_("This row is not part of the practice."), code="unknown_row")
        if row.get("DELETE"):
            item.delete()
            continue
        changed = {key: row[key] for key in keys if key in row and getattr(item, key) != row[key]}
        if changed:
            for key, value in changed.items():
                setattr(item, key, value)
            item.save()


def _record(practice, *, from_status: str, to_status: str, by, note: str = "") -> Transition:
    return Transition.objects.create(
        practice=practice, from_status=from_status, to_status=to_status, by=by, note=note
    )


def _notify_city_staff(practice: Practice, *, template: str, note: str = "") -> None:
    """Email every user approved for the practice's city, each in their language."""
    for language, emails in city_staff_emails_by_language(practice.member_id).items():
        notify(
            to=emails,
            template=template,
            language=language,
            context={
                "title": practice.title,
                "member": practice.member.name,
                "note": note,
                "url": absolute_url_in(language, "practices:detail", slug=practice.slug),
                "edit_url": absolute_url_in(language, "practices:edit", slug=practice.slug),
                "revise_url": absolute_url_in(language, "practices:revise", slug=practice.slug),
            },
        )


@transaction.atomic
def practice_create(*, by, values: dict, rows: dict | None = None) -> Practice:
    """Save a new draft for the city ``by`` is approved for (never for another city)
    from plain ``values`` (the written fields, the cover, the themes and SDGs) and the
    inline ``rows`` ({"indicators": [...], "links": [...]}, see _save_rows)."""
    member = approved_member(by)
    if member is None:
        raise ServiceForbidden(_("Only staff approved for a member city can write practices."))
    practice = Practice(member=member, created_by=by, status=Status.DRAFT)
    _set_fields(practice, values)
    practice.slug = practice_slug(practice.title)
    practice.save()
    _save_related(practice, values, rows)
    _record(practice, from_status="", to_status=Status.DRAFT, by=by)
    update_search_vector([practice.pk])
    return practice


@transaction.atomic
def practice_update(*, practice: Practice, by, values: dict, rows: dict | None = None) -> Practice:
    """Save the city's changes to a practice it is writing: plain ``values`` and inline
    ``rows`` as for practice_create; fields not in ``values`` keep their value."""
    if not practice.can_edit(by):
        raise ServiceForbidden(practice.refusal(by))
    _set_fields(practice, values)
    practice.save()
    _save_related(practice, values, rows)
    update_search_vector([practice.pk])
    return practice


@transaction.atomic
def practice_add_files(*, practice: Practice, by, images=(), documents=()) -> int:
    """Attach new images and PDF documents (checked by UploadForm) to a practice the
    city is writing, after the ones it has. Returns how many were added."""
    if not practice.can_edit(by):
        raise ServiceForbidden(practice.refusal(by))
    order = (practice.images.aggregate(top=models.Max("order"))["top"] or 0) + 1
    for offset, upload in enumerate(images):
        PracticeImage(
            practice=practice,
            image=upload,
            alt_text=practice.title[:250],
            order=order + offset,
        ).save()
    order = (practice.attachments.aggregate(top=models.Max("order"))["top"] or 0) + 1
    for offset, upload in enumerate(documents):
        title = os.path.splitext(os.path.basename(upload.name))[0].replace("_", " ")
        PracticeAttachment(
            practice=practice, file=upload, title=title[:200] or "PDF", order=order + offset
        ).save()
    return len(images) + len(documents)


@transaction.atomic
def practice_remove_file(*, practice: Practice, by, item) -> None:
    """Remove one image or document of a practice the city is writing, and its files
    from storage once the removal is committed."""
    if not practice.can_edit(by) or item.practice_id != practice.pk:
        raise ServiceForbidden(practice.refusal(by))
    if isinstance(item, PracticeImage):
        names = [(item.image.storage, item.image.name)]
        names += [(item.image.storage, rendition["name"]) for rendition in item.renditions]
    else:
        names = [(item.file.storage, item.file.name)]
    item.delete()
    transaction.on_commit(lambda: _delete_stored(names))


def _delete_stored(names) -> None:
    for storage, name in names:
        storage.delete(name)


def _notify_secretariat_after_commit(*, template: str, context: dict, obj) -> None:
    """``_notify_secretariat`` once the transaction commits, linking to ``obj``'s admin
    change page."""
    admin_path = reverse(f"admin:practices_{obj._meta.model_name}_change", args=[obj.pk])
    transaction.on_commit(
        lambda: _notify_secretariat(template=template, context=context, admin_path=admin_path)
    )


def _notify_secretariat(*, template: str, context: dict, admin_path: str) -> None:
    """Email every active member of the Sekretariat group, each in their own language
    with the admin link in it, and the shared SECRETARIAT_EMAIL (in Indonesian)."""
    by_language = defaultdict(set)
    members = (
        get_user_model()
        .objects.filter(is_active=True, groups__name=SECRETARIAT_GROUP)
        .only("email", "language")
    )
    for user in members:
        by_language[getattr(user, "language", "id") or "id"].add(user.email)
    by_language["id"].add(settings.SECRETARIAT_EMAIL)
    for language, emails in sorted(by_language.items()):
        notify(
            to=sorted(email for email in emails if email),
            template=template,
            language=language,
            context={**context, "admin_url": absolute_url(admin_path)},
        )


def _lock(practice: Practice) -> Practice:
    return lock_row(practice, "member")


def _check(obj, action: str, by) -> None:
    """Refuse a move the workflow table does not allow: ServiceForbidden when ``by`` is
    not the right person, ServiceError (code "status") when the status forbids it."""
    if not obj.may_act(action, by):
        if isinstance(obj, Practice):
            raise ServiceForbidden(obj.refusal(by, action))
        raise ServiceForbidden(
            obj.practice.refusal(by, action if action != "return" else "publish")
        )
    if not obj.allows(action):
        reason = obj.refusal(by, action) if isinstance(obj, Practice) else ""
        raise ServiceError(
            reason or _("This step is not possible in the current status."), code="status"
        )


def _transition(practice: Practice, *, action: str, by, note: str = "", target=None, **changes):
    """The one way a practice changes status: lock the row, check the move against
    Practice.MOVES, save the new status and ``changes``, and record the step."""
    locked = _lock(practice)
    _check(locked, action, by)
    previous = locked.status
    locked.status = target or Practice.MOVES[action].target
    for name, value in changes.items():
        setattr(locked, name, value)
    locked.save(update_fields=["status", "updated_at", *changes])
    _record(locked, from_status=previous, to_status=locked.status, by=by, note=note)
    return locked, previous


def _require_complete(practice) -> None:
    _require_filled(practice.missing_for_submission())


def _require_filled(missing: list[str]) -> None:
    """Refuse a submission while mandatory fields (``missing``) are empty."""
    if missing:
        raise ServiceError(
            _("Some mandatory parts are still empty."),
            code="incomplete",
            params={"missing": missing},
        )


def _by_name(by) -> str:
    return by.get_full_name() if hasattr(by, "get_full_name") else str(by)


@transaction.atomic
def practice_submit(*, practice: Practice, by) -> Practice:
    """Send a draft (or a practice sent back) to the secretariat. Raises
    ServiceError listing the missing mandatory fields."""
    locked = _lock(practice)
    _check(locked, "submit", by)
    _require_complete(locked)
    locked, previous = _transition(locked, action="submit", by=by, submitted_at=timezone.now())
    context = {
        "title": locked.title,
        "member": locked.member.name,
        "by": _by_name(by),
        "resubmission": previous == Status.CHANGES_REQUESTED,
    }
    _notify_secretariat_after_commit(
        template="practices/email/submitted", context=context, obj=locked
    )
    return locked


@transaction.atomic
def practice_withdraw(*, practice: Practice, by) -> Practice:
    """Take a submission back to draft, before the secretariat has decided."""
    locked, _previous = _transition(practice, action="withdraw", by=by)
    return locked


@transaction.atomic
def practice_delete(*, practice: Practice, by) -> None:
    """Delete a draft that was never published, with its images and documents."""
    locked = _lock(practice)
    _check(locked, "delete", by)
    pictures = [(locked.cover, locked.renditions)] if locked.cover else []
    pictures += [(image.image, image.renditions) for image in locked.images.all()]
    names = [(file.storage, file.name) for file, _renditions in pictures]
    names += [(file.storage, item["name"]) for file, renditions in pictures for item in renditions]
    names += [(item.file.storage, item.file.name) for item in locked.attachments.all()]
    locked.delete()

    def remove_files():
        for storage, name in names:
            storage.delete(name)

    transaction.on_commit(remove_files)


def _require_secretariat(by):
    if not is_secretariat(by):
        raise ServiceForbidden(_("Only the secretariat reviews practices."))


def _note_for_city(by, note: str) -> str:
    """The secretariat's note telling the city what to change: refused from anyone else,
    and refused empty."""
    _require_secretariat(by)
    note = (note or "").strip()
    if not note:
        raise ServiceError(_("Write a note telling the city what to change."), code="note")
    return note


@transaction.atomic
def practice_request_changes(*, practice: Practice, by, note: str) -> Practice:
    note = _note_for_city(by, note)
    locked, _previous = _transition(
        practice, action="request_changes", by=by, note=note, review_note=note
    )
    transaction.on_commit(
        lambda: _notify_city_staff(locked, template="practices/email/changes_requested", note=note)
    )
    return locked


@transaction.atomic
def practice_publish(*, practice: Practice, by) -> Practice:
    _require_secretariat(by)
    locked = _lock(practice)
    _check(locked, "publish", by)
    _require_complete(locked)
    locked, _previous = _transition(
        locked,
        action="publish",
        by=by,
        review_note="",
        published_at=locked.published_at or timezone.now(),
    )
    update_search_vector([locked.pk])
    transaction.on_commit(lambda: _notify_city_staff(locked, template="practices/email/published"))
    return locked


@transaction.atomic
def practice_archive(*, practice: Practice, by, note: str = "") -> Practice:
    _require_secretariat(by)
    locked = _lock(practice)
    if locked.status == Status.ARCHIVED:
        return locked
    locked, _previous = _transition(locked, action="archive", by=by, note=note)
    return locked


@transaction.atomic
def practice_restore(*, practice: Practice, by, note: str = "") -> Practice:
    """Bring an archived practice back to the status it had when it was archived."""
    locked = _lock(practice)
    _check(locked, "restore", by)
    locked, _previous = _transition(
        locked, action="restore", by=by, note=note, target=locked.restore_status()
    )
    update_search_vector([locked.pk])
    return locked


# Updates of published practices


def _lock_revision(revision: PracticeRevision) -> PracticeRevision:
    return lock_row(revision, "practice", "practice__member")


@transaction.atomic
def revision_save(*, practice: Practice, by, values: dict, change_note: str) -> PracticeRevision:
    """Save the city's proposed update of a published practice (creating the open
    revision when there is none). The published version is not touched."""
    locked = _lock(practice)
    if not locked.can_revise(by):
        raise ServiceForbidden(locked.refusal(by, "revise"))
    revision = locked.revisions.open().first()
    if revision is None:
        number = (locked.revisions.aggregate(top=models.Max("number"))["top"] or 0) + 1
        revision = PracticeRevision(practice=locked, number=number, created_by=by)
    elif not revision.is_editable:
        raise ServiceError(
            _("The update has been submitted. Withdraw it to change it again."), code="status"
        )
    revision.data = values
    revision.change_note = (change_note or "").strip()
    revision.save()
    return revision


def _editable_revision(revision: PracticeRevision, by) -> PracticeRevision:
    locked = _lock_revision(revision)
    if not locked.practice.can_revise(by) or not locked.is_city_staff(by):
        raise ServiceForbidden(locked.practice.refusal(by, "revise"))
    if not locked.is_editable:
        raise ServiceError(
            _("The update has been submitted. Withdraw it to change it again."), code="status"
        )
    for name, value in file_values(locked.practice).items():
        if name not in locked.data:  # an update begun before files could be changed
            locked.data[name] = value
    return locked


@transaction.atomic
def revision_add_files(
    *, revision: PracticeRevision, by, images=(), documents=(), cover=None, keep_cover=False
) -> int:
    """Add new images and PDF documents (checked by UploadForm) to an update, and a new
    cover (or go back to the published one with ``keep_cover``). They stay apart from
    the published practice until the secretariat publishes the update."""
    locked = _editable_revision(revision, by)
    if cover is not None or keep_cover:
        _replace_staged_cover(locked, cover)
    default_alt = locked.practice.title[:250]
    for kind, uploads in (("images", images), ("attachments", documents)):
        rows = locked.data[kind]
        order = max((row.get("order") or 0 for row in rows), default=0) + 1
        for offset, upload in enumerate(uploads):
            if kind == "images":
                item = RevisionImage(revision=locked, image=upload)
                item.save()
                row = file_row(f"n{item.pk}", item.image, item, [])
                row.update(alt_text=default_alt, caption="", order=order + offset)
            else:
                title = os.path.splitext(os.path.basename(upload.name))[0].replace("_", " ")
                item = RevisionAttachment(revision=locked, file=upload, title=title[:200] or "PDF")
                item.save()
                row = file_row(f"n{item.pk}", item.file, item, ["title"])
                row["order"] = order + offset
            rows.append(row)
        locked.data[kind] = sorted_rows(rows)
    locked.save(update_fields=["data", "updated_at"])
    return len(images) + len(documents) + (cover is not None)


def _replace_staged_cover(revision: PracticeRevision, upload) -> None:
    """Drop the cover the update proposed so far (its files deleted once committed);
    propose ``upload`` instead, or the published cover when it is None."""
    previous = RevisionCover.objects.filter(revision=revision).first()
    if previous is not None:
        names = stored_names(previous)
        previous.delete()
        transaction.on_commit(lambda: _delete_stored(names))
    if upload is None:
        revision.data[COVER] = cover_value(revision.practice)
        return
    item = RevisionCover(revision=revision, image=upload)
    item.save()
    revision.data[COVER] = {"ref": f"n{item.pk}", "file": os.path.basename(item.image.name)}


@transaction.atomic
def revision_remove_file(*, revision: PracticeRevision, by, kind: str, ref: str) -> None:
    """Take an image or a document out of an update. A published file stays online
    until the update is published; a file added in the update is deleted now."""
    locked = _editable_revision(revision, by)
    name = "images" if kind == "image" else "attachments"
    rows = [row for row in locked.data[name] if row["ref"] != ref]
    if len(rows) == len(locked.data[name]):
        raise ServiceError(_("This file is not part of the update."), code="unknown_file")
    locked.data[name] = rows
    locked.save(update_fields=["data", "updated_at"])
    if ref.startswith("n") and ref[1:].isdigit():
        model = RevisionImage if kind == "image" else RevisionAttachment
        item = model.objects.filter(revision=locked, pk=int(ref[1:])).first()
        if item is not None:
            names = stored_names(item)
            item.delete()
            transaction.on_commit(lambda: _delete_stored(names))


def _revision_move(revision, *, action: str, by, **changes) -> PracticeRevision:
    locked = _lock_revision(revision)
    _check(locked, action, by)
    locked.status = PracticeRevision.MOVES[action].target
    for name, value in changes.items():
        setattr(locked, name, value)
    locked.save()
    return locked


def _revision_context(revision: PracticeRevision, by) -> dict:
    practice = revision.practice
    return {
        "title": practice.title,
        "member": practice.member.name,
        "by": _by_name(by),
        "number": revision.number,
        "change_note": revision.change_note,
    }


@transaction.atomic
def revision_submit(*, revision: PracticeRevision, by) -> PracticeRevision:
    if not revision.change_note.strip():
        raise ServiceError(
            _("Say in a sentence what changed: it goes into the public change log."),
            code="change_note",
        )
    data = revision.data
    missing = [
        name for name in Practice.REQUIRED_FOR_SUBMISSION if not str(data.get(name) or "").strip()
    ]
    missing += [name for name in ("themes", "sdgs") if not data.get(name)]
    _require_filled(missing)
    locked = _revision_move(revision, action="submit", by=by, submitted_at=timezone.now())
    context = _revision_context(locked, by)
    _notify_secretariat_after_commit(
        template="practices/email/revision_submitted", context=context, obj=locked
    )
    return locked


@transaction.atomic
def revision_withdraw(*, revision: PracticeRevision, by) -> PracticeRevision:
    return _revision_move(revision, action="withdraw", by=by)


@transaction.atomic
def revision_return(*, revision: PracticeRevision, by, note: str) -> PracticeRevision:
    note = _note_for_city(by, note)
    locked = _revision_move(revision, action="return", by=by, review_note=note, reviewed_by=by)
    transaction.on_commit(
        lambda: _notify_city_staff(
            locked.practice, template="practices/email/revision_returned", note=note
        )
    )
    return locked


@transaction.atomic
def revision_publish(*, revision: PracticeRevision, by) -> PracticeRevision:
    """Put the update online: the practice takes the proposed values; the revision
    keeps the values they replaced."""
    _require_secretariat(by)
    locked = _lock_revision(revision)
    _check(locked, "publish", by)
    practice = _lock(locked.practice)
    if not practice.is_published:
        raise ServiceError(_("Only an update of a published practice can be published."))
    locked.previous = practice_values(practice)
    apply_values(practice, locked.data)
    unused = apply_files(practice, locked.data)
    transaction.on_commit(lambda: _delete_stored(unused))
    update_search_vector([practice.pk])
    now = timezone.now()
    locked = _revision_move(
        locked,
        action="publish",
        by=by,
        published_at=now,
        reviewed_by=by,
        review_note="",
        previous=locked.previous,
    )
    _record(
        practice,
        from_status=Status.PUBLISHED,
        to_status=Status.PUBLISHED,
        by=by,
        note=locked.change_note,
    )
    transaction.on_commit(
        lambda: _notify_city_staff(practice, template="practices/email/revision_published")
    )
    return locked


# Yearly confirmation that a practice is still current


@transaction.atomic
def practice_confirm_current(*, practice: Practice, by) -> Practice:
    """The city's staff say the published practice is still as described."""
    locked = _lock(practice)
    if not locked.can_confirm_current(by):
        raise ServiceForbidden(locked.refusal(by, "revise"))
    locked.last_confirmed_at = timezone.now()
    locked.save(update_fields=["last_confirmed_at"])
    return locked


def practices_request_confirmation(*, now=None) -> int:
    """Ask the city staff of every practice due (ongoing, not confirmed or asked for a
    year) whether it is still current. Idempotent: a practice asked is not asked again
    for a year, so the command can run daily or be rerun. Returns how many were asked."""
    now = now or timezone.now()
    asked = 0
    due = Practice.objects.due_for_confirmation(now).values_list("pk", flat=True)
    for pk in list(due):
        with transaction.atomic():
            locked = (
                Practice.objects.due_for_confirmation(now)
                .select_for_update(skip_locked=True)
                .select_related("member")
                .filter(pk=pk)
                .first()
            )
            if locked is None:
                continue
            locked.confirmation_requested_at = now
            locked.save(update_fields=["confirmation_requested_at"])
            transaction.on_commit(
                lambda practice=locked: _notify_city_staff(
                    practice, template="practices/email/confirm_current"
                )
            )
            asked += 1
    return asked
