"""Links for the tests, from reverse() in a given language: a request to an English
page leaves English active in the thread, so a test that visits both languages says
which one it means. The addresses themselves are pinned in
tests/citynet/test_url_contract.py only."""

from django.urls import reverse
from django.utils import translation


def reverse_in(language: str, url_name: str, /, *args, query: str = "", **kwargs) -> str:
    """reverse(url_name, args, kwargs) with ``language``'s prefix, and ``query``
    (without the "?") appended when given."""
    with translation.override(language):
        path = reverse(url_name, args=args or None, kwargs=kwargs or None)
    return f"{path}?{query}" if query else path


def in_indonesian(url_name: str, /, *args, **kwargs) -> str:
    return reverse_in("id", url_name, *args, **kwargs)


def in_english(url_name: str, /, *args, **kwargs) -> str:
    return reverse_in("en", url_name, *args, **kwargs)
