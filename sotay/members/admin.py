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
