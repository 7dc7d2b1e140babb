import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


@pytest.fixture
def editor(kupang):
    """A user approved to act for Kota Kupang."""
    from tests.factories import ApprovedAffiliationFactory

    return ApprovedAffiliationFactory(member=kupang).user


@pytest.fixture
def other_editor(sidoarjo):
    from tests.factories import ApprovedAffiliationFactory

    return ApprovedAffiliationFactory(member=sidoarjo).user


def png_bytes(width=64, height=48, color=(200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, "PNG")
    return buffer.getvalue()


def png_upload(name="photo.png", **kwargs) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(**kwargs), content_type="image/png")


PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def pdf_upload(name="laporan.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def management(prefix: str, total: int = 0, initial: int = 0) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def expire_session(client, user) -> None:
    """Sign ``user`` in, then lose the session as an expiry would: the browser keeps
    the portal's mark that someone signed in on it."""
    from django.conf import settings
    from django.urls import reverse

    client.force_login(user)
    client.get(reverse("users:account"))
    assert "citynet_known" in client.cookies
    del client.cookies[settings.SESSION_COOKIE_NAME]


def form_data(**fields) -> dict:
    """POST data for the practice form with empty formsets."""
    data = {"title": "Layanan perizinan daring", "progress": "ongoing", "language": "id"}
    for prefix in ("indicators", "images", "attachments", "links"):
        data.update(management(prefix))
    data.update(fields)
    return data


def complete_data(themes, sdgs, **fields) -> dict:
    return form_data(
        summary="Perizinan kini dapat diurus dari rumah.",
        problem="Warga antre berjam-jam di kantor.",
        activities="Kami membuka layanan daring.",
        results="Waktu pengurusan turun dari tujuh hari menjadi dua hari.",
        themes=[str(theme.pk) for theme in themes],
        sdgs=[str(sdg.pk) for sdg in sdgs],
        **fields,
    )


@pytest.fixture(autouse=True)
def _practice_seeds(request):
    """Themes, SDGs and Sekretariat permissions, even after a flushing browser test."""
    if "db" in request.fixturenames or request.node.get_closest_marker("django_db"):
        request.getfixturevalue("db")
        from tests.factories import ensure_practice_seeds

        ensure_practice_seeds()


@pytest.fixture(autouse=True)
def _default_language_afterwards():
    """A request to an /en/ page leaves English active in this thread; put the
    default language back so that later tests see the site as a visitor would."""
    yield
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
