from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CitynetConfig(AppConfig):
    name = "citynet"
    verbose_name = _("Citynet Indonesia")
