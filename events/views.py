from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, ListView

from core.cache import CachedCountMixin, cached_parts, cached_value
from core.errors import ServiceError, report_error
from core.files import pdf_download
from core.views import FilteredListView
from members.permissions import can_check_in

from .calendar import build_calendar
from .filters import DocumentFilter, EventFilter
from .forms import RegistrationActionForm
from .models import (
    Article,
    Event,
    EventAttachment,
    Registration,
    Session,
    Speaker,
)
from .services import (
    registration_cancel,
    registration_check_in,
    registration_create,
)
from .structured_data import article_data, event_data, json_ld


def can_preview(user, model) -> bool:
    """Staff with the change permission see drafts (the admin's preview)."""
    opts = model._meta
    return bool(
        user.is_authenticated
        and user.is_staff
        and user.has_perm(f"{opts.app_label}.change_{opts.model_name}")
    )


class EventListView(FilteredListView):
    filterset_class = EventFilter
    paginate_by = 12
    filter_label = gettext_lazy("Filter events")
    filter_cache_tags = "events members"
    # The cards say "upcoming" or "past": sharedcache keeps them ten minutes at most.
    results_cache_tags = "events members"

    def get_queryset(self):
        return (
            Event.objects.published()
            .upcoming_first()
            .select_related("host")
            .only(
                "slug",
                "title",
                "title_en",
                "kind",
                "summary",
                "summary_en",
                "start",
                "end",
                "time_zone",
                "status",
                "venue_name",
                "cover",
                "width",
                "height",
                "renditions",
                "host__slug",
                "host__name",
                "updated_at",
                "host__updated_at",
            )
        )


class DocumentListView(FilteredListView):
    """Slides and reports of past events, newest event first."""

    filterset_class = DocumentFilter
    template_name = "events/document_list.html"
    paginate_by = 20
    filter_label = gettext_lazy("Filter documents")

    def get_queryset(self):
        return (
            EventAttachment.objects.filter(event__in=Event.objects.published().past())
            .select_related("event", "event__host", "session")
            .order_by("-event__start", "session__order", "order", "pk")
        )


class EventDetailView(DetailView):
    model = Event
    template_name = "events/event_detail.html"

    # What the page's public part shows (see events/urls.py).
    public_tags = ("events", "news", "practices", "members")

    def get_queryset(self):
        queryset = Event.objects.select_related("host", "host__province")
        if can_preview(self.request.user, Event):
            return queryset
        return queryset.published()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.object
        user = self.request.user
        context["parts"] = cached_parts(
            self.template_name,
            ("intro", "facts", "body", "description", "json_ld"),
            # The host: absolute links (JSON-LD) use it where SITE_URL is not set. A draft
            # (seen only by the secretariat) has a version of its own like any other.
            key=f"{event.pk}:{event.cache_version}:{self.request.get_host()}",
            tags=self.public_tags,
            context=lambda: self.public_context(event),
        )
        context["registration"] = (
            # The waiting position is counted (get_waiting_position) only for someone waiting.
            Registration.objects.filter(event=event, user=user).first()
            if user.is_authenticated
            else None
        )
        state = event.registration_state()
        context["registration_state"] = state
        context["seats_left"] = (
            # What the page shows; a registration recounts under its row lock.
            event.seats_left(
                cached_value(
                    f"events:confirmed:{event.pk}", (f"event:{event.slug}",), event.confirmed_count
                )
            )
            if state.is_open and event.capacity is not None
            else None
        )
        context["text_language"] = event.text_language()
        return context

    @staticmethod
    def public_context(event) -> dict:
        prefetch_related_objects(
            [event],
            Prefetch(
                "sessions",
                queryset=Session.objects.prefetch_related(
                    Prefetch("speakers", queryset=Speaker.objects.select_related("member")),
                    "attachments",
                ),
            ),
            "attachments",
            "photos",
        )
        return {
            "event": event,
            "text_language": event.text_language(),
            "articles": list(
                Article.objects.published()
                .for_event(event)
                .latest_first()
                .only("slug", "title", "lead", "published_at", "language")[:10]
            ),
            "practices": list(
                event.practices.published().select_related("member").order_by("title")[:20]
            ),
            "sessions_have_times": any(s.start for s in event.sessions.all()),
            "json_ld": json_ld(event_data(event)),
        }


class EventRegisterView(LoginRequiredMixin, View):
    """POST only: register the signed-in person (action=cancel leads to the page that
    asks to confirm a cancellation)."""

    http_method_names = ["post"]

    def post(self, request, slug):
        event = get_object_or_404(Event.objects.published(), slug=slug)
        form = RegistrationActionForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("The request was not understood. Please try again."))
            return redirect(event.get_absolute_url() + "#registration")
        action = form.cleaned_data["action"] or "register"
        if action == "cancel":
            # Cancelling asks for confirmation first.
            return redirect("events:cancel", slug=event.slug)
        try:
            registration = registration_create(
                event=event, user=request.user, language=get_language()
            )
        except ServiceError as error:
            report_error(request, error)
        else:
            if registration.is_confirmed:
                messages.success(
                    request, _("You are registered. A confirmation has been emailed to you.")
                )
            else:
                messages.warning(
                    request,
                    _(
                        "The event is full: you are on the waiting list. We will email "
                        "you if a seat becomes free."
                    ),
                )
        return redirect(event.get_absolute_url() + "#registration")


class RegistrationCancelView(LoginRequiredMixin, View):
    """GET: ask to confirm; POST: cancel the signed-in person's registration."""

    template_name = "events/registration_cancel.html"

    def get_registration(self, request, slug):
        event = get_object_or_404(Event.objects.published().select_related("host"), slug=slug)
        registration = (
            Registration.objects.filter(event=event, user=request.user)
            .active()
            .with_waiting_position()
            .first()
        )
        return event, registration

    def get(self, request, slug):
        event, registration = self.get_registration(request, slug)
        if registration is None:
            messages.error(request, _("You are not registered for this event."))
            return redirect(event.get_absolute_url() + "#registration")
        if event.is_past:
            messages.error(request, _("The event is over; the registration can no longer change."))
            return redirect(event.get_absolute_url() + "#registration")
        return render(request, self.template_name, {"event": event, "registration": registration})

    def post(self, request, slug):
        event, _registration = self.get_registration(request, slug)
        try:
            registration_cancel(event=event, user=request.user, language=get_language())
        except ServiceError as error:
            report_error(request, error)
        else:
            messages.success(
                request,
                _(
                    "Your registration has been cancelled and an email confirms it. If you "
                    "register again, you join the end of the queue."
                ),
            )
        return redirect(event.get_absolute_url() + "#registration")


class CheckInMixin:
    """Secretariat staff only (members.permissions.can_check_in); others get 403."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not can_check_in(request.user):
            raise PermissionDenied(_("Only the secretariat can check people in."))
        self.event = get_object_or_404(Event.objects.select_related("host"), slug=kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)


class CheckInListView(CheckInMixin, View):
    """The door list: confirmed registrants with search, one tap to mark present."""

    template_name = "events/check_in_list.html"

    def get(self, request, slug):
        query = request.GET.get("q", "")[:100]
        registrations = (
            Registration.objects.filter(event=self.event)
            .confirmed()
            .search(query)
            .select_related("user", "member")
            .order_by("user__full_name", "pk")
        )
        context = {
            "event": self.event,
            "registrations": registrations,
            "query": query,
            "present_count": Registration.objects.filter(event=self.event).present().count(),
            "confirmed_count": Registration.objects.filter(event=self.event).confirmed().count(),
        }
        return render(request, self.template_name, context)

    def post(self, request, slug):
        raw = request.POST.get("registration", "")
        registration = (
            Registration.objects.filter(event=self.event, pk=int(raw))
            .select_related("user")
            .first()
            if raw.isdigit() and len(raw) < 12
            else None
        )
        if registration is None:
            messages.error(request, _("That registration was not found."))
        else:
            self.check_in(request, registration)
        query = request.POST.get("q", "")
        url = reverse("events:check-in", kwargs={"slug": slug})
        return redirect(f"{url}?{urlencode({'q': query})}" if query else url)

    @staticmethod
    def check_in(request, registration):
        try:
            registration_check_in(registration=registration, by=request.user)
        except ServiceError as error:
            report_error(request, error, level=messages.WARNING)
        else:
            messages.success(
                request,
                _("{name} is marked present.").format(name=registration.user.get_full_name()),
            )


class CheckInPersonView(CheckInMixin, View):
    """What the QR code opens: the person, and one button to mark them present."""

    template_name = "events/check_in_person.html"

    def get_registration(self, request, token):
        try:
            return Registration.from_check_in_token(token, event=self.event), None
        except ServiceError as error:
            return None, error.message

    def get(self, request, slug, token):
        registration, error = self.get_registration(request, token)
        context = {"event": self.event, "registration": registration, "error": error}
        return render(request, self.template_name, context, status=400 if error else 200)

    def post(self, request, slug, token):
        registration, error = self.get_registration(request, token)
        if error:
            context = {"event": self.event, "registration": None, "error": error}
            return render(request, self.template_name, context, status=400)
        CheckInListView.check_in(request, registration)
        return redirect(request.path)


class CalendarView(View):
    def get(self, request):
        events = Event.objects.published().select_related("host").order_by("start")
        content = build_calendar(events, name=_("Citynet Indonesia events"))
        response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'inline; filename="citynet-events.ics"'
        return response


class EventCalendarView(View):
    def get(self, request, slug):
        event = get_object_or_404(Event.objects.published().select_related("host"), slug=slug)
        content = build_calendar([event], name=event.display_title())
        response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
        return response


class AttachmentDownloadView(View):
    def get(self, request, slug, pk):
        events = (
            Event.objects.all() if can_preview(request.user, Event) else (Event.objects.published())
        )
        attachment = get_object_or_404(
            EventAttachment.objects.filter(event__in=events), event__slug=slug, pk=pk
        )
        return pdf_download(attachment)


class ArticleListView(CachedCountMixin, ListView):
    template_name = "events/article_list.html"
    paginate_by = 10
    context_object_name = "articles"
    count_tags = ("news",)

    def get_queryset(self):
        self.now = timezone.now()
        return (
            Article.objects.published(now=self.now)
            .latest_first()
            .only(
                "slug",
                "title",
                "lead",
                "published_at",
                "language",
                "cover",
                "width",
                "height",
                "renditions",
                "author",
                "updated_at",
            )
        )

    def count_until(self):
        """A scheduled article changes the total when it is due, without a write."""
        return Article.objects.next_due(self.now)


class ArticleDetailView(DetailView):
    template_name = "events/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        return Article.objects.published().select_related("event", "event__host")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["json_ld"] = json_ld(article_data(self.object))
        context["interface_language"] = get_language()
        return context


class ArticlePreviewView(ArticleDetailView):
    """The public template for any article, drafts included: the admin's preview."""

    def dispatch(self, request, *args, **kwargs):
        if not can_preview(request.user, Article):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return Article.objects.select_related("event", "event__host")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["preview"] = True
        return context
