"""A city updates the results of a published practice; the secretariat compares and
publishes the update; the public sees it, with the date and the change log."""

import pytest
from playwright.sync_api import expect

from .test_practices_journey import admin_sign_in, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

OLD = "Timbunan sampah liar berkurang."
NEW = "Pada 2024 timbunan sampah liar berkurang 60 persen di 51 kelurahan."


@pytest.fixture
def team(transactional_db):
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
    return editor, SecretariatUserFactory()


@pytest.fixture
def published(team):
    from practices.models import SDG, Theme
    from tests.factories import PublishedPracticeFactory

    editor, _secretariat = team
    return PublishedPracticeFactory(
        member=editor.affiliations.get().member,
        title="Bank sampah kelurahan Oebobo",
        results=OLD,
        themes=[Theme.objects.get(slug="waste-circular-economy")],
        sdgs=[SDG.objects.get(number=11)],
    )


def test_city_updates_results_and_the_public_sees_them(live_server, browser, team, published):
    editor, secretariat = team
    base = live_server.url
    practice_url = f"{base}{published.get_absolute_url()}"

    city = browser.new_context(locale="id-ID")
    page = city.new_page()
    sign_in(page, base, editor.email)
    page.goto(practice_url)
    page.get_by_role("link", name="Ajukan pembaruan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Pembaruan: Bank sampah kelurahan Oebobo"
    )
    expect(page.locator("#id_results")).to_have_value(OLD)
    page.locator("#id_results").fill(NEW)
    page.get_by_label("Apa yang berubah").fill("Hasil tahun 2024 ditambahkan.")
    page.get_by_role("button", name="Ajukan pembaruan untuk ditinjau").click()
    expect(page.get_by_text("Pembaruan telah diajukan")).to_be_visible()
    # Until the secretariat decides, the page shows the reviewed text.
    expect(page.get_by_text(OLD)).to_be_visible()

    visitor = browser.new_context(locale="id-ID")
    public = visitor.new_page()
    public.goto(practice_url)
    expect(public.get_by_text(OLD)).to_be_visible()
    expect(public.get_by_text(NEW)).to_have_count(0)

    office = browser.new_context(locale="id-ID")
    review = office.new_page()
    admin_sign_in(review, base, secretariat.email)
    review.goto(f"{base}/admin/practices/practicerevision/")
    review.get_by_role("link", name="Bank sampah kelurahan Oebobo: pembaruan 1").click()
    diff = review.locator("table.revision-diff")
    expect(diff.locator("th", has_text="Hasil")).to_be_visible()
    expect(diff.locator("ins").first).to_be_visible()
    review.get_by_role("button", name="Terbitkan pembaruan").click()
    expect(review.locator(".messagelist")).to_contain_text("telah diterbitkan")

    public.goto(practice_url)
    expect(public.get_by_text(NEW)).to_be_visible()
    expect(public.get_by_text(OLD)).to_have_count(0)
    expect(public.get_by_role("link", name="Diperbarui pada")).to_be_visible()
    log = public.locator(".change-log")
    expect(log).to_contain_text("Hasil tahun 2024 ditambahkan.")
    expect(log).to_contain_text("Pertama kali diterbitkan.")
    public.screenshot(path="/tmp/i10/updated-practice.png", full_page=True)
    review.screenshot(path="/tmp/i10/admin-diff.png", full_page=True)

    for context in (city, visitor, office):
        context.close()
