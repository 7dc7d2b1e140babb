from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from core.cache import cached_value
from core.errors import ServiceError, report_error
from events.models import Registration
from members.models import Affiliation
from members.permissions import (
    affiliations_of,
    approved_member_id,
    can_request_affiliation,
    is_secretariat,
    open_affiliation,
)
from members.services import affiliation_request
from practices.caching import ROWS
from practices.models import Practice

from .forms import AffiliationRequestForm, ProfileForm
from .services import profile_update


def city_practice_rows(user) -> list:
    """The practices of the city the person acts for, of every status: what a row of the
    account page shows and its version (users/includes/account_practice.html). The same
    for all the city's staff, kept in the shared cache under the city until a practice
    changes (practices.caching.ROWS)."""
    member_id = approved_member_id(user)
    if member_id is None:
        return []
    return cached_value(
        f"account:practices:{member_id}",
        (ROWS, "members"),
        lambda: list(
            Practice.objects.filter(member_id=member_id)
            .order_by("-updated_at")
            .select_related("member")
            .only("slug", "title", "status", "updated_at", "member__updated_at")
        ),
    )


class AccountView(LoginRequiredMixin, TemplateView):
    """The signed-in person's page: their affiliation and what they did on the portal."""

    template_name = "users/account.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        affiliations = affiliations_of(user)
        # One query for all of them: the open one (at most one, by a constraint) and the
        # approved one that the permission checks below would otherwise fetch again.
        current = next(
            (item for item in affiliations if item.status in Affiliation.OPEN_STATUSES), None
        )
        user._approved_affiliation = next(
            (item for item in affiliations if item.status == Affiliation.Status.APPROVED), None
        )
        # The open affiliation if there is one, else the latest closed one.
        shown = current or (affiliations[0] if affiliations else None)
        # Secretariat staff work in the admin; a city affiliation form is not for them.
        secretariat = user.is_staff and is_secretariat(user)
        if secretariat:
            context.update(
                {
                    "pending_affiliations": Affiliation.objects.pending().count(),
                    "practices_to_review": Practice.objects.filter(
                        status=Practice.Status.SUBMITTED
                    ).count(),
                }
            )
        can_request = current is None and not secretariat
        context.update(
            {
                "affiliation": current,
                "latest_affiliation": None if current else shown,
                "earlier_affiliations": [item for item in affiliations if item != shown],
                "secretariat": secretariat,
                "can_request_affiliation": can_request,
                "profile_form": kwargs.get("profile_form")
                or ProfileForm(instance=user, affiliation=current),
                # Built only where it is shown (its member field is a long list).
                "affiliation_form": kwargs.get("affiliation_form")
                or (AffiliationRequestForm() if can_request else None),
                "practices": city_practice_rows(user),
                "registrations": Registration.objects.for_user(user),
            }
        )
        return context


class ProfileUpdateView(LoginRequiredMixin, FormView):
    """POST only: the profile form on the account page."""

    http_method_names = ["post"]
    form_class = ProfileForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.request.user
        kwargs["affiliation"] = open_affiliation(self.request.user)
        return kwargs

    def form_valid(self, form):
        profile_update(
            user=self.request.user,
            full_name=form.cleaned_data["full_name"],
            language=form.cleaned_data["language"],
            job_title=form.cleaned_data.get("job_title"),
        )
        messages.success(self.request, _("Your details have been saved."))
        return HttpResponseRedirect(reverse("users:account"))

    def form_invalid(self, form):
        form.instance.refresh_from_db()
        view = AccountView(request=self.request, args=self.args, kwargs=self.kwargs)
        context = view.get_context_data(profile_form=form)
        return view.render_to_response(context)


class AffiliationRequestView(LoginRequiredMixin, FormView):
    """POST only: ask to act for a member city after a rejection or revocation."""

    http_method_names = ["post"]
    form_class = AffiliationRequestForm

    def post(self, request, *args, **kwargs):
        if not can_request_affiliation(request.user):
            messages.error(request, _("You already have a pending or approved affiliation."))
            return HttpResponseRedirect(reverse("users:account"))
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            affiliation_request(
                user=self.request.user,
                member=form.cleaned_data["member"],
                job_title=form.cleaned_data["job_title"],
            )
        except ServiceError as error:
            report_error(self.request, error)
            return HttpResponseRedirect(reverse("users:account"))
        messages.success(
            self.request,
            _("Your request has been sent. The secretariat will check it and email you."),
        )
        return HttpResponseRedirect(reverse("users:account"))

    def form_invalid(self, form):
        view = AccountView(request=self.request, args=self.args, kwargs=self.kwargs)
        return view.render_to_response(view.get_context_data(affiliation_form=form))
