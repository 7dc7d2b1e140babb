import copy

from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from events.models import Event

from .models import (
    SDG,
    Practice,
    PracticeAttachment,
    PracticeImage,
    PracticeIndicator,
    PracticeLink,
    Theme,
)
from .models.media import MAX_IMAGES
from .validators import SUMMARY_MAX_WORDS

# The long form, in sections: (anchor, heading, fields). The template builds the
# fieldsets and the table of contents from this list.
SECTIONS = [
    (
        "identity",
        _("Identity"),
        ["title", "language", "summary", "office", "kind", "beneficiaries"],
    ),
    ("classification", _("Themes and SDGs"), ["themes", "sdgs"]),
    (
        "contact",
        _("Contact person"),
        ["contact_name", "contact_position", "contact_email", "contact_phone"],
    ),
    ("problem", _("Problem and objectives"), ["problem", "objectives"]),
    ("practice", _("The practice"), ["activities", "novelty", "steps"]),
    (
        "resources",
        _("Resources and partners"),
        ["budget", "funding_source", "resources", "partners"],
    ),
    ("results", _("Results"), ["results"]),
    (
        "learning",
        _("Obstacles, sustainability and lessons"),
        ["obstacles", "sustainability", "lessons", "replication"],
    ),
    (
        "status",
        _("Dates, status and awards"),
        ["start_date", "end_date", "progress", "stopped_reason", "awards", "presented_at"],
    ),
    ("cover", _("Cover image"), ["cover", "cover_alt"]),
]


class PracticeForm(forms.ModelForm):
    """The write-up as the city edits it. The member city is never a field: it is
    always the editor's approved city. Only the title is needed to save a draft;
    submission checks the rest (Practice.missing_for_submission)."""

    class Meta:
        model = Practice
        fields = [name for _anchor, _heading, names in SECTIONS for name in names]
        widgets = {
            "summary": forms.Textarea(
                attrs={"rows": 6, "data-max-words": SUMMARY_MAX_WORDS, "class": "word-counted"}
            ),
            "themes": forms.CheckboxSelectMultiple,
            "sdgs": forms.CheckboxSelectMultiple,
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "awards": forms.Textarea(attrs={"rows": 3}),
            "stopped_reason": forms.Textarea(attrs={"rows": 3}),
            "budget": forms.NumberInput(attrs={"min": 0, "step": 1, "inputmode": "numeric"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = Theme.objects.all()
        self.fields["presented_at"].queryset = Event.objects.published().order_by("-start")
        self.fields["presented_at"].empty_label = _("Not presented at a network event")
        self.fields["sdgs"].queryset = SDG.objects.all()
        for name, field in self.fields.items():
            if name != "title":
                field.required = False
            if name in Practice.markdown_fields and name != "summary":
                field.widget.attrs.setdefault("rows", 6)
                field.widget.attrs["class"] = (
                    field.widget.attrs.get("class", "") + " markdown"
                ).strip()
        self.fields["progress"].required = True

    @property
    def sections(self):
        for anchor, heading, names in SECTIONS:
            fields = [self[name] for name in names if name in self.fields]
            if fields:
                yield {"anchor": anchor, "heading": heading, "fields": fields}


class ImageForm(forms.ModelForm):
    class Meta:
        model = PracticeImage
        fields = ["image", "alt_text", "caption", "order"]


class AttachmentForm(forms.ModelForm):
    class Meta:
        model = PracticeAttachment
        fields = ["title", "file"]
        labels = {"title": _("Document title")}
        widgets = {"file": forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"})}


ImageFormSet = inlineformset_factory(
    Practice,
    PracticeImage,
    form=ImageForm,
    extra=1,
    max_num=MAX_IMAGES,
    validate_max=True,
    absolute_max=MAX_IMAGES,
    can_delete=True,
)
AttachmentFormSet = inlineformset_factory(
    Practice,
    PracticeAttachment,
    form=AttachmentForm,
    extra=1,
    max_num=10,
    validate_max=True,
    absolute_max=10,
    can_delete=True,
)
LinkFormSet = inlineformset_factory(
    Practice,
    PracticeLink,
    fields=["title", "url"],
    labels={"title": _("Link text")},
    extra=1,
    max_num=20,
    validate_max=True,
    absolute_max=20,
    can_delete=True,
)
IndicatorFormSet = inlineformset_factory(
    Practice,
    PracticeIndicator,
    fields=["name", "before", "after", "unit"],
    extra=1,
    max_num=20,
    validate_max=True,
    absolute_max=20,
    can_delete=True,
)

FORMSETS = [
    ("indicators", IndicatorFormSet, _("Results in figures (before and after)")),
    ("images", ImageFormSet, _("More images (up to 10)")),
    ("attachments", AttachmentFormSet, _("PDF attachments")),
    ("links", LinkFormSet, _("Links")),
]


class RequestChangesForm(forms.Form):
    note = forms.CharField(
        label=_("What should the city change?"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        help_text=_("The city's staff receive this note by email and see it on the practice."),
    )


class RevisionForm(PracticeForm):
    """The same write-up, for proposing an update of a published practice: files are
    not part of an update, and the city says in a sentence what changed."""

    change_note = forms.CharField(
        label=_("What changed"),
        max_length=300,
        required=False,
        help_text=_(
            "One or two sentences for the public change log, for example "
            "“Results of 2024 added.” Needed to submit the update."
        ),
    )

    class Meta(PracticeForm.Meta):
        fields = [name for name in PracticeForm.Meta.fields if name not in ("cover", "cover_alt")]

    @property
    def sections(self):
        yield {"anchor": "change", "heading": _("What changed"), "fields": [self["change_note"]]}
        yield from super().sections

    def _post_clean(self):
        # Validate the values without writing them onto the published practice object.
        original = self.instance
        self.instance = copy.copy(original)
        try:
            super()._post_clean()
        finally:
            self.instance = original


RevisionIndicatorFormSet = forms.formset_factory(
    forms.modelform_factory(PracticeIndicator, fields=["name", "before", "after", "unit"]),
    extra=2,
    max_num=20,
    validate_max=True,
    absolute_max=20,
    can_delete=True,
)
RevisionLinkFormSet = forms.formset_factory(
    forms.modelform_factory(
        PracticeLink, fields=["title", "url"], labels={"title": _("Link text")}
    ),
    extra=2,
    max_num=20,
    validate_max=True,
    absolute_max=20,
    can_delete=True,
)

REVISION_FORMSETS = [
    ("indicators", RevisionIndicatorFormSet, _("Results in figures (before and after)")),
    ("links", RevisionLinkFormSet, _("Links")),
]


class DeleteConfirmForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, delete this draft and its images and documents for good."), required=True
    )
