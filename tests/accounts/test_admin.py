def test_admin_is_for_superusers_only(tree, client_for, client):
    assert client_for(tree.province_officer).get("/admin/").status_code == 302
    admin = client_for(tree.system.__class__.objects.get(username="root"))
    for url in (
        "/admin/",
        "/admin/accounts/user/",
        f"/admin/accounts/user/{tree.district_officer.pk}/change/",
        "/admin/organizations/unit/?q=kim",
        "/admin/members/member/?q=nguyen",
    ):
        assert admin.get(url).status_code == 200, url


def test_admin_member_search_ignores_diacritics(tree, client_for):
    admin = client_for(tree.system.__class__.objects.get(username="root"))
    assert "Nguyễn Văn An" in admin.get("/admin/members/member/?q=Nguyễn Văn").content.decode()


def test_admin_member_search_finds_a_card_number(tree, client_for):
    admin = client_for(tree.system.__class__.objects.get(username="root"))
    page = admin.get(f"/admin/members/member/?q={tree.an.card_number}").content.decode()
    assert "Nguyễn Văn An" in page
    assert tree.an.card_number in page
