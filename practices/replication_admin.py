"""Admin for replication declarations: the secretariat verifies them here."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin import QuerySetListFilter
from members.permissions import is_secretariat

from .models import Replication
from .replication_services import replication_unverify, replication_verify


class VerifiedFilter(QuerySetListFilter):
    title = _("verification")
    parameter_name = "verified"
    options = {
        "yes": (_("Verified"), lambda queryset: queryset.verified()),
        "no": (_("Declared, not yet verified"), lambda queryset: queryset.declared()),
    }


@admin.register(Replication)
class ReplicationAdmin(admin.ModelAdmin):
    list_display = [
        "practice",
        "original_region",
        "member",
        "stage",
        "started_on",
        "is_verified_column",
        "created_at",
    ]
    list_filter = [VerifiedFilter, "stage", "member__province"]
    list_select_related = ["practice", "practice__member", "member"]
    search_fields = ["practice__title", "practice__member__name", "member__name", "changes"]
    autocomplete_fields = ["practice", "member", "own_practice"]
    readonly_fields = ["declared_by", "created_at", "updated_at", "verified_at", "verified_by"]
    date_hierarchy = "created_at"
    actions = ["verify_selected", "unverify_selected"]
    fields = [
        "practice",
        "member",
        "stage",
        "started_on",
        "changes",
        "evidence_url",
        "evidence_file",
        "own_practice",
        "declared_by",
        "created_at",
        "updated_at",
        "verified_at",
        "verified_by",
    ]

    @admin.display(description=_("original region"), ordering="practice__member__name")
    def original_region(self, obj):
        return obj.practice.member

    @admin.display(description=_("verified"), boolean=True, ordering="verified_at")
    def is_verified_column(self, obj):
        return obj.is_verified

    def has_verify_permission(self, request):
        return is_secretariat(request.user) and request.user.has_perm(
            "practices.change_replication"
        )

    def _set_verified(self, request, queryset, service, done):
        if not self.has_verify_permission(request):
            raise PermissionDenied
        for replication in queryset:
            service(replication=replication, by=request.user)
        count = queryset.count()
        self.message_user(request, done(count) % {"count": count}, messages.SUCCESS)

    @admin.action(
        description=_("Mark the selected replications as verified"), permissions=["verify"]
    )
    def verify_selected(self, request, queryset):
        self._set_verified(
            request,
            queryset,
            replication_verify,
            lambda count: ngettext(
                "%(count)d replication is verified.", "%(count)d replications are verified.", count
            ),
        )

    @admin.action(
        description=_("Take the verification back from the selected replications"),
        permissions=["verify"],
    )
    def unverify_selected(self, request, queryset):
        self._set_verified(
            request,
            queryset,
            replication_unverify,
            lambda count: ngettext(
                "%(count)d replication is marked as declared, not verified.",
                "%(count)d replications are marked as declared, not verified.",
                count,
            ),
        )
