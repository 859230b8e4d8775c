import importlib

from django.apps import apps

from sotay.accounts.models import RoleAssignment

migration = importlib.import_module("sotay.accounts.migrations.0003_remove_member_role")


def test_the_migration_deletes_the_old_member_role_rows(tree):
    """Rows of the removed `member` role drifted from the record (a transfer left them on the old cell)."""
    RoleAssignment.objects.create(user=tree.member_user, unit=tree.cell_a1, role="member")
    migration.delete_member_roles(apps, None)
    assert not RoleAssignment.objects.filter(role="member").exists()
    assert RoleAssignment.objects.filter(user=tree.secretary).exists()
