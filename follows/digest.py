"""The weekly digest: what was published in the past week (and the events of the coming
weeks) that matches each person's follows.

What an item is about: a practice, its themes, goals, region and province; an event, its
host, its speakers' regions and the practices presented at it; a news article, the event
it is about (as for events) and the regions and provinces its title or lead names.

Built for every recipient at once: the content of the week is read once and indexed by
what can be followed, the follows in one query, so the number of queries does not grow
with the number of recipients. Each person gets at most one digest a week: a DigestSent
row is written for every digest in the same transaction, and the mails are queued after
it commits. A rerun (after a crash, or by mistake) skips everyone already recorded."""

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch, prefetch_related_objects
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from core.links import absolute_url
from core.mail import notify
from core.markdown import plain_text
from events.models import Article, Event, Session, Speaker
from members.models import Member
from practices.models import Practice, Replication

from .models import DigestOptOut, DigestSent, Follow
from .services import unsubscribe_token

TEMPLATE = "follows/email/digest"
UPCOMING_DAYS = 28
SECTIONS = ["practices", "news", "events", "replications"]
TOKEN_SLOT = "token-slot"  # reversed once per language, then replaced by each token


@dataclass
class DigestReport:
    week: datetime.date
    recipients: int = 0
    sent: int = 0


def week_start(day: datetime.date) -> datetime.date:
    """The Monday of ``day``'s week."""
    return day - datetime.timedelta(days=day.weekday())


def _window(week: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    start = datetime.datetime.combine(week, datetime.time.min, ZoneInfo(settings.TIME_ZONE))
    return start - datetime.timedelta(days=7), start


def _practice_keys(practice) -> set[tuple[str, str]]:
    keys = {("theme", theme.slug) for theme in practice.themes.all()}
    keys |= {("sdg", str(sdg.number)) for sdg in practice.sdgs.all()}
    keys |= {("member", practice.member.slug), ("province", practice.member.province.code)}
    return keys


def _host_keys(member) -> set[tuple[str, str]]:
    return {("member", member.slug), ("province", member.province.code)}


def _event_keys(event) -> set[tuple[str, str]]:
    """What an event is about: its host, the member regions of its speakers, and the
    best practices presented at it (their themes, goals, regions and provinces)."""
    keys = _host_keys(event.host)
    for session in event.sessions.all():
        for speaker in session.speakers.all():
            keys |= _host_keys(speaker.member)
    for practice in event.practices.all():
        keys |= _practice_keys(practice)
    return keys


def _prefetch_event_relations(events) -> None:
    """Speakers' regions and the practices presented, for every event at once (a fixed
    number of queries whatever the number of events)."""
    prefetch_related_objects(
        events,
        Prefetch(
            "sessions",
            queryset=Session.objects.only("pk", "event_id").prefetch_related(
                Prefetch(
                    "speakers",
                    queryset=Speaker.objects.filter(member__isnull=False).select_related(
                        "member__province"
                    ),
                )
            ),
        ),
        Prefetch(
            "practices",
            queryset=Practice.objects.published()
            .select_related("member__province")
            .prefetch_related("themes", "sdgs"),
        ),
    )


def _mentions(articles) -> list[set[tuple[str, str]]]:
    """For each article, the member regions and provinces its title or lead names in
    full ("Kota Kupang", "Jawa Timur"): how news that is not about an event (the data
    model ties news only to an event) reaches the people who follow what it is about."""
    if not articles:
        return []
    names = {}
    for slug, name, code, province in Member.objects.values_list(
        "slug", "name", "province__code", "province__name"
    ):
        names[name.casefold()] = {("member", slug), ("province", code)}
        names.setdefault(province.casefold(), {("province", code)})
    alternatives = sorted((re.escape(name) for name in names if name), key=len, reverse=True)
    pattern = re.compile(r"\b(" + "|".join(alternatives) + r")\b", re.IGNORECASE)
    found = []
    for article in articles:
        keys = set()
        for match in pattern.finditer(f"{article.title}\n{plain_text(article.lead)}"):
            keys |= names[match.group(1).casefold()]
        found.append(keys)
    return found


def _absolute(url: str) -> str:
    return absolute_url(url)


def collect(week: datetime.date) -> tuple[dict, dict]:
    """The week's items by section (objects) and an index (kind, key) -> [(section, i)]."""
    since, until = _window(week)
    practices = list(
        Practice.objects.published()
        .filter(published_at__gte=since, published_at__lt=until)
        .select_related("member", "member__province")
        .prefetch_related("themes", "sdgs")
        .order_by("published_at", "pk")
    )
    news = list(
        Article.objects.published(now=until)
        .filter(published_at__gte=since)
        .exclude(event__status=Event.Status.DRAFT)
        .select_related("event", "event__host", "event__host__province")
        .order_by("published_at", "pk")
    )
    events = list(
        Event.objects.filter(status=Event.Status.PUBLISHED)
        .filter(start__gte=until, start__lt=until + datetime.timedelta(days=UPCOMING_DAYS))
        .select_related("host", "host__province")
        .order_by("start", "pk")
    )
    replications = list(
        Replication.objects.public()
        .filter(created_at__gte=since, created_at__lt=until)
        .select_related("practice", "practice__member__province", "member", "member__province")
        .prefetch_related("practice__themes", "practice__sdgs")
        .order_by("created_at", "pk")
    )
    items = {"practices": practices, "news": news, "events": events, "replications": replications}
    index = defaultdict(list)
    for position, practice in enumerate(practices):
        for key in _practice_keys(practice):
            index[key].append(("practices", position))
    _prefetch_event_relations([article.event for article in news if article.event] + events)
    for position, (article, mentioned) in enumerate(zip(news, _mentions(news), strict=True)):
        about = _event_keys(article.event) if article.event else set()
        for key in about | mentioned:
            index[key].append(("news", position))
    for position, event in enumerate(events):
        for key in _event_keys(event):
            index[key].append(("events", position))
    for position, replication in enumerate(replications):
        for key in _practice_keys(replication.practice) | _host_keys(replication.member):
            index[key].append(("replications", position))
    return items, index


def render_items(items: dict, language: str) -> dict:
    """Plain, JSON-ready dicts of the items, with links and dates in ``language``."""
    with translation.override(language):
        return {
            "practices": [
                {
                    "title": practice.title,
                    "member": practice.member.name,
                    "url": _absolute(practice.get_absolute_url()),
                }
                for practice in items["practices"]
            ],
            "news": [
                {"title": article.title, "url": _absolute(article.get_absolute_url())}
                for article in items["news"]
            ],
            "events": [
                {
                    "title": event.display_title(language),
                    "host": event.host.name,
                    "date": date_format(event.start_local, "j F Y"),
                    "url": _absolute(event.get_absolute_url()),
                }
                for event in items["events"]
            ],
            "replications": [
                {
                    "member": replication.member.name,
                    "practice": replication.practice.title,
                    "origin": replication.practice.member.name,
                    "url": _absolute(replication.practice.get_absolute_url()),
                }
                for replication in items["replications"]
            ],
        }


def recipients(week: datetime.date):
    """(user id, email, name, language, kind, key) of every follow of the people who may
    get this week's digest: active, not unsubscribed, not yet sent this week."""
    opted_out = DigestOptOut.objects.filter(user=OuterRef("user"))
    sent = DigestSent.objects.filter(user=OuterRef("user"), week=week)
    return (
        Follow.objects.filter(user__is_active=True)
        .exclude(Exists(opted_out))
        .exclude(Exists(sent))
        .order_by("user_id", "kind", "key")
        .values_list("user_id", "user__email", "user__full_name", "user__language", "kind", "key")
    )


def _digest_message(user_id, person: dict, week: datetime.date, chosen: dict, links) -> dict:
    """The message to one person: their chosen items and their own unsubscribe link."""
    unsubscribe_pattern, account = links
    unsubscribe = unsubscribe_pattern.replace(TOKEN_SLOT, unsubscribe_token_for(user_id))
    return {
        "user_id": user_id,
        "email": person["email"],
        "language": person["language"],
        "items": sum(len(entries) for entries in chosen.values()),
        "context": {
            "name": person["name"],
            "week": week.isoformat(),
            "unsubscribe_url": unsubscribe,
            "account_url": account,
            **chosen,
        },
        "headers": {
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    }


def digests_build(week: datetime.date) -> list[dict]:
    """One message per person whose follows match something this week."""
    items, index = collect(week)
    if not any(items.values()):
        return []
    people = {}
    for user_id, email, name, language, kind, key in recipients(week):
        person = people.setdefault(
            user_id,
            {"email": email, "name": name, "language": language or "id", "hits": set()},
        )
        person["hits"].update(index.get((kind, key), ()))
    rendered = {}
    links = {}
    messages = []
    for user_id, person in people.items():
        if not person["hits"]:
            continue
        language = person["language"]
        if language not in rendered:
            rendered[language] = render_items(items, language)
            with translation.override(language):
                links[language] = (
                    _absolute(reverse("follows:unsubscribe", kwargs={"token": TOKEN_SLOT})),
                    _absolute(reverse("users:account")),
                )
        chosen = {section: [] for section in SECTIONS}
        for section, position in sorted(person["hits"]):
            chosen[section].append(rendered[language][section][position])
        messages.append(_digest_message(user_id, person, week, chosen, links[language]))
    return messages


class _UserRef:
    def __init__(self, pk):
        self.pk = pk


def unsubscribe_token_for(user_id: int) -> str:
    return unsubscribe_token(_UserRef(user_id))


def digests_send(*, week: datetime.date | None = None) -> DigestReport:
    week = week or week_start(timezone.localdate())
    messages = digests_build(week)
    report = DigestReport(week=week, recipients=len(messages))
    with transaction.atomic():
        DigestSent.objects.bulk_create(
            [
                DigestSent(user_id=message["user_id"], week=week, items=message["items"])
                for message in messages
            ]
        )
        transaction.on_commit(lambda: _queue(messages))
    report.sent = len(messages)
    return report


def _queue(messages: list[dict]) -> None:
    for message in messages:
        notify(
            to=[message["email"]],
            template=TEMPLATE,
            context=message["context"],
            language=message["language"],
            headers=message["headers"],
        )
