"""The demo's library and drafts: documents along the cell's line, an open draft with the demo
member's comment, a past draft with outcomes and a final text."""

from sotay.devdata.handbook_library import seed_library
from sotay.handbook import selectors_library
from sotay.handbook.models import Draft, DraftStatus
from tests.factories import UserFactory


def test_documents_and_drafts_for_the_demo_cell(tree):
    UserFactory(username="province")
    member = tree.member_user  # Trần Thị Bình of cell A1
    facts = seed_library(tree.cell_a1)
    assert (
        facts["documents"] == 12 * 4 + 2 * 2
    )  # the line: province, district, commune, cell; then district B, commune B
    page = selectors_library.library_page(member, size=100)
    assert page.count == 48 and "Tài liệu sinh hoạt chi bộ" in page.documents[0].title
    assert selectors_library.library_page(member, query="chi thi").count == 12
    states = sorted(draft.state() for draft in Draft.objects.all())
    assert states == [DraftStatus.FINAL, DraftStatus.OPEN]
    open_draft = Draft.objects.get(status=DraftStatus.OPEN)
    assert [c.member_id for c in selectors_library.draft_comments(member, open_draft)] == [tree.binh.pk]
