"""Updates of published practices: the city proposes, the secretariat compares and
publishes or returns; the public never sees unreviewed text; every update is kept."""

from http import HTTPStatus

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from core.errors import ServiceError
from practices.models import Practice, PracticeRevision
from practices.revisions import ATTACHMENT_KEYS, IMAGE_KEYS, practice_values
from practices.services import (
    revision_publish,
    revision_return,
    revision_save,
    revision_submit,
)
from tests.factories import (
    AffiliationFactory,
    PublishedPracticeFactory,
    SecretariatUserFactory,
    UserFactory,
)

from .conftest import management

pytestmark = pytest.mark.django_db

OLD_RESULTS = "Waktu pengurusan turun menjadi dua hari."
NEW_RESULTS = "Pada 2024 waktu pengurusan turun menjadi satu hari untuk 12.000 warga."


@pytest.fixture
def practice(kupang):
    return PublishedPracticeFactory(member=kupang, results=OLD_RESULTS)


@pytest.fixture
def secretariat():
    return SecretariatUserFactory()


def revise_url(practice, language="id"):
    return f"/{language}/practices/{practice.slug}/update/"


def revision_post(practice, **changes) -> dict:
    """The revision form as the page sends it: the current values, then changes."""
    values = practice_values(practice)
    data = {}
    for name, value in values.items():
        if name in ("indicators", "links", "images", "attachments", "cover"):
            continue
        if isinstance(value, list):
            data[name] = [str(item) for item in value]
        elif value is not None:
            data[name] = str(value)
    data.update(management("indicators"))
    data.update(management("links"))
    for name, keys in (("images", IMAGE_KEYS), ("attachments", ATTACHMENT_KEYS)):
        rows = values[name]
        data.update(management(name, total=len(rows), initial=len(rows)))
        for index, row in enumerate(rows):
            for key in ["ref", *keys]:
                data[f"{name}-{index}-{key}"] = str(row[key])
    data.update(changes)
    return data


def propose(client, practice, **changes):
    return client.post(revise_url(practice), revision_post(practice, **changes), follow=True)


def test_edit_of_a_published_practice_leads_to_an_update(client, practice, editor):
    client.force_login(editor)
    response = client.get(reverse("practices:edit", args=[practice.slug]))
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == revise_url(practice)
    page = client.get(revise_url(practice)).content.decode()
    assert f"Pembaruan: {practice.title}" in page
    assert "Apa yang berubah" in page
    assert OLD_RESULTS in page


def test_the_full_cycle(
    client, practice, editor, secretariat, settings, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = propose(
            client,
            practice,
            results=NEW_RESULTS,
            change_note="Hasil tahun 2024 ditambahkan.",
            submit="1",
            **{
                **management("indicators", total=1),
                "indicators-0-name": "Lama pengurusan",
                "indicators-0-before": "7",
                "indicators-0-after": "1",
                "indicators-0-unit": "hari",
            },
        )
    assert "Pembaruan telah diajukan" in response.content.decode()
    revision = PracticeRevision.objects.get(practice=practice)
    assert revision.status == PracticeRevision.Status.SUBMITTED
    assert revision.data["results"] == NEW_RESULTS
    assert revision.data["indicators"] == [
        {"name": "Lama pengurusan", "before": "7", "after": "1", "unit": "hari"}
    ]
    # The secretariat's shared address and the group's members are told.
    assert settings.SECRETARIAT_EMAIL in {a for m in mail.outbox for a in m.to}
    assert secretariat.email in {a for m in mail.outbox for a in m.to}

    # Meanwhile the public page still shows the reviewed text.
    public = client.__class__()
    page = public.get(practice.get_absolute_url()).content.decode()
    assert OLD_RESULTS in page
    assert NEW_RESULTS not in page
    assert "Diperbarui pada" not in page

    # The secretariat sees the differences field by field, and returns it.
    client.force_login(secretariat)
    change = reverse("admin:practices_practicerevision_change", args=[revision.pk])
    page = client.get(change).content.decode()
    assert "<del>dua</del>" in page
    assert "<ins>satu</ins>" in page
    assert "Lama pengurusan: 7 → 1 hari" in page
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:practices_practicerevision_return", args=[revision.pk]),
            {"note": "Sebutkan sumber angka 12.000."},
            follow=True,
        )
    assert "telah dikembalikan ke daerah" in response.content.decode()
    assert [m.to for m in mail.outbox] == [[editor.email]]
    assert "Sebutkan sumber angka 12.000." in mail.outbox[0].body
    assert revise_url(practice) in mail.outbox[0].body

    # The city sees the note, fixes and resubmits.
    client.force_login(editor)
    page = client.get(revise_url(practice)).content.decode()
    assert "Sebutkan sumber angka 12.000." in page
    fixed = NEW_RESULTS + " (Sumber: Disdukcapil.)"
    propose(client, practice, results=fixed, change_note="Hasil 2024.", submit="1")
    revision.refresh_from_db()
    assert revision.status == PracticeRevision.Status.SUBMITTED
    assert client.get(practice.get_absolute_url()).content.decode().count(fixed) == 0

    # Published: the public sees the new text, the date and the change log.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        revision_publish(revision=revision, by=secretariat)
    assert [m.to for m in mail.outbox] == [[editor.email]]
    page = public.get(practice.get_absolute_url()).content.decode()
    assert fixed in page
    assert OLD_RESULTS not in page
    assert "Diperbarui pada" in page
    assert "Hasil 2024." in page
    revision.refresh_from_db()
    assert revision.status == PracticeRevision.Status.PUBLISHED
    assert revision.previous["results"] == OLD_RESULTS
    practice.refresh_from_db()
    assert practice.results == fixed
    assert practice.status == Practice.Status.PUBLISHED


def test_every_update_is_kept(practice, editor, secretariat):
    for number, text in enumerate(["Tambahan pertama.", "Tambahan kedua."], start=1):
        values = {**practice_values(practice), "results": text}
        revision = revision_save(practice=practice, by=editor, values=values, change_note=text)
        revision_submit(revision=revision, by=editor)
        revision_publish(revision=revision, by=secretariat)
        assert revision.number == number
        practice.refresh_from_db()
    assert list(practice.revisions.published().values_list("number", "previous__results")) == [
        (2, "Tambahan pertama."),
        (1, OLD_RESULTS),
    ]


def test_one_open_update_at_a_time(practice, editor):
    values = practice_values(practice)
    first = revision_save(practice=practice, by=editor, values=values, change_note="a")
    second = revision_save(practice=practice, by=editor, values=values, change_note="b")
    assert first.pk == second.pk
    revision_submit(revision=second, by=editor)
    with pytest.raises(ServiceError):
        revision_save(practice=practice, by=editor, values=values, change_note="c")


def test_submitting_needs_a_change_note_and_the_mandatory_parts(practice, editor):
    values = practice_values(practice)
    revision = revision_save(practice=practice, by=editor, values=values, change_note="")
    with pytest.raises(ServiceError) as error:
        revision_submit(revision=revision, by=editor)
    assert error.value.code == "change_note"
    revision = revision_save(
        practice=practice, by=editor, values={**values, "results": " "}, change_note="x"
    )
    with pytest.raises(ServiceError) as error:
        revision_submit(revision=revision, by=editor)
    assert error.value.params["missing"] == ["results"]


def test_saving_without_submitting_keeps_it_private(client, practice, editor):
    client.force_login(editor)
    response = propose(client, practice, results=NEW_RESULTS, change_note="Draf", save="1")
    assert "Pembaruan telah disimpan" in response.content.decode()
    assert PracticeRevision.objects.get().status == PracticeRevision.Status.DRAFT
    client.logout()
    assert NEW_RESULTS not in client.get(practice.get_absolute_url()).content.decode()


@pytest.mark.parametrize("role", ["other", "pending", "secretariat", "stranger"])
def test_only_the_citys_approved_staff_propose(client, practice, other_editor, kupang, role):
    user = {
        "other": other_editor,
        "pending": AffiliationFactory(member=kupang).user,
        "secretariat": SecretariatUserFactory(),
        "stranger": UserFactory(),
    }[role]
    client.force_login(user)
    assert client.get(revise_url(practice)).status_code == HTTPStatus.FORBIDDEN
    response = client.post(revise_url(practice), revision_post(practice, results="Palsu"))
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not PracticeRevision.objects.exists()
    with pytest.raises(PermissionDenied):
        revision_save(practice=practice, by=user, values={}, change_note="x")


def test_anonymous_is_sent_to_sign_in(client, practice):
    response = client.post(revise_url(practice), revision_post(practice, results="Palsu"))
    assert response.status_code == HTTPStatus.FOUND
    assert "/accounts/login/" in response["Location"]
    assert not PracticeRevision.objects.exists()


def test_only_the_secretariat_publishes_or_returns(practice, editor, other_editor):
    revision = revision_save(
        practice=practice, by=editor, values=practice_values(practice), change_note="x"
    )
    revision_submit(revision=revision, by=editor)
    for user in (editor, other_editor, UserFactory(is_staff=True)):
        with pytest.raises(PermissionDenied):
            revision_publish(revision=revision, by=user)
        with pytest.raises(PermissionDenied):
            revision_return(revision=revision, by=user, note="n")
    revision.refresh_from_db()
    assert revision.status == PracticeRevision.Status.SUBMITTED


def test_a_draft_update_cannot_be_published(practice, editor, secretariat):
    revision = revision_save(
        practice=practice, by=editor, values=practice_values(practice), change_note="x"
    )
    with pytest.raises(ServiceError):
        revision_publish(revision=revision, by=secretariat)


def test_withdrawing_an_update(client, practice, editor):
    revision = revision_save(
        practice=practice, by=editor, values=practice_values(practice), change_note="x"
    )
    revision_submit(revision=revision, by=editor)
    client.force_login(editor)
    page = client.get(practice.get_absolute_url()).content.decode()
    assert "Tarik kembali pembaruan" in page
    client.post(reverse("practices:revision-withdraw", args=[practice.slug]))
    revision.refresh_from_db()
    assert revision.status == PracticeRevision.Status.DRAFT


def test_mail_goes_to_each_secretariat_member_in_their_language(
    practice, editor, settings, django_capture_on_commit_callbacks
):
    english = SecretariatUserFactory(language="en")
    indonesian = SecretariatUserFactory(language="id")
    inactive = SecretariatUserFactory(is_active=False)
    revision = revision_save(
        practice=practice, by=editor, values=practice_values(practice), change_note="x"
    )
    with django_capture_on_commit_callbacks(execute=True):
        revision_submit(revision=revision, by=editor)
    by_recipient = {tuple(m.to): m for m in mail.outbox}
    assert set(by_recipient) == {
        (english.email,),
        tuple(sorted([indonesian.email, settings.SECRETARIAT_EMAIL])),
    }
    assert by_recipient[(english.email,)].subject.startswith("Update submitted for review")
    assert inactive.email not in {a for m in mail.outbox for a in m.to}
    admin_path = reverse("admin:practices_practicerevision_change", args=[revision.pk])
    assert admin_path in by_recipient[(english.email,)].body
