"""Admin forms that take times in the event's own zone.

The secretariat types wall-clock times as they appear on the invitation ("09:00" in
Kupang is WITA). Django would read them in the server's zone (WIB), so these forms read
naive values and attach the event's zone (the chosen one, or the host's) themselves.
"""

import datetime
from zoneinfo import ZoneInfo

from django import forms
from django.contrib.admin import widgets
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from nested_admin.formsets import NestedInlineFormSet

from .models import Event, Session

ZONED_HELP = _("Wall-clock time in the event's time zone (WIB, WITA or WIT).")


class WallClockDateTimeField(forms.SplitDateTimeField):
    """A date and a time without a zone; the form attaches the event's zone."""

    widget = widgets.AdminSplitDateTime

    def compress(self, data_list):
        if data_list and data_list[0] and data_list[1]:
            return datetime.datetime.combine(data_list[0], data_list[1])
        if data_list and (data_list[0] or data_list[1]):
            raise forms.ValidationError(_("Enter both a date and a time."), code="incomplete")
        return None


def _to_wall_clock(value, zone):
    if value is None:
        return None
    return value.astimezone(zone).replace(tzinfo=None)


def _to_aware(value, zone):
    if value is None:
        return None
    return value.replace(tzinfo=zone)


class ZonedFormMixin:
    zoned_fields: tuple[str, ...] = ()

    def _show_in_zone(self, zone):
        for name in self.zoned_fields:
            value = getattr(self.instance, name, None)
            if value is not None:
                self.initial[name] = _to_wall_clock(value, zone)

    def _attach_zone(self, cleaned, zone):
        for name in self.zoned_fields:
            if isinstance(cleaned.get(name), datetime.datetime):
                cleaned[name] = _to_aware(cleaned[name], zone)


class EventAdminForm(ZonedFormMixin, forms.ModelForm):
    zoned_fields = ("start", "end", "registration_opens", "registration_closes")

    start = WallClockDateTimeField(label=capfirst(_("start")), help_text=ZONED_HELP)
    end = WallClockDateTimeField(label=capfirst(_("end")), help_text=ZONED_HELP)
    registration_opens = WallClockDateTimeField(
        label=capfirst(_("registration opens")),
        required=False,
        help_text=_("In the event's time zone. Empty: open as soon as the event is published."),
    )
    registration_closes = WallClockDateTimeField(
        label=capfirst(_("registration closes")),
        required=False,
        help_text=_("In the event's time zone. Empty: registration closes when the event starts."),
    )

    class Meta:
        model = Event
        fields = [
            "kind",
            "title",
            "slug",
            "status",
            "cancellation_notice",
            "summary",
            "description",
            "title_en",
            "summary_en",
            "description_en",
            "host",
            "venue_name",
            "venue_address",
            "time_zone",
            "start",
            "end",
            "times_are_approximate",
            "registration_enabled",
            "capacity",
            "registration_opens",
            "registration_closes",
            "cover",
            "cover_alt",
            "meeting_url",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self._show_in_zone(self.instance.zone)

    def clean(self):
        cleaned = super().clean()
        zone_name = cleaned.get("time_zone")
        host = cleaned.get("host")
        if not zone_name and host is not None:
            zone_name = host.time_zone
            cleaned["time_zone"] = zone_name
        if zone_name:
            self._attach_zone(cleaned, ZoneInfo(zone_name))
        start, end = cleaned.get("start"), cleaned.get("end")
        both = isinstance(start, datetime.datetime) and isinstance(end, datetime.datetime)
        if both and end < start:
            self.add_error("end", _("The end cannot be before the start."))
        return cleaned


class SessionAdminForm(ZonedFormMixin, forms.ModelForm):
    zoned_fields = ("start", "end")

    start = WallClockDateTimeField(
        label=capfirst(_("start")),
        required=False,
        help_text=_("In the event's time zone. Leave empty when the time is not known."),
    )
    end = WallClockDateTimeField(label=capfirst(_("end")), required=False, help_text=ZONED_HELP)

    class Meta:
        model = Session
        fields = ["event", "order", "title", "start", "end", "description"]

    def __init__(self, *args, event=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        if self.instance.pk and self.instance.event_id:
            self._show_in_zone(self.instance.event.zone)

    def _zone(self):
        event = self.event
        if event is None and self.instance.event_id:
            event = self.instance.event
        if event is None:
            event = self.cleaned_data.get("event")
        if event is None or not (event.time_zone or event.host_id):
            return None
        return event.zone

    def clean(self):
        cleaned = super().clean()
        zone = self._zone()
        if zone is not None:
            self._attach_zone(cleaned, zone)
        return cleaned


class SessionInlineFormSet(NestedInlineFormSet):
    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        kwargs["event"] = self.instance
        return kwargs


class RegistrationActionForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("register", _("Register")), ("cancel", _("Cancel"))],
        required=False,
    )
