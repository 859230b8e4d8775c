from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "sotay.organizations"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from sotay.organizations.models import Unit

        auditlog.register(Unit, exclude_fields=["numchild", "name_key"])
