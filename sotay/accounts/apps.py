from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "sotay.accounts"

    def ready(self) -> None:
        from auditlog.registry import auditlog
        from django.contrib.auth.signals import user_logged_in, user_logged_out

        from sotay.accounts.models import HandbookSwitch, RoleAssignment, User
        from sotay.accounts.roles import granted_paths
        from sotay.accounts.services import sessions
        from sotay.core.scoping import register_grants

        register_grants(granted_paths)

        auditlog.register(User, exclude_fields=["password", "last_login"])
        auditlog.register(RoleAssignment)
        auditlog.register(HandbookSwitch)

        def record(sender, request, user, **kwargs):
            if request is not None:
                sessions.sign_in_record(request=request, user=user)

        def close(sender, request, user, **kwargs):
            if request is not None and getattr(request, "session", None) is not None:
                sessions.sign_in_closed(session_key=request.session.session_key)

        user_logged_in.connect(record, dispatch_uid="sotay.accounts.sign_in_record", weak=False)
        user_logged_out.connect(close, dispatch_uid="sotay.accounts.sign_in_closed", weak=False)
