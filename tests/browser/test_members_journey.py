import re

import pytest
from playwright.sync_api import Page, expect

from tests.paths import in_english, in_indonesian

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_visitor_browses_directory_and_switches_language(live_server, page: Page, demo):
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile(re.escape(in_indonesian("home")) + "$"))
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kota dan kabupaten Indonesia")
    expect(page.get_by_text("Saiful Ilah").first).to_be_visible()

    page.get_by_role("navigation", name="Navigasi utama").get_by_role(
        "link", name="Anggota"
    ).click()
    expect(page.get_by_role("heading", name="Direktori anggota")).to_be_visible()
    expect(page.get_by_text("514 anggota ditemukan")).to_be_visible()

    page.get_by_label("Provinsi").select_option(label="Nusa Tenggara Timur")
    page.get_by_role("button", name="Saring").click()
    expect(page).to_have_url(re.compile(r"province=53"))
    expect(page.get_by_text("22 anggota ditemukan")).to_be_visible()

    page.get_by_role("link", name="Kota Kupang").click()
    expect(page).to_have_url(
        re.compile(re.escape(in_indonesian("members:detail", slug="kota-kupang")) + "$")
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Kota Kupang")
    expect(page.get_by_text("Jefri Riwu Kore")).to_be_visible()
    expect(page.get_by_role("definition").filter(has_text="550.000")).to_be_visible()

    page.get_by_role("link", name="English").click()
    expect(page).to_have_url(
        re.compile(re.escape(in_english("members:detail", slug="kota-kupang")) + "$")
    )
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_text("Time zone")).to_be_visible()
    expect(page.get_by_role("definition").filter(has_text="550,000")).to_be_visible()


def test_bad_filter_shows_a_message(live_server, page: Page, demo):
    page.goto(live_server.url + in_english("members:list", query="province=99&kind=desa"))
    expect(page.get_by_role("alert")).to_contain_text("not understood")
    expect(page.get_by_text("514 members found")).to_be_visible()


def test_keyboard_user_can_skip_to_content(live_server, page: Page, demo):
    page.goto(live_server.url + in_indonesian("members:officers"))
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Langsung ke konten")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))
    expect(page.get_by_role("heading", name="Pengurus saat ini")).to_be_visible()


def test_phone_layout_has_menu_toggle(live_server, browser, demo):
    context = browser.new_context(viewport={"width": 375, "height": 740})
    page = context.new_page()
    page.goto(live_server.url + in_indonesian("home"))
    members_link = page.get_by_role("navigation", name="Navigasi utama").get_by_role(
        "link", name="Anggota"
    )
    expect(members_link).to_be_hidden()
    page.get_by_text("Menu").click()
    expect(members_link).to_be_visible()
    context.close()
