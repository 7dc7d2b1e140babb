from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .mail import resend_undelivered
from .models import UndeliveredEmail


@admin.register(UndeliveredEmail)
class UndeliveredEmailAdmin(admin.ModelAdmin):
    list_display = ["subject", "recipients", "error", "attempts", "failed_at", "resent_at"]
    list_filter = [("resent_at", admin.EmptyFieldListFilter)]
    search_fields = ["subject", "recipients", "error"]
    date_hierarchy = "failed_at"
    fields = ["subject", "recipients", "error", "attempts", "failed_at", "resent_at", "body"]
    readonly_fields = fields
    actions = ["resend"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("text"))
    def body(self, obj):
        return obj.body

    @admin.action(description=_("Send the selected emails again"), permissions=["change"])
    def resend(self, request, queryset):
        count = resend_undelivered(emails=queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d email queued to be sent again.",
                "%(count)d emails queued to be sent again.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
