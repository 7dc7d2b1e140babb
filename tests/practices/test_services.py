import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from core.errors import ServiceError
from practices.models import Practice, Transition
from practices.services import (
    practice_archive,
    practice_publish,
    practice_request_changes,
    practice_slug,
    practice_submit,
)
from tests.factories import (
    ApprovedAffiliationFactory,
    PracticeFactory,
    SecretariatUserFactory,
    UserFactory,
)
from tests.paths import in_english, in_indonesian

pytestmark = pytest.mark.django_db(transaction=False)


@pytest.fixture
def practice(kupang):
    return PracticeFactory(member=kupang)


def run_on_commit(django_capture_on_commit_callbacks, func, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        return func(**kwargs)


def test_submit_records_a_transition_and_emails_the_secretariat(
    practice, editor, settings, django_capture_on_commit_callbacks
):
    run_on_commit(django_capture_on_commit_callbacks, practice_submit, practice=practice, by=editor)
    practice.refresh_from_db()
    assert practice.status == Practice.Status.SUBMITTED
    assert practice.submitted_at is not None
    transition = practice.transitions.last()
    assert (transition.from_status, transition.to_status, transition.by) == (
        Practice.Status.DRAFT,
        Practice.Status.SUBMITTED,
        editor,
    )
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [settings.SECRETARIAT_EMAIL]
    assert practice.title in mail.outbox[0].subject
    assert f"/admin/practices/practice/{practice.pk}/change/" in mail.outbox[0].body


def test_submit_refuses_an_incomplete_practice(kupang, editor):
    practice = PracticeFactory(member=kupang, problem="", sdgs=[])
    with pytest.raises(ServiceError) as error:
        practice_submit(practice=practice, by=editor)
    assert error.value.params["missing"] == ["problem", "sdgs"]
    practice.refresh_from_db()
    assert practice.status == Practice.Status.DRAFT
    assert not Transition.objects.filter(
        practice=practice, to_status=Practice.Status.SUBMITTED
    ).exists()


def test_submit_by_another_city_is_denied(practice, other_editor):
    with pytest.raises(PermissionDenied):
        practice_submit(practice=practice, by=other_editor)


def test_request_changes_needs_a_note_and_the_secretariat(practice, editor):
    practice_submit(practice=practice, by=editor)
    with pytest.raises(PermissionDenied):
        practice_request_changes(practice=practice, by=editor, note="Perbaiki")
    with pytest.raises(ServiceError):
        practice_request_changes(practice=practice, by=SecretariatUserFactory(), note="  ")


def test_request_changes_emails_every_approved_staff_member(
    practice, editor, kupang, django_capture_on_commit_callbacks
):
    colleague = ApprovedAffiliationFactory(member=kupang).user
    practice_submit(practice=practice, by=editor)
    mail.outbox.clear()
    secretariat = SecretariatUserFactory()
    run_on_commit(
        django_capture_on_commit_callbacks,
        practice_request_changes,
        practice=practice,
        by=secretariat,
        note="Tambahkan angka sebelum dan sesudah.",
    )
    practice.refresh_from_db()
    assert practice.status == Practice.Status.CHANGES_REQUESTED
    assert practice.review_note == "Tambahkan angka sebelum dan sesudah."
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted([editor.email, colleague.email])
    assert all("Tambahkan angka sebelum dan sesudah." in m.body for m in mail.outbox)
    assert practice.transitions.last().note == "Tambahkan angka sebelum dan sesudah."


def test_pending_staff_and_other_cities_get_no_email(
    practice, editor, other_editor, django_capture_on_commit_callbacks
):
    from tests.factories import AffiliationFactory

    AffiliationFactory(member=practice.member)
    practice_submit(practice=practice, by=editor)
    mail.outbox.clear()
    run_on_commit(
        django_capture_on_commit_callbacks,
        practice_publish,
        practice=practice,
        by=SecretariatUserFactory(),
    )
    assert [message.to for message in mail.outbox] == [[editor.email]]
    assert "diterbitkan" in mail.outbox[0].subject.lower()


def test_publish_sets_the_date_and_clears_the_note(practice, editor):
    secretariat = SecretariatUserFactory()
    practice_submit(practice=practice, by=editor)
    practice_request_changes(practice=practice, by=secretariat, note="Lengkapi data.")
    practice.refresh_from_db()
    practice_submit(practice=practice, by=editor)
    practice_publish(practice=practice, by=secretariat)
    practice.refresh_from_db()
    assert practice.status == Practice.Status.PUBLISHED
    assert practice.published_at is not None
    assert practice.review_note == ""
    assert list(practice.transitions.values_list("to_status", flat=True)) == [
        Practice.Status.SUBMITTED,
        Practice.Status.CHANGES_REQUESTED,
        Practice.Status.SUBMITTED,
        Practice.Status.PUBLISHED,
    ]


def test_publish_by_city_staff_or_plain_staff_is_denied(practice, editor):
    practice_submit(practice=practice, by=editor)
    for user in (editor, UserFactory(is_staff=True)):
        with pytest.raises(PermissionDenied):
            practice_publish(practice=practice, by=user)
    practice.refresh_from_db()
    assert practice.status == Practice.Status.SUBMITTED


def test_a_draft_cannot_be_published_directly(practice):
    with pytest.raises(ServiceError):
        practice_publish(practice=practice, by=SecretariatUserFactory())


def test_archive_and_republish(practice, editor):
    secretariat = SecretariatUserFactory()
    practice_submit(practice=practice, by=editor)
    practice_publish(practice=practice, by=secretariat)
    practice_archive(practice=practice, by=secretariat, note="Program selesai.")
    practice.refresh_from_db()
    assert practice.status == Practice.Status.ARCHIVED
    assert not practice.can_view(UserFactory())
    practice_publish(practice=practice, by=secretariat)
    practice.refresh_from_db()
    assert practice.status == Practice.Status.PUBLISHED


def test_unique_slug_avoids_clashes_and_reserved_words(kupang):
    PracticeFactory(member=kupang, slug="bank-sampah")
    assert practice_slug("Bank Sampah") == "bank-sampah-2"
    assert practice_slug("New") == "new-2"
    assert practice_slug("Feed") == "feed-2"
    assert practice_slug("!!!") == "praktik"


def test_city_emails_follow_the_recipients_language(
    practice, editor, django_capture_on_commit_callbacks
):
    practice_submit(practice=practice, by=editor)
    editor.language = "en"
    editor.save(update_fields=["language"])
    run_on_commit(
        django_capture_on_commit_callbacks,
        practice_request_changes,
        practice=practice,
        by=SecretariatUserFactory(),
        note="Add figures.",
    )
    message = mail.outbox[-1]
    assert message.subject.startswith("Changes requested:")
    assert in_english("practices:edit", slug=practice.slug) in message.body


def test_city_emails_default_to_indonesian(practice, editor, django_capture_on_commit_callbacks):
    practice_submit(practice=practice, by=editor)
    run_on_commit(
        django_capture_on_commit_callbacks,
        practice_request_changes,
        practice=practice,
        by=SecretariatUserFactory(),
        note="Tambahkan angka.",
    )
    message = mail.outbox[-1]
    assert message.subject.startswith("Perlu perbaikan:")
    assert in_indonesian("practices:edit", slug=practice.slug) in message.body


# Writing a practice from plain values (no forms)


def test_create_from_plain_values_saves_the_themes_sdgs_and_indicators(kupang, editor):
    from practices.models import SDG, Theme
    from practices.services import practice_create

    themes = list(Theme.objects.all()[:2])
    sdg = SDG.objects.first()
    practice = practice_create(
        by=editor,
        values={
            "title": "Layanan perizinan daring",
            "summary": "Perizinan dari rumah.",
            "progress": Practice.Progress.ONGOING,
            "themes": [theme.pk for theme in themes],
            "sdgs": [sdg.pk],
            "budget": 1500000,
        },
        rows={
            "indicators": [
                {"name": "Hari pengurusan", "before": "7", "after": "2", "unit": "hari"},
                {},
            ],
            "links": [{"title": "Situs", "url": "https://kupangkota.go.id/"}],
        },
    )
    practice.refresh_from_db()
    assert practice.member == kupang
    assert practice.created_by == editor
    assert practice.status == Practice.Status.DRAFT
    assert practice.slug == "layanan-perizinan-daring"
    assert practice.language == Practice.Language.INDONESIAN  # the default, not blanked
    assert practice.budget == 1500000
    assert set(practice.themes.all()) == set(themes)
    assert list(practice.sdgs.all()) == [sdg]
    assert [(row.name, row.before, row.after, row.unit) for row in practice.indicators.all()] == [
        ("Hari pengurusan", "7", "2", "hari")
    ]
    assert [(row.title, row.url) for row in practice.links.all()] == [
        ("Situs", "https://kupangkota.go.id/")
    ]
    transition = practice.transitions.get()
    assert (transition.from_status, transition.to_status, transition.by) == (
        "",
        Practice.Status.DRAFT,
        editor,
    )


def test_create_is_refused_to_someone_not_approved_for_a_city(db):
    from core.errors import ServiceForbidden
    from practices.services import practice_create

    with pytest.raises(ServiceForbidden):
        practice_create(by=UserFactory(), values={"title": "Tanpa kota"})
    assert not Practice.objects.filter(title="Tanpa kota").exists()


def test_update_from_plain_rows_changes_deletes_and_adds_indicators(practice, editor):
    from practices.models import PracticeIndicator
    from practices.services import practice_update

    kept = PracticeIndicator.objects.create(practice=practice, name="A", before="1", after="2")
    gone = PracticeIndicator.objects.create(practice=practice, name="B", before="3", after="4")
    practice_update(
        practice=practice,
        by=editor,
        values={"title": "Judul baru", "themes": []},
        rows={
            "indicators": [
                {"id": kept.pk, "name": "A2", "before": "1", "after": "5", "unit": ""},
                {"id": gone.pk, "name": "B", "before": "3", "after": "4", "DELETE": True},
                {"name": "C", "before": "0", "after": "9"},
            ]
        },
    )
    practice.refresh_from_db()
    assert practice.title == "Judul baru"
    assert not practice.themes.exists()
    assert [(row.pk == kept.pk, row.name, row.after) for row in practice.indicators.all()] == [
        (True, "A2", "5"),
        (False, "C", "9"),
    ]


def test_update_by_another_city_is_refused_and_changes_nothing(practice, other_editor):
    from core.errors import ServiceForbidden
    from practices.models import PracticeIndicator
    from practices.services import practice_update

    indicator = PracticeIndicator.objects.create(practice=practice, name="A", before="1", after="2")
    title, themes = practice.title, set(practice.themes.all())
    with pytest.raises(ServiceForbidden):
        practice_update(
            practice=practice,
            by=other_editor,
            values={"title": "Diambil alih", "themes": []},
            rows={"indicators": [{"id": indicator.pk, "DELETE": True}]},
        )
    practice.refresh_from_db()
    assert practice.title == title
    assert set(practice.themes.all()) == themes
    assert list(practice.indicators.all()) == [indicator]


def test_update_refuses_a_row_of_another_practice(practice, editor, sidoarjo):
    from practices.models import PracticeIndicator
    from practices.services import practice_update

    foreign = PracticeIndicator.objects.create(
        practice=PracticeFactory(member=sidoarjo), name="X", before="1", after="2"
    )
    with pytest.raises(ServiceError):
        practice_update(
            practice=practice,
            by=editor,
            values={},
            rows={"indicators": [{"id": foreign.pk, "DELETE": True}]},
        )
    assert PracticeIndicator.objects.filter(pk=foreign.pk).exists()
