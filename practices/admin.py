from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.admin import ReadOnlyInline, ask_reason, object_urls, run_service
from members.permissions import is_secretariat

from . import replication_admin  # noqa: F401 (registers ReplicationAdmin)
from .forms import RequestChangesForm
from .models import SDG, Practice, PracticeRevision, RevisionCover, Theme, Transition
from .models.media import PracticeAttachment, PracticeImage, PracticeIndicator, PracticeLink
from .review_admin import PracticeReviewAdminMixin
from .revisions import changes, practice_values
from .search import update_search_vector
from .services import (
    practice_archive,
    practice_publish,
    practice_request_changes,
    practice_restore,
    revision_publish,
    revision_return,
)


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name_id", "name_en", "slug", "order"]
    list_editable = ["order"]
    search_fields = ["name_id", "name_en"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(SDG)
class SDGAdmin(admin.ModelAdmin):
    list_display = ["number", "name_id", "name_en"]
    search_fields = ["name_id", "name_en", "number"]


class ImageInline(admin.TabularInline):
    model = PracticeImage
    extra = 0
    max_num = 10
    fields = ["image", "alt_text", "caption", "order"]


class AttachmentInline(admin.TabularInline):
    model = PracticeAttachment
    extra = 0
    fields = ["title", "file", "order"]


class LinkInline(admin.TabularInline):
    model = PracticeLink
    extra = 0


class IndicatorInline(admin.TabularInline):
    model = PracticeIndicator
    extra = 0


class TransitionInline(ReadOnlyInline):
    model = Transition
    fields = ["at", "from_status", "to_status", "by", "note"]


class RevisionInline(ReadOnlyInline):
    model = PracticeRevision
    show_change_link = True
    fields = ["number", "status", "change_note", "created_at", "published_at"]


@admin.register(Practice)
class PracticeAdmin(PracticeReviewAdminMixin, admin.ModelAdmin):
    change_form_template = "admin/practices/practice/change_form.html"
    list_display = ["title", "member", "status", "submitted_at", "published_at", "updated_at"]
    list_filter = ["status", "themes", "sdgs", "language", "member__province"]
    list_select_related = ["member"]
    search_fields = ["title", "summary", "member__name", "office"]
    autocomplete_fields = ["member", "presented_at"]
    filter_horizontal = ["themes", "sdgs"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = [
        "status",
        "review_note",
        "created_by",
        "created_at",
        "updated_at",
        "submitted_at",
        "published_at",
    ]
    date_hierarchy = "published_at"
    inlines = [
        IndicatorInline,
        ImageInline,
        AttachmentInline,
        LinkInline,
        RevisionInline,
        TransitionInline,
    ]
    actions = ["publish_selected", "archive_selected", "request_changes_selected"]
    fieldsets = [
        (_("Review"), {"fields": ["status", "review_note", "submitted_at", "published_at"]}),
        (None, {"fields": ["title", "slug", "language", "member", "summary"]}),
        (
            _("Office and contact"),
            {
                "fields": [
                    "office",
                    "contact_name",
                    "contact_position",
                    "contact_email",
                    "contact_phone",
                ]
            },
        ),
        (_("Classification"), {"fields": ["themes", "sdgs", "kind", "beneficiaries"]}),
        (
            _("Narrative"),
            {"fields": list(Practice.NARRATIVE_FIELDS)},
        ),
        (
            _("Dates, status and awards"),
            {"fields": ["start_date", "end_date", "progress", "awards", "presented_at"]},
        ),
        (_("Cover image"), {"fields": ["cover", "cover_alt"]}),
        (None, {"fields": ["created_by", "created_at", "updated_at"]}),
    ]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        update_search_vector([form.instance.pk])

    def has_review_permission(self, request):
        return is_secretariat(request.user)

    def get_urls(self):
        return [
            *object_urls(
                self,
                publish=self.publish_view,
                archive=self.archive_view,
                restore=self.restore_view,
                request_changes=self.request_changes_view,
            ),
            *super().get_urls(),
        ]

    def _change_url(self, practice):
        return reverse("admin:practices_practice_change", args=[practice.pk])

    def _run(self, request, practice, service, success):
        return run_service(
            self, request, service, success.format(title=practice.title), practice=practice
        )

    def _reviewable(self, request, pk):
        if request.method != "POST" and not request.path.endswith("request-changes/"):
            raise PermissionDenied
        if not self.has_review_permission(request):
            raise PermissionDenied
        return get_object_or_404(Practice, pk=pk)

    def publish_view(self, request, pk):
        practice = self._reviewable(request, pk)
        self._run(request, practice, practice_publish, str(_("“{title}” was published.")))
        return redirect(self._change_url(practice))

    def archive_view(self, request, pk):
        practice = self._reviewable(request, pk)
        self._run(request, practice, practice_archive, str(_("“{title}” was archived.")))
        return redirect(self._change_url(practice))

    def restore_view(self, request, pk):
        practice = self._reviewable(request, pk)
        self._run(request, practice, practice_restore, str(_("“{title}” was restored.")))
        return redirect(self._change_url(practice))

    def request_changes_view(self, request, pk=None, practices=None):
        """The intermediate page: a note for the city, for one practice or a selection."""
        if pk is not None:
            practices = [self._reviewable(request, pk)]
        elif not self.has_review_permission(request):
            raise PermissionDenied
        response = ask_reason(
            self,
            request,
            form_class=RequestChangesForm,
            items=[
                f"{practice.title} ({practice.member.name}, {practice.get_status_display()})"
                for practice in practices
            ],
            title=_("Request changes"),
            intro=_(
                "The practice goes back to the city with your note. Its staff are told by email."
            ),
            button=_("Send back to the city"),
            action="" if pk is not None else "request_changes_selected",
            selected=[practice.pk for practice in practices],
            apply=lambda note: self._request_changes(request, practices, note),
        )
        if response is not None:
            return response
        if pk is not None:
            return redirect(self._change_url(practices[0]))
        return redirect(reverse("admin:practices_practice_changelist"))

    def _request_changes(self, request, practices, note):
        for practice in practices:
            run_service(
                self,
                request,
                practice_request_changes,
                str(_("Changes were requested for “{title}”.")).format(title=practice.title),
                prefix=practice.title,
                practice=practice,
                note=note,
            )

    @admin.action(description=_("Publish the selected practices"), permissions=["review"])
    def publish_selected(self, request, queryset):
        for practice in queryset:
            self._run(request, practice, practice_publish, str(_("“{title}” was published.")))

    @admin.action(description=_("Archive the selected practices"), permissions=["review"])
    def archive_selected(self, request, queryset):
        for practice in queryset:
            self._run(request, practice, practice_archive, str(_("“{title}” was archived.")))

    @admin.action(
        description=_("Request changes for the selected practices…"), permissions=["review"]
    )
    def request_changes_selected(self, request, queryset):
        return self.request_changes_view(request, practices=list(queryset))

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        context["can_review"] = self.has_review_permission(request)
        if obj is not None:
            for action in ("publish", "request_changes", "archive", "restore"):
                context[f"can_{action}"] = obj.can(action, request.user)
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)


class ReturnRevisionForm(RequestChangesForm):
    pass


@admin.register(PracticeRevision)
class PracticeRevisionAdmin(admin.ModelAdmin):
    """Updates of published practices: the secretariat reads the field-by-field
    differences and publishes the update or returns it with a note."""

    change_form_template = "admin/practices/practicerevision/change_form.html"
    list_display = ["__str__", "practice", "status", "submitted_at", "published_at"]
    list_filter = ["status"]
    list_select_related = ["practice", "practice__member"]
    search_fields = ["practice__title", "practice__member__name", "change_note"]
    fields = ["practice", "number", "status", "change_note", "review_note", "created_by"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return [
            *object_urls(self, publish=self.publish_view, return_=self.return_view),
            *super().get_urls(),
        ]

    def _revision(self, request, pk):
        if not is_secretariat(request.user):
            raise PermissionDenied
        return get_object_or_404(PracticeRevision.objects.select_related("practice"), pk=pk)

    def _back(self, revision):
        return redirect(reverse("admin:practices_practicerevision_change", args=[revision.pk]))

    def publish_view(self, request, pk):
        if request.method != "POST":
            raise PermissionDenied
        revision = self._revision(request, pk)
        run_service(
            self,
            request,
            revision_publish,
            str(_("The update of “{title}” was published.")).format(title=revision.practice.title),
            revision=revision,
        )
        return self._back(revision)

    def return_view(self, request, pk):
        revision = self._revision(request, pk)
        form = ReturnRevisionForm(request.POST if request.method == "POST" else None)
        if form.is_valid():
            run_service(
                self,
                request,
                revision_return,
                str(_("The update of “{title}” was returned to the city.")).format(
                    title=revision.practice.title
                ),
                revision=revision,
                note=form.cleaned_data["note"],
            )
            return self._back(revision)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Return the update"),
            "form": form,
            "revision": revision,
        }
        return TemplateResponse(request, "admin/practices/practicerevision/return.html", context)

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        if obj is not None:
            base = obj.previous if obj.status == PracticeRevision.Status.PUBLISHED else None
            context["changes"] = changes(base or practice_values(obj.practice), obj.data)
            context["new_cover"] = RevisionCover.objects.filter(revision=obj).first()
            context["new_images"] = list(obj.new_images.all())
            context["new_attachments"] = list(obj.new_attachments.all())
            context["can_publish"] = obj.can_publish(request.user)
            context["can_return"] = obj.can_return(request.user)
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)
