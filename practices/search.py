"""Full-text search over practices: PostgreSQL's text search where available (the
``indonesian`` or ``english`` configuration, by each practice's language), a simpler
``icontains`` search elsewhere. One entry point, also for the site-wide search."""

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, F, FloatField, Q, Value, When

from .models import Practice

# Weighted fields: a word in the title counts most, then the summary, then the narrative.
WEIGHTED_FIELDS = {
    "A": ["title"],
    "B": ["summary", "office"],
    "C": ["problem", "activities", "novelty", "results", "beneficiaries"],
    "D": [
        "objectives",
        "steps",
        "partners",
        "obstacles",
        "sustainability",
        "lessons",
        "replication",
        "awards",
    ],
}
TEXT_FIELDS = [name for names in WEIGHTED_FIELDS.values() for name in names]
CONFIGS = {"id": "indonesian", "en": "english"}
# Private-use characters mark the matches; the template escapes the text, then turns
# them into <mark> (see templatetags/practices_tags.py), so no HTML from the text survives.
MARK_START = "\ue000"
MARK_STOP = "\ue001"


def uses_postgres() -> bool:
    return connection.vendor == "postgresql"


def build_search_vector(config: str):
    vector = None
    for weight, names in WEIGHTED_FIELDS.items():
        for name in names:
            part = SearchVector(name, weight=weight, config=config)
            vector = part if vector is None else vector + part
    return vector


def update_search_vector(practice_ids) -> None:
    """Recompute the stored search vectors (PostgreSQL only): called by the services
    after every write."""
    if not uses_postgres():
        return
    for language, config in CONFIGS.items():
        Practice.objects.filter(pk__in=practice_ids, language=language).update(
            search_vector=build_search_vector(config)
        )


def _query(text: str):
    query = None
    for config in CONFIGS.values():
        part = SearchQuery(text, config=config, search_type="websearch")
        query = part if query is None else query | part
    return query


def search_practices(query: str, queryset=None):
    """Practices matching ``query``, annotated with ``rank`` (higher is better) and
    ``headline`` (a plain-text snippet with the matches between MARK_START and
    MARK_STOP, or "")."""
    if queryset is None:
        queryset = Practice.objects.published()
    query = (query or "").strip()
    if not query:
        return queryset.annotate(rank=Value(0.0, output_field=FloatField()), headline=Value(""))
    if uses_postgres():
        search_query = _query(query)
        config = Case(When(language="en", then=Value("english")), default=Value("indonesian"))
        return queryset.filter(search_vector=search_query).annotate(
            rank=SearchRank(F("search_vector"), search_query),
            headline=SearchHeadline(
                "summary",
                search_query,
                config=config,
                start_sel=MARK_START,
                stop_sel=MARK_STOP,
                max_words=35,
                min_words=15,
            ),
        )
    words = query.split()[:10]
    condition = Q()
    for word in words:
        any_field = Q()
        for name in TEXT_FIELDS:
            any_field |= Q(**{f"{name}__icontains": word})
        condition &= any_field
    title_hits = Q()
    for word in words:
        title_hits |= Q(title__icontains=word)
    summary_hits = Q()
    for word in words:
        summary_hits |= Q(summary__icontains=word)
    return queryset.filter(condition).annotate(
        rank=Case(
            When(title_hits, then=Value(1.0)),
            When(summary_hits, then=Value(0.5)),
            default=Value(0.1),
            output_field=FloatField(),
        ),
        headline=Value(""),
    )
