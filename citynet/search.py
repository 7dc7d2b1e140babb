"""One search over practices, news, events and members (/id/search/?q=).

Each kind contributes a group of results; a kind's own module does the matching
(full-text on PostgreSQL, a simpler match on SQLite). This module only gathers,
trims and highlights."""

import re
from dataclasses import dataclass, field

from django import forms
from django.db.models import Q
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from members.models import Member

MAX_QUERY_LENGTH = 200


@dataclass
class Result:
    title: str
    url: str
    snippet: SafeString
    meta: str = ""


@dataclass
class Group:
    kind: str
    label: str
    results: list[Result] = field(default_factory=list)
    count: int = 0
    more_url: str = ""


def terms(query: str) -> list[str]:
    return [term for term in re.split(r"\s+", query.strip()) if len(term) >= 2][:8]


def highlight(text: str, query: str, *, words: int = 40) -> SafeString:
    """Escape ``text`` and wrap each query term in <mark>, around the first match."""
    text = text or ""
    found = [term for term in terms(query) if term.lower() in text.lower()]
    if found:
        start = text.lower().find(found[0].lower())
        head = text[:start].split()
        lead = " ".join(head[-12:])
        text = ("… " if len(head) > 12 else "") + lead + (" " if lead else "") + text[start:]
    snippet = escape(Truncator(text).words(words, truncate=" …"))
    for term in found:
        snippet = re.sub(
            f"({re.escape(escape(term))})", r"<mark>\1</mark>", snippet, flags=re.IGNORECASE
        )
    return mark_safe(snippet)  # noqa: S308 - built from escaped text


def search_members(query: str, limit: int) -> Group:
    condition = Q()
    for term in terms(query) or [query.strip()]:
        condition &= (
            Q(name__icontains=term) | Q(code__startswith=term) | Q(head_name__icontains=term)
        )
    matches = Member.objects.filter(condition).select_related("province").order_by("name")
    count = matches.count()
    results = [
        Result(
            title=member.name,
            url=member.get_absolute_url(),
            snippet=highlight(member.name, query),
            meta=f"{member.province.name} · {member.get_kind_display()}",
        )
        for member in matches[:limit]
    ]
    return Group(kind="members", label=_("Members"), results=results, count=count)


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        max_length=MAX_QUERY_LENGTH,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
        error_messages={
            "max_length": _(
                "Please use at most %(limit_value)d characters (you used %(show_value)d)."
            )
        },
    )

    def clean_q(self):
        return " ".join(self.cleaned_data["q"].split())
