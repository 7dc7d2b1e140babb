"""Practice cards on narrow columns put the cover above the text instead of squeezing the
text beside it (on a card wide enough for both, 29rem inside, it stays beside the text)."""

import pytest
from playwright.sync_api import Browser

from tests.factories import PublishedPracticeFactory
from tests.paths import in_indonesian
from tests.practices.conftest import png_upload

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def card_boxes(page):
    card = page.locator(".practice-card").first
    image = card.locator(".practice-card-image").bounding_box()
    heading = card.locator("h3").bounding_box()
    return card.bounding_box(), image, heading


@pytest.mark.parametrize("width", [390, 1280])
def test_cover_goes_above_the_text_on_narrow_cards(live_server, browser: Browser, width):
    PublishedPracticeFactory(
        title="Bank sampah kelurahan", cover=png_upload(width=1200, height=800)
    )
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(live_server.url + in_indonesian("practices:list"))
    card, image, heading = card_boxes(page)
    context.close()
    assert card["width"] < 28 * 16 + 40  # a narrow card at both widths on the list
    assert image["y"] + image["height"] <= heading["y"]  # the cover above the title
    assert heading["width"] > card["width"] * 0.75  # the text has the card's width
