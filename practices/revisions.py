"""The values an update of a published practice proposes: read from a practice or a
form as plain JSON, applied to a practice, and compared field by field."""

import difflib
import os
import re

from django.db import models
from django.utils.translation import gettext_lazy as _

from events.models import Event

from .forms import SECTIONS
from .models import SDG, Practice, RevisionAttachment, RevisionCover, RevisionImage, Theme
from .models.media import PracticeAttachment, PracticeImage, PracticeIndicator, PracticeLink

# Everything the city writes except pictures and files (cover, gallery, PDFs); the
# cover's description is text and is one of them.
FIELDS = [name for _anchor, _heading, names in SECTIONS for name in names if name != "cover"]
MANY = {"themes", "sdgs"}
INDICATOR_KEYS = ["name", "before", "after", "unit"]
LINK_KEYS = ["title", "url"]
# Images and documents of an update: one row per file, "ref" is "p<pk>" for a published
# file (PracticeImage, PracticeAttachment) and "n<pk>" for one added in the update
# (RevisionImage, RevisionAttachment); "file" is the file's name, for the diff.
IMAGE_KEYS = ["alt_text", "caption", "order"]
ATTACHMENT_KEYS = ["title", "order"]
FILE_LISTS = ("images", "attachments")
# The cover of an update: {"ref": "p" (the published cover), "n<pk>" (a RevisionCover
# proposed in the update) or "" (none), "file": the file's name}.
COVER = "cover"


def _plain(field, value):
    if isinstance(field, models.ManyToManyField):
        return sorted(item.pk if hasattr(item, "pk") else int(item) for item in value)
    if isinstance(field, models.ForeignKey):
        return value.pk if hasattr(value, "pk") else value
    if isinstance(field, models.DateField):
        return value.isoformat() if value else None
    if value is None:
        return None if field.null else ""
    if isinstance(value, str):
        # Browsers send textarea lines as CRLF; compare and store them as the model does.
        return value.replace("\r\n", "\n")
    return value


def practice_values(practice: Practice) -> dict:
    values = {}
    for name in FIELDS:
        field = Practice._meta.get_field(name)
        if name in MANY:
            values[name] = sorted(getattr(practice, name).values_list("pk", flat=True))
        elif isinstance(field, models.ForeignKey):
            values[name] = getattr(practice, field.attname)
        else:
            values[name] = _plain(field, getattr(practice, name))
    values["indicators"] = [
        {key: getattr(row, key) for key in INDICATOR_KEYS} for row in practice.indicators.all()
    ]
    values["links"] = [
        {key: getattr(row, key) for key in LINK_KEYS} for row in practice.links.all()
    ]
    values.update(file_values(practice))
    return values


def file_values(practice: Practice) -> dict:
    """The published cover, images and documents as update values."""
    return {
        COVER: cover_value(practice),
        "images": [
            file_row(f"p{row.pk}", row.image, row, IMAGE_KEYS) for row in practice.images.all()
        ],
        "attachments": [
            file_row(f"p{row.pk}", row.file, row, ATTACHMENT_KEYS)
            for row in practice.attachments.all()
        ],
    }


def cover_value(practice: Practice) -> dict:
    cover = practice.cover
    return {"ref": "p" if cover else "", "file": os.path.basename(cover.name) if cover else ""}


def file_row(ref: str, field_file, row, keys) -> dict:
    return {
        "ref": ref,
        "file": os.path.basename(field_file.name) if field_file else "",
        **{key: getattr(row, key) for key in keys},
    }


def sorted_rows(rows: list[dict]) -> list[dict]:
    return sorted(rows, key=lambda row: (row.get("order") or 0, row["ref"]))


def form_values(cleaned: dict, *, indicators, links, images=None, attachments=None) -> dict:
    """Plain values from a valid revision form and its formsets. ``images`` and
    ``attachments`` are (formset, current rows): a row keeps its file and takes the
    texts and order posted for it; refs the update does not have are ignored."""
    values = {name: _plain(Practice._meta.get_field(name), cleaned.get(name)) for name in FIELDS}
    values["indicators"] = _rows(indicators, INDICATOR_KEYS)
    values["links"] = _rows(links, LINK_KEYS)
    for name, pair, keys in (
        ("images", images, IMAGE_KEYS),
        ("attachments", attachments, ATTACHMENT_KEYS),
    ):
        if pair is not None:
            values[name] = _file_rows(*pair, keys)
    return values


def _file_rows(formset, current: list[dict], keys) -> list[dict]:
    by_ref = {row["ref"]: row for row in current}
    posted = {}
    for form in formset.forms:
        data = getattr(form, "cleaned_data", None) or {}
        if data.get("ref") in by_ref:
            posted[data["ref"]] = {key: data.get(key) for key in keys}
    rows = []
    for ref, row in by_ref.items():
        changes = posted.get(ref, {})
        updated = {**row, **{key: value for key, value in changes.items() if value is not None}}
        updated["order"] = int(updated.get("order") or 0)
        rows.append(updated)
    return sorted_rows(rows)


def _rows(formset, keys) -> list[dict]:
    rows = []
    for form in formset.forms:
        data = getattr(form, "cleaned_data", None) or {}
        if not data or data.get("DELETE") or not any(data.get(key) for key in keys):
            continue
        rows.append({key: data.get(key) or "" for key in keys})
    return rows


def apply_values(practice: Practice, values: dict, *, save_related: bool = True) -> None:
    for name in FIELDS:
        if name not in values or name in MANY:
            continue
        field = Practice._meta.get_field(name)
        if isinstance(field, models.ForeignKey):
            setattr(practice, field.attname, values[name])
        else:
            raw = values[name]
            setattr(practice, name, field.to_python(raw) if raw not in (None, "") else raw)
    if not save_related:
        return
    practice.save()
    for name in MANY:
        if name in values:
            getattr(practice, name).set(values[name])
    if "indicators" in values:
        practice.indicators.all().delete()
        PracticeIndicator.objects.bulk_create(
            PracticeIndicator(practice=practice, **row) for row in values["indicators"]
        )
    if "links" in values:
        practice.links.all().delete()
        PracticeLink.objects.bulk_create(
            PracticeLink(practice=practice, **row) for row in values["links"]
        )


def apply_files(practice: Practice, values: dict) -> list:
    """Give the practice the update's images and documents: texts and order of the
    kept ones, the added ones moved over from the update, the others removed. Returns
    (storage, name) of the files no longer used, to delete once committed."""
    unused = []
    plans = [
        ("images", practice.images.all(), RevisionImage, IMAGE_KEYS),
        ("attachments", practice.attachments.all(), RevisionAttachment, ATTACHMENT_KEYS),
    ]
    for name, published, staged_model, keys in plans:
        if name not in values:
            continue
        wanted = {row["ref"]: row for row in values[name]}
        unused.extend(_keep_published_files(published, wanted, keys))
        _move_staged_files(practice, staged_model, wanted, keys)
    unused.extend(apply_cover(practice, values))
    return unused


def _keep_published_files(published, wanted: dict, keys) -> list:
    """Give the published files the update keeps (``wanted`` by ref) its texts and
    order, and remove the others; returns (storage, name) of the removed files."""
    unused = []
    for ref, row in {f"p{row.pk}": row for row in published}.items():
        if ref in wanted:
            for key in keys:
                setattr(row, key, wanted[ref][key])
            row.save(update_fields=keys)
        else:
            unused.extend(stored_names(row))
            row.delete()
    return unused


def _move_staged_files(practice: Practice, staged_model, wanted: dict, keys) -> None:
    """Move the files added in the update (refs "n<pk>" of ``staged_model``) over to
    the practice, with the texts and order the update gives them."""
    staged = staged_model.objects.in_bulk([pk for pk in map(staged_pk, wanted) if pk is not None])
    for ref, row in wanted.items():
        item = staged.get(staged_pk(ref))
        if item is None:
            continue
        texts = {key: row[key] for key in keys}
        if isinstance(item, RevisionImage):
            moved = PracticeImage(
                practice=practice,
                image=item.image.name,
                width=item.width,
                height=item.height,
                renditions=item.renditions,
                **texts,
            )
        else:
            moved = PracticeAttachment(practice=practice, file=item.file.name, **texts)
        moved.save()
        item.delete()  # the row only: the file now belongs to the practice


def staged_pk(ref: str) -> int | None:
    """The primary key of a file added in an update ("n<pk>"), else None."""
    return int(ref[1:]) if ref.startswith("n") and ref[1:].isdigit() else None


def apply_cover(practice: Practice, values: dict) -> list:
    """Give the practice the cover proposed in the update, if any; returns (storage,
    name) of the replaced cover's files, to delete once committed."""
    pk = staged_pk((values.get(COVER) or {}).get("ref", ""))
    staged = RevisionCover.objects.filter(pk=pk).first() if pk else None
    if staged is None:
        return []
    unused = stored_names(practice)
    practice.cover = staged.image.name
    practice.width, practice.height = staged.width, staged.height
    practice.renditions = staged.renditions
    practice.save(update_fields=["cover", "width", "height", "renditions", "updated_at"])
    staged.delete()  # the row only: the file now belongs to the practice
    return unused


def stored_names(row) -> list:
    """(storage, name) of a file row (or a practice's cover) and of its renditions."""
    field_file = (
        getattr(row, row.image_field_name) if hasattr(row, "image_field_name") else row.file
    )
    if not field_file:
        return []
    names = [(field_file.storage, field_file.name)]
    names += [(field_file.storage, item["name"]) for item in getattr(row, "renditions", [])]
    return names


def _display(name: str, value, lookups: dict) -> str:
    if name == "indicators":
        return "\n".join(
            f"{row['name']}: {row['before']} → {row['after']} {row['unit']}".strip()
            for row in value or []
        )
    if name == "links":
        return "\n".join(f"{row['title']} ({row['url']})" for row in value or [])
    if name == COVER:
        value = value or {}
        new = f" ({_('new')})" if value.get("ref", "").startswith("n") else ""
        return f"{value.get('file', '')}{new}"
    if name in FILE_LISTS:
        new = str(_("new"))
        lines = []
        for row in sorted_rows(value or []):
            label = row.get("caption") or row.get("alt_text") or row.get("title") or ""
            mark = f" ({new})" if row["ref"].startswith("n") else ""
            lines.append(f"{row.get('order', 0)}. {row['file']}{mark}: {label}")
        return "\n".join(lines)
    if name in MANY:
        return ", ".join(str(lookups[name].get(pk, pk)) for pk in value or [])
    if name == "presented_at":
        return str(lookups["presented_at"].get(value, "")) if value else ""
    field = Practice._meta.get_field(name)
    if field.choices and value:
        return str(dict(field.flatchoices).get(value, value))
    return "" if value is None else str(value)


def _segments(old: str, new: str) -> list[tuple[str, str]]:
    """A word-level diff: ("equal" | "delete" | "insert", text) pieces."""
    before, after = re.split(r"(\s+)", old), re.split(r"(\s+)", new)
    pieces = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            pieces.append(("equal", "".join(before[a1:a2])))
            continue
        if op in ("delete", "replace"):
            pieces.append(("delete", "".join(before[a1:a2])))
        if op in ("insert", "replace"):
            pieces.append(("insert", "".join(after[b1:b2])))
    return pieces


def changes(old: dict, new: dict) -> list[dict]:
    """The fields whose values differ, in form order, with a word-level diff."""
    names = [
        name
        for name in [*FIELDS, "indicators", "links"]
        if name in new and old.get(name) != new.get(name)
    ]
    if COVER in new and (old.get(COVER) or {}).get("ref") != new[COVER].get("ref"):
        names.append(COVER)
    names += [
        name
        for name in FILE_LISTS
        if name in new and sorted_rows(old.get(name) or []) != sorted_rows(new[name])
    ]
    if not names:
        return []
    lookups = {
        "themes": {theme.pk: theme.name for theme in Theme.objects.all()},
        "sdgs": {sdg.pk: str(sdg) for sdg in SDG.objects.all()},
        "presented_at": {},
    }
    events = {old.get("presented_at"), new.get("presented_at")} - {None}
    if events:
        lookups["presented_at"] = dict(
            Event.objects.filter(pk__in=events).values_list("pk", "title")
        )
    labels = {
        "indicators": _("Results in figures"),
        "links": _("Links"),
        COVER: Practice._meta.get_field("cover").verbose_name,
        "images": _("Images"),
        "attachments": _("PDF documents"),
    }
    result = []
    for name in names:
        label = labels.get(name) or Practice._meta.get_field(name).verbose_name
        before = _display(name, old.get(name), lookups)
        after = _display(name, new.get(name), lookups)
        result.append(
            {
                "name": name,
                "label": label,
                "old": before,
                "new": after,
                "segments": _segments(before, after),
            }
        )
    return result
