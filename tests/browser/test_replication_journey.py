"""Kota Banjarbaru declares that it replicates Kota Kupang's practice, Kupang is told,
the secretariat verifies it, and it shows on the practice and on both profiles."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.paths import in_english

from .test_practices_journey import admin_sign_in, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.fixture
def cast(transactional_db):
    from allauth.account.models import EmailAddress

    from members.models import Member
    from tests.factories import (
        ApprovedAffiliationFactory,
        PublishedPracticeFactory,
        SecretariatUserFactory,
        ensure_practice_seeds,
    )

    ensure_practice_seeds()
    kupang = Member.objects.get(slug="kota-kupang")
    banjarbaru = Member.objects.get(slug="kota-banjarbaru")
    practice = PublishedPracticeFactory(
        member=kupang, title="Perizinan daring Kupang", slug="perizinan-daring-kupang"
    )
    declarer = ApprovedAffiliationFactory(member=banjarbaru).user
    EmailAddress.objects.create(user=declarer, email=declarer.email, verified=True, primary=True)
    kupang_staff = ApprovedAffiliationFactory(member=kupang, user__language="en").user
    return practice, declarer, kupang_staff, SecretariatUserFactory()


def test_banjarbaru_replicates_kupang(live_server, browser, cast):
    practice, declarer, kupang_staff, secretariat = cast
    base = live_server.url

    city = browser.new_context(locale="id-ID")
    page = city.new_page()
    sign_in(page, base, declarer.email)
    page.goto(f"{base}/id/practices/{practice.slug}/")
    page.get_by_role("link", name="Daerah Anda mereplikasi praktik ini? Nyatakan di sini").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nyatakan replikasi")
    # A date in the future is refused with a message; nothing is saved.
    page.get_by_label("Menyesuaikan").check()
    page.get_by_label("Tanggal mulai").fill("2999-01-01")
    page.get_by_role("button", name="Nyatakan replikasi").click()
    expect(page.get_by_text("Tanggal mulai tidak boleh di masa depan.")).to_be_visible()
    page.get_by_label("Tanggal mulai").fill("2025-02-01")
    page.get_by_label("Apa yang diubah").fill("Dimulai di dua kecamatan, dengan loket pendamping.")
    page.get_by_role("button", name="Nyatakan replikasi").click()
    expect(page.get_by_text("replikasi oleh daerah Anda telah dicatat")).to_be_visible()
    replications = page.locator("#replications")
    expect(replications).to_contain_text("Kota Banjarbaru")
    expect(replications).to_contain_text("Menyesuaikan sejak 1 Februari 2025")
    expect(replications).to_contain_text("Dinyatakan")

    # Kota Kupang's staff member is told, in English, her own language.
    told = [message for message in mail.outbox if kupang_staff.email in message.to]
    assert len(told) == 1
    assert told[0].subject == (
        "Kota Banjarbaru is replicating your practice “Perizinan daring Kupang”"
    )
    assert in_english("practices:detail", slug=practice.slug) in told[0].body

    office = browser.new_context(locale="id-ID")
    admin = office.new_page()
    admin_sign_in(admin, base, secretariat.email)
    admin.goto(f"{base}/admin/practices/replication/?verified=no")
    admin.locator("input[name=_selected_action]").first.check()
    admin.locator("select[name=action]").select_option("verify_selected")
    admin.locator("button[name=index]").click()
    expect(admin.locator(".messagelist")).to_contain_text("telah diverifikasi")

    visitor = browser.new_context(locale="id-ID")
    public = visitor.new_page()
    public.goto(f"{base}/id/practices/{practice.slug}/")
    expect(public.locator("#replications")).to_contain_text("Terverifikasi")
    public.goto(f"{base}/id/practices/?replicated=on")
    expect(public.get_by_text("Direplikasi oleh 1 daerah")).to_be_visible()
    public.goto(f"{base}/id/members/kota-banjarbaru/")
    section = public.locator(".member-replications")
    expect(section.get_by_role("heading", name="Praktik yang kami replikasi")).to_be_visible()
    expect(section).to_contain_text("Perizinan daring Kupang")
    expect(section).to_contain_text("Terverifikasi")
    public.goto(f"{base}/id/members/kota-kupang/")
    section = public.locator(".member-replications")
    expect(
        section.get_by_role("heading", name="Praktik kami yang direplikasi daerah lain")
    ).to_be_visible()
    expect(section).to_contain_text("oleh Kota Banjarbaru")

    for context in (city, office, visitor):
        context.close()
