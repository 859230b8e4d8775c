from sotay.members.models import Member


def test_tree_builds_and_scopes(tree):
    assert set(Member.objects.visible_to(tree.district_officer)) == {tree.an, tree.binh, tree.chi}
    assert list(Member.objects.visible_to(tree.member_user)) == [tree.binh]
    assert not Member.objects.visible_to(tree.outsider).filter(pk=tree.an.pk).exists()
