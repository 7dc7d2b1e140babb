"""One search over practices, news, events and members (/id/search/?q=).

Each kind contributes a group of results. On PostgreSQL every kind is matched against its
stored, indexed search vector (kept current by a trigger, see core/search_triggers.py);
SQLite falls back to a simpler substring match. Ranking and highlighting are done only for
the rows shown, and counts stop at COUNT_LIMIT: nobody reads past a thousand results."""

import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django import forms
from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.db.models import Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.markdown import plain_text
from members.models import Member

MAX_QUERY_LENGTH = 200
COUNT_LIMIT = 1000
# Relevance is computed for the newest RANK_LIMIT matches only: ranking every match of a
# common word (most of 10,000 practices) cost most of a second.
RANK_LIMIT = 300


@dataclass
class Result:
    title: str
    url: str
    snippet: SafeString
    meta: str = ""
    # The language of the title and snippet, when it differs from the page's ("id", "en").
    language: str = ""


@dataclass
class Group:
    kind: str
    label: str
    results: list[Result] = field(default_factory=list)
    count: int = 0
    more_url: str = ""
    # True when there are more than ``count`` (= COUNT_LIMIT) results.
    capped: bool = False


def bounded_count(queryset) -> tuple[int, bool]:
    """The number of rows, counted up to COUNT_LIMIT (and whether there are more)."""
    count = queryset.order_by().values("pk")[: COUNT_LIMIT + 1].count()
    return min(count, COUNT_LIMIT), count > COUNT_LIMIT


def group(kind: str, label, results: list[Result], matches, more=None) -> Group:
    """A kind's group: the ``results`` shown, the total of ``matches`` (up to COUNT_LIMIT)
    and, with ``more`` (a list page's URL name and query parameters), the link to them all."""
    count, capped = bounded_count(matches)
    more_url = f"{reverse(more[0])}?{urlencode(more[1])}" if more else ""
    return Group(
        kind=kind, label=label, results=results, count=count, capped=capped, more_url=more_url
    )


def full_text() -> bool:
    return connection.vendor == "postgresql"


def text_query(query: str):
    """The words in Indonesian or in English (with both languages' stemming)."""
    terms_text = " ".join(terms(query)) or query.strip()
    return SearchQuery(terms_text, config="indonesian", search_type="plain") | SearchQuery(
        terms_text, config="english", search_type="plain"
    )


def terms(query: str) -> list[str]:
    return [term for term in re.split(r"\s+", query.strip()) if len(term) >= 2][:8]


def highlight(text: str, query: str, *, words: int = 40) -> SafeString:
    """Escape ``text`` and wrap each query term in <mark>, around the first match."""
    text = text or ""
    found = [term for term in terms(query) if term.lower() in text.lower()]
    if found:
        start = text.lower().find(found[0].lower())
        if start > 160:
            # Show the match with a little of what comes before it.
            head = text[:start].split()
            gap = " " if text[start - 1].isspace() else ""
            text = "… " + " ".join(head[-12:]) + gap + text[start:]
    snippet = escape(Truncator(text).words(words, truncate=" …"))
    for term in found:
        snippet = re.sub(
            f"({re.escape(escape(term))})", r"<mark>\1</mark>", snippet, flags=re.IGNORECASE
        )
    return mark_safe(snippet)  # noqa: S308 - built from escaped text


def _all_terms(fields: list[str], query: str) -> Q:
    """Every term must appear in at least one of ``fields``."""
    condition = Q()
    for term in terms(query) or [query.strip()]:
        any_field = Q()
        for name in fields:
            any_field |= Q(**{f"{name}__icontains": term})
        condition &= any_field
    return condition


def _other(text_language: str, page_language: str | None) -> str:
    """``text_language`` when the text is not in the page's language, else ""."""
    return "" if (page_language or "id").startswith(text_language) else text_language


def search_events(query: str, limit: int) -> Group:
    from events.models import Event

    if full_text():
        condition = Q(search_vector=text_query(query))
    else:
        condition = _all_terms(
            [
                "title",
                "summary",
                "description",
                "title_en",
                "summary_en",
                "description_en",
                "venue_name",
                "host__name",
            ],
            query,
        )
    matches = Event.objects.published().filter(condition).select_related("host").order_by("-start")
    language = get_language()
    results = [
        Result(
            title=event.display_title(),
            url=event.get_absolute_url(),
            snippet=highlight(
                plain_text(f"{event.display_summary()}\n\n{event.display_description()}"), query
            ),
            meta=f"{date_format(event.start_local, 'j F Y')} · {event.host.name}",
            language=_other(event.text_language(), language),
        )
        for event in matches[:limit]
    ]
    return group("events", _("Events"), results, matches)


def search_news(query: str, limit: int) -> Group:
    from events.models import Article

    if full_text():
        condition = Q(search_vector=text_query(query))
    else:
        condition = _all_terms(["title", "lead", "body"], query)
    matches = (
        Article.objects.published()
        .filter(condition)
        .latest_first()
        .only("slug", "title", "lead", "body", "published_at", "language")
    )
    language = get_language()
    results = [
        Result(
            title=article.title,
            url=article.get_absolute_url(),
            snippet=highlight(plain_text(f"{article.lead}\n\n{article.body}"), query),
            meta=date_format(article.published_at, "j F Y"),
            language=_other(article.language, language),
        )
        for article in matches[:limit]
    ]
    return group("news", _("News"), results, matches)


def search_practices_group(query: str, limit: int) -> Group:
    from practices.models import Practice
    from practices.search import search_practices
    from practices.templatetags.practices_tags import search_headline

    matches = all_matches = search_practices(query)
    if full_text():
        newest = matches.order_by("-published_at").values("pk")[:RANK_LIMIT]
        matches = search_practices(query, Practice.objects.filter(pk__in=newest))
    matches = matches.select_related("member", "member__province")
    results = [
        Result(
            title=practice.title,
            url=practice.get_absolute_url(),
            snippet=(
                search_headline(practice.headline)
                if practice.headline
                else highlight(practice.summary_text, query)
            ),
            meta=f"{practice.member.name} · {practice.member.province.name}",
        )
        for practice in matches.order_by("-rank", "-published_at", "-pk")[:limit]
    ]
    more = ("practices:list", {"q": query, "sort": "relevance"})
    return group("practices", _("Best practices"), results, all_matches, more)


def search_members(query: str, limit: int) -> Group:
    condition = Q()
    if full_text():
        # Names are matched by word prefix ("sidoar" finds Sidoarjo), without stemming.
        words = [re.sub(r"\W", "", term) for term in terms(query) or [query]]
        prefixes = " & ".join(f"{word}:*" for word in words if word)
        condition = Q(code__startswith=query.strip())
        if prefixes:
            condition |= Q(search_vector=SearchQuery(prefixes, config="simple", search_type="raw"))
    else:
        for term in terms(query) or [query.strip()]:
            condition &= (
                Q(name__icontains=term) | Q(code__startswith=term) | Q(head_name__icontains=term)
            )
    matches = Member.objects.filter(condition).select_related("province").order_by("name")
    results = [
        Result(
            title=member.name,
            url=member.get_absolute_url(),
            snippet=highlight(member.name, query),
            meta=f"{member.province.name} · {member.get_kind_display()}",
        )
        for member in matches[:limit]
    ]
    return group("members", _("Members"), results, matches, ("members:list", {"q": query}))


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


SEARCHES = [search_practices_group, search_news, search_events, search_members]


def site_search(query: str, *, limit: int = 5) -> list[Group]:
    return [search(query, limit) for search in SEARCHES]
