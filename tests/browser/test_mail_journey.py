"""The mail server refuses: sign-up still succeeds, the secretariat finds the message
among the undelivered emails and sends it again once the server is back."""

import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from tests.factories import TEST_PASSWORD, SecretariatUserFactory
from tests.paths import in_indonesian

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PASSWORD = "Garuda-Ruang-Rapat-77"


def test_sign_up_while_mail_is_down_then_secretariat_resends(
    live_server, page: Page, browser, settings
):
    settings.MAILERS = {
        **settings.MAILERS,
        "delivery": {"BACKEND": "tests.core.test_mail.RefusingBackend"},
    }
    mail.outbox.clear()
    page.goto(live_server.url + in_indonesian("account_signup"))
    page.get_by_label("Nama lengkap").fill("Maria Bria Seran")
    page.get_by_label(re.compile(r"^E-?mail")).fill("maria@kupangkota.go.id")
    page.get_by_label(re.compile(r"^Kata sandi\s*\*?$")).fill(PASSWORD)
    page.get_by_label("Kata sandi (ulangi)").fill(PASSWORD)
    page.get_by_label("Daerah anggota").fill("Kota Kupang")
    page.get_by_label("Jabatan").fill("Kepala Bidang Aplikasi Informatika")
    page.get_by_role("button", name="Daftar").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Verifikasi")
    assert mail.outbox == []

    # The mail server is back; the secretariat sends the message again.
    settings.MAILERS = {
        **settings.MAILERS,
        "delivery": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"},
    }
    SecretariatUserFactory(email="staf@citynet.id")
    admin = browser.new_context(locale="id-ID")
    admin_page = admin.new_page()
    admin_page.goto(f"{live_server.url}/admin/")
    admin_page.locator("#id_username").fill("staf@citynet.id")
    admin_page.locator("#id_password").fill(TEST_PASSWORD)
    admin_page.locator("input[type=submit]").click()
    admin_page.goto(f"{live_server.url}/admin/core/undeliveredemail/")
    expect(admin_page.locator("#content h1")).to_contain_text("email tak terkirim")
    row = admin_page.locator("#result_list tbody tr").filter(has_text="maria@kupangkota.go.id")
    expect(row).to_contain_text("Connection refused")
    row.locator("input.action-select").check()
    admin_page.locator("select[name=action]").select_option("resend")
    admin_page.locator("button[name=index]").click()
    expect(admin_page.locator("ul.messagelist")).to_contain_text(
        "1 email masuk antrean untuk dikirim ulang."
    )
    confirmation = next(m for m in mail.outbox if m.to == ["maria@kupangkota.go.id"])
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", confirmation.body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Konfirmasi").click()
    # Confirming in the browser that signed up signs in and lands on the account page.
    expect(page).to_have_url(re.compile(re.escape(in_indonesian("users:account")) + "$"))
    admin.close()
