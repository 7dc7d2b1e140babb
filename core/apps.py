from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The ground floor: images, Markdown, the page cache, mail, file checks and widgets.
    It imports no app of the portal; the apps and the project package build on it."""

    name = "core"
    verbose_name = _("Portal infrastructure")

    def ready(self):
        from . import links  # noqa: F401 - registers the SITE_URL check
        from .cache import connect_signals

        connect_signals()
