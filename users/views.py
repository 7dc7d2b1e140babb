from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView


class AccountView(LoginRequiredMixin, TemplateView):
    """The signed-in person's page: their affiliation and what they did on the portal."""

    template_name = "users/account.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["affiliations"] = self.request.user.affiliations.select_related(
            "member", "member__province"
        )
        return context
