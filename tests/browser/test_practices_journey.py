"""The whole life of a practice: a city writes it, the secretariat sends it back,
the city fixes it, the secretariat publishes it, and a visitor finds it."""

import re

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from tests.factories import TEST_PASSWORD
from tests.paths import in_indonesian

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.fixture
def people(transactional_db):
    from allauth.account.models import EmailAddress

    from members.models import Member
    from tests.factories import (
        ApprovedAffiliationFactory,
        SecretariatUserFactory,
        ensure_practice_seeds,
    )

    ensure_practice_seeds()
    kupang = Member.objects.get(code="53.71")
    editor = ApprovedAffiliationFactory(member=kupang, user__full_name="Maria Lenggu").user
    EmailAddress.objects.create(user=editor, email=editor.email, verified=True, primary=True)
    secretariat = SecretariatUserFactory()
    return editor, secretariat


def sign_in(page: Page, base: str, email: str):
    page.goto(f"{base}/id/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Sandi").fill(TEST_PASSWORD)
    page.locator("form").get_by_role("button", name="Masuk").click()


def admin_sign_in(page: Page, base: str, email: str):
    page.goto(f"{base}/admin/login/")
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(TEST_PASSWORD)
    page.locator("input[type=submit]").click()
    # Wait for the sign-in to land before the caller navigates, or the next goto can
    # abort the POST before its session cookie is set.
    expect(page).not_to_have_url(re.compile(r"/admin/login/"))


def test_practice_from_draft_to_publication(live_server, browser, people, tmp_path):
    editor, secretariat = people
    base = live_server.url
    picture = tmp_path / "bank-sampah.png"
    Image.new("RGB", (1200, 800), (30, 120, 60)).save(picture, "PNG")

    city = browser.new_context(locale="id-ID")
    page = city.new_page()
    sign_in(page, base, editor.email)
    page.goto(f"{base}/id/practices/")
    page.get_by_role("link", name="Tulis praktik baik").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tulis praktik baik")

    page.locator("#id_title").fill("Bank sampah kelurahan Oebobo")
    page.get_by_label("Ringkasan").fill("Warga menabung sampah terpilah dan mendapat saldo.")
    expect(page.locator(".word-count")).to_contain_text("7 dari maksimal 250 kata")
    page.get_by_label("Masalah sebelumnya").fill("Sampah rumah tangga menumpuk di selokan.")
    page.get_by_label("Apa yang dilakukan").fill("Kelurahan membuka bank sampah setiap Sabtu.")
    page.locator("#id_results").fill("Timbunan sampah liar berkurang.")
    page.get_by_label("Sampah dan Ekonomi Sirkular").check()
    page.get_by_label("11. Kota dan Permukiman yang Berkelanjutan").check()
    page.locator("#id_cover").set_input_files(str(picture))
    page.get_by_label("Keterangan gambar sampul").fill("Warga menimbang sampah plastik")
    page.get_by_role("button", name="Ajukan untuk ditinjau").click()
    expect(page.get_by_text("Praktik telah diajukan")).to_be_visible()
    expect(page.get_by_text("Diajukan untuk ditinjau").first).to_be_visible()
    cover = page.locator(".practice-cover img")
    expect(cover).to_have_attribute("alt", "Warga menimbang sampah plastik")
    expect(cover).to_have_attribute("srcset", re.compile(r"400w"))
    practice_url = page.url

    office = browser.new_context(locale="id-ID")
    review = office.new_page()
    admin_sign_in(review, base, secretariat.email)
    review.goto(f"{base}/admin/practices/practice/")
    review.get_by_role("link", name="Bank sampah kelurahan Oebobo").click()
    review.get_by_role("link", name="Minta perbaikan").click()
    review.get_by_label("Apa yang perlu diperbaiki oleh daerah?").fill(
        "Tambahkan jumlah nasabah sebelum dan sesudah program."
    )
    review.get_by_role("button", name="Kembalikan ke daerah").click()
    expect(review.locator(".messagelist")).to_contain_text("Perbaikan telah diminta")

    page.goto(practice_url)
    expect(page.get_by_role("note")).to_contain_text("Tambahkan jumlah nasabah")
    page.get_by_role("link", name="Ubah praktik").click()
    expect(page.get_by_role("note")).to_contain_text("Tambahkan jumlah nasabah")
    page.locator("#id_indicators-0-name").fill("Nasabah bank sampah")
    page.locator("#id_indicators-0-before").fill("0")
    page.locator("#id_indicators-0-after").fill("420")
    page.locator("#id_indicators-0-unit").fill("orang")
    page.get_by_role("button", name="Ajukan untuk ditinjau").click()
    expect(page.get_by_text("Praktik telah diajukan")).to_be_visible()
    expect(page.get_by_role("cell", name="420 orang")).to_be_visible()

    review.goto(f"{base}/admin/practices/practice/")
    review.get_by_role("link", name="Bank sampah kelurahan Oebobo").click()
    review.get_by_role("button", name="Terbitkan").click()
    expect(review.locator(".messagelist")).to_contain_text("telah diterbitkan")

    visitor = browser.new_context(locale="id-ID")
    public = visitor.new_page()
    public.goto(f"{base}/id/practices/")
    public.get_by_label("Cari").fill("selokan")
    public.get_by_role("button", name="Saring").click()
    expect(public.get_by_text("1 praktik ditemukan")).to_be_visible()
    public.get_by_role("link", name="Hapus saringan Cari: selokan").click()
    theme = public.get_by_role("combobox", name="Tema")
    expect(theme.locator('option[value="waste-circular-economy"]')).to_have_text(
        re.compile(r"^Sampah dan Ekonomi Sirkular \(\d+\)$")
    )
    theme.select_option("waste-circular-economy")
    public.get_by_role("button", name="Saring").click()
    expect(public).to_have_url(re.compile(r"theme=waste-circular-economy"))
    public.get_by_role("link", name="Bank sampah kelurahan Oebobo").click()
    expect(public.get_by_role("heading", level=1)).to_have_text("Bank sampah kelurahan Oebobo")
    expect(public.get_by_text("Warga menabung sampah terpilah")).to_be_visible()
    expect(public.get_by_role("heading", name="Peninjauan")).to_have_count(0)

    for context in (city, office, visitor):
        context.close()


def test_unsaved_text_survives_in_the_browser(live_server, browser, people):
    editor, _secretariat = people
    context = browser.new_context(locale="id-ID")
    page = context.new_page()
    sign_in(page, live_server.url, editor.email)
    page.goto(live_server.url + in_indonesian("practices:new"))
    page.get_by_label("Masalah sebelumnya").fill("Teks yang belum disimpan")
    page.wait_for_timeout(800)
    page.reload()
    page.get_by_role("button", name="Pulihkan teks yang belum disimpan").click()
    expect(page.get_by_label("Masalah sebelumnya")).to_have_value("Teks yang belum disimpan")
    context.close()
