from django.contrib import admin

from sotay.core.models import PolicyParameter
from sotay.core.text import fold


class ReadOnlyAdmin(admin.ModelAdmin):
    """Lists and search only: writes go through the console, whose services keep history and counts."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_search_results(self, request, queryset, search_term):
        # Searched fields hold folded keys ("nguyen"), so "Nguyễn" is folded the same way.
        return super().get_search_results(request, queryset, fold(search_term))


@admin.register(PolicyParameter)
class PolicyParameterAdmin(admin.ModelAdmin):
    """Superusers enter a new row when a regulation changes; the old row keeps its dates."""

    list_display = ["key", "value", "effective_from", "source"]
    list_filter = ["key"]

    def has_change_permission(self, request, obj=None):
        # A saved row is what was in force: changing it would rewrite past decisions.
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False
