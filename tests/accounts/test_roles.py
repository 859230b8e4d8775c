import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sotay.accounts.roles import Role
from sotay.accounts.services import role_grant
from sotay.members.models import Member
from tests.factories import UserFactory


def test_an_officer_grants_roles_inside_their_subtree(tree):
    newcomer = UserFactory(username="newcomer")
    role_grant(actor=tree.district_officer, user=newcomer, unit=tree.cell_a2, role=Role.SECRETARY)
    assert list(Member.objects.visible_to(newcomer)) == [tree.chi]


def test_no_grants_outside_the_subtree_or_by_read_only_roles(tree):
    newcomer = UserFactory(username="newcomer")
    with pytest.raises(PermissionDenied):
        role_grant(actor=tree.district_officer, user=newcomer, unit=tree.cell_b1, role=Role.VIEWER)
    with pytest.raises(PermissionDenied):
        role_grant(actor=tree.district_viewer, user=newcomer, unit=tree.cell_a1, role=Role.VIEWER)
    with pytest.raises(ValidationError):
        role_grant(actor=tree.district_officer, user=newcomer, unit=tree.cell_a1, role="emperor")
    assert not Member.objects.visible_to(newcomer).exists()
