"""Hostile input on the practice pages: bounded Markdown, no form kept for strangers."""

import time
from http import HTTPStatus

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse

from core.markdown import MAX_DEPTH, MAX_LENGTH
from practices.models import Practice
from practices.views import UNSAVED_MAX_CHARS, UNSAVED_SESSION_KEY
from tests.factories import PracticeFactory, PublishedPracticeFactory

from .conftest import expire_session, form_data

pytestmark = pytest.mark.django_db

TOO_DEEP = "\n".join("  " * level + "- langkah" for level in range(MAX_DEPTH + 2))


def test_the_form_refuses_markdown_nested_too_deeply(client, editor):
    client.force_login(editor)
    response = client.post(reverse("practices:new"), form_data(problem=TOO_DEEP))
    assert response.status_code == HTTPStatus.BAD_REQUEST
    page = response.content.decode()
    assert "terlalu dalam" in page
    assert not Practice.objects.exists()


def test_the_form_refuses_markdown_that_is_too_long(client, editor):
    practice = PracticeFactory(member=editor.affiliations.get().member)
    client.force_login(editor)
    response = client.post(
        reverse("practices:edit", kwargs={"slug": practice.slug}),
        form_data(title=practice.title, results="x" * (MAX_LENGTH + 1)),
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "terlalu panjang" in response.content.decode()
    practice.refresh_from_db()
    assert practice.results == "Hasil yang dicapai."


def test_a_stored_hostile_text_still_renders_quickly(client):
    practice = PublishedPracticeFactory(problem="[" * 20_000, results="Hasil *nyata*")
    started = time.monotonic()
    response = client.get(practice.get_absolute_url())
    assert time.monotonic() - started < 10
    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert "[[[[[[" in page
    assert "Hasil <em>nyata</em>" in page


def test_an_anonymous_post_is_never_stored(client):
    response = client.post(reverse("practices:new"), form_data(problem="x" * 2_000_000))
    assert response.status_code == HTTPStatus.FOUND
    assert reverse("account_login") in response["Location"]
    assert not Session.objects.exists()
    assert UNSAVED_SESSION_KEY not in client.session
    assert not Practice.objects.exists()


def test_a_forged_mark_does_not_count(client):
    client.cookies["citynet_known"] = "1"
    client.post(reverse("practices:new"), form_data(problem="Teks"))
    assert not Session.objects.exists()


def test_an_expired_session_keeps_only_a_small_form(client, editor):
    expire_session(client, editor)
    response = client.post(
        reverse("practices:new"), form_data(problem="x" * (UNSAVED_MAX_CHARS + 1)), follow=True
    )
    assert UNSAVED_SESSION_KEY not in client.session
    assert "terlalu panjang untuk disimpan" in response.content.decode()
    client.post(reverse("practices:new"), form_data(problem="Teks pendek"))
    assert client.session[UNSAVED_SESSION_KEY]["data"]["problem"] == ["Teks pendek"]
