from django.contrib import admin

from sotay.core.admin import ReadOnlyAdmin
from sotay.members.models import Member


@admin.register(Member)
class MemberAdmin(ReadOnlyAdmin):
    list_display = ["full_name", "card_number", "status", "unit"]
    list_filter = ["status", "category"]
    search_fields = ["name_key", "card_number"]
    list_select_related = ["unit"]
    show_full_result_count = False

    def get_search_results(self, request, queryset, search_term):
        # A card number exactly, or names by the words of their start, as the console searches;
        # the admin's default would look for each word anywhere in a name.
        term = search_term.strip()
        if not term:
            return queryset, False
        return queryset.filter(card_number=term) | queryset.name_matches(term), False
