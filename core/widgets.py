"""Form widgets for the public filter forms."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join


class FastSelect(forms.Select):
    """A <select> rendered by string building instead of one template per option: the
    same HTML as Django's Select for flat choices, without the cost of rendering
    hundreds of option templates (the 514 members) on every list page."""

    def render(self, name, value, attrs=None, renderer=None):
        choices = [choice for choice in self.choices]  # noqa: C416 - list() would COUNT(*) first
        if any(isinstance(label, (list, tuple)) for _value, label in choices):
            return super().render(name, value, attrs, renderer)  # grouped choices
        selected = set(self.format_value(value))
        final_attrs = self.build_attrs(self.attrs, attrs or {})
        options = format_html_join(
            "\n",
            '<option value="{}"{}>{}</option>',
            (
                (
                    "" if option is None else str(option),
                    " selected" if ("" if option is None else str(option)) in selected else "",
                    label,
                )
                for option, label in choices
            ),
        )
        return format_html(
            '<select name="{}"{}>\n{}\n</select>', name, flatatt(final_attrs), options
        )
