import re

import pytest
from icalendar import Calendar
from playwright.sync_api import Page, expect

from events.models import Registration
from tests.paths import in_english, in_indonesian

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

SEMINAR = "Seminar dan Sharing Best Practices Citynet"


def test_visitor_reads_the_seminar_its_news_and_calendar(live_server, page: Page, demo):
    page.goto(live_server.url + in_indonesian("events:list"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Kegiatan")
    page.get_by_role("link", name=SEMINAR).click()

    expect(page).to_have_url(
        re.compile(
            re.escape(in_indonesian("events:list")) + "seminar-sharing-best-practices-citynet"
        )
    )
    expect(page.get_by_role("heading", level=1)).to_have_text(SEMINAR)
    facts = page.get_by_role("complementary")
    expect(facts).to_contain_text("Selasa, 3 September 2019")
    expect(facts).to_contain_text("09.00–12.00 WITA")
    expect(facts).to_contain_text("Jam pelaksanaan perkiraan")
    expect(facts).to_contain_text("Ruang Rapat Garuda, Kantor Wali Kota Kupang")
    expect(page.get_by_text("Jefri Riwu Kore, Wali Kota Kupang")).to_be_visible()

    ics_href = page.get_by_role("link", name="Tambahkan ke kalender (.ics)").get_attribute("href")
    response = page.request.get(f"{live_server.url}{ics_href}")
    assert response.ok
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.body())
    [event] = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == SEMINAR
    assert event["DTSTART"].params["TZID"] == "Asia/Makassar"

    page.get_by_role("link", name=re.compile("Kupang Tuan Rumah Seminar")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kupang Tuan Rumah Seminar")
    expect(page.get_by_text("Abah Ipul", exact=False)).to_be_visible()
    expect(page.get_by_role("link", name="republikjatim.com")).to_have_attribute(
        "href", "https://www.republikjatim.com/"
    )
    page.get_by_role("link", name=SEMINAR).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(SEMINAR)


def test_city_editor_registers_and_cancels(live_server, page: Page, demo):
    from allauth.account.models import EmailAddress

    from members.models import Member
    from tests.factories import TEST_PASSWORD, ApprovedAffiliationFactory, EventFactory

    kupang = Member.objects.get(slug="kota-kupang")
    affiliation = ApprovedAffiliationFactory(member=kupang, job_title="Kepala Bidang Aplikasi")
    user = affiliation.user
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    event = EventFactory(host=kupang, title="Lokakarya Pelayanan Digital", capacity=20)

    page.goto(live_server.url + in_indonesian("account_login"))
    page.locator("input[name=login]").fill(user.email)
    page.locator("input[name=password]").fill(TEST_PASSWORD)
    page.locator("form").filter(has=page.locator("input[name=password]")).locator(
        "button[type=submit]"
    ).click()
    expect(page.get_by_role("navigation", name="Navigasi utama")).to_contain_text("Keluar")

    page.goto(live_server.url + in_indonesian("events:list"))
    page.get_by_role("link", name="Lokakarya Pelayanan Digital").click()
    expect(page.get_by_text("Sisa 20 kursi.")).to_be_visible()
    page.get_by_role("button", name="Daftar").click()

    expect(
        page.get_by_text("Anda terdaftar. Konfirmasi telah dikirim ke email Anda.")
    ).to_be_visible()
    expect(page.get_by_text("Anda terdaftar.", exact=True)).to_be_visible()
    registration = event.registrations.get()
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.job_title == "Kepala Bidang Aplikasi"

    page.get_by_role("link", name="Batalkan pendaftaran saya").click()
    expect(page.get_by_text("Apakah Anda yakin")).to_be_visible()
    page.get_by_role("button", name="Ya, batalkan pendaftaran saya").click()
    expect(page.get_by_text("Pendaftaran Anda telah dibatalkan")).to_be_visible()
    expect(page.get_by_role("button", name="Daftar")).to_be_visible()
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED


def test_secretariat_cancels_a_seminar_and_the_registrant_is_told(live_server, page: Page, demo):
    from django.core import mail

    from members.models import Member
    from tests.factories import TEST_PASSWORD, EventFactory, RegistrationFactory, UserFactory

    kupang = Member.objects.get(slug="kota-kupang")
    event = EventFactory(host=kupang, title="Lokakarya Kota Cerdas", capacity=20)
    participant = UserFactory(email="peserta@kupangkota.go.id", language="en")
    RegistrationFactory(event=event, user=participant)
    UserFactory(email="staf.kegiatan@citynet.test", is_staff=True, is_superuser=True)
    mail.outbox.clear()

    page.goto(f"{live_server.url}/admin/login/")
    page.locator("input[name=username]").fill("staf.kegiatan@citynet.test")
    page.locator("input[name=password]").fill(TEST_PASSWORD)
    page.locator("input[type=submit]").click()
    page.goto(f"{live_server.url}/admin/events/event/{event.pk}/change/")
    expect(page.locator("body")).to_contain_text(
        "1 pendaftar (terkonfirmasi atau dalam daftar tunggu)"
    )
    page.locator("select[name=status]").select_option("cancelled")
    page.locator("textarea[name=cancellation_notice]").fill("Ditunda karena banjir.")
    page.locator("input[name=_save]").first.click()
    expect(page.locator(".messagelist")).to_contain_text("1 pendaftar akan diberi tahu")

    [notice] = [m for m in mail.outbox if m.to == [participant.email]]
    assert notice.subject == "Cancelled: Lokakarya Kota Cerdas"
    assert "Ditunda karena banjir." in notice.body
    assert in_english("events:detail", slug=event.slug) in notice.body
    [(_name, content, mimetype)] = notice.attachments
    assert mimetype.startswith("text/calendar; method=CANCEL")
    calendar = Calendar.from_ical(content)
    assert str(calendar["METHOD"]) == "CANCEL"
    [item] = calendar.walk("VEVENT")
    assert str(item["STATUS"]) == "CANCELLED"
    assert int(item["SEQUENCE"]) == 1

    page.goto(live_server.url + in_indonesian("events:detail", slug=event.slug))
    expect(page.get_by_role("alert")).to_contain_text("Ditunda karena banjir.")
