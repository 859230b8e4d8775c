import pytest
from django.core.exceptions import ImproperlyConfigured

from sotay.accounts.models import User
from sotay.core import scoping
from sotay.core.permissions import MEMBERS_CHANGE, UNITS_VIEW
from sotay.core.scoping import scope_paths
from sotay.members.models import Member
from sotay.organizations.models import Unit
from tests.factories import superuser


def test_a_superuser_sees_everything_and_a_member_only_their_own(tree):
    assert Member.objects.visible_to(superuser()).count() == Member.objects.count() == 4
    assert Unit.objects.visible_to(superuser()).count() == Unit.objects.count()
    assert list(Member.objects.visible_to(tree.member_user)) == [tree.binh]


def test_a_superuser_linked_to_a_member_still_sees_everything(tree):
    root = superuser()
    root.member = tree.an
    root.save()
    assert Member.objects.visible_to(root).count() == 4


def test_everything_is_read_without_joining_units(tree):
    assert "organizations_unit" not in str(Member.objects.visible_to(superuser()).query)
    assert "organizations_unit" in str(Member.objects.visible_to(tree.district_officer).query)


def test_a_users_scope_is_read_once_for_every_permission(tree, django_assert_num_queries):
    user = User.objects.get(pk=tree.district_officer.pk)
    with django_assert_num_queries(1):
        assert scope_paths(user, UNITS_VIEW) == scope_paths(user, MEMBERS_CHANGE) == (tree.district_a.path,)


def test_an_unknown_permission_is_an_error_not_an_empty_scope(tree):
    with pytest.raises(ValueError, match=r"units\.delete"):
        scope_paths(tree.district_officer, "units.delete")


def test_without_an_app_that_grants_permissions_nothing_is_visible(tree, monkeypatch):
    """core knows no roles: the accounts app tells it where users hold permissions, or nothing works."""
    monkeypatch.setattr(scoping, "_registered", [])
    user = User.objects.get(pk=tree.district_officer.pk)
    with pytest.raises(ImproperlyConfigured):
        Member.objects.visible_to(user).count()
