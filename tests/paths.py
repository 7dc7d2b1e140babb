"""Links for the tests, from reverse() in a given language: a request to an English
page leaves English active in the thread, so a test that visits both languages says
which one it means. The addresses themselves are pinned in
tests/citynet/test_url_contract.py only."""

from django.urls import reverse
from django.utils import translation


def reverse_in(language: str, name: str, *args, query: str = "", **kwargs) -> str:
    """reverse(name, args, kwargs) with ``language``'s prefix, and ``query`` (without
    the "?") appended when given."""
    with translation.override(language):
        path = reverse(name, args=args or None, kwargs=kwargs or None)
    return f"{path}?{query}" if query else path


def in_indonesian(name: str, *args, **kwargs) -> str:
    return reverse_in("id", name, *args, **kwargs)


def in_english(name: str, *args, **kwargs) -> str:
    return reverse_in("en", name, *args, **kwargs)
