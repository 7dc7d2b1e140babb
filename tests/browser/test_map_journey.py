import re

import pytest
from playwright.sync_api import Page, expect

from tests.paths import in_indonesian

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_filter_the_map_and_open_a_member_from_its_point(live_server, page: Page, demo):
    page.goto(live_server.url + in_indonesian("members:list"))
    page.get_by_role("link", name="Tampilkan anggota ini pada peta").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Peta anggota")
    expect(page.get_by_role("heading", name="514 anggota di peta")).to_be_visible()
    expect(page.locator("a.map-point")).to_have_count(514)

    page.get_by_label("Provinsi").select_option(label="Nusa Tenggara Timur")
    page.get_by_label("Jenis").select_option("kota")
    page.get_by_role("button", name="Saring").click()
    expect(page).to_have_url(re.compile(r"province=53"))
    expect(page.get_by_role("heading", name="1 anggota di peta")).to_be_visible()

    point = page.get_by_role("link", name=re.compile(r"^Kota Kupang, Nusa Tenggara Timur"))
    point.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kota Kupang")
    expect(page.get_by_role("img", name="Letak Kota Kupang pada peta Indonesia")).to_be_visible()

    page.goto(live_server.url + in_indonesian("members:map", query="province=99"))
    expect(page.get_by_role("alert")).to_contain_text("Provinsi")
    expect(page.locator("a.map-point")).to_have_count(514)
