"""Admin pieces shared by the apps, and the admin of core's own models."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .mail import resend_undelivered
from .models import UndeliveredEmail


def ask_reason(
    model_admin,
    request,
    *,
    form_class,
    items,
    title,
    intro,
    button,
    apply,
    action: str = "",
    selected=(),
):
    """The intermediate page of an action that needs a reason (a rejection, a request
    for changes), like Django's delete confirmation. ``form_class`` has one field, the
    reason. Once a valid reason is posted, ``apply(reason)`` runs and None is returned
    (the caller redirects); until then, the page listing ``items`` with the form.
    ``action`` and ``selected`` repost a changelist action; leave them out for a page of
    its own."""
    field = next(iter(form_class.base_fields))
    form = form_class(request.POST if field in request.POST else None)
    if form.is_bound and form.is_valid():
        apply(form.cleaned_data[field])
        return None
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": title,
        "intro": intro,
        "button": button,
        "items": items,
        "form": form,
        "action": action,
        "selected": selected,
        "select_across": request.POST.get("select_across", "0"),
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "media": model_admin.media,
    }
    request.current_app = model_admin.admin_site.name
    return TemplateResponse(request, "admin/reason_confirmation.html", context)


def object_urls(model_admin, **views) -> list:
    """Admin URLs for views on one object: ``<pk>/<name>/`` named
    ``<app>_<model>_<name>``, with ``_`` in ``name`` written ``-`` in the path
    (``request_changes`` → ``<pk>/request-changes/``); a trailing ``_`` is dropped
    (``return_``, a Python keyword, gives ``<pk>/return/``)."""
    info = model_admin.opts.app_label, model_admin.opts.model_name
    names = {key.rstrip("_"): view for key, view in views.items()}
    return [
        path(
            f"<int:pk>/{name.replace('_', '-')}/",
            model_admin.admin_site.admin_view(view),
            name="{}_{}_{}".format(*info, name),
        )
        for name, view in names.items()
    ]


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
