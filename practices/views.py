import os
import re

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from django.views.generic import DetailView

from core.cache import CachedCountMixin, cached_parts
from core.errors import ServiceError, report_error
from core.files import pdf_download
from core.middleware import was_signed_in
from core.structured_data import json_ld
from core.views import FilteredListView
from members.permissions import approved_member, approved_member_id

from . import structured_data
from .filters import PracticeFilter
from .forms import (
    FORMSETS,
    REVISION_FORMSETS,
    DeleteConfirmForm,
    PracticeForm,
    RemoveFileForm,
    RevisionForm,
    UploadForm,
)
from .models import Practice, Recommendation
from .models.media import PracticeAttachment, PracticeImage
from .replication_views import public_replications, replicated_original, replication_context
from .review_views import review_context
from .revisions import COVER, FILE_LISTS, file_values, form_values, practice_values
from .services import (
    practice_add_files,
    practice_confirm_current,
    practice_create,
    practice_delete,
    practice_remove_file,
    practice_submit,
    practice_update,
    practice_withdraw,
    revision_add_files,
    revision_remove_file,
    revision_save,
    revision_submit,
    revision_withdraw,
)

UNSAVED_SESSION_KEY = "practices:unsaved"
UNSAVED_MAX_CHARS = 60_000  # kept in the session while the person signs in again


class PracticeListView(CachedCountMixin, FilteredListView):
    filterset_class = PracticeFilter
    paginate_by = 12
    count_tags = ("practices", "members", "taxonomy")
    filter_label = gettext_lazy("Filter practices")
    filter_cache_tags = "practices members taxonomy"
    results_cache_tags = "practices members taxonomy provinces"

    def get_queryset(self):
        return Practice.objects.published()

    def paginate_queryset(self, queryset, page_size):
        # What the cards show is added to the page's twelve rows alone, and only when the
        # cards are rendered: the results usually come from the cache, and building the
        # annotated query costs more than the rest of the view.
        paginator, page, object_list, is_paginated = super().paginate_queryset(queryset, page_size)
        rows = page.object_list
        page.object_list = SimpleLazyObject(lambda: list(rows.for_cards()))
        return paginator, page, page.object_list, is_paginated

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["active_filters"] = self.filterset.active_filters(self.request)
        context["search_text"] = self.filterset.search_text
        context["can_write"] = approved_member_id(self.request.user) is not None
        return context


class VisiblePracticeMixin:
    """Fetch the practice by slug; 404 unless the requester may see it."""

    def get_practice(self, queryset=None):
        queryset = queryset if queryset is not None else Practice.objects.all()
        practice = get_object_or_404(
            queryset.select_related("member", "member__province", "presented_at"),
            slug=self.kwargs["slug"],
        )
        if not practice.can_view(self.request.user):
            raise Http404
        return practice


class AllowedPracticeMixin(LoginRequiredMixin, VisiblePracticeMixin):
    """A page for a signed-in person whom the practice's rule ``check`` allows (else 403
    with the practice's refusal for ``refusal_action``). ``self.practice`` is set before
    the view runs; ``practice_allowed()`` fetches what else the page needs."""

    refusal_action, check = "edit", ""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.practice = self.get_practice()
            if not getattr(self.practice, self.check)(request.user):
                raise PermissionDenied(self.practice.refusal(request.user, self.refusal_action))
            self.practice_allowed()
        return super().dispatch(request, *args, **kwargs)

    def practice_allowed(self) -> None:
        pass


class PracticeDetailView(VisiblePracticeMixin, DetailView):
    template_name = "practices/practice_detail.html"
    context_object_name = "practice"
    # The page's parts that are the same for everyone (partials of the template), and the
    # cache tags of what they show.
    public_parts = ("header", "main", "aside", "related", "replications", "description", "json_ld")
    public_tags = ("practices", "members", "taxonomy", "events")

    def get_object(self, queryset=None):
        return self.get_practice()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        practice, user = self.object, self.request.user
        show_contact = practice.can_view_contact(user)
        request_host = self.request.get_host()
        context["parts"] = cached_parts(
            self.template_name,
            self.public_parts,
            # The host: absolute links (JSON-LD) use it where SITE_URL is not set.
            key=":".join(
                (str(practice.pk), practice.cache_version, str(show_contact), request_host)
            ),
            tags=self.public_tags,
            context=lambda: self.public_context(practice, show_contact),
        )
        context["can_edit"] = practice.can_edit(user)
        context["can_submit"] = practice.can_submit(user)
        context.update(replication_context(practice, user))
        context["can_withdraw"] = practice.can_withdraw(user)
        context["can_delete"] = practice.can_delete(user)
        context["can_revise"] = practice.can_revise(user)
        context["can_confirm_current"] = practice.can_confirm_current(user)
        if practice.is_published:
            context["share_image"] = structured_data.share_image(practice)
        if practice.can_see_history(user):
            context.update(review_context(practice, user))
            context["transitions"] = practice.transitions.select_related("by")
            context["revision"] = practice.revisions.open().first()
            context["can_review"] = practice.can_review(user)
            context["missing"] = (
                [
                    Practice._meta.get_field(name).verbose_name
                    for name in practice.missing_for_submission()
                ]
                if practice.is_editable
                else []
            )
        return context

    def public_context(self, practice, show_contact: bool) -> dict:
        prefetch_related_objects([practice], "themes", "sdgs", "images", "links", "indicators")
        context = {
            "practice": practice,
            "show_contact": show_contact,
            "related": self.related(practice),
            "attachments": list(practice.attachments.all()),
            # The public change log: published updates, newest first (every one is kept).
            "updates": list(
                practice.revisions.published().only("practice_id", "published_at", "change_note")
            ),
            "recommended": practice.is_published
            and Recommendation.objects.filter(practice=practice).exists(),
            "replicated_original": replicated_original(practice),
            "replications": public_replications(practice),
        }
        if practice.is_published:
            updates = context["updates"]
            context["json_ld"] = json_ld(
                structured_data.practice_data(
                    practice,
                    image=structured_data.share_image(practice),
                    modified=updates[0].published_at if updates else None,
                )
            )
        return context

    @staticmethod
    def related(practice) -> list:
        themes = [theme.pk for theme in practice.themes.all()]
        if not themes:
            return []
        # A semi-join on the theme links (no DISTINCT over whole rows), only what the
        # related cards show, newest first.
        sharing = Practice.themes.through.objects.filter(theme_id__in=themes)
        return list(
            Practice.objects.published()
            .filter(pk__in=sharing.values("practice_id"))
            .exclude(pk=practice.pk)
            .select_related("member")
            .only("slug", "title", "member__name", "member__slug")
            .latest_first()[:3]
        )


class AttachmentDownloadView(VisiblePracticeMixin, View):
    def get(self, request, slug, pk):
        practice = self.get_practice()
        attachment = get_object_or_404(PracticeAttachment, practice=practice, pk=pk)
        return pdf_download(attachment)


class PracticeEditMixin(LoginRequiredMixin):
    """The long write-up form with its formsets, for the new and the edit page.

    When a POST arrives from a signed-out browser (the session expired while the
    city typed), the posted text is kept in the session and put back into the form
    after signing in again: nothing typed is lost. Files cannot be kept this way.
    """

    template_name = "practices/practice_form.html"
    practice = None

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            if request.method == "POST" and was_signed_in(request):
                self.keep_unsaved(request)
            return redirect_to_login(request.get_full_path())
        return super().dispatch(request, *args, **kwargs)

    def keep_unsaved(self, request):
        """Keep the posted text of a person whose session expired, when it is small
        enough; a browser that was never signed in gets nothing stored."""
        unsaved = {
            key: request.POST.getlist(key)
            for key in request.POST
            if key != "csrfmiddlewaretoken" and key in PracticeForm.base_fields
        }
        size = sum(len(value) for values in unsaved.values() for value in values)
        if size > UNSAVED_MAX_CHARS:
            messages.warning(
                request,
                _(
                    "Your session had expired, so the practice was not saved, and the text "
                    "is too long to keep while you sign in. Go back in your browser, copy "
                    "the text, then sign in again."
                ),
            )
            return
        request.session[UNSAVED_SESSION_KEY] = {"path": request.path, "data": unsaved}
        messages.warning(
            request,
            _(
                "Your session had expired, so the practice was not saved yet. "
                "Sign in again: what you typed will be put back into the form. "
                "Files must be chosen again."
            ),
        )

    def restored_initial(self):
        unsaved = self.request.session.get(UNSAVED_SESSION_KEY)
        if not unsaved or unsaved.get("path") != self.request.path:
            return None
        del self.request.session[UNSAVED_SESSION_KEY]
        initial = {}
        for key, values in unsaved["data"].items():
            field = PracticeForm.base_fields[key]
            multiple = isinstance(field, forms.ModelMultipleChoiceField)
            initial[key] = values if multiple else (values[0] if values else "")
        messages.info(
            self.request,
            _("What you typed before signing in has been put back. Check it and save."),
        )
        return initial

    def build_forms(self, data=None, files=None):
        instance = self.practice or Practice()
        initial = None if data is not None else self.restored_initial()
        form = PracticeForm(data, files, instance=instance, initial=initial)
        formsets = [
            (name, formset_class(data, files, instance=instance, prefix=name), heading)
            for name, formset_class, heading in FORMSETS
        ]
        upload = UploadForm(
            data,
            files,
            image_count=instance.images.count() if instance.pk else 0,
            document_count=instance.attachments.count() if instance.pk else 0,
        )
        return form, formsets, upload

    def render_form(self, form, formsets, upload, missing=None, status=200):
        missing_fields = [form[name] for name in (missing or [])]
        by_name = {name: formset for name, formset, _heading in formsets}
        for subform in by_name["images"]:
            subform.preview_url = subform.instance.rendition_url()
            subform.remove_value = f"image-{subform.instance.pk}"
        for subform in by_name["attachments"]:
            subform.file_label = file_label(subform.instance.file)
            subform.remove_value = f"document-{subform.instance.pk}"
        return render(
            self.request,
            self.template_name,
            {
                "form": form,
                "formsets": formsets,
                "upload": upload,
                "practice": self.practice,
                "member": self.practice.member
                if self.practice
                else approved_member(self.request.user),
                "missing_fields": missing_fields,
                "formsets_have_errors": any(
                    formset.total_error_count() for _name, formset, _heading in formsets
                ),
            },
            status=status,
        )

    def get(self, request, *args, **kwargs):
        form, formsets, upload = self.build_forms()
        missing = self.practice.missing_for_submission() if self.practice else []
        return self.render_form(form, formsets, upload, missing=missing)

    def post(self, request, *args, **kwargs):
        form, formsets, upload = self.build_forms(request.POST, request.FILES)
        refusal = _("The practice was not saved: please correct the marked fields.")
        if not all_valid(request, form, formsets, upload, refusal=refusal):
            return self.render_form(form, formsets, upload, status=400)
        rows = {name: formset.cleaned_data for name, formset, _h in formsets}
        with transaction.atomic():
            if self.practice is None:
                practice = practice_create(by=request.user, values=form.cleaned_data, rows=rows)
            else:
                practice = practice_update(
                    practice=self.practice, by=request.user, values=form.cleaned_data, rows=rows
                )
            added = practice_add_files(
                practice=practice,
                by=request.user,
                images=upload.good["images"],
                documents=upload.good["documents"],
            )
        self.practice = practice
        report_added_files(request, added)
        return self.after_save(request, practice, upload)

    def after_save(self, request, practice, upload):
        """Where a saved practice leads: the removal asked for, the submission, the
        preview, or the form again."""
        remove = removal_target(request.POST.get("remove", ""))
        if remove:
            messages.info(request, _("The practice was saved. Confirm the removal below."))
            return redirect(f"practices:remove-{remove[0]}", slug=practice.slug, pk=remove[1])
        if upload.bad:
            # Name the refused files on the form, where they can be chosen again.
            messages.success(request, _("The draft was saved."))
            return redirect("practices:edit", slug=practice.slug)
        if "submit" in request.POST:
            try:
                practice_submit(practice=practice, by=request.user)
            except ServiceError:
                messages.warning(
                    request,
                    _(
                        "The practice was saved as a draft but not submitted: "
                        "some mandatory parts are missing."
                    ),
                )
                # The edit page lists what is missing, linking to each field; redirect
                # so that saving again edits this practice instead of creating another.
                return redirect("practices:edit", slug=practice.slug)
            messages.success(
                request, _("The practice was submitted. The secretariat will review it.")
            )
            return redirect(practice)
        messages.success(request, _("The draft was saved."))
        if "preview" in request.POST:
            return redirect(practice)
        return redirect("practices:edit", slug=practice.slug)


def all_valid(request, form, formsets, upload, *, refusal: str) -> bool:
    """Validate the form, its formsets and the new files, all of them (no short-circuit)
    so that every error is shown at once; refused files are named in a message. When
    something is invalid, say ``refusal`` and that good files were not kept."""
    results = [form.is_valid()] + [formset.is_valid() for _n, formset, _h in formsets]
    upload.is_valid()
    upload.check_files()
    report_bad_files(request, upload)
    if all(results):
        return True
    messages.error(request, refusal)
    if upload.good["images"] or upload.good["documents"] or upload.good.get("cover"):
        messages.warning(request, files_not_kept_message(upload))
    return False


def report_added_files(request, added: int) -> None:
    if added:
        messages.success(
            request,
            ngettext("%(count)s file was added.", "%(count)s files were added.", added)
            % {"count": added},
        )


def file_label(field_file) -> str:
    """The name a person gave the file, without the storage folders."""
    return os.path.basename(field_file.name) if field_file else ""


def report_bad_files(request, upload) -> None:
    for name, reason in upload.bad:
        messages.error(
            request,
            _("“{name}” was not added: {reason}").format(
                name=os.path.basename(name), reason=reason
            ),
        )


def files_not_kept_message(upload) -> str:
    names = [file.name for kind in ("images", "documents") for file in upload.good[kind]]
    if upload.good.get("cover"):
        names.append(upload.good["cover"].name)
    return _(
        "The files could not be kept because the form was not saved. Choose them again: {names}"
    ).format(names=", ".join(os.path.basename(name) for name in names))


def removal_target(value: str):
    """("image" | "document", pk) from a remove button's value, or None."""
    kind, _sep, pk = value.partition("-")
    if kind in ("image", "document") and pk.isdigit():
        return kind, int(pk)
    return None


class PracticeCreateView(PracticeEditMixin, View):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and approved_member(request.user) is None:
            raise PermissionDenied(
                _(
                    "Your account has no approved affiliation with a member city yet. "
                    "Ask for one on your account page; once the secretariat approves it, "
                    "you can write and edit your city's practices."
                )
            )
        return super().dispatch(request, *args, **kwargs)


class PracticeUpdateView(PracticeEditMixin, View):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            practice = get_object_or_404(
                Practice.objects.select_related("member", "member__province"),
                slug=kwargs["slug"],
            )
            if not practice.can_view(request.user):
                raise Http404
            if practice.can_revise(request.user):
                return redirect("practices:revise", slug=practice.slug)
            if not practice.can_edit(request.user):
                raise PermissionDenied(practice.refusal(request.user))
            self.practice = practice
        return super().dispatch(request, *args, **kwargs)


class PracticeActionView(LoginRequiredMixin, VisiblePracticeMixin, View):
    """POST only: one step the person takes on a practice (refused with 403 when the
    practice says they may not), then a message and the next page."""

    http_method_names = ["post"]
    refusal_action = ""
    success = ""

    check = ""  # the Practice method that says whether ``user`` may take the step
    service = None  # the service that takes it: service(practice=..., by=...)
    next_url_name = ""  # where to go next (with the practice's slug); the practice page

    def allowed(self, practice, user) -> bool:
        return getattr(practice, self.check)(user)

    def perform(self, practice, user) -> None:
        self.service(practice=practice, by=user)

    def next_page(self, practice):
        if self.next_url_name:
            return reverse(self.next_url_name, kwargs={"slug": practice.slug})
        return practice

    def refused(self, request, practice, error):
        report_error(request, error)
        return redirect(practice)

    def post(self, request, slug):
        practice = self.get_practice()
        if not self.allowed(practice, request.user):
            raise PermissionDenied(practice.refusal(request.user, self.refusal_action))
        try:
            self.perform(practice, request.user)
        except ServiceError as error:
            return self.refused(request, practice, error)
        messages.success(request, self.success)
        return redirect(self.next_page(practice))


class PracticeSubmitView(PracticeActionView):
    refusal_action, check, service = "submit", "can_submit", staticmethod(practice_submit)
    success = gettext_lazy("The practice was submitted. The secretariat will review it.")

    def refused(self, request, practice, error):
        messages.error(
            request, _("The practice cannot be submitted yet: some mandatory parts are missing.")
        )
        return redirect("practices:edit", slug=practice.slug)


class PracticeWithdrawView(PracticeActionView):
    """Take a submission back to draft."""

    refusal_action, check, service = "withdraw", "can_withdraw", staticmethod(practice_withdraw)
    success = gettext_lazy("The submission was withdrawn. The practice is a draft again.")
    next_url_name = "practices:edit"


class PracticeDeleteView(AllowedPracticeMixin, View):
    """A confirmation page (no JavaScript needed), then the deletion of a draft."""

    template_name = "practices/practice_confirm_delete.html"
    refusal_action, check = "delete", "can_delete"

    def get(self, request, slug):
        return self.render(DeleteConfirmForm())

    def render(self, form, status=200):
        context = {"practice": self.practice, "form": form}
        return render(self.request, self.template_name, context, status=status)

    def post(self, request, slug):
        form = DeleteConfirmForm(request.POST)
        if not form.is_valid():
            return self.render(form, status=400)
        title = self.practice.title
        practice_delete(practice=self.practice, by=request.user)
        messages.success(request, _("The draft “{title}” was deleted.").format(title=title))
        return redirect("users:account")


class PracticeRevisionView(AllowedPracticeMixin, View):
    """Propose an update of a published practice. The published version stays online
    until the secretariat publishes the update."""

    template_name = "practices/practice_form.html"
    refusal_action, check = "revise", "can_revise"

    def practice_allowed(self):
        self.revision = self.practice.revisions.open().first()

    def current_values(self) -> dict:
        values = dict(self.revision.data) if self.revision else practice_values(self.practice)
        for name, rows in file_values(self.practice).items():
            values.setdefault(name, rows)  # an update begun before files could change
        return values

    def build_forms(self, data=None, files=None):
        values = self.current_values()
        initial = {**values, "change_note": self.revision.change_note if self.revision else ""}
        form = RevisionForm(data, instance=self.practice, initial=initial)
        formsets = [
            (name, formset_class(data, prefix=name, initial=values.get(name) or []), heading)
            for name, formset_class, heading in REVISION_FORMSETS
        ]
        upload = UploadForm(
            data,
            files,
            image_count=len(values["images"]),
            document_count=len(values["attachments"]),
            cover=values[COVER]["file"] if values[COVER]["ref"].startswith("n") else "",
        )
        return form, formsets, upload, values

    def render_form(self, form, formsets, upload, values, status=200):
        by_name = {name: formset for name, formset, _heading in formsets}
        rows = {name: {row["ref"]: row for row in values[name]} for name in FILE_LISTS}
        previews = staged_previews(self.practice, self.revision, values["images"])
        for name, kind in (("images", "image"), ("attachments", "document")):
            for subform in by_name[name]:
                ref = subform["ref"].value()
                row = rows[name].get(ref)
                if row is None:
                    continue
                subform.file_label = row["file"]
                subform.is_new = ref.startswith("n")
                subform.preview_url = previews.get(ref, "") if name == "images" else ""
                subform.remove_value = f"{kind}-{ref}"
        context = {
            "form": form,
            "formsets": formsets,
            "upload": upload,
            "practice": self.practice,
            "revision": self.revision,
            "member": self.practice.member,
            "new_cover": getattr(self.revision, "new_cover", None) if self.revision else None,
            "missing_fields": [],
            "formsets_have_errors": any(
                formset.total_error_count() for _name, formset, _heading in formsets
            ),
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, slug):
        if self.revision and not self.revision.is_editable:
            messages.info(
                request,
                _(
                    "Your update is with the secretariat. Withdraw it if you need to "
                    "change it again."
                ),
            )
            return redirect(self.practice)
        return self.render_form(*self.build_forms())

    def post(self, request, slug):
        form, formsets, upload, current = self.build_forms(request.POST, request.FILES)
        refusal = _("The update was not saved: please correct the marked fields.")
        if not all_valid(request, form, formsets, upload, refusal=refusal):
            return self.render_form(form, formsets, upload, current, status=400)
        by_name = {name: formset for name, formset, _heading in formsets}
        values = form_values(
            form.cleaned_data,
            indicators=by_name["indicators"],
            links=by_name["links"],
            images=(by_name["images"], current["images"]),
            attachments=(by_name["attachments"], current["attachments"]),
        )
        values[COVER] = current[COVER]
        try:
            with transaction.atomic():
                revision = revision_save(
                    practice=self.practice,
                    by=request.user,
                    values=values,
                    change_note=form.cleaned_data["change_note"],
                )
                added = revision_add_files(
                    revision=revision,
                    by=request.user,
                    images=upload.good["images"],
                    documents=upload.good["documents"],
                    cover=upload.good["cover"],
                    keep_cover=bool(upload.cleaned_data.get("keep_cover")),
                )
        except ServiceError as error:
            report_error(request, error)
            return redirect(self.practice)
        report_added_files(request, added)
        return self.after_save(request, revision, upload)

    def after_save(self, request, revision, upload):
        """Where a saved update leads: the removal asked for, the submission, or back."""
        remove = revision_removal_target(request.POST.get("remove", ""))
        if remove:
            messages.info(request, _("The update was saved. Confirm the removal below."))
            return redirect(
                f"practices:revision-remove-{remove[0]}", slug=self.practice.slug, ref=remove[1]
            )
        if "submit" in request.POST and not upload.bad:
            try:
                revision_submit(revision=revision, by=request.user)
            except ServiceError as error:
                messages.warning(
                    request,
                    _("The update was saved but not submitted: {reason}").format(
                        reason=error.message
                    ),
                )
                return redirect("practices:revise", slug=self.practice.slug)
            messages.success(
                request,
                _(
                    "The update was submitted. The published version stays online until "
                    "the secretariat publishes it."
                ),
            )
            return redirect(self.practice)
        messages.success(request, _("The update was saved. It is not public yet."))
        return redirect("practices:revise", slug=self.practice.slug)


def staged_previews(practice, revision, rows) -> dict:
    """Preview addresses of an update's images by ref ("p<pk>" published, "n<pk>" added)."""
    previews = {f"p{image.pk}": image.rendition_url() for image in practice.images.all()}
    if revision is not None:
        previews.update(
            {f"n{image.pk}": image.rendition_url() for image in revision.new_images.all()}
        )
    return previews


def revision_removal_target(value: str):
    """("image" | "document", ref) from a remove button's value in the update form."""
    kind, _sep, ref = value.partition("-")
    if kind in ("image", "document") and REF.fullmatch(ref):
        return kind, ref
    return None


REF = re.compile(r"[pn][0-9]{1,10}")


class RevisionWithdrawView(PracticeActionView):
    refusal_action, next_url_name = "revise", "practices:revise"
    success = gettext_lazy("The update was withdrawn. You can change it again.")

    def allowed(self, practice, user):
        self.revision = practice.revisions.open().first()
        return self.revision is not None and self.revision.can_withdraw(user)

    def perform(self, practice, user):
        revision_withdraw(revision=self.revision, by=user)


class PracticeConfirmView(PracticeActionView):
    """The city's staff confirm that the published practice is still current."""

    refusal_action, check = "revise", "can_confirm_current"
    service = staticmethod(practice_confirm_current)
    success = gettext_lazy("Thank you: the practice is marked as still current.")


class ConfirmFileRemovalView(AllowedPracticeMixin, View):
    """Take a file out after a confirmation page (works without JavaScript). Subclasses
    give ``check`` (and ``refusal_action``), ``practice_allowed()`` that finds the file
    (404 when it is not there), ``context()`` for the page, ``remove()`` (True when done,
    else the error has been reported), the ``removed`` messages by kind and the
    ``form_url`` to go back to."""

    template_name = "practices/file_confirm_remove.html"
    removed: dict = {}
    form_url = ""

    def render(self, form, status=200):
        context = {
            "practice": self.practice,
            "form": form,
            "kind": self.kwargs["kind"],
            "back_url": reverse(self.form_url, kwargs={"slug": self.practice.slug}),
            **self.context(),
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        return self.render(RemoveFileForm())

    def post(self, request, *args, **kwargs):
        form = RemoveFileForm(request.POST)
        if not form.is_valid():
            return self.render(form, status=400)
        kind = kwargs["kind"]
        if self.remove():
            messages.success(request, self.removed[kind])
        anchor = "images" if kind == "image" else "attachments"
        url = reverse(self.form_url, kwargs={"slug": self.practice.slug})
        return redirect(f"{url}#section-{anchor}")


class FileRemoveView(ConfirmFileRemovalView):
    """Remove an image or a document of a practice the city is writing."""

    form_url, check = "practices:edit", "can_edit"
    removed = {
        "image": gettext_lazy("The image was removed."),
        "document": gettext_lazy("The document was removed."),
    }

    def practice_allowed(self):
        model = PracticeImage if self.kwargs["kind"] == "image" else PracticeAttachment
        self.item = get_object_or_404(model, practice=self.practice, pk=self.kwargs["pk"])

    def context(self) -> dict:
        item = self.item
        return {
            "item": item,
            "label": str(item) or file_label(getattr(item, "file", None)),
            "preview_url": item.rendition_url() if isinstance(item, PracticeImage) else "",
        }

    def remove(self) -> bool:
        practice_remove_file(practice=self.practice, by=self.request.user, item=self.item)
        return True


class RevisionFileRemoveView(ConfirmFileRemovalView):
    """Take an image or a document out of the open update of a published practice. The
    published file stays online until the secretariat publishes the update."""

    form_url, check, refusal_action = "practices:revise", "can_revise", "revise"
    removed = {
        "image": gettext_lazy("The image was taken out of the update."),
        "document": gettext_lazy("The document was taken out of the update."),
    }

    def practice_allowed(self):
        kind, ref = self.kwargs["kind"], self.kwargs["ref"]
        self.revision = self.practice.revisions.open().first()
        if self.revision is None or not REF.fullmatch(ref):
            raise Http404
        if not self.revision.is_editable:
            raise PermissionDenied(
                _("The update has been submitted. Withdraw it to change it again.")
            )
        name = "images" if kind == "image" else "attachments"
        self.row = next(
            (row for row in self.revision.data.get(name, []) if row["ref"] == ref), None
        )
        if self.row is None:
            raise Http404

    def context(self) -> dict:
        kind, ref = self.kwargs["kind"], self.kwargs["ref"]
        previews = staged_previews(self.practice, self.revision, []) if kind == "image" else {}
        return {
            "item": self.row,
            "label": " — ".join(
                text
                for text in (self.row["file"], self.row.get("caption") or self.row.get("title"))
                if text
            ),
            "preview_url": previews.get(ref, ""),
            "staged": ref.startswith("p"),
        }

    def remove(self) -> bool:
        try:
            revision_remove_file(
                revision=self.revision,
                by=self.request.user,
                kind=self.kwargs["kind"],
                ref=self.kwargs["ref"],
            )
        except ServiceError as error:
            report_error(self.request, error)
            return False
        return True
