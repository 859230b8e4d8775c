from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "sotay.members"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from sotay.members.models import Member

        auditlog.register(Member, exclude_fields=["name_key", "updated_at"])
