from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "sotay.core"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from sotay.core.lookups import register_lookups
        from sotay.core.models import PolicyParameter

        register_lookups()

        # A changed rule changes what the services accept: who changed it must be on record.
        auditlog.register(PolicyParameter)
