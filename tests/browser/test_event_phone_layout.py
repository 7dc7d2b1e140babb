"""On a phone the date, time, place and the register button come right after the event's
title, before the description and the programme."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from tests.paths import in_english, in_indonesian

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PHONE = {"width": 390, "height": 844}
SCREENSHOT = "/tmp/h11-event-phone.png"


@pytest.fixture
def seminar(transactional_db):
    from members.models import Member
    from tests.factories import EventFactory, SessionFactory, SpeakerFactory

    kupang = Member.objects.get(slug="kota-kupang")
    event = EventFactory(
        host=kupang,
        slug="lokakarya-pelayanan-digital",
        title="Lokakarya Pelayanan Digital untuk Kota dan Kabupaten Anggota Jaringan",
        summary="Kota-kota anggota berbagi cara melayani warga secara daring.",
        description="\n\n".join(
            f"Paragraf {n}: pertemuan **anggota** jaringan tentang layanan publik digital, "
            "dengan diskusi panjang tentang data, aplikasi dan pelatihan pegawai."
            for n in range(1, 5)
        ),
        venue_name="Ruang Rapat Garuda, Kantor Wali Kota Kupang",
        venue_address="Jl. S.K. Lerik No. 1, Kelapa Lima, Kota Kupang",
        capacity=40,
    )
    for order in range(3):
        session = SessionFactory(event=event, order=order, title=f"Sesi {order + 1}: praktik baik")
        SpeakerFactory(session=session, name=f"Pembicara {order + 1}", member=kupang)
    return event


def signed_in_phone(browser, live_server):
    from tests.factories import UserFactory

    client = Client()
    client.force_login(UserFactory())
    context = browser.new_context(viewport=PHONE, locale="id-ID", device_scale_factor=1)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return context


def register_button_colour(page) -> str:
    button = page.get_by_role("button", name="Daftar", exact=True)
    return button.evaluate("b => getComputedStyle(b).backgroundColor")


def box(locator) -> dict:
    expect(locator).to_be_visible()
    found = locator.bounding_box()
    assert found is not None
    return found


def test_phone_shows_when_where_and_register_right_after_the_title(live_server, browser, seminar):
    context = signed_in_phone(browser, live_server)
    page = context.new_page()
    page.goto(live_server.url + in_indonesian("events:detail", slug=seminar.slug))

    title = box(page.get_by_role("heading", level=1))
    facts = box(page.get_by_role("complementary"))
    when = box(page.get_by_role("heading", name="Waktu dan tempat"))
    register = box(page.get_by_role("button", name="Daftar", exact=True))
    description = box(page.get_by_text("Paragraf 1:"))
    programme = box(page.get_by_role("heading", name="Susunan acara", exact=True))

    # Top to bottom: title, the facts box (date, time, place), the register button, then
    # the description and the programme.
    assert title["y"] + title["height"] <= facts["y"]
    assert facts["y"] <= when["y"] < register["y"]
    assert register["y"] + register["height"] <= facts["y"] + facts["height"]
    assert facts["y"] + facts["height"] <= description["y"] < programme["y"]
    # Right after the title: little more than the summary and the follow button between.
    assert facts["y"] - (title["y"] + title["height"]) < 250
    # The register button is reached within about two screens.
    assert register["y"] < 2 * PHONE["height"]
    # The register button is the most visible action: full width, above a quieter follow
    # button; the programme's order column takes no more room than its numbers.
    assert register["width"] > facts["width"] * 0.8
    follow = page.get_by_role("button", name="Ikuti Kota Kupang")
    expect(follow).to_have_class("button button-secondary")
    assert follow.evaluate("b => getComputedStyle(b).backgroundColor") == "rgb(255, 255, 255)"
    assert register_button_colour(page) != "rgb(255, 255, 255)"
    assert box(page.locator(".timetable-time").first)["width"] < 90
    # One column, as wide as the screen, and nothing wider than the screen.
    assert facts["width"] > PHONE["width"] * 0.8
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    page.screenshot(path=SCREENSHOT, full_page=True)
    context.close()


def test_wide_screen_keeps_the_facts_beside_the_description(live_server, browser, seminar):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
    page = context.new_page()
    page.goto(live_server.url + in_indonesian("events:detail", slug=seminar.slug))
    facts = box(page.get_by_role("complementary"))
    description = box(page.get_by_text("Paragraf 1:"))
    assert facts["x"] > description["x"] + description["width"] - 1
    assert abs(facts["y"] - description["y"]) < 200
    context.close()


def test_phone_in_english_keeps_the_order_with_the_language_note(live_server, browser, seminar):
    context = signed_in_phone(browser, live_server)
    page = context.new_page()
    page.goto(live_server.url + in_english("events:detail", slug=seminar.slug))
    title = box(page.get_by_role("heading", level=1))
    note = box(page.get_by_text("Written in Indonesian."))
    facts = box(page.get_by_role("complementary"))
    register = box(page.get_by_role("button", name="Register", exact=True))
    programme = box(page.get_by_role("heading", name="Programme", exact=True))
    follow = box(page.get_by_role("button", name="Follow Kota Kupang"))
    # The note belongs to the Indonesian texts above it, apart from the facts box.
    assert title["y"] < note["y"] < follow["y"] < facts["y"] < register["y"] < programme["y"]
    assert facts["y"] - (title["y"] + title["height"]) < 300
    expect(page.get_by_role("complementary")).to_contain_text(":")  # 11:30–14:30 WITA
    page.screenshot(path="/tmp/h11-event-phone-en.png")
    context.close()
