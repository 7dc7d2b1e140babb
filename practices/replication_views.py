"""A region declares, and later updates, that it replicates another region's practice."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views import View

from core.cache import cached_value
from core.errors import ServiceError, report_error
from members.permissions import approved_member, approved_member_id

from .models import Practice, Replication
from .replication_forms import ReplicationForm
from .replication_services import replication_declare, replication_update


class ReplicationDeclareView(LoginRequiredMixin, View):
    """GET shows the form; POST declares, or updates the region's existing declaration."""

    template_name = "practices/replication_form.html"

    def setup_practice(self, request, slug):
        practice = get_object_or_404(
            Practice.objects.select_related("member", "member__province"), slug=slug
        )
        if not practice.can_view(request.user):
            raise Http404
        member = approved_member(request.user)
        existing = (
            Replication.objects.filter(practice=practice, member=member).first()
            if member is not None
            else None
        )
        if existing is None and not Replication.can_declare(request.user, practice):
            raise PermissionDenied(self.refusal(request.user, practice, member))
        if existing is not None and not existing.can_update(request.user):
            raise PermissionDenied(_("Only your own region's declarations can be changed."))
        return practice, member, existing

    @staticmethod
    def refusal(user, practice, member) -> str:
        if member is None:
            return _(
                "Only staff approved for a member city can declare a replication. "
                "Ask for your affiliation on your account page."
            )
        if member.pk == practice.member_id:
            return _("A region cannot replicate its own practice.")
        if not practice.is_published:
            return _("Only published practices can be replicated.")
        return _("You cannot declare a replication of this practice.")

    def render_form(self, form, practice, existing, status=200):
        return render(
            self.request,
            self.template_name,
            {"form": form, "practice": practice, "replication": existing},
            status=status,
        )

    def get(self, request, slug):
        practice, member, existing = self.setup_practice(request, slug)
        instance = existing or Replication(practice=practice, member=member)
        form = ReplicationForm(instance=instance, practice=practice, member=member)
        return self.render_form(form, practice, existing)

    def post(self, request, slug):
        practice, member, existing = self.setup_practice(request, slug)
        if existing is not None and request.POST.get("mode") == "new":
            # A second tab, or the back button: the region has declared meanwhile.
            messages.error(
                request, _("Your region has already declared that it replicates this practice.")
            )
            return redirect("practices:replicate", slug=practice.slug)
        instance = existing or Replication(practice=practice, member=member)
        form = ReplicationForm(
            request.POST,
            request.FILES,
            instance=instance,
            practice=practice,
            member=member,
        )
        if not form.is_valid():
            messages.error(request, _("Nothing was saved: please correct the marked fields."))
            return self.render_form(form, practice, existing, status=400)
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        if data["evidence_file"] is False:  # "clear" ticked
            data["evidence_file"] = ""
        elif data["evidence_file"] is None:
            data.pop("evidence_file")
        try:
            if existing is None:
                replication_declare(practice=practice, by=request.user, data=data)
                messages.success(
                    request,
                    _(
                        "Thank you: your region's replication is recorded. {member} has been "
                        "told; the secretariat will verify it."
                    ).format(member=practice.member.name),
                )
            else:
                replication_update(replication=existing, by=request.user, data=data)
                messages.success(request, _("Your region's replication was updated."))
        except ServiceError as error:
            if error.code == "duplicate":
                report_error(request, error)
                return redirect("practices:replicate", slug=practice.slug)
            form.add_error(None, error.messages)
            return self.render_form(form, practice, existing, status=400)
        return redirect(f"{practice.get_absolute_url()}#replications")


class ReplicationEvidenceView(View):
    """The evidence PDF of a declaration, for whoever may see the practice."""

    def get(self, request, slug, pk):
        practice = get_object_or_404(Practice, slug=slug)
        if not practice.can_view(request.user):
            raise Http404
        replication = get_object_or_404(
            Replication.objects.select_related("member"), practice=practice, pk=pk
        )
        if not replication.evidence_file:
            raise Http404
        try:
            handle = replication.evidence_file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        filename = f"{slugify(replication.member.name)}-{practice.slug}"[:90] + ".pdf"
        response = FileResponse(
            handle, as_attachment=True, filename=filename, content_type="application/pdf"
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response


def replicated_original(practice: Practice):
    """The declaration by which ``practice`` replicates a published original, or None."""
    return (
        Replication.objects.with_related()
        .filter(own_practice=practice, practice__status=Practice.Status.PUBLISHED)
        .first()
    )


def public_replications(practice: Practice) -> list:
    """The regions replicating a published practice, verified first (the same for everyone:
    part of the practice page's cached parts)."""
    if not practice.is_published:
        return []
    return list(
        Replication.objects.of_practice(practice)
        .with_related()
        .order_by(F("verified_at").desc(nulls_last=True), "-started_on", "pk")
    )


def replicating_members(practice: Practice) -> frozenset[int]:
    """The ids of the regions that declared they replicate ``practice`` (from the cache)."""
    return cached_value(
        f"practices:replicating:{practice.pk}",
        ("practices",),
        lambda: frozenset(
            Replication.objects.of_practice(practice).values_list("member_id", flat=True)
        ),
    )


def replication_context(practice: Practice, user) -> dict:
    """What the visitor's region may do about replicating the practice: update its own
    declaration, or declare one."""
    member_id = approved_member_id(user)
    own = False
    if member_id is not None and practice.is_published and member_id != practice.member_id:
        own = member_id in replicating_members(practice)
    return {
        "own_replication": own,
        "can_declare_replication": not own and Replication.can_declare(user, practice),
    }
