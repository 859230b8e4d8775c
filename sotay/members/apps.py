from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "sotay.members"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from sotay.accounts.directory import MemberDirectory, register_member_directory
        from sotay.members import directory
        from sotay.members.choices import ON_ROLLS
        from sotay.members.models import Member
        from sotay.members.selectors import direct_member_count, last_arrival_in
        from sotay.members.services import unit_members_move
        from sotay.organizations.membership import MemberHooks, register_member_hooks

        auditlog.register(Member, exclude_fields=["name_key", "updated_at"])
        # The unit tree sits below members: it reaches them only through these hooks.
        register_member_hooks(
            MemberHooks(
                on_rolls=ON_ROLLS,
                count_in=direct_member_count,
                last_arrival_in=last_arrival_in,
                move_all=unit_members_move,
            )
        )
        # Accounts sit below members too: activation and sign-in find members through this directory.
        register_member_directory(
            MemberDirectory(
                card=directory.card, matching=directory.matching, in_cell=directory.in_cell, access=directory.access
            )
        )
