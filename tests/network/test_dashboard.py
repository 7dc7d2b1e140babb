import csv
import datetime
import io
import re
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from events.models import Event, Registration
from members.models import Member, Province
from network import stats
from practices.models import SDG, Practice, Replication, Theme
from tests.factories import (
    EventFactory,
    PracticeFactory,
    PublishedPracticeFactory,
    RegistrationFactory,
    ReplicationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

CHARTS = [
    "practices-by-province",
    "members-by-province",
    "practices-by-theme",
    "practices-by-sdg",
    "most-replicated-practices",
    "replicating-regions",
    "events-by-year",
    "registrations-by-year",
]


def dashboard_url(language="id"):
    with translation.override(language):
        return reverse("network:dashboard")


def csv_url(chart, language="id"):
    with translation.override(language):
        return reverse("network:csv", kwargs={"chart": chart})


def read_csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


def at(year: int) -> datetime.datetime:
    return datetime.datetime(year, 6, 1, 3, 0, tzinfo=datetime.UTC)


def build_network(size: int) -> None:
    """Practices spread over members, themes and SDGs; events over years; some drafts,
    a cancelled registration and a draft event that must not count."""
    members = list(Member.objects.order_by("code")[: 10 * size : 3])
    themes = list(Theme.objects.all())
    sdgs = list(SDG.objects.all())
    for index in range(6 * size):
        PublishedPracticeFactory(
            member=members[index % len(members)],
            themes=[themes[index % len(themes)], themes[(index + 3) % len(themes)]],
            sdgs=[sdgs[index % len(sdgs)]],
        )
    PracticeFactory.create_batch(size, member=members[0])  # drafts
    for index in range(2 * size):
        event = EventFactory(
            host=members[index % len(members)],
            start=at(2018 + index % 4),
            end=at(2018 + index % 4) + datetime.timedelta(hours=3),
        )
        RegistrationFactory.create_batch(index % 3 + 1, event=event)
    RegistrationFactory(event=Event.objects.first(), status=Registration.Status.CANCELLED)
    draft = EventFactory(status=Event.Status.DRAFT, start=at(2019), end=at(2019))
    RegistrationFactory(event=draft)
    # Practice n is replicated by n regions (some verified); one replicated practice
    # is withdrawn afterwards and no longer counts.
    practices = list(Practice.objects.published().order_by("pk"))
    regions = list(Member.objects.order_by("-code")[: 3 * size])
    for n, practice in enumerate(practices[: 3 * size]):
        for index, region in enumerate(regions[: n + 1]):
            ReplicationFactory(
                practice=practice,
                member=region,
                verified_at=timezone.now() if index % 2 == 0 else None,
            )
    withdrawn = practices[-1]
    ReplicationFactory(practice=withdrawn, member=regions[0])
    Practice.objects.filter(pk=withdrawn.pk).update(status=Practice.Status.DRAFT)


def expected_rows(chart: str) -> list[list[str]]:
    """The figures, counted the slow and obvious way."""
    published = Practice.objects.published()
    if chart == "practices-by-province":
        return [
            [p.name, str(published.filter(member__province=p).count())]
            for p in Province.objects.order_by("code")
        ]
    if chart == "members-by-province":
        rows = []
        for province in Province.objects.order_by("code"):
            members = Member.objects.filter(province=province)
            with_practice = members.filter(practices__in=published).distinct().count()
            rows.append([province.name, str(with_practice), str(members.count() - with_practice)])
        return rows
    if chart == "practices-by-theme":
        return [[t.name, str(published.filter(themes=t).count())] for t in Theme.objects.all()]
    if chart == "practices-by-sdg":
        return [[str(s), str(published.filter(sdgs=s).count())] for s in SDG.objects.all()]
    if chart in ("most-replicated-practices", "replicating-regions"):
        groups = {}
        for replication in Replication.objects.select_related("practice__member", "member"):
            if replication.practice.status != Practice.Status.PUBLISHED:
                continue
            if chart == "replicating-regions":
                key = replication.member.name
            else:
                key = f"{replication.practice.title} ({replication.practice.member.name})"
            verified, declared = groups.get(key, (0, 0))
            if replication.verified_at:
                groups[key] = (verified + 1, declared)
            else:
                groups[key] = (verified, declared + 1)
        ranked = sorted(groups.items(), key=lambda item: (-sum(item[1]), -item[1][0], item[0]))
        return [[label, str(v), str(d)] for label, (v, d) in ranked[:10]]
    events = Event.objects.published()
    years = sorted(
        {event.start.astimezone(timezone.get_current_timezone()).year for event in events}
    )
    if chart == "events-by-year":
        return [[str(y), str(events.filter(start__year=y).count())] for y in years]
    registrations = Registration.objects.exclude(status=Registration.Status.CANCELLED).filter(
        event__in=events
    )
    return [[str(y), str(registrations.filter(event__start__year=y).count())] for y in years]


@pytest.mark.parametrize("size", [1, 4])
@pytest.mark.parametrize("chart", CHARTS)
def test_csv_figures_match_the_database(client, size, chart):
    build_network(size)
    response = client.get(csv_url(chart))
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f'filename="citynet-{chart}.csv"' in response["Content-Disposition"]
    rows = read_csv(response)
    assert rows[1:] == expected_rows(chart)


@pytest.mark.parametrize("size", [1, 4])
def test_dashboard_shows_the_same_figures_in_tables(client, size):
    build_network(size)
    content = client.get(dashboard_url()).content.decode()
    published = Practice.objects.published()
    assert published.count() == 6 * size - 1  # one was withdrawn
    figures = re.search(r'<dl class="figure-list">(.*?)</dl>', content, re.S).group(1)
    numbers = [int(n.replace(".", "")) for n in re.findall(r"<dd>([\d.]+)</dd>", figures)]
    members_with = Member.objects.filter(practices__in=published).distinct().count()
    registrations = (
        Registration.objects.active().filter(event__status=Event.Status.PUBLISHED).count()
    )
    replications = Replication.objects.public().count()
    assert replications == sum(range(1, 3 * size + 1))
    assert numbers == [514, members_with, 6 * size - 1, replications, 2 * size, registrations]
    jatim = Province.objects.get(code="35")
    count = published.filter(member__province=jatim).count()
    listing = reverse("practices:list")
    table_row = (
        f'<th scope="row"><a href="{listing}?province=35">Jawa Timur</a></th><td>{count}</td>'
    )
    assert table_row in content


@pytest.mark.parametrize("size", [1, 4])
def test_dashboard_query_count_is_fixed_and_zero_when_cached(
    client, django_assert_num_queries, size
):
    build_network(size)
    # provinces (members and practices), themes, SDGs, events and registrations per year,
    # replications per practice (with the totals), replicating regions
    with django_assert_num_queries(6):
        assert client.get(dashboard_url()).status_code == HTTPStatus.OK
    with django_assert_num_queries(0):
        assert client.get(dashboard_url()).status_code == HTTPStatus.OK


def test_figures_are_cached_until_content_changes(
    django_assert_num_queries, django_capture_on_commit_callbacks
):
    build_network(1)
    with translation.override("id"):
        before = stats.figures()
        with django_assert_num_queries(0):
            assert stats.figures().totals == before.totals
        with django_capture_on_commit_callbacks(execute=True):  # the cache empties on commit
            PublishedPracticeFactory(member=Member.objects.get(code="53.71"))
        assert stats.figures().totals["practices"] == before.totals["practices"] + 1


def test_signed_in_visitor_sees_fresh_figures(client, django_capture_on_commit_callbacks):
    client.force_login(UserFactory())
    client.get(dashboard_url())
    with django_capture_on_commit_callbacks(execute=True):  # the cache empties on commit
        PublishedPracticeFactory(member=Member.objects.get(code="53.71"))
    rows = read_csv(client.get(csv_url("practices-by-province")))
    assert ["Nusa Tenggara Timur", "1"] in rows


def test_charts_have_accessible_names_and_csv_links(client):
    build_network(1)
    content = client.get(dashboard_url()).content.decode()
    for chart in CHARTS:
        assert f'role="img" aria-labelledby="{chart}-title {chart}-desc"' in content
        assert f'<title id="{chart}-title">' in content
        assert f'<desc id="{chart}-desc">' in content
        assert f'href="{reverse("network:csv", kwargs={"chart": chart})}"' in content
    assert "<script" not in content.split("<main")[-1].split("</main>")[0]
    assert 'style="' not in content
    assert "Jaringan dalam angka" in content
    assert "TPB 11" in content


def test_dashboard_in_english(client):
    build_network(1)
    content = client.get(dashboard_url("en")).content.decode()
    assert "The network in figures" in content
    assert "Published practices by province" in content
    assert "SDG 11" in content
    rows = read_csv(client.get(csv_url("members-by-province", "en")))
    assert rows[0] == ["Province", "Members with a published practice", "Members without one"]


def test_empty_network_has_no_division_by_zero(client):
    response = client.get(dashboard_url())
    assert response.status_code == HTTPStatus.OK
    assert "Belum ada angka." in response.content.decode()  # no events yet


def test_csv_cells_are_safe_from_formula_injection(client):
    theme = Theme.objects.create(slug="rumus", name_id='=HYPERLINK("http://x")', name_en="+1")
    PublishedPracticeFactory(member=Member.objects.get(code="53.71"), themes=[theme])
    rows = read_csv(client.get(csv_url("practices-by-theme")))
    assert ['\'=HYPERLINK("http://x")', "1"] in rows
    rows = read_csv(client.get(csv_url("practices-by-theme", "en")))
    assert ["'+1", "1"] in rows


@pytest.mark.parametrize("chart", ["nothing", "practices-by-year", "PRACTICES-BY-SDG"])
def test_unknown_chart_is_404(client, chart):
    assert client.get(csv_url(chart)).status_code == HTTPStatus.NOT_FOUND


def test_dashboard_and_map_are_linked_from_the_footer(client):
    content = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("network:dashboard")}"' in content
    assert f'href="{reverse("members:map")}"' in content


def test_replication_charts_show_verified_and_declared_apart(client):
    original = PublishedPracticeFactory(
        member=Member.objects.get(code="53.71"), title="Layanan digital Kupang"
    )
    banjarbaru = Member.objects.get(code="63.72")
    ReplicationFactory(practice=original, member=banjarbaru, verified_at=timezone.now())
    ReplicationFactory(practice=original, member=Member.objects.get(code="35.15"))
    rows = read_csv(client.get(csv_url("most-replicated-practices", "en")))
    assert rows == [
        [
            "Practice (region)",
            "Replications verified by the secretariat",
            "Declared, not yet verified",
        ],
        ["Layanan digital Kupang (Kota Kupang)", "1", "1"],
    ]
    content = client.get(dashboard_url()).content.decode()
    assert (
        f'<a href="{original.get_absolute_url()}">Layanan digital Kupang (Kota Kupang)</a>'
        in content
    )
    assert (
        f'<a href="{banjarbaru.get_absolute_url()}">Kota Banjarbaru</a></th><td>1</td><td>0</td>'
        in content
    )


def test_dashboard_is_served_compressed(client):
    build_network(1)
    response = client.get(dashboard_url(), headers={"accept-encoding": "gzip"})
    assert response["Content-Encoding"] == "gzip"
    assert len(response.content) < 30 * 1024


def test_labels_are_escaped_in_bars_and_tables(client):
    theme = Theme.objects.create(slug="tanda", name_id='<b>"Tema" & Co</b>', name_en="x")
    PublishedPracticeFactory(member=Member.objects.get(code="53.71"), themes=[theme])
    content = client.get(dashboard_url()).content.decode()
    assert "<b>" not in content.split("<main")[-1]
    assert "&lt;b&gt;&quot;Tema&quot; &amp; Co&lt;/b&gt;</a></th><td>1</td>" in content
    assert 'class="chart-label">&lt;b&gt;&quot;Tema&quot; &amp; Co&lt;/b&gt;</text>' in content


def test_figures_are_read_from_the_primary_before_they_are_stored(client, monkeypatch):
    """Signed-in people get no page cache, but the figures they cause to be stored must
    not come from a lagging replica."""
    from core import db_routers

    seen = []
    compute = stats.compute

    def recording():
        seen.append(db_routers._primary_reads.get())
        return compute()

    monkeypatch.setattr(stats, "compute", recording)
    client.force_login(UserFactory())
    assert client.get(dashboard_url()).status_code == HTTPStatus.OK
    assert client.get(csv_url("practices-by-theme")).status_code == HTTPStatus.OK
    assert seen == [True]
