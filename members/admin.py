from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, Value, When
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from core.admin import ask_reason
from core.errors import ServiceError, report_error

from . import services
from .models import Affiliation, Member, OfficerTerm, Position, Province
from .permissions import can_manage_affiliations


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "member_count"]
    search_fields = ["name", "code"]
    ordering = ["code"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_total=Count("members"))

    @admin.display(description=_("members"), ordering="member_total")
    def member_count(self, obj):
        return obj.member_total


class OfficerTermInline(admin.TabularInline):
    model = OfficerTerm
    extra = 0
    autocomplete_fields = ["position"]
    fields = [
        "position",
        "person_name",
        "person_title",
        "start_date",
        "end_date",
        "known_in_office_on",
    ]


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "province", "head_name", "is_active_member"]
    list_filter = ["is_active_member", "kind", "province"]
    list_select_related = ["province"]
    search_fields = ["name", "code", "slug", "head_name"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["updated_at"]
    inlines = [OfficerTermInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "code", "kind", "province"]}),
        (_("Membership"), {"fields": ["is_active_member", "joined_on"]}),
        (
            _("Profile"),
            {
                "fields": [
                    "head_name",
                    "head_as_of",
                    "logo",
                    "website",
                    "description",
                    "description_en",
                ]
            },
        ),
        (_("Figures"), {"fields": ["population", "population_year", "districts", "villages"]}),
        (None, {"fields": ["updated_at"]}),
    ]


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = ["name_id", "name_en", "order"]
    list_editable = ["order"]
    search_fields = ["name_id", "name_en"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(OfficerTerm)
class OfficerTermAdmin(admin.ModelAdmin):
    list_display = [
        "person_name",
        "position",
        "member",
        "start_date",
        "end_date",
        "known_in_office_on",
    ]
    list_filter = ["position"]
    list_select_related = ["position", "member"]
    search_fields = ["person_name", "person_title", "member__name"]
    autocomplete_fields = ["position", "member"]
    date_hierarchy = "start_date"


class AffiliationReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        max_length=2000,
        help_text=_("Sent to each person by email and shown on their account page."),
    )


@admin.register(Affiliation)
class AffiliationAdmin(admin.ModelAdmin):
    """Staff ask to act for a city; the secretariat decides here. Pending requests come
    first; decisions go through members.services (status, decided_by, emails)."""

    list_display = ["user", "user_email", "member", "job_title", "status", "created_at"]
    list_filter = ["status", "member__province"]
    list_select_related = ["user", "member"]
    search_fields = ["user__email", "user__full_name", "member__name", "member__code"]
    autocomplete_fields = ["user", "member"]
    ordering = [
        Case(When(status=Affiliation.Status.PENDING, then=Value(0)), default=Value(1)).asc(),
        "-created_at",
    ]
    actions = ["approve_selected", "reject_selected", "revoke_selected"]
    fields = ["user", "member", "job_title", "status", "reason", "decided_by", "decided_at"]
    readonly_fields = ["status", "reason", "decided_by", "decided_at", "created_at"]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            # Who and which city are fixed once asked; a different city is a new request.
            readonly += ["user", "member"]
        return readonly

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        return fields + ["created_at"] if obj is not None else fields

    @admin.display(description=_("email"), ordering="user__email")
    def user_email(self, obj):
        return obj.user.email

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The change page offers the decisions that fit the request's status."""
        extra_context = extra_context or {}
        affiliation = self.get_object(request, object_id)
        if affiliation is not None and can_manage_affiliations(request.user):
            choices = {
                Affiliation.Status.PENDING: [
                    ("approve_selected", _("Approve")),
                    ("reject_selected", _("Reject…")),
                ],
                Affiliation.Status.APPROVED: [("revoke_selected", _("Revoke…"))],
            }
            extra_context["decision_actions"] = choices.get(affiliation.status, [])
        return super().change_view(request, object_id, form_url, extra_context)

    def has_manage_permission(self, request):
        return can_manage_affiliations(request.user)

    def has_add_permission(self, request):
        # Requests come from the people themselves (sign-up or their account page).
        return False

    def _decide_each(self, request, queryset, decide, done_message, **kwargs):
        if not can_manage_affiliations(request.user):
            raise PermissionDenied
        done, skipped = 0, []
        for affiliation in queryset.select_related("user", "member"):
            try:
                decide(affiliation=affiliation, by=request.user, **kwargs)
            except ServiceError as error:
                skipped.append((affiliation, error))
            else:
                done += 1
        if done:
            self.message_user(request, done_message % {"count": done}, messages.SUCCESS)
        for affiliation, error in skipped:
            report_error(request, error, prefix=str(affiliation), level=messages.WARNING)

    @admin.action(description=_("Approve selected requests"), permissions=["manage"])
    def approve_selected(self, request, queryset):
        self._decide_each(
            request,
            queryset,
            services.affiliation_approve,
            ngettext_lazy("%(count)d request approved.", "%(count)d requests approved.", "count"),
        )

    @admin.action(description=_("Reject selected requests…"), permissions=["manage"])
    def reject_selected(self, request, queryset):
        return self._with_reason(
            request,
            queryset,
            action="reject_selected",
            decide=services.affiliation_reject,
            title=_("Reject affiliation requests"),
            intro=_("These requests will be rejected. Each person receives your reason by email."),
            button=_("Yes, reject"),
            done_message=ngettext_lazy(
                "%(count)d request rejected.", "%(count)d requests rejected.", "count"
            ),
        )

    @admin.action(description=_("Revoke selected affiliations…"), permissions=["manage"])
    def revoke_selected(self, request, queryset):
        return self._with_reason(
            request,
            queryset,
            action="revoke_selected",
            decide=services.affiliation_revoke,
            title=_("Revoke affiliations"),
            intro=_(
                "These people will no longer act for their city. Each receives your reason "
                "by email."
            ),
            button=_("Yes, revoke"),
            done_message=ngettext_lazy(
                "%(count)d affiliation revoked.", "%(count)d affiliations revoked.", "count"
            ),
        )

    def _with_reason(
        self, request, queryset, *, action, decide, title, intro, button, done_message
    ):
        if not can_manage_affiliations(request.user):
            raise PermissionDenied
        affiliations = queryset.select_related("user", "member")
        return ask_reason(
            self,
            request,
            form_class=AffiliationReasonForm,
            items=[
                f"{item.user.full_name} ({item.user.email}) · {item.member.name} · "
                f"{item.job_title} · {item.get_status_display()}"
                for item in affiliations
            ],
            title=title,
            intro=intro,
            button=button,
            action=action,
            selected=[item.pk for item in affiliations],
            apply=lambda reason: self._decide_each(
                request, queryset, decide, done_message, reason=reason
            ),
        )
