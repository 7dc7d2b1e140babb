import pytest
from django.db.models.fields import BLANK_CHOICE_LABEL
from django.urls import reverse
from django.utils import translation

from tests.factories import ApprovedAffiliationFactory
from tests.paths import in_english, in_indonesian

pytestmark = pytest.mark.django_db


def test_blank_choice_label_is_translated():
    """Django 6.1's "- Select an option -" has no Indonesian translation in Django itself."""
    with translation.override("id"):
        assert str(BLANK_CHOICE_LABEL) == "- Pilih salah satu -"
    with translation.override("en"):
        assert str(BLANK_CHOICE_LABEL) == "- Select an option -"


def test_indonesian_form_shows_no_english_blank_choice(client, kupang):
    affiliation = ApprovedAffiliationFactory(member=kupang)
    client.force_login(affiliation.user)
    content = client.get(reverse("practices:new")).content.decode()
    assert "- Pilih salah satu -" in content
    assert "Select an option" not in content


def test_admin_changelist_buttons_and_date_filter_in_indonesian(admin_client):
    from tests.factories import ArticleFactory

    ArticleFactory()
    content = admin_client.get("/admin/events/article/", HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert ">Jalankan</button>" in content
    assert "Saring menurut" in content
    assert "Filter by" not in content


def test_password_rules_on_sign_up_use_formal_indonesian(client):
    content = client.get(reverse("account_signup")).content.decode()
    assert "tidak boleh terlalu mirip dengan data pribadi Anda yang lain." in content
    assert "Kata sandi Anda tidak boleh hanya berisi angka." in content
    assert "Sandi anda" not in content


def test_content_in_the_other_language_says_so(client, kupang):
    from tests.factories import ArticleFactory, PublishedPracticeFactory

    practice = PublishedPracticeFactory(member=kupang, language="en")
    content = client.get(in_indonesian("practices:detail", slug=practice.slug)).content.decode()
    assert '<p class="meta content-language" lang="id">Ditulis dalam Bahasa Inggris.</p>' in content
    english = client.get(in_english("practices:detail", slug=practice.slug)).content.decode()
    assert "content-language" not in english
    article = ArticleFactory(language="id")
    content = client.get(in_english("news:detail", slug=article.slug)).content.decode()
    assert '<p class="meta content-language" lang="en">Written in Indonesian.</p>' in content
