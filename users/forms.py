from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.core.internal import ratelimit
from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import forms as auth_forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from members.forms import MemberField

from .adapters import login_attempts_key
from .models import User

MEMBER_HELP = _("Type the name of your kota or kabupaten and choose it from the list.")
JOB_TITLE_HELP = _("For example Kepala Bidang Aplikasi Informatika, Dinas Kominfo.")


class AdminUserCreationForm(auth_forms.AdminUserCreationForm):
    class Meta:
        model = User
        fields = ["email", "full_name"]


class UserChangeForm(auth_forms.UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


class RateLimitedAdminAuthenticationForm(AdminAuthenticationForm):
    """The admin's sign-in, limited like the site's: failed attempts count against
    allauth's ``login_failed`` limits (per client address and per account, in the
    shared cache), so the same account cannot be guessed through either door."""

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "too_many_attempts": _("Too many failed login attempts. Try again later."),
    }

    def clean(self):
        login = self.cleaned_data.get("username")
        if not login or not self.cleaned_data.get("password"):
            return super().clean()
        # allauth's internal API (pinned in requirements.txt) returns the usage, so a
        # successful sign-in can give its attempt back as allauth's own login does.
        usage = ratelimit.consume(
            self.request,
            app="allauth.account",
            action="login_failed",
            key=login_attempts_key(login),
        )
        if not usage:
            raise ValidationError(
                self.error_messages["too_many_attempts"], code="too_many_attempts"
            )
        cleaned = super().clean()
        usage.rollback()
        return cleaned


class SignupForm(AllauthSignupForm):
    """allauth's sign-up plus the person's name, member city and job title. The
    adapter saves the name and asks for the affiliation (members.services)."""

    field_order = ["full_name", "email", "password1", "password2", "member", "job_title"]

    full_name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    member = MemberField(label=_("Member city or regency"), help_text=MEMBER_HELP)
    job_title = forms.CharField(
        label=_("Job title"),
        max_length=150,
        help_text=JOB_TITLE_HELP,
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # allauth sets placeholders that repeat the label; a visible label is enough.
        for field in self.fields.values():
            field.widget.attrs.pop("placeholder", None)
        # The same words as allauth's sign-in page (the project catalogue takes
        # precedence over Django's and allauth's, which disagree in Indonesian).
        self.fields["email"].label = _("Email")
        self.fields["password1"].label = _("Password")
        self.fields["password2"].label = _("Password (again)")

    def clean_full_name(self):
        return " ".join(self.cleaned_data["full_name"].split())


class ProfileForm(forms.ModelForm):
    """The person's own details on the account page."""

    job_title = forms.CharField(
        label=_("Job title"), max_length=150, required=False, help_text=JOB_TITLE_HELP
    )

    class Meta:
        model = User
        fields = ["full_name", "language"]
        labels = {"full_name": _("Full name"), "language": _("Language of emails")}
        help_texts = {"language": _("The language of the emails the portal sends you.")}

    def __init__(self, *args, affiliation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = settings.LANGUAGES
        if affiliation is None:
            del self.fields["job_title"]
        else:
            self.fields["job_title"].required = True
            self.fields["job_title"].initial = affiliation.job_title

    def clean_full_name(self):
        name = " ".join(self.cleaned_data["full_name"].split())
        if not name:
            raise forms.ValidationError(_("Please enter your name."), code="required")
        return name


class AffiliationRequestForm(forms.Form):
    prefix = "affiliation"

    member = MemberField(label=_("Member city or regency"), help_text=MEMBER_HELP)
    job_title = forms.CharField(label=_("Job title"), max_length=150, help_text=JOB_TITLE_HELP)
