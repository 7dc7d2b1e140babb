import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Practice, Replication

EARLIEST_START = datetime.date(1945, 1, 1)


class ReplicationForm(forms.ModelForm):
    """What a region declares about its replication of another region's practice."""

    class Meta:
        model = Replication
        fields = ["stage", "started_on", "changes", "evidence_url", "evidence_file", "own_practice"]
        widgets = {
            "stage": forms.RadioSelect,
            "started_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "changes": forms.Textarea(attrs={"rows": 5}),
            "evidence_file": forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
        }

    def __init__(self, *args, practice: Practice, member, **kwargs):
        super().__init__(*args, **kwargs)
        self.practice = practice
        self.member = member
        own = self.fields["own_practice"]
        own.queryset = (
            Practice.objects.for_member(member).exclude(pk=practice.pk).order_by("title")
            if member is not None
            else Practice.objects.none()
        )
        own.empty_label = _("No write-up on the portal")
        own.label_from_instance = lambda item: item.title
        self.fields["stage"].choices = Replication.Stage.choices
        self.fields["started_on"].help_text = _(
            "When your region started: studying, adapting or running it."
        )

    def clean_started_on(self):
        value = self.cleaned_data["started_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The start date cannot be in the future."))
        if value < EARLIEST_START:
            raise forms.ValidationError(_("Enter a date after 1945."))
        return value
