import pytest
from django import forms

from core.widgets import FastSelect
from members.models import Member


@pytest.mark.parametrize("value", [None, "", "53", ["35"]])
def test_fast_select_renders_like_djangos_select(value):
    choices = [("", "Semua"), ("35", "Jawa Timur"), ("53", 'Nusa "Tenggara" <Timur>')]
    fast = FastSelect(attrs={"id": "id_province"}, choices=choices)
    slow = forms.Select(attrs={"id": "id_province"}, choices=choices)
    normalise = lambda html: " ".join(html.replace(">", "> ").split())  # noqa: E731
    assert normalise(fast.render("province", value)) == normalise(slow.render("province", value))


@pytest.mark.django_db
def test_fast_select_with_model_choices():
    field = forms.ModelChoiceField(
        Member.objects.filter(code__startswith="53."), to_field_name="code", widget=FastSelect
    )
    html = field.widget.render("member", "53.71")
    assert '<option value="53.71" selected>Kota Kupang</option>' in html
    assert html.count("<option") == 23
