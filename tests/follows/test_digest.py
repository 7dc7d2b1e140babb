import datetime
import io
import re
from http import HTTPStatus
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events.models import Article
from follows import services
from follows.digest import digests_build, digests_send, week_start
from follows.models import DigestOptOut, DigestSent, Follow
from tests.factories import (
    ArticleFactory,
    EventFactory,
    PublishedPracticeFactory,
    ReplicationFactory,
    SessionFactory,
    SpeakerFactory,
    UserFactory,
)
from tests.paths import reverse_in

pytestmark = pytest.mark.django_db

WEEK = week_start(timezone.localdate())


def last_week(days=2):
    return timezone.now() - datetime.timedelta(days=(timezone.localdate() - WEEK).days + days)


@pytest.fixture
def week_content(kupang, sidoarjo):
    waste = PublishedPracticeFactory(
        member=kupang,
        title="Bank sampah digital",
        themes=["waste-circular-economy"],
        sdgs=[12],
        published_at=last_week(),
    )
    PublishedPracticeFactory(
        member=sidoarjo,
        title="Praktik lama",
        themes=["waste-circular-economy"],
        published_at=last_week(30),
    )
    smart = PublishedPracticeFactory(
        member=sidoarjo,
        title="Kota cerdas Sidoarjo",
        themes=["smart-city"],
        sdgs=[9],
        published_at=last_week(),
    )
    event = EventFactory(
        host=kupang,
        title="Seminar Kupang berikutnya",
        start=timezone.now() + datetime.timedelta(days=10),
    )
    ArticleFactory(event=event, title="Kupang bersiap", published_at=last_week(1))
    replication = ReplicationFactory(practice=smart, member=kupang)
    DigestSent.objects.none()
    type(replication).objects.filter(pk=replication.pk).update(created_at=last_week(1))
    return {"waste": waste, "smart": smart, "event": event}


def person(language="id", **follows):
    user = UserFactory(language=language)
    for kind, keys in follows.items():
        for key in keys if isinstance(keys, list) else [keys]:
            Follow.objects.create(user=user, kind=kind, key=key)
    return user


def send(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return digests_send(week=WEEK)


def test_digest_matches_follows_in_each_language_once_a_week(
    week_content, django_capture_on_commit_callbacks
):
    waste_fan = person(theme="waste-circular-economy")
    kupang_fan = person(language="en", member="kota-kupang")
    nobody = person(theme="culture-heritage")
    report = send(django_capture_on_commit_callbacks)
    assert report.sent == 2
    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {waste_fan.email, kupang_fan.email}
    assert nobody.email not in by_address  # nothing new for them: no mail

    indonesian = by_address[waste_fan.email]
    assert indonesian.subject == "Pekan Anda di Citynet Indonesia"
    assert "Bank sampah digital" in indonesian.body
    assert "http://testserver/id/practices/" in indonesian.body
    assert "Praktik lama" not in indonesian.body and "Kota cerdas" not in indonesian.body

    english = by_address[kupang_fan.email]
    assert english.subject == "Your week on Citynet Indonesia"
    body = english.body
    assert "Bank sampah digital" in body  # a practice of Kota Kupang
    assert "Seminar Kupang berikutnya" in body and "Upcoming events" in body
    assert "Kupang bersiap" in body  # news of its event
    assert 'Kota Kupang replicates "Kota cerdas Sidoarjo" of Kabupaten Sidoarjo' in body
    assert "http://testserver/en/events/" in body

    for message in mail.outbox:
        unsubscribe = message.extra_headers["List-Unsubscribe"]
        assert re.fullmatch(r"<http://testserver/(id|en)/follows/unsubscribe/[^/]+/>", unsubscribe)
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert unsubscribe[1:-1] in message.body

    # The same week again: nobody gets a second digest.
    mail.outbox.clear()
    assert send(django_capture_on_commit_callbacks).sent == 0
    assert mail.outbox == []
    assert DigestSent.objects.filter(week=WEEK).count() == 2


def test_command_run_twice_sends_one_mail_each(week_content, capsys):
    person(sdg="12")
    person(province="35")
    out = io.StringIO()
    # The command runs in autocommit: mails are queued as soon as the rows are saved.
    with mock.patch("follows.digest.transaction.on_commit", lambda func: func()):
        call_command("send_weekly_digests", stdout=out)
        call_command("send_weekly_digests", stdout=out)
    assert len(mail.outbox) == 2
    assert "2 digests queued" in out.getvalue() and "0 digests queued" in out.getvalue()
    with pytest.raises(Exception, match="--week"):
        call_command("send_weekly_digests", "--week", "next tuesday")


def test_a_crash_before_commit_sends_nothing_and_a_rerun_sends(
    week_content, django_capture_on_commit_callbacks
):
    person(theme="waste-circular-economy")
    with (
        mock.patch(
            "follows.digest.DigestSent.objects.bulk_create", side_effect=RuntimeError("disk full")
        ),
        pytest.raises(RuntimeError),
    ):
        send(django_capture_on_commit_callbacks)
    assert mail.outbox == [] and not DigestSent.objects.exists()
    assert send(django_capture_on_commit_callbacks).sent == 1
    assert len(mail.outbox) == 1


def test_unsubscribed_inactive_and_empty_weeks_get_nothing(
    kupang, django_capture_on_commit_callbacks
):
    quiet = person(member="kota-kupang")
    assert send(django_capture_on_commit_callbacks).sent == 0  # nothing new this week
    PublishedPracticeFactory(member=kupang, published_at=last_week())
    DigestOptOut.objects.create(user=quiet)
    gone = person(member="kota-kupang")
    gone.is_active = False
    gone.save()
    assert send(django_capture_on_commit_callbacks).sent == 0
    assert mail.outbox == []


def unsubscribe_path(token: str, language: str = "id") -> str:
    """The unsubscribe page for ``token`` as written (reverse() would escape "..")."""
    return reverse_in(language, "follows:unsubscribe", token="TOKEN").replace("TOKEN", token)


def test_unsubscribe_link_works_without_signing_in(client, user):
    token = services.unsubscribe_token(user)
    page = client.get(unsubscribe_path(token))
    assert page.status_code == HTTPStatus.OK
    assert not DigestOptOut.objects.exists()  # opening the link changes nothing
    csrf_client = type(client)(enforce_csrf_checks=True)
    response = csrf_client.post(unsubscribe_path(token), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == HTTPStatus.OK
    assert "tidak akan lagi menerima ringkasan mingguan" in response.content.decode()
    assert DigestOptOut.objects.filter(user=user).exists()
    # Twice is fine.
    assert csrf_client.post(unsubscribe_path(token)).status_code == HTTPStatus.OK


def test_forged_or_expired_unsubscribe_tokens(client, user, monkeypatch):
    token = services.unsubscribe_token(user)
    forged = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    for bad in [forged, "garbage", "a" * 300, "..", token.replace(":", "")]:
        response = client.post(unsubscribe_path(bad))
        assert response.status_code in (HTTPStatus.BAD_REQUEST, HTTPStatus.NOT_FOUND), bad
    assert client.get(unsubscribe_path(forged)).status_code == HTTPStatus.BAD_REQUEST
    monkeypatch.setattr(services, "UNSUBSCRIBE_MAX_AGE", -1)
    expired = client.post(unsubscribe_path(token, "en"))
    assert expired.status_code == HTTPStatus.BAD_REQUEST
    assert "not valid" in expired.content.decode()
    assert not DigestOptOut.objects.exists()


def test_digest_queries_do_not_grow_with_recipients(week_content):
    def build_queries(extra):
        for index in range(extra):
            person(
                language="en" if index % 2 else "id",
                theme=["waste-circular-economy", "smart-city"],
                member="kota-kupang",
            )
        with CaptureQueriesContext(connection) as queries:
            messages = digests_build(WEEK)
        return len(queries), len(messages)

    small, count_small = build_queries(5)
    large, count_large = build_queries(40)
    assert (count_small, count_large) == (5, 45)
    assert small == large <= 12


@pytest.fixture
def news_content(kupang, sidoarjo):
    """A seminar in Kupang where a speaker of Sidoarjo presents its older practice on
    waste; an article about the seminar; an article about no event that names Kabupaten
    Sidoarjo; one that names no region."""
    seminar = EventFactory(
        host=kupang,
        title="Seminar Kupang tentang sampah",
        start=timezone.now() - datetime.timedelta(days=30),
        end=timezone.now() - datetime.timedelta(days=30) + datetime.timedelta(hours=3),
    )
    SpeakerFactory(session=SessionFactory(event=seminar), member=sidoarjo)
    PublishedPracticeFactory(
        member=sidoarjo,
        title="Bank sampah Sidoarjo",
        themes=["waste-circular-economy"],
        presented_at=seminar,
        published_at=last_week(60),
    )
    ArticleFactory(event=seminar, title="Hasil seminar sampah", published_at=last_week(1))
    ArticleFactory(
        title="Penghargaan untuk Kabupaten Sidoarjo",
        lead="Pemerintah Kabupaten Sidoarjo menerima penghargaan pelayanan publik.",
        published_at=last_week(2),
    )
    ArticleFactory(title="Rapat sekretariat", lead="Agenda tahun depan.", published_at=last_week())
    ArticleFactory(title="Berita lama Kabupaten Sidoarjo", published_at=last_week(30))
    ArticleFactory(
        title="Draf Kabupaten Sidoarjo", status=Article.Status.DRAFT, published_at=last_week(1)
    )


def news_titles(message) -> list[str]:
    return [item["title"] for item in message["context"]["news"]]


def test_news_reaches_followers_of_what_it_is_about(news_content):
    theme_fan = person(theme="waste-circular-economy")
    sidoarjo_fan = person(member="kabupaten-sidoarjo")
    east_java_fan = person(province="35")
    kupang_fan = person(member="kota-kupang")
    other = person(member="kota-surabaya", theme="culture-heritage")
    messages = {message["user_id"]: message for message in digests_build(WEEK)}

    # The practice presented at the seminar is on waste: its news is about waste.
    assert news_titles(messages[theme_fan.pk]) == ["Hasil seminar sampah"]
    # Sidoarjo spoke and presented there, and the other article names it.
    assert news_titles(messages[sidoarjo_fan.pk]) == [
        "Penghargaan untuk Kabupaten Sidoarjo",
        "Hasil seminar sampah",
    ]
    assert news_titles(messages[east_java_fan.pk]) == news_titles(messages[sidoarjo_fan.pk])
    assert news_titles(messages[kupang_fan.pk]) == ["Hasil seminar sampah"]
    assert other.pk not in messages  # nothing this week is about what they follow
    for message in messages.values():
        assert "Rapat sekretariat" not in news_titles(message)
        assert "Berita lama Kabupaten Sidoarjo" not in news_titles(message)
        assert "Draf Kabupaten Sidoarjo" not in news_titles(message)


def test_upcoming_events_reach_followers_of_their_speakers_and_practices(kupang, sidoarjo):
    seminar = EventFactory(
        host=kupang, title="Lokakarya sampah", start=timezone.now() + datetime.timedelta(days=7)
    )
    SpeakerFactory(session=SessionFactory(event=seminar), member=sidoarjo)
    PublishedPracticeFactory(
        member=sidoarjo, themes=["smart-city"], presented_at=seminar, published_at=last_week(60)
    )
    theme_fan = person(theme="smart-city")
    sidoarjo_fan = person(member="kabupaten-sidoarjo")
    messages = {message["user_id"]: message for message in digests_build(WEEK)}
    for fan in (theme_fan, sidoarjo_fan):
        assert [item["title"] for item in messages[fan.pk]["context"]["events"]] == [
            "Lokakarya sampah"
        ]


def test_news_matching_queries_do_not_grow_with_recipients(news_content):
    def build_queries(extra):
        for index in range(extra):
            person(
                language="en" if index % 2 else "id",
                theme="waste-circular-economy",
                member="kabupaten-sidoarjo",
                province="35",
            )
        with CaptureQueriesContext(connection) as queries:
            messages = digests_build(WEEK)
        return len(queries), len(messages)

    small, count_small = build_queries(5)
    large, count_large = build_queries(40)
    assert (count_small, count_large) == (5, 45)
    assert small == large <= 16
