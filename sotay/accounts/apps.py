from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "sotay.accounts"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from sotay.accounts.models import RoleAssignment, User

        auditlog.register(User, exclude_fields=["password", "last_login"])
        auditlog.register(RoleAssignment)
