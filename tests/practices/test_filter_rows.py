"""The practice filters check a chosen theme, SDG or province against rows kept in the
shared cache: a new or renamed theme is understood at once, an unknown one is reported."""

import pytest
from django.urls import reverse

from practices.models import Theme
from tests.factories import PublishedPracticeFactory

pytestmark = pytest.mark.django_db


def test_a_new_theme_is_understood_at_once_and_an_unknown_one_is_reported(
    client, django_capture_on_commit_callbacks
):
    url = reverse("practices:list")
    client.get(url, {"theme": "mobility"})  # the themes are now in the cache
    with django_capture_on_commit_callbacks(execute=True):
        theme = Theme.objects.create(slug="air-bersih", name_id="Air bersih", name_en="Clean water")
        PublishedPracticeFactory(title="Sumur Resapan Kota", themes=[theme])
    page = client.get(url, {"theme": "air-bersih", "utm": "1"}).content.decode()
    assert "Sumur Resapan Kota" in page
    assert "form-errors" not in page

    unknown = client.get(url, {"theme": "tidak-ada"}).content.decode()
    assert "form-errors" in unknown and "Sumur Resapan Kota" in unknown
