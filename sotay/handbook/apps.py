from django.apps import AppConfig


class HandbookConfig(AppConfig):
    name = "sotay.handbook"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from sotay.handbook.models import Notice

        auditlog.register(Notice, exclude_fields=["updated_at"])
