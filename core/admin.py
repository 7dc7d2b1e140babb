"""Admin pieces shared by the apps, and the admin of core's own models."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .errors import ServiceError, report_error
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
    names = {key.rstrip("_"): view for key, view in views.items()}
    return [
        admin_path(model_admin, f"<int:pk>/{name.replace('_', '-')}/", view, name)
        for name, view in names.items()
    ]


def admin_path(model_admin, route: str, view, name: str):
    """An admin URL for ``view`` (behind the admin's sign-in and staff check), named
    ``<app>_<model>_<name>``."""
    info = model_admin.opts.app_label, model_admin.opts.model_name
    return path(route, model_admin.admin_site.admin_view(view), name="{}_{}_{}".format(*info, name))


class ReadOnlyInline(admin.TabularInline):
    """Rows shown under an object for reading only: none added, changed or deleted here."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def run_service(model_admin, request, service, success, *, prefix="", **arguments) -> bool:
    """Run ``service(by=request.user, **arguments)`` for an admin page or action: its
    refusal (a ``ServiceError``) becomes an error message, named by ``prefix`` in a bulk
    action, otherwise ``success`` is shown. True when the service ran."""
    try:
        service(by=request.user, **arguments)
    except ServiceError as error:
        report_error(request, error, prefix=prefix)
        return False
    model_admin.message_user(request, success, messages.SUCCESS)
    return True


class QuerySetListFilter(admin.SimpleListFilter):
    """A list filter whose choices each narrow the queryset in their own way: ``options``
    maps the value in the address to its label and to a function of the queryset."""

    options: dict = {}

    def lookups(self, request, model_admin):
        return [(value, label) for value, (label, _narrow) in self.options.items()]

    def queryset(self, request, queryset):
        choice = self.options.get(self.value())
        return choice[1](queryset) if choice else queryset


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
