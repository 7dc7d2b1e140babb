from django.contrib import admin

from .models import DigestOptOut, DigestSent, Follow


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "key", "created_at"]
    list_filter = ["kind"]
    search_fields = ["user__email", "key"]
    list_select_related = ["user"]
    autocomplete_fields = ["user"]


@admin.register(DigestSent)
class DigestSentAdmin(admin.ModelAdmin):
    list_display = ["user", "week", "items", "sent_at"]
    list_filter = ["week"]
    search_fields = ["user__email"]
    list_select_related = ["user"]
    readonly_fields = ["user", "week", "items", "sent_at"]


@admin.register(DigestOptOut)
class DigestOptOutAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at"]
    search_fields = ["user__email"]
    list_select_related = ["user"]
    autocomplete_fields = ["user"]
