from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "sotay.accounts"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from sotay.accounts.models import RoleAssignment, User
        from sotay.accounts.roles import granted_paths
        from sotay.core.scoping import register_grants

        register_grants(granted_paths)

        auditlog.register(User, exclude_fields=["password", "last_login"])
        auditlog.register(RoleAssignment)
