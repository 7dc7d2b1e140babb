from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from .models import Affiliation, Member, OfficerTerm, Position, Province


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


@admin.register(Affiliation)
class AffiliationAdmin(admin.ModelAdmin):
    list_display = ["user", "member", "job_title", "status", "created_at", "decided_at"]
    list_filter = ["status"]
    list_select_related = ["user", "member"]
    search_fields = ["user__email", "user__full_name", "member__name"]
    autocomplete_fields = ["user", "member"]
    readonly_fields = ["decided_by", "decided_at", "created_at"]
