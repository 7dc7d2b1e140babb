import pytest
from django.core.management import call_command

from events.demo import ARTICLE_SLUG, SEMINAR_SLUG
from events.models import Article, Event

pytestmark = pytest.mark.django_db

REFERENCE = "/work/shared/reference/kupang-seminar-2019-article.txt"


def test_demo_loads_the_kupang_seminar_twice_without_duplicates(client):
    call_command("load_demo", verbosity=0)
    call_command("load_demo", verbosity=0)
    event = Event.objects.get(slug=SEMINAR_SLUG)
    assert Event.objects.count() == 1
    assert event.host.slug == "kota-kupang"
    assert event.time_zone == "Asia/Makassar"
    assert event.status == Event.Status.PUBLISHED
    assert event.sessions.count() == 4
    assert all(session.start is None for session in event.sessions.all())
    article = Article.objects.get(slug=ARTICLE_SLUG)
    assert article.event == event
    assert article.source_url == "https://www.republikjatim.com/"

    page = client.get(event.get_absolute_url()).content.decode()
    assert "Selasa, 3 September 2019" in page
    assert "09.00–12.00 WITA" in page
    assert "Jam pelaksanaan perkiraan" in page
    assert "Urutan acara saja" in page


def test_demo_article_does_not_copy_the_reference_sentences():
    import pathlib

    reference = pathlib.Path(REFERENCE)
    if not reference.exists():
        pytest.skip("reference article not available")
    call_command("load_demo", verbosity=0)
    article = Article.objects.get(slug=ARTICLE_SLUG)
    text = reference.read_text(encoding="utf-8")
    sentences = [s.strip() for s in text.replace("\n", " ").split(".") if len(s.strip()) > 40]
    ours = f"{article.lead} {article.body}".replace("\n", " ")
    assert not [s for s in sentences if s in ours]
