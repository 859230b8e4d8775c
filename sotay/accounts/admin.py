from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from sotay.accounts.models import RoleAssignment, User


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    fk_name = "user"
    autocomplete_fields = ["unit"]
    readonly_fields = ["granted_by", "granted_at"]
    extra = 0


@admin.register(User)
class SotayUserAdmin(UserAdmin):
    fieldsets = (*(UserAdmin.fieldsets or ()), ("Sổ tay", {"fields": ["member"]}))
    raw_id_fields = ["member"]
    inlines = [RoleAssignmentInline]
