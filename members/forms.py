from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Member


class MemberDatalistInput(forms.TextInput):
    """A text input tied to a ``<datalist>`` of every member's name: the browser
    offers matches as the person types, with no JavaScript."""

    template_name = "members/widgets/member_datalist.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        list_id = f"{widget_attrs.get('id') or name}-options"
        widget_attrs["list"] = list_id
        widget_attrs.setdefault("autocomplete", "off")
        context["widget"]["list_id"] = list_id
        context["widget"]["member_names"] = Member.objects.active().values_list("name", flat=True)
        return context

    def format_value(self, value):
        if isinstance(value, Member):
            return value.name
        return super().format_value(value)


class MemberField(forms.CharField):
    """A member city typed by name (any case), Kemendagri code (53.71) or slug."""

    widget = MemberDatalistInput
    default_error_messages = {
        "not_found": _("Region “%(name)s” was not found; choose one from the list."),
        "ambiguous": _("“%(name)s” could be %(choices)s; choose one from the list."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 100)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, int) and not isinstance(value, bool):
            member = Member.objects.filter(pk=value).first()
            return member.name if member else ""
        if isinstance(value, Member):
            return value.name
        return value

    def to_python(self, value):
        text = " ".join(super().to_python(value).split())
        if not text:
            return None
        members = Member.objects.active().select_related("province")
        member = members.filter(Q(name__iexact=text) | Q(code=text) | Q(slug=text.lower())).first()
        if member is None:
            # People often type the name without "Kota" or "Kabupaten": accept it when
            # only one region has that name, and name the candidates when several do.
            candidates = list(members.filter(name__iendswith=f" {text}").order_by("name")[:5])
            if len(candidates) == 1:
                return candidates[0]
            if candidates:
                raise forms.ValidationError(
                    self.error_messages["ambiguous"],
                    code="ambiguous",
                    params={
                        "name": text,
                        "choices": ", ".join(candidate.name for candidate in candidates),
                    },
                )
            raise forms.ValidationError(
                self.error_messages["not_found"], code="not_found", params={"name": text}
            )
        return member

    def validate(self, value):
        if value in self.empty_values and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")

    def run_validators(self, value):
        return None
