"""Guards that breaking the code on purpose showed were missing."""

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse

from core.errors import ServiceError
from practices.models import Practice, Transition
from practices.services import practice_publish
from tests.factories import PracticeFactory, PublishedPracticeFactory, SecretariatUserFactory

pytestmark = pytest.mark.django_db


def test_publishing_without_the_required_fields_is_refused(
    kupang, django_capture_on_commit_callbacks
):
    practice = PracticeFactory(member=kupang, status=Practice.Status.SUBMITTED, results="")
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ServiceError) as error:
        practice_publish(practice=practice, by=SecretariatUserFactory())
    assert error.value.code == "incomplete"
    assert "results" in error.value.params["missing"]
    practice.refresh_from_db()
    assert practice.status == Practice.Status.SUBMITTED
    assert practice.published_at is None
    assert not Transition.objects.filter(to_status=Practice.Status.PUBLISHED).exists()
    assert mail.outbox == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search")
def test_the_headline_highlights_inflected_indonesian_words(client, kupang):
    PublishedPracticeFactory(
        member=kupang, title="Perizinan daring", summary="Kami melayani warga setiap hari."
    )
    response = client.get(reverse("practices:list"), {"q": "layanan"})
    page = response.content.decode()
    assert "Perizinan daring" in page
    assert "<mark>melayani</mark>" in page
