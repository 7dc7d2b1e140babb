import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from tests.factories import TEST_PASSWORD, SecretariatUserFactory
from tests.paths import in_indonesian

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PASSWORD = "Garuda-Ruang-Rapat-77"


def test_sign_up_confirm_and_get_approved(live_server, page: Page, browser, demo):
    mail.outbox.clear()
    page.goto(live_server.url + in_indonesian("account_signup"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Daftar")
    page.get_by_label("Nama lengkap").fill("Maria Bria Seran")
    page.get_by_label(re.compile(r"^E-?mail")).fill("maria@kupangkota.go.id")
    page.get_by_label(re.compile(r"^Kata sandi\s*\*?$")).fill(PASSWORD)
    page.get_by_label("Kata sandi (ulangi)").fill(PASSWORD)
    city = page.get_by_label("Daerah anggota")
    expect(city).to_have_attribute("list", "id_member-options")
    city.fill("Kota Kupang")
    page.get_by_label("Jabatan").fill("Kepala Bidang Aplikasi Informatika")
    page.get_by_role("button", name="Daftar").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Verifikasi")

    confirmation = next(m for m in mail.outbox if m.to == ["maria@kupangkota.go.id"])
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", confirmation.body).group(0)
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Konfirmasi Alamat E-mail")
    page.get_by_role("button", name="Konfirmasi").click()

    # Confirming in the browser that signed up signs in and lands on the account page;
    # only now does the secretariat hear of the request.
    expect(page).to_have_url(re.compile(re.escape(in_indonesian("users:account")) + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Akun saya")
    assert any("Maria Bria Seran" in m.subject for m in mail.outbox)
    affiliation = page.get_by_role("region", name="Afiliasi daerah")
    expect(affiliation).to_contain_text("Kota Kupang")
    expect(affiliation).to_contain_text("Menunggu")
    expect(page.get_by_role("heading", name="Praktik baik saya")).to_be_visible()
    expect(page.get_by_role("heading", name="Pendaftaran kegiatan saya")).to_be_visible()

    # The secretariat (staff in the Sekretariat group, not a superuser) approves.
    secretariat = SecretariatUserFactory(email="staf@citynet.id")
    assert not secretariat.is_superuser
    admin = browser.new_context(locale="id-ID")
    admin_page = admin.new_page()
    admin_page.goto(f"{live_server.url}/admin/")
    admin_page.locator("#id_username").fill("staf@citynet.id")
    admin_page.locator("#id_password").fill(TEST_PASSWORD)
    admin_page.locator("input[type=submit]").click()
    admin_page.goto(f"{live_server.url}/admin/members/affiliation/")
    row = admin_page.locator("#result_list tbody tr").filter(has_text="maria@kupangkota.go.id")
    row.locator("input.action-select").check()
    admin_page.locator("select[name=action]").select_option("approve_selected")
    admin_page.locator("button[name=index]").click()
    expect(admin_page.locator(".messagelist")).to_contain_text("1 permintaan disetujui.")
    admin.close()

    approved = next(m for m in mail.outbox if "disetujui" in m.subject)
    assert approved.to == ["maria@kupangkota.go.id"]

    page.reload()
    expect(affiliation).to_contain_text("Disetujui")
