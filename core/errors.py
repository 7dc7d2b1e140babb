"""The one error type of the services, and how views and admin pages show it.

A service (``<app>/services.py``) that refuses a write raises ``ServiceError`` with a
translatable message for the person; views turn it into a message on the next page
(``report_error``). ``ServiceForbidden`` is a refusal
because of who asks: uncaught, Django answers it with 403."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied


class ServiceError(Exception):
    """A write that cannot be done. ``message`` (lazy-translatable, or a list of them for
    several problems at once, with %-style ``params``) is for the person; ``code`` names
    the rule for callers and tests."""

    def __init__(self, message, code: str = "", params: dict | None = None):
        self.texts = list(message) if isinstance(message, list | tuple) else [message]
        self.code = code
        self.params = params or {}
        super().__init__(self.message)

    @property
    def messages(self) -> list[str]:
        return [str(text) % self.params if self.params else str(text) for text in self.texts]

    @property
    def message(self) -> str:
        return " ".join(self.messages)


class ServiceForbidden(ServiceError, PermissionDenied):
    """The person may not do this (403 when a view lets it through)."""


def report_error(request, error: ServiceError, *, prefix="", level=messages.ERROR) -> None:
    """Show ``error`` to the person on their next page (``prefix`` names the object, in
    the admin's bulk actions)."""
    text = f"{prefix}: {error.message}" if prefix else str(error.message)
    messages.add_message(request, level, text)
