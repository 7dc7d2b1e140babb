import nested_admin
from django.contrib import admin, messages
from django.db.models import Case, Count, F, Q, When
from django.db.models.functions import Now
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core.admin import QuerySetListFilter, admin_path
from core.errors import ServiceError, report_error

from .exports import registrations_csv
from .forms import EventAdminForm, SessionAdminForm, SessionInlineFormSet
from .models import (
    Article,
    Certificate,
    Event,
    EventAttachment,
    EventPhoto,
    Registration,
    Session,
    Speaker,
)
from .services import (
    certificates_issue,
    event_duplicate,
    event_save,
    registration_fill_seats,
)


class ZonedTimesMedia:
    css = {"all": ["events/admin.css"]}


class SpeakerInline(nested_admin.NestedTabularInline):
    model = Speaker
    extra = 0
    fields = ["order", "name", "title", "member"]
    autocomplete_fields = ["member"]


class SessionAttachmentInline(nested_admin.NestedTabularInline):
    model = EventAttachment
    fk_name = "session"
    extra = 0
    fields = ["order", "title", "file"]
    verbose_name = _("slides")
    verbose_name_plural = _("slides of this session")


class SessionInline(nested_admin.NestedStackedInline):
    model = Session
    form = SessionAdminForm
    formset = SessionInlineFormSet
    extra = 0
    fields = [("order", "title"), ("start", "end"), "description"]
    inlines = [SpeakerInline, SessionAttachmentInline]
    verbose_name_plural = _("Programme: sessions, their speakers and slides")


class AttachmentInline(nested_admin.NestedTabularInline):
    model = EventAttachment
    extra = 0
    fields = ["order", "title", "file"]
    verbose_name_plural = _("Documents of the whole event (reports, photos of the day)")

    def get_queryset(self, request):
        return super().get_queryset(request).filter(session__isnull=True)


class PhotoInline(nested_admin.NestedTabularInline):
    model = EventPhoto
    extra = 0
    fields = ["order", "image", "caption", "credit"]


class RegistrationInline(nested_admin.NestedTabularInline):
    model = Registration
    extra = 0
    fields = ["user", "status", "member", "job_title", "created_at"]
    readonly_fields = ["user", "member", "job_title", "created_at"]
    can_delete = False
    show_change_link = True
    verbose_name_plural = _("Registrations")

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user", "member")


class UpcomingFilter(QuerySetListFilter):
    title = _("when")
    parameter_name = "when"
    options = {
        "upcoming": (_("Upcoming"), lambda queryset: queryset.filter(end__gte=timezone.now())),
        "past": (_("Past"), lambda queryset: queryset.filter(end__lt=timezone.now())),
    }


@admin.register(Event)
class EventAdmin(nested_admin.NestedModelAdmin):
    form = EventAdminForm
    list_display = [
        "title",
        "kind",
        "host",
        "local_start",
        "status",
        "confirmed_total",
        "waiting_total",
    ]
    list_filter = [UpcomingFilter, "status", "kind"]
    list_select_related = ["host"]
    search_fields = ["title", "slug", "host__name", "venue_name"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["host"]
    readonly_fields = ["registrations_export", "change_notice", "created_at", "updated_at"]
    inlines = [SessionInline, AttachmentInline, PhotoInline, RegistrationInline]
    actions = ["duplicate_events", "export_registrations", "issue_certificates"]
    save_on_top = True
    Media = ZonedTimesMedia
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "kind",
                    "title",
                    "slug",
                    "status",
                    "cancellation_notice",
                    "change_notice",
                ]
            },
        ),
        (_("Text"), {"fields": ["summary", "description"]}),
        (
            _("English text (optional)"),
            {"fields": ["title_en", "summary_en", "description_en"], "classes": ["collapse"]},
        ),
        (_("Where"), {"fields": ["host", "venue_name", "venue_address", "meeting_url"]}),
        (
            _("When"),
            {
                "fields": ["time_zone", "start", "end", "times_are_approximate"],
                "description": _(
                    "Times are entered in the event's time zone: the one chosen here, or "
                    "the host's (WIB, WITA or WIT) when none is chosen."
                ),
            },
        ),
        (
            _("Registration"),
            {
                "fields": [
                    "registration_enabled",
                    "capacity",
                    "registration_opens",
                    "registration_closes",
                    "registrations_export",
                ]
            },
        ),
        (_("Cover image"), {"fields": ["cover", "cover_alt"]}),
        (None, {"fields": ["created_at", "updated_at"]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                confirmed=Count("registrations", filter=Q(registrations__status="confirmed")),
                waiting=Count("registrations", filter=Q(registrations__status="waiting")),
            )
        )

    @admin.display(description=_("registrants to be told"))
    def change_notice(self, obj):
        count = obj.registrations.active().count() if obj.pk else 0
        return ngettext(
            "If you cancel this event or change its start, end or venue, %(count)d registered "
            "person (confirmed or waiting) will be told by email with a calendar update.",
            "If you cancel this event or change its start, end or venue, %(count)d registered "
            "people (confirmed or waiting) will be told by email with a calendar update.",
            count,
        ) % {"count": count}

    def save_model(self, request, obj, form, change):
        told = event_save(event=obj)
        if told:
            self.message_user(
                request,
                ngettext(
                    "%(count)d registered person will be told of this change by email.",
                    "%(count)d registered people will be told of this change by email.",
                    told,
                )
                % {"count": told},
                messages.SUCCESS,
            )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        promoted = registration_fill_seats(event=form.instance)
        if promoted:
            self.message_user(
                request,
                ngettext(
                    "%(count)d person on the waiting list got a seat and was told by email.",
                    "%(count)d people on the waiting list got a seat and were told by email.",
                    len(promoted),
                )
                % {"count": len(promoted)},
                messages.SUCCESS,
            )

    def get_ordering(self, request):
        # Upcoming events first (soonest at the top), then past ones (latest first).
        upcoming_start = Case(When(end__gte=Now(), then=F("start")), default=None)
        return [upcoming_start.asc(nulls_last=True), "-start"]

    @admin.display(description=_("start (event's zone)"), ordering="start")
    def local_start(self, obj):
        return f"{obj.start_local:%Y-%m-%d %H.%M} {obj.zone_abbreviation}"

    @admin.display(description=_("confirmed"), ordering="confirmed")
    def confirmed_total(self, obj):
        return obj.confirmed

    @admin.display(description=_("waiting"), ordering="waiting")
    def waiting_total(self, obj):
        return obj.waiting

    @admin.display(description=_("registrations as CSV"))
    def registrations_export(self, obj):
        if not obj.pk:
            return "–"
        url = reverse("admin:events_event_registrations_csv", args=[obj.pk])
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            url,
            gettext("Download the registrations (CSV)"),
            reverse("events:check-in", kwargs={"slug": obj.slug}),
            gettext("Check-in at the door"),
        )

    def get_urls(self):
        return [
            admin_path(
                self, "<int:pk>/registrations.csv", self.registrations_csv_view, "registrations_csv"
            ),
            *super().get_urls(),
        ]

    def registrations_csv_view(self, request, pk):
        event = get_object_or_404(Event, pk=pk)
        if not self.has_view_permission(request, event):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        return registrations_csv([event])

    @admin.action(
        description=_("Duplicate as a new draft (with the programme)"), permissions=["add"]
    )
    def duplicate_events(self, request, queryset):
        for event in queryset:
            copy = event_duplicate(event=event)
            self.message_user(
                request,
                format_html(
                    gettext("Created the draft {link}. Check its slug and dates."),
                    link=format_html(
                        '<a href="{}">{}</a>',
                        reverse("admin:events_event_change", args=[copy.pk]),
                        copy.title,
                    ),
                ),
                messages.SUCCESS,
            )

    @admin.action(
        description=_("Issue attendance certificates to those marked present"),
        permissions=["change"],
    )
    def issue_certificates(self, request, queryset):
        for event in queryset.select_related("host"):
            try:
                issued, absent = certificates_issue(event=event, by=request.user)
            except ServiceError as error:
                report_error(request, error, prefix=str(event))
                continue
            self.message_user(
                request,
                ngettext(
                    "%(event)s: %(count)d certificate issued and emailed; %(absent)d confirmed "
                    "people were not marked present and get none.",
                    "%(event)s: %(count)d certificates issued and emailed; %(absent)d confirmed "
                    "people were not marked present and get none.",
                    len(issued),
                )
                % {"event": event, "count": len(issued), "absent": absent},
                messages.SUCCESS,
            )

    @admin.action(description=_("Export the registrations as CSV"), permissions=["view"])
    def export_registrations(self, request, queryset):
        return registrations_csv(list(queryset.order_by("start")))


class SessionSpeakerInline(admin.TabularInline):
    model = Speaker
    extra = 1
    fields = ["order", "name", "title", "member"]
    autocomplete_fields = ["member"]


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    form = SessionAdminForm
    list_display = ["title", "event", "order"]
    list_select_related = ["event"]
    search_fields = ["title", "event__title"]
    autocomplete_fields = ["event"]
    inlines = [SessionSpeakerInline]
    Media = ZonedTimesMedia
    fields = ["event", "order", "title", "start", "end", "description"]

    def has_module_permission(self, request):
        # Reached from the event's programme ("Change"), not from the admin index.
        return False


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["user", "event", "status", "member", "job_title", "created_at"]
    list_filter = ["status"]
    list_select_related = ["user", "event", "member"]
    search_fields = ["user__email", "user__full_name", "event__title", "member__name"]
    autocomplete_fields = ["user", "event", "member"]
    readonly_fields = ["created_at", "updated_at"]
    date_hierarchy = "created_at"


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ["code", "holder", "event", "issued_at"]
    list_select_related = ["registration__user", "registration__event"]
    search_fields = ["code", "registration__user__full_name", "registration__event__title"]
    readonly_fields = ["registration", "code", "issued_at", "issued_by"]

    def has_add_permission(self, request):
        return False  # Issued from the events list ("Issue attendance certificates").

    @admin.display(description=_("holder"), ordering="registration__user__full_name")
    def holder(self, obj):
        return obj.registration.user.get_full_name()

    @admin.display(description=_("event"), ordering="registration__event__start")
    def event(self, obj):
        return obj.registration.event


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "published_at", "language", "event", "preview_link"]
    list_filter = ["status", "language"]
    list_select_related = ["event"]
    search_fields = ["title", "lead", "body"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["event"]
    readonly_fields = ["preview_link", "created_at", "updated_at"]
    date_hierarchy = "published_at"
    save_on_top = True
    fieldsets = [
        (None, {"fields": ["title", "slug", "language", "status", "published_at", "preview_link"]}),
        (_("Text"), {"fields": ["lead", "body", "author"]}),
        (_("Cover image"), {"fields": ["cover", "cover_caption", "cover_credit"]}),
        (_("Source and event"), {"fields": ["source_name", "source_url", "event"]}),
        (None, {"fields": ["created_at", "updated_at"]}),
    ]

    @admin.display(description=_("preview"))
    def preview_link(self, obj):
        if not obj.pk:
            return gettext("Save the article first to preview it.")
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            reverse("news:preview", args=[obj.pk]),
            gettext("Preview on the site"),
        )
