import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _indonesian_by_default():
    """A request to /en/ leaves English active in the thread; reverse() and messages in
    the next test must start from the default language again."""
    translation.activate("id")
    yield
    translation.deactivate()
