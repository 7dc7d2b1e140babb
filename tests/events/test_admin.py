import csv
import datetime
import io
from http import HTTPStatus
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from events.exports import csv_safe
from events.models import Article, Event, Registration, Session
from tests.factories import (
    ApprovedAffiliationFactory,
    ArticleFactory,
    EventFactory,
    RegistrationFactory,
    SessionFactory,
    SpeakerFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def management(prefix, total=0, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def event_post_data(host, **overrides):
    data = {
        "kind": "seminar",
        "title": "Lokakarya Kota Cerdas",
        "slug": "lokakarya-kota-cerdas",
        "status": Event.Status.PUBLISHED,
        "cancellation_notice": "",
        "summary": "Berbagi strategi kota cerdas.",
        "description": "",
        "host": str(host.pk),
        "venue_name": "Aula",
        "venue_address": "",
        "time_zone": "",
        "start_0": "2030-09-03",
        "start_1": "09:00",
        "end_0": "2030-09-03",
        "end_1": "12:00",
        "registration_enabled": "on",
        "capacity": "40",
        "registration_opens_0": "",
        "registration_opens_1": "",
        "registration_closes_0": "2030-09-01",
        "registration_closes_1": "17:00",
        "cover_alt": "",
        **management("sessions", total=1),
        "sessions-0-order": "1",
        "sessions-0-title": "Sambutan",
        "sessions-0-start_0": "2030-09-03",
        "sessions-0-start_1": "09:30",
        "sessions-0-end_0": "",
        "sessions-0-end_1": "",
        **management("sessions-0-speakers"),
        **management("sessions-0-attachments"),
        **management("attachments"),
        **management("photos"),
        **management("registrations"),
    }
    data.update(overrides)
    return data


@pytest.fixture
def admin_client(client, secretariat_user):
    client.force_login(secretariat_user)
    return client


def test_admin_enters_times_in_the_host_zone(admin_client, kupang):
    response = admin_client.post(reverse("admin:events_event_add"), event_post_data(kupang))
    assert response.status_code == HTTPStatus.FOUND, response.context["adminform"].form.errors
    event = Event.objects.get(slug="lokakarya-kota-cerdas")
    assert event.time_zone == "Asia/Makassar"
    assert event.start == datetime.datetime(2030, 9, 3, 1, 0, tzinfo=UTC)  # 09.00 WITA
    assert event.registration_closes == datetime.datetime(2030, 9, 1, 9, 0, tzinfo=UTC)
    session = Session.objects.get(event=event)
    assert session.start == datetime.datetime(2030, 9, 3, 1, 30, tzinfo=UTC)

    # The change form shows the same wall-clock times back.
    page = admin_client.get(reverse("admin:events_event_change", args=[event.pk]))
    html = page.content.decode()
    assert 'name="start_1" value="09.00.00"' in html  # Indonesian time format
    assert 'name="sessions-0-start_1" value="09.30.00"' in html


def test_admin_chosen_zone_overrides_the_host_zone(admin_client, kupang):
    data = event_post_data(kupang, time_zone="Asia/Jayapura")
    assert (
        admin_client.post(reverse("admin:events_event_add"), data).status_code == HTTPStatus.FOUND
    )
    event = Event.objects.get(slug="lokakarya-kota-cerdas")
    assert event.start == datetime.datetime(2030, 9, 3, 9, 0, tzinfo=ZoneInfo("Asia/Jayapura"))
    assert event.zone_abbreviation == "WIT"


def test_admin_refuses_end_before_start(admin_client, kupang):
    data = event_post_data(kupang, end_1="08:00")
    response = admin_client.post(reverse("admin:events_event_add"), data)
    assert response.status_code == HTTPStatus.OK
    assert "tidak boleh sebelum waktu mulai" in response.content.decode()
    assert not Event.objects.exists()


def test_admin_changelist_shows_upcoming_first(admin_client, kupang):
    now = datetime.datetime.now(UTC)
    EventFactory(host=kupang, title="Lalu", start=now - datetime.timedelta(days=30))
    EventFactory(host=kupang, title="Nanti", start=now + datetime.timedelta(days=60))
    EventFactory(host=kupang, title="Segera", start=now + datetime.timedelta(days=3))
    response = admin_client.get(reverse("admin:events_event_changelist"))
    titles = [event.title for event in response.context["cl"].result_list]
    assert titles == ["Segera", "Nanti", "Lalu"]


def test_duplicate_action_copies_event_and_programme_as_draft(admin_client, kupang):
    event = EventFactory(host=kupang, title="Seminar 2019", slug="seminar-2019")
    session = SessionFactory(event=event, title="Sambutan")
    SpeakerFactory(session=session, name="Jefri Riwu Kore")
    RegistrationFactory(event=event)
    response = admin_client.post(
        reverse("admin:events_event_changelist"),
        {"action": "duplicate_events", "_selected_action": [event.pk]},
        follow=True,
    )
    assert response.status_code == HTTPStatus.OK
    copy = Event.objects.exclude(pk=event.pk).get()
    assert copy.status == Event.Status.DRAFT
    assert copy.slug == "seminar-2019-copy"
    assert copy.start == event.start
    assert copy.title == "Salinan Seminar 2019"
    assert [s.title for s in copy.sessions.all()] == ["Sambutan"]
    assert copy.sessions.get().speakers.get().name == "Jefri Riwu Kore"
    assert copy.registrations.count() == 0
    assert event.sessions.count() == 1


def test_registrations_csv_is_safe_against_formulas(admin_client, kupang, sidoarjo):
    event = EventFactory(host=kupang)
    affiliation = ApprovedAffiliationFactory(member=sidoarjo, job_title='=HYPERLINK("x")')
    affiliation.user.full_name = "@Budi"
    affiliation.user.save()
    RegistrationFactory(
        event=event, user=affiliation.user, member=sidoarjo, job_title=affiliation.job_title
    )
    RegistrationFactory(
        event=event, user=UserFactory(full_name="Sari"), status=Registration.Status.WAITING
    )
    url = reverse("admin:events_event_registrations_csv", args=[event.pk])
    change_page = admin_client.get(reverse("admin:events_event_change", args=[event.pk]))
    assert url in change_page.content.decode()
    response = admin_client.get(url)
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "Kegiatan",
        "Nama",
        "Email",
        "Daerah",
        "Jabatan",
        "Status",
        "Waktu pendaftaran",
        "Hadir",
    ]
    assert rows[1][1] == "'@Budi"
    assert rows[1][3] == "Kabupaten Sidoarjo"
    assert rows[1][4] == '\'=HYPERLINK("x")'
    assert rows[1][5] == "Dikonfirmasi"
    assert rows[1][6].endswith("WITA")
    assert rows[2][5] == "Daftar tunggu"


def test_export_action_returns_csv(admin_client, kupang):
    event = EventFactory(host=kupang)
    RegistrationFactory(event=event)
    response = admin_client.post(
        reverse("admin:events_event_changelist"),
        {"action": "export_registrations", "_selected_action": [event.pk]},
    )
    assert response["Content-Type"].startswith("text/csv")
    assert len(response.content.decode("utf-8-sig").strip().splitlines()) == 2


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+62", "'+62"),
        ("-5", "'-5"),
        ("@x", "'@x"),
        ("Budi", "Budi"),
        (None, ""),
    ],
)
def test_csv_safe(value, expected):
    assert csv_safe(value) == expected


def test_csv_needs_admin_access(client, user, kupang):
    event = EventFactory(host=kupang)
    url = reverse("admin:events_event_registrations_csv", args=[event.pk])
    assert client.get(url).status_code == HTTPStatus.FOUND
    client.force_login(user)
    assert client.get(url).status_code == HTTPStatus.FOUND


def test_secretariat_group_has_all_event_permissions(secretariat_user):
    for model in (
        "event",
        "session",
        "speaker",
        "eventattachment",
        "eventphoto",
        "registration",
        "article",
    ):
        for action in ("add", "change", "delete", "view"):
            assert secretariat_user.has_perm(f"events.{action}_{model}"), (action, model)


def test_article_admin_has_preview_link(admin_client):
    article = ArticleFactory(status=Article.Status.DRAFT)
    page = admin_client.get(reverse("admin:events_article_change", args=[article.pk]))
    assert reverse("news:preview", args=[article.pk]) in page.content.decode()


def test_session_admin_edits_speakers(admin_client, kupang):
    session = SessionFactory(event=EventFactory(host=kupang), title="Sambutan")
    url = reverse("admin:events_session_change", args=[session.pk])
    assert admin_client.get(url).status_code == HTTPStatus.OK
    data = {
        "event": str(session.event.pk),
        "order": "1",
        "title": "Sambutan",
        "start_0": "",
        "start_1": "",
        "end_0": "",
        "end_1": "",
        "description": "",
        **management("speakers", total=1),
        "speakers-0-order": "1",
        "speakers-0-name": "Jefri Riwu Kore",
        "speakers-0-title": "Wali Kota Kupang",
        "speakers-0-member": str(kupang.pk),
    }
    response = admin_client.post(url, data)
    assert response.status_code == HTTPStatus.FOUND
    assert session.speakers.get().member == kupang


def test_admin_pages_render(admin_client, kupang):
    event = EventFactory(host=kupang)
    for url in (
        reverse("admin:events_event_changelist"),
        reverse("admin:events_event_add"),
        reverse("admin:events_event_change", args=[event.pk]),
        reverse("admin:events_article_changelist"),
        reverse("admin:events_article_add"),
        reverse("admin:events_registration_changelist"),
    ):
        assert admin_client.get(url).status_code == HTTPStatus.OK, url


def test_admin_raising_capacity_promotes_waiting_people(
    admin_client, kupang, django_capture_on_commit_callbacks
):
    from django.core import mail

    event = EventFactory(host=kupang, capacity=1, slug="lokakarya-kota-cerdas")
    RegistrationFactory(event=event, status=Registration.Status.CONFIRMED)
    waiting = RegistrationFactory(event=event, status=Registration.Status.WAITING)
    data = event_post_data(
        kupang,
        capacity="2",
        **management("sessions"),
        **management("registrations", total=2, initial=2),
    )
    for index, registration in enumerate(event.registrations.order_by("pk")):
        data[f"registrations-{index}-id"] = str(registration.pk)
        data[f"registrations-{index}-event"] = str(event.pk)
        data[f"registrations-{index}-status"] = registration.status
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("admin:events_event_change", args=[event.pk]), data)
    assert response.status_code == HTTPStatus.FOUND, response.context["adminform"].form.errors
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED
    assert mail.outbox[-1].to == [waiting.user.email]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ["Start", "End", "Registration opens", "Registration closes"]),
        ("id", ["Mulai", "Selesai", "Pendaftaran dibuka", "Pendaftaran ditutup"]),
    ],
)
def test_admin_time_labels_start_with_a_capital(admin_client, language, expected):
    """Like every other admin label, the wall-clock fields are capitalised."""
    content = admin_client.get(
        reverse("admin:events_event_add"), HTTP_ACCEPT_LANGUAGE=language
    ).content.decode()
    for label in expected:
        assert f">{label}:</" in content


def test_programme_sessions_speakers_and_slides_on_the_event_page(admin_client, kupang):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from events.models import EventAttachment

    page = admin_client.get(reverse("admin:events_event_add")).content.decode()
    assert "Jabatan" in page
    assert "Program: sesi, pembicara, dan bahan paparannya" in page

    data = event_post_data(
        kupang,
        **management("sessions-0-speakers", total=2),
        **management("sessions-0-attachments", total=1),
    )
    data.update(
        {
            "sessions-0-speakers-0-order": "1",
            "sessions-0-speakers-0-name": "Jefri Riwu Kore",
            "sessions-0-speakers-0-title": "Wali Kota Kupang",
            "sessions-0-speakers-0-member": str(kupang.pk),
            "sessions-0-speakers-1-order": "2",
            "sessions-0-speakers-1-name": "Saiful Ilah",
            "sessions-0-speakers-1-title": "Bupati Sidoarjo",
            "sessions-0-attachments-0-order": "1",
            "sessions-0-attachments-0-title": "Paparan Kota Cerdas",
            "sessions-0-attachments-0-file": SimpleUploadedFile(
                "paparan.pdf", b"%PDF-1.7\n1 0 obj\nendobj\n%%EOF\n", "application/pdf"
            ),
        }
    )
    response = admin_client.post(reverse("admin:events_event_add"), data)
    assert response.status_code == HTTPStatus.FOUND, response.context["adminform"].form.errors
    event = Event.objects.get(slug="lokakarya-kota-cerdas")
    session = event.sessions.get()
    assert [(s.name, s.title) for s in session.speakers.all()] == [
        ("Jefri Riwu Kore", "Wali Kota Kupang"),
        ("Saiful Ilah", "Bupati Sidoarjo"),
    ]
    slides = EventAttachment.objects.get()
    assert (slides.event, slides.session) == (event, session)

    public = admin_client.get(event.get_absolute_url()).content.decode()
    assert "Jefri Riwu Kore, Wali Kota Kupang" in public
    assert slides.get_absolute_url() in public


def test_when_filter_splits_upcoming_and_past_events(admin_client):
    soon = EventFactory(title="Seminar Mendatang")
    EventFactory(
        title="Seminar Lalu",
        start=datetime.datetime(2020, 3, 1, 2, tzinfo=UTC),
        end=datetime.datetime(2020, 3, 1, 5, tzinfo=UTC),
    )
    url = reverse("admin:events_event_changelist")
    upcoming = admin_client.get(url, {"when": "upcoming"}).context["cl"].result_list
    past = admin_client.get(url, {"when": "past"}).context["cl"].result_list
    assert [event.title for event in upcoming] == [soon.title]
    assert [event.title for event in past] == ["Seminar Lalu"]
    assert admin_client.get(url).context["cl"].result_count == 2
