"""The city's practices on its staff's account page are rendered once per version of each
practice (a shared fragment): a change of status or title shows at once, in both
languages, and nothing of one person reaches another's page."""

import pytest
from django.urls import reverse
from django.utils import translation

from practices.models import Practice
from practices.services import practice_submit
from tests.factories import ApprovedAffiliationFactory, PracticeFactory

pytestmark = pytest.mark.django_db


def test_a_status_change_shows_at_once_on_the_account_page(
    client, django_capture_on_commit_callbacks
):
    affiliation = ApprovedAffiliationFactory()
    practice = PracticeFactory(member=affiliation.member, title="Bank Sampah Digital")
    client.force_login(affiliation.user)
    edit = reverse("practices:edit", kwargs={"slug": practice.slug})
    page = client.get(reverse("users:account")).content.decode()
    assert "Bank Sampah Digital" in page and edit in page
    with translation.override("id"):
        assert str(Practice.Status.DRAFT.label) in page

    with django_capture_on_commit_callbacks(execute=True):
        practice_submit(practice=practice, by=affiliation.user)
    page = client.get(reverse("users:account")).content.decode()
    with translation.override("id"):
        submitted = str(Practice.Status.SUBMITTED.label)
    assert submitted in page
    assert edit not in page  # a submitted practice is no longer editable

    with translation.override("en"):
        english = client.get(reverse("users:account")).content.decode()
        assert str(Practice.Status.SUBMITTED.label) in english
        assert reverse("practices:detail", kwargs={"slug": practice.slug}) in english


def test_two_colleagues_see_their_own_names_around_the_same_rows(client):
    first = ApprovedAffiliationFactory(user__full_name="Ani Lestari")
    second = ApprovedAffiliationFactory(member=first.member, user__full_name="Budi Santoso")
    PracticeFactory(member=first.member, title="Layanan Kependudukan Daring")
    client.force_login(first.user)
    mine = client.get(reverse("users:account")).content.decode()
    client.force_login(second.user)
    theirs = client.get(reverse("users:account")).content.decode()
    assert "Layanan Kependudukan Daring" in mine and "Layanan Kependudukan Daring" in theirs
    assert "Ani Lestari" in mine and "Ani Lestari" not in theirs
    assert "Budi Santoso" in theirs and first.user.email not in theirs


def test_registrations_cost_one_query_more_whatever_their_number(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import EventFactory, RegistrationFactory

    affiliation = ApprovedAffiliationFactory()
    user = affiliation.user
    client.force_login(user)

    def queries() -> tuple[int, str]:
        with CaptureQueriesContext(connection) as captured:
            page = client.get(reverse("users:account")).content.decode()
        return len(captured), page

    queries()  # what is then kept under the person's own key (their city, their follows)
    none, page = queries()
    assert "Anda belum mendaftar" in page  # "You have not registered for any event yet."
    first = RegistrationFactory(user=user, event=EventFactory(title="Seminar Kota Hijau"))
    one, page = queries()
    assert "Seminar Kota Hijau" in page and first.event.host.name in page
    for title in ("Lokakarya Data", "Rapat Tahunan"):
        RegistrationFactory(user=user, event=EventFactory(title=title))
    three, page = queries()
    assert "Lokakarya Data" in page and "Rapat Tahunan" in page
    assert one == none + 1  # the events with their hosts
    assert three == one
