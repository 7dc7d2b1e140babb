"""The sign-in, sign-up and password reset pages pass axe-core (vendored in
tests/browser/vendor, for the tests only) with no serious or critical violation, in both
languages, on a phone and on a wide screen."""

from http import HTTPStatus
from pathlib import Path

import pytest
from playwright.sync_api import Browser

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()

PAGES = ["accounts/login/", "accounts/signup/", "accounts/password/reset/"]
# WCAG 2.0 to 2.2 A and AA (target size is a 2.2 rule, which axe runs only when asked)
# and axe's best practices.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def axe_violations(page) -> list[dict]:
    page.evaluate(AXE)
    result = page.evaluate(
        """async (tags) => {
            const results = await axe.run(document, {
                runOnly: {type: "tag", values: tags}, resultTypes: ["violations"],
            });
            return results.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                targets: v.nodes.map(n => n.target.join(" ")),
            }));
        }""",
        TAGS,
    )
    return [v for v in result if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("language", ["id", "en"])
def test_account_pages_have_no_serious_axe_violation(
    live_server, browser: Browser, language, width
):
    # axe is injected through the DevTools protocol; bypass_csp only so that its own
    # evaluation is not blocked by the page's Content Security Policy.
    context = browser.new_context(
        locale="id-ID" if language == "id" else "en-US",
        viewport={"width": width, "height": 900},
        bypass_csp=True,
    )
    page = context.new_page()
    found = {}
    for path in PAGES:
        response = page.goto(f"{live_server.url}/{language}/{path}")
        assert response.status == HTTPStatus.OK, path
        violations = axe_violations(page)
        if violations:
            found[path] = violations
    context.close()
    assert found == {}
