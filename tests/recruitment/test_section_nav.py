import pytest
from django.urls import reverse

PAGES = ["case-mine", "case-board", "source-list", "course-list", "progress"]


@pytest.mark.parametrize("page", PAGES)
def test_every_member_development_list_links_the_others_and_marks_itself(tree, client_for, page):
    html = client_for(tree.secretary).get(reverse(f"recruitment:{page}")).content.decode()
    for other in PAGES:
        assert f'href="{reverse(f"recruitment:{other}")}"' in html, other
    assert f'href="{reverse(f"recruitment:{page}")}" aria-current="page"' in html
