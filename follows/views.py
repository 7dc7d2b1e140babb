from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt

from core.errors import ServiceError, report_error

from .forms import FollowForm
from .services import (
    digest_resubscribe,
    digest_unsubscribe,
    follow_add,
    follow_remove,
    user_from_unsubscribe_token,
)
from .targets import resolve, unknown_message


def safe_next(request, value: str | None) -> str:
    if value and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return reverse("users:account")


class FollowView(View):
    """POST only: follow (or, on the unfollow URL, stop following) a theme, SDG, province
    or member region. Works as a plain form; the answer is a redirect with a message."""

    http_method_names = ["post"]
    remove = False

    def post(self, request):
        form = FollowForm(request.POST)
        next_url = safe_next(request, request.POST.get("next"))
        if not request.user.is_authenticated:
            return redirect_to_login(next_url)
        if not form.is_valid():
            messages.error(request, unknown_message())
            return HttpResponseRedirect(next_url)
        kind, key = form.cleaned_data["kind"], form.cleaned_data["key"]
        if self.remove:
            target = resolve(kind, key)
            follow_remove(user=request.user, kind=kind, key=key)
            name = target.name if target else key
            messages.success(request, _("You no longer follow {name}.").format(name=name))
            return HttpResponseRedirect(next_url)
        try:
            target = follow_add(user=request.user, kind=kind, key=key)
        except ServiceError as error:
            report_error(request, error)
            return HttpResponseRedirect(next_url)
        messages.success(
            request,
            _(
                "You now follow {name}. New items appear in your weekly digest email "
                "and in its feed."
            ).format(name=target.name),
        )
        return HttpResponseRedirect(next_url)


class DigestSettingView(LoginRequiredMixin, View):
    """POST only: switch the weekly digest on or off from the account page."""

    http_method_names = ["post"]

    def post(self, request):
        if request.POST.get("digest") == "on":
            digest_resubscribe(user=request.user)
            messages.success(request, _("You will receive the weekly digest."))
        else:
            digest_unsubscribe(user=request.user)
            messages.success(request, _("You will no longer receive the weekly digest."))
        return HttpResponseRedirect(reverse("users:account") + "#follows-heading")


@method_decorator(csrf_exempt, name="dispatch")
class UnsubscribeView(View):
    """The link in every digest. GET asks for confirmation (mail scanners open links);
    POST unsubscribes, also as the one-click POST of RFC 8058 from the mail program,
    which carries no CSRF token. No sign-in needed: the signed token names the person."""

    http_method_names = ["get", "post"]
    template_name = "follows/unsubscribe.html"

    def get(self, request, token):
        user = user_from_unsubscribe_token(token)
        if user is None:
            return self.invalid(request)
        return render(request, self.template_name, {"done": False})

    def post(self, request, token):
        user = user_from_unsubscribe_token(token)
        if user is None:
            return self.invalid(request)
        digest_unsubscribe(user=user)
        return render(request, self.template_name, {"done": True})

    def invalid(self, request):
        return render(request, self.template_name, {"invalid": True}, status=400)
