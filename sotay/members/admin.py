from django.contrib import admin

from sotay.members.models import Member


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    """Read-only: member changes go through the console, whose services write the history rows."""

    list_display = ["full_name", "card_number", "status", "unit"]
    list_filter = ["status", "category"]
    search_fields = ["name_key", "card_number"]
    list_select_related = ["unit"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
