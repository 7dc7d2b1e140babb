import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _indonesian_by_default():
    """A request to /en/ leaves English active in the thread; reverse() and messages in
    the next test must start from the default language again."""
    translation.activate("id")
    yield
    translation.deactivate()


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run ``function`` and then what it queued for after the commit (the emails)."""

    def run(function, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(**kwargs)

    return run
