import copy

from django import forms
from django.core.validators import FileExtensionValidator
from django.forms import inlineformset_factory
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from events.models import Event

from .models import SDG, Practice, Theme
from .models.media import (
    MAX_ATTACHMENTS,
    MAX_IMAGES,
    PracticeAttachment,
    PracticeImage,
    PracticeIndicator,
    PracticeLink,
)
from .validators import SUMMARY_MAX_WORDS, validate_pdf, validate_practice_image

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


# Needed before submission (the title already for a draft): marked "(required)" in
# the label, counted in the section list and in the summary above the buttons.
SUBMISSION_FIELDS = [*Practice.REQUIRED_FOR_SUBMISSION, "themes", "sdgs"]
FIELD_TEMPLATE = "practices/forms/field.html"


def _has_value(value) -> bool:
    if isinstance(value, (list, tuple)):
        return any(_has_value(item) for item in value)
    return value not in (None, "", False) and str(value).strip() != ""


class SectionsMixin:
    """Labels without a trailing colon, mandatory fields marked in words, and the
    sections with how complete each one is (for the list beside the form)."""

    required_names = SUBMISSION_FIELDS

    def prepare_fields(self):
        self.label_suffix = ""
        for name, field in self.fields.items():
            field.template_name = FIELD_TEMPLATE
            field.submission_required = name in self.required_names

    def section_list(self, sections):
        for anchor, heading, names in sections:
            fields = [self[name] for name in names if name in self.fields]
            if not fields:
                continue
            required = [field for field in fields if field.field.submission_required]
            missing = [field for field in required if not _has_value(field.value())]
            filled = any(_has_value(field.value()) for field in fields)
            yield {
                "anchor": anchor,
                "heading": heading,
                "fields": fields,
                "required": len(required),
                "missing": missing,
                "complete": not missing if required else filled,
            }

    @property
    def missing_for_submission(self):
        return [field for section in self.sections for field in section.get("missing", [])]


class PracticeForm(SectionsMixin, forms.ModelForm):
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
        self.prepare_fields()

    @property
    def sections(self):
        return list(self.section_list(SECTIONS))


class RowsMixin:
    """Rows of a formset: labels without a colon."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class ImageForm(RowsMixin, forms.ModelForm):
    """An uploaded image: its texts and place. The file itself is chosen with the
    multiple upload field and never shown as a storage path."""

    class Meta:
        model = PracticeImage
        fields = ["alt_text", "caption", "order"]
        widgets = {"order": forms.NumberInput(attrs={"min": 0, "max": 99, "class": "order-input"})}


class AttachmentForm(RowsMixin, forms.ModelForm):
    class Meta:
        model = PracticeAttachment
        fields = ["title", "order"]
        labels = {"title": _("Document title")}
        widgets = {"order": forms.NumberInput(attrs={"min": 0, "max": 99, "class": "order-input"})}


# Only the saved files have rows (no empty row per save): new files are chosen, several
# at once, with UploadForm; a row is removed through a confirmation page.
ImageFormSet = inlineformset_factory(
    Practice,
    PracticeImage,
    form=ImageForm,
    extra=0,
    max_num=MAX_IMAGES,
    absolute_max=MAX_IMAGES,
    can_delete=False,
)
AttachmentFormSet = inlineformset_factory(
    Practice,
    PracticeAttachment,
    form=AttachmentForm,
    extra=0,
    max_num=MAX_ATTACHMENTS,
    absolute_max=MAX_ATTACHMENTS,
    can_delete=False,
)


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files chosen at once. Cleaning keeps them all: UploadForm checks them
    one by one, so that one bad file does not throw away the good ones."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if not data:
            return []
        return [item for item in (data if isinstance(data, (list, tuple)) else [data]) if item]


class UploadForm(forms.Form):
    """New images and PDF documents for a practice, several at once. Each file is
    checked on its own: ``good`` lists the files to keep, ``bad`` the others with the
    reason, in the person's language."""

    new_images = MultipleFileField(
        label=_("Add images"),
        required=False,
        help_text=_(
            "Choose one or several pictures at once: JPEG, PNG or WebP, at most 8 MB each, "
            "up to 10 images. Captions and order can be changed after saving."
        ),
        widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    new_documents = MultipleFileField(
        label=_("Add PDF documents"),
        required=False,
        help_text=_("Choose one or several PDF files at once, at most 15 MB each, up to 10."),
        widget=MultipleFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def __init__(self, *args, image_count=0, document_count=0, cover=None, **kwargs):
        """``cover``: in an update, the file name of the cover it proposes ("" when it
        keeps the published one); None leaves the cover fields out."""
        kwargs.setdefault("prefix", "upload")
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.counts = {"images": image_count, "documents": document_count}
        if cover is not None:
            self.fields["new_cover"] = forms.FileField(
                label=_("Replace the cover image"),
                required=False,
                help_text=_(
                    "JPEG, PNG or WebP, at most 8 MB. The published cover stays online until "
                    "the secretariat publishes the update."
                ),
                widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
            )
            if cover:
                self.fields["keep_cover"] = forms.BooleanField(
                    label=_("Keep the published cover instead of the new one"),
                    required=False,
                )
        for field in self.fields.values():
            field.template_name = FIELD_TEMPLATE

    def check_files(self) -> None:
        """Fill ``good`` ({"images": [...], "documents": [...]}) and ``bad`` ([(name,
        reason)]). Call after is_valid(), which always succeeds."""
        self.good = {"images": [], "documents": [], "cover": None}
        self.bad = []
        data = getattr(self, "cleaned_data", {})
        cover = data.get("new_cover")
        if cover:
            try:
                _check_image(cover)
            except forms.ValidationError as error:
                self.bad.append((cover.name, " ".join(error.messages)))
            else:
                self.good["cover"] = cover
        plan = [
            ("images", data.get("new_images") or [], MAX_IMAGES, _check_image),
            ("documents", data.get("new_documents") or [], MAX_ATTACHMENTS, _check_pdf),
        ]
        for kind, files, limit, check in plan:
            for upload in files:
                if self.counts[kind] + len(self.good[kind]) >= limit:
                    self.bad.append(
                        (upload.name, _("at most %(limit)s files of this kind") % {"limit": limit})
                    )
                    continue
                try:
                    check(upload)
                except forms.ValidationError as error:
                    self.bad.append((upload.name, " ".join(error.messages)))
                else:
                    self.good[kind].append(upload)

    @property
    def has_files(self) -> bool:
        return bool(self.files.getlist(self.add_prefix("new_images"))) or bool(
            self.files.getlist(self.add_prefix("new_documents"))
        )


def _check_image(upload):
    validate_practice_image(upload)


def _check_pdf(upload):
    FileExtensionValidator(["pdf"])(upload)
    validate_pdf(upload)


class RowForm(RowsMixin, forms.ModelForm):
    pass


LinkFormSet = inlineformset_factory(
    Practice,
    PracticeLink,
    form=RowForm,
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
    form=RowForm,
    fields=["name", "before", "after", "unit"],
    extra=1,
    max_num=20,
    validate_max=True,
    absolute_max=20,
    can_delete=True,
)


def row_lists(indicators, images, attachments, links) -> list:
    """The lists of rows of the long form, in order: (name, formset class, heading)."""
    return [
        ("indicators", indicators, _("Results in figures (before and after)")),
        ("images", images, _("More images (up to 10)")),
        ("attachments", attachments, _("PDF attachments")),
        ("links", links, _("Links")),
    ]


FORMSETS = row_lists(IndicatorFormSet, ImageFormSet, AttachmentFormSet, LinkFormSet)


class RequestChangesForm(forms.Form):
    note = forms.CharField(
        label=_("What should the city change?"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        help_text=_("The city's staff receive this note by email and see it on the practice."),
    )


class RevisionForm(PracticeForm):
    """The same write-up, for proposing an update of a published practice: files are
    added with UploadForm, and the city says in a sentence what changed."""

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
        fields = [name for name in PracticeForm.Meta.fields if name != "cover"]

    required_names = [*SUBMISSION_FIELDS, "change_note"]

    @property
    def sections(self):
        return list(self.section_list([("change", _("What changed"), ["change_note"]), *SECTIONS]))

    def _post_clean(self):
        # Validate the values without writing them onto the published practice object.
        original = self.instance
        self.instance = copy.copy(original)
        try:
            super()._post_clean()
        finally:
            self.instance = original


RevisionIndicatorFormSet = forms.formset_factory(
    forms.modelform_factory(
        PracticeIndicator, form=RowForm, fields=["name", "before", "after", "unit"]
    ),
    extra=2,
    max_num=20,
    validate_max=True,
    absolute_max=20,
    can_delete=True,
)
RevisionLinkFormSet = forms.formset_factory(
    forms.modelform_factory(
        PracticeLink, form=RowForm, fields=["title", "url"], labels={"title": _("Link text")}
    ),
    extra=2,
    max_num=20,
    validate_max=True,
    absolute_max=20,
    can_delete=True,
)


class RevisionImageRowForm(RowsMixin, forms.Form):
    """An image of an update (published or added in it): its texts and place."""

    ref = forms.CharField(widget=forms.HiddenInput, max_length=20)
    alt_text = PracticeImage._meta.get_field("alt_text").formfield()
    caption = PracticeImage._meta.get_field("caption").formfield()
    order = forms.IntegerField(
        label=capfirst(PracticeImage._meta.get_field("order").verbose_name),
        min_value=0,
        max_value=999,
        widget=forms.NumberInput(attrs={"min": 0, "max": 99, "class": "order-input"}),
    )


class RevisionAttachmentRowForm(RowsMixin, forms.Form):
    ref = forms.CharField(widget=forms.HiddenInput, max_length=20)
    title = forms.CharField(label=_("Document title"), max_length=200)
    order = forms.IntegerField(
        label=capfirst(PracticeImage._meta.get_field("order").verbose_name),
        min_value=0,
        max_value=999,
        widget=forms.NumberInput(attrs={"min": 0, "max": 99, "class": "order-input"}),
    )


RevisionImageFormSet = forms.formset_factory(
    RevisionImageRowForm, extra=0, max_num=MAX_IMAGES, absolute_max=MAX_IMAGES
)
RevisionAttachmentFormSet = forms.formset_factory(
    RevisionAttachmentRowForm, extra=0, max_num=MAX_ATTACHMENTS, absolute_max=MAX_ATTACHMENTS
)

REVISION_FORMSETS = row_lists(
    RevisionIndicatorFormSet, RevisionImageFormSet, RevisionAttachmentFormSet, RevisionLinkFormSet
)


class RemoveFileForm(forms.Form):
    confirm = forms.BooleanField(label=_("Yes, remove this file."), required=True)


class DeleteConfirmForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, delete this draft and its images and documents for good."), required=True
    )
