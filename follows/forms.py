from django import forms

from .models import Follow


class FollowForm(forms.Form):
    kind = forms.ChoiceField(choices=Follow.Kind.choices)
    key = forms.CharField(max_length=100)
    next = forms.CharField(max_length=500, required=False)
