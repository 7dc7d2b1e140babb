"""templates/page.html, the base of a page with a heading: the title is the heading too
unless the page gives one, and a page can ask search engines not to index it."""

import pytest
from django.template import engines
from django.test import RequestFactory

pytestmark = pytest.mark.django_db


def render(blocks: str) -> str:
    template = engines["django"].from_string('{% extends "page.html" %}' + blocks)
    return template.render({}, RequestFactory().get("/id/some/page/"))


def test_the_title_is_the_heading_and_the_page_is_indexed():
    html = render(
        "{% block title %}Kamus <data>{% endblock %}{% block body %}<p>Isi</p>{% endblock %}"
    )
    assert "<title>Kamus <data> · Citynet Indonesia</title>" in html
    assert '<header class="page-header">\n    <h1>Kamus <data></h1>' in html
    assert '<div class="container">' in html and "<p>Isi</p>" in html
    assert '<link rel="canonical"' in html and "noindex" not in html


def test_a_page_gives_its_own_heading_intro_and_noindex():
    html = render(
        "{% block title %}Pengurus{% endblock %}{% block heading %}Pengurus jaringan{% endblock %}"
        '{% block intro %}<p class="lead">Lead</p>{% endblock %}'
        "{% block noindex %}yes{% endblock %}"
    )
    assert "<title>Pengurus · Citynet Indonesia</title>" in html
    assert "<h1>Pengurus jaringan</h1>" in html and '<p class="lead">Lead</p>' in html
    assert '<meta name="robots" content="noindex">' in html
    assert '<link rel="canonical"' not in html
