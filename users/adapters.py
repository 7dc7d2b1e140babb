from dataclasses import dataclass
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.db import transaction
from django.utils import translation

from core.links import site_url
from core.proxy import client_ip
from members.services import affiliation_announce_pending, affiliation_request


@dataclass(frozen=True)
class PortalSite:
    """What allauth's emails call ``current_site``: the portal's name and public host
    (the project has one site and no django.contrib.sites)."""

    name: str
    domain: str


class AccountAdapter(DefaultAccountAdapter):
    """Saves what the portal's sign-up form adds: the name, the language the person
    signed up in (for later emails) and the request to act for a member city."""

    def save_user(self, request, user, form, commit=True):
        data = form.cleaned_data
        user.full_name = data.get("full_name", user.full_name)
        language = translation.get_language() or settings.LANGUAGE_CODE
        if language in dict(settings.LANGUAGES):
            user.language = language
        if not commit:
            return super().save_user(request, user, form, commit=False)
        with transaction.atomic():
            user = super().save_user(request, user, form, commit=False)
            user.email = user.email.lower()
            user.save()
            if data.get("member") is not None:
                # The address is not confirmed yet: the secretariat hears of the
                # request when it is (confirm_email below).
                affiliation_request(
                    user=user,
                    member=data["member"],
                    job_title=data["job_title"],
                    announce=False,
                )
        return user

    def confirm_email(self, request, email_address):
        """The first confirmed address makes a sign-up real: only now does the
        secretariat hear of the affiliation request made with it."""
        from allauth.account.models import EmailAddress

        first = not EmailAddress.objects.filter(
            user_id=email_address.user_id, verified=True
        ).exists()
        confirmed = super().confirm_email(request, email_address)
        if confirmed and first:
            affiliation_announce_pending(user=email_address.user)
        return confirmed

    def send_mail(self, template_prefix, email, context):
        site = PortalSite(name="Citynet Indonesia", domain=urlsplit(site_url()).netloc)
        super().send_mail(template_prefix, email, {"current_site": site, **context})

    def get_client_ip(self, request):
        """The client behind TRUSTED_PROXY_COUNT proxies (``core.proxy``), so one
        client's failed sign-ins do not lock out everyone behind the same proxy."""
        return client_ip(request)

    def _get_login_attempts_cache_key(self, request, **credentials):
        """The per-account limit counts the address alone: allauth adds the Host header,
        which gave each host name the portal answers to its own allowance. The admin's
        sign-in (``users.forms.RateLimitedAdminAuthenticationForm``) uses the same key."""
        return login_attempts_key(credentials.get("email", credentials.get("username", "")))


def login_attempts_key(login: str) -> str:
    return f"login:{(login or '').strip().lower()}"
