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
