"""The values an update of a published practice proposes: read from a practice or a
form as plain JSON, applied to a practice, and compared field by field."""

import difflib
import re

from django.db import models
from django.utils.translation import gettext_lazy as _

from events.models import Event

from .forms import SECTIONS
from .models import SDG, Practice, PracticeIndicator, PracticeLink, Theme

# Everything the city writes except pictures and files (cover, gallery, PDFs).
FIELDS = [
    name
    for _anchor, _heading, names in SECTIONS
    for name in names
    if name not in ("cover", "cover_alt")
]
MANY = {"themes", "sdgs"}
INDICATOR_KEYS = ["name", "before", "after", "unit"]
LINK_KEYS = ["title", "url"]


def _plain(field, value):
    if isinstance(field, models.ManyToManyField):
        return sorted(item.pk if hasattr(item, "pk") else int(item) for item in value)
    if isinstance(field, models.ForeignKey):
        return value.pk if hasattr(value, "pk") else value
    if isinstance(field, models.DateField):
        return value.isoformat() if value else None
    if value is None:
        return None if field.null else ""
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
    return values


def form_values(cleaned: dict, *, indicators, links) -> dict:
    """Plain values from a valid revision form and its two formsets."""
    values = {name: _plain(Practice._meta.get_field(name), cleaned.get(name)) for name in FIELDS}
    values["indicators"] = _rows(indicators, INDICATOR_KEYS)
    values["links"] = _rows(links, LINK_KEYS)
    return values


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


def _display(name: str, value, lookups: dict) -> str:
    if name == "indicators":
        return "\n".join(
            f"{row['name']}: {row['before']} → {row['after']} {row['unit']}".strip()
            for row in value or []
        )
    if name == "links":
        return "\n".join(f"{row['title']} ({row['url']})" for row in value or [])
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
    names = [name for name in [*FIELDS, "indicators", "links"] if old.get(name) != new.get(name)]
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
    labels = {"indicators": _("Results in figures"), "links": _("Links")}
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
