"""The secretary's activation page: issue codes for a cell and print them, one card per member."""

from sotay.accounts.models import ActivationCode
from tests.factories import switch_handbook_on
from tests.pdfs import pdf_text


def test_the_secretary_issues_a_cells_codes_and_prints_the_sheet(tree, client_for):
    switch_handbook_on(tree.province)
    client = client_for(tree.secretary)
    assert client.post(f"/activation/{tree.cell_a1.pk}/").status_code == 302
    page = client.get(f"/activation/{tree.cell_a1.pk}/")
    assert "Print the sheet" in page.content.decode()
    sheet = client.get(f"/activation/{tree.cell_a1.pk}/sheet/")
    assert sheet["Content-Type"] == "application/pdf"
    text = pdf_text(sheet.content)
    assert "Nguyễn Văn An" in text and "Trần Thị Bình" not in text  # Bình has an account already
    assert ActivationCode.objects.filter(member_id=tree.an.pk, used_at=None).count() == 1


def test_the_page_says_why_codes_cannot_be_issued_where_the_handbook_is_off(tree, client_for):
    page = client_for(tree.secretary).get(f"/activation/{tree.cell_a1.pk}/")
    assert "has not been switched on for Chi bộ thôn Một" in page.content.decode()
