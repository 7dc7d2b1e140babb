import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.utils import translation

from members.models import Affiliation
from practices.models import SDG, Practice, Theme
from practices.validators import MaxWordsValidator
from tests.factories import (
    AffiliationFactory,
    PracticeFactory,
    PublishedPracticeFactory,
    SecretariatUserFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_themes_and_sdgs_are_seeded_in_both_languages():
    assert Theme.objects.count() == 14
    assert SDG.objects.count() == 17
    goal = SDG.objects.get(number=11)
    assert goal.name_en == "Sustainable Cities and Communities"
    assert goal.name_id == "Kota dan Permukiman yang Berkelanjutan"
    theme = Theme.objects.get(slug="digital-public-services")
    with translation.override("en"):
        assert theme.name == "Digital public services"
    with translation.override("id"):
        assert theme.name == "Layanan Publik Digital"


def test_sdg_numbers_are_limited_to_1_to_17():
    goal = SDG(number=18, name_id="x", name_en="x")
    with pytest.raises(ValidationError):
        goal.full_clean()


def test_secretariat_group_has_practice_permissions():
    codenames = set(
        Group.objects.get(name="Sekretariat")
        .permissions.filter(content_type__app_label="practices")
        .values_list("codename", flat=True)
    )
    assert {"change_practice", "view_transition", "review_practice", "add_theme"} <= codenames


def test_summary_is_limited_to_250_words():
    validator = MaxWordsValidator(250)
    validator(" ".join(["kata"] * 250))
    with pytest.raises(ValidationError) as error:
        validator(" ".join(["kata"] * 251))
    assert "251" in str(error.value)


def test_end_date_before_start_date_is_rejected(kupang):
    import datetime

    practice = PracticeFactory.build(
        member=kupang, start_date=datetime.date(2020, 1, 1), end_date=datetime.date(2019, 1, 1)
    )
    with pytest.raises(ValidationError) as error:
        practice.full_clean()
    assert "end_date" in error.value.message_dict


def test_who_may_view_and_edit_a_draft(kupang, editor, other_editor):
    practice = PracticeFactory(member=kupang)
    secretariat = SecretariatUserFactory()
    pending = AffiliationFactory(member=kupang).user
    anonymous = UserFactory()
    assert practice.can_view(editor) and practice.can_edit(editor)
    assert practice.can_view(secretariat) and not practice.can_edit(secretariat)
    assert practice.can_review(secretariat) and not practice.can_review(editor)
    for outsider in (other_editor, pending, anonymous):
        assert not practice.can_view(outsider)
        assert not practice.can_edit(outsider)


def test_revoked_affiliation_loses_access(kupang, editor):
    practice = PracticeFactory(member=kupang)
    Affiliation.objects.filter(user=editor).update(status=Affiliation.Status.REVOKED)
    editor = type(editor).objects.get(pk=editor.pk)
    assert not practice.can_edit(editor)


@pytest.mark.parametrize(
    ("status", "editable"),
    [
        (Practice.Status.DRAFT, True),
        (Practice.Status.CHANGES_REQUESTED, True),
        (Practice.Status.SUBMITTED, False),
        (Practice.Status.PUBLISHED, False),
        (Practice.Status.ARCHIVED, False),
    ],
)
def test_only_drafts_and_sent_back_practices_are_editable(kupang, editor, status, editable):
    practice = PracticeFactory(member=kupang, status=status)
    assert practice.can_edit(editor) is editable


def test_published_practice_is_public_but_contact_is_for_city_staff(kupang, other_editor):
    practice = PublishedPracticeFactory(member=kupang)
    visitor = UserFactory()
    assert practice.can_view(visitor)
    assert not practice.can_view_contact(visitor)
    assert practice.can_view_contact(other_editor)


def test_missing_for_submission_names_empty_parts(kupang):
    practice = PracticeFactory(member=kupang, summary="", results=" ", themes=[], sdgs=[])
    assert practice.missing_for_submission() == ["summary", "results", "themes", "sdgs"]


def test_the_account_rows_are_the_users_city_practices_and_follow_every_save(
    kupang, sidoarjo, editor, django_capture_on_commit_callbacks
):
    from users.views import city_practice_rows

    own = PracticeFactory(member=kupang)
    PracticeFactory(member=sidoarjo)
    assert city_practice_rows(editor) == [own]
    assert city_practice_rows(UserFactory()) == []
    # A new draft of the city (on no public page) shows in its rows at once.
    with django_capture_on_commit_callbacks(execute=True):
        draft = PracticeFactory(member=kupang)
    assert {row.pk for row in city_practice_rows(editor)} == {own.pk, draft.pk}
    with django_capture_on_commit_callbacks(execute=True):
        draft.delete()
    assert city_practice_rows(editor) == [own]

def test_visible_to(kupang, sidoarjo, editor):
    draft = PracticeFactory(member=kupang)
    other_draft = PracticeFactory(member=sidoarjo)
    published = PublishedPracticeFactory(member=sidoarjo)
    assert set(Practice.objects.visible_to(editor)) == {draft, published}
    assert set(Practice.objects.visible_to(SecretariatUserFactory())) == {
        draft,
        other_draft,
        published,
    }


def test_award_list_reads_one_award_per_line():
    practice = Practice(awards="- Top 45 KIPP 2019\n\n* Penghargaan lain \n")
    assert practice.award_list == ["Top 45 KIPP 2019", "Penghargaan lain"]
