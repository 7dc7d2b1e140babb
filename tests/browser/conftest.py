"""Browser tests: Playwright for Python driving Debian's Chromium (never a download)."""

import os
import shutil

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

# Playwright's sync API runs an event loop in the test thread; the ORM calls that the
# tests make to arrange data are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    if os.path.exists(CHROMIUM):
        return
    if os.environ.get("CITYNET_REQUIRE_BROWSER"):
        raise pytest.UsageError(f"Chromium is required for the browser tests: {CHROMIUM}")
    skip = pytest.mark.skip(reason="Debian's chromium is not installed")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-quic",
            "--no-first-run",
        ],
    }


@pytest.fixture
def demo(transactional_db):
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # An Indonesian visitor: the browser asks for Indonesian first.
    return {**browser_context_args, "locale": "id-ID"}
