"""The official forms: what each prints, read back from the PDF's text, and who may download them."""

import datetime

import pytest
from django.urls import reverse

from sotay.organizations.models import Unit, UnitKind
from sotay.recruitment import documents
from sotay.recruitment.access import access_case
from sotay.recruitment.choices import CaseAction, Step
from sotay.recruitment.documents import FormKind
from tests.factories import make_candidate, make_case, make_unit, make_walked_case, record_step
from tests.pdfs import pdf_text

pytestmark = pytest.mark.django_db

START = datetime.date(2026, 5, 4)  # the cell votes six weeks later, on 15 June 2026
NAME = "Đỗ Thị Ngọc Diễm"


def form_text(case, kind: FormKind) -> str:
    return pdf_text(documents.render_form(case, kind))


@pytest.fixture
def case(tree):
    return make_walked_case(tree, NAME)


def test_the_cell_resolution_prints_header_number_place_date_and_votes(case):
    text = form_text(case, FormKind.CELL_RESOLUTION)
    for words in (
        "Mẫu 6-KNĐ",
        "ĐẢNG BỘ XÃ KIM ĐÔNG",
        "CHI BỘ THÔN MỘT",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Số 05-NQ/CB",
        "Kim Đông, ngày 15 tháng 6 năm 2026",
        "NGHỊ QUYẾT",
        "đề nghị kết nạp đảng viên",
        NAME,
        "sinh ngày 08/03/2001",
        "Giáo viên Trường Tiểu học Kim Đông",
        "Người giới thiệu: đồng chí Nguyễn Văn An, Đoàn Thanh niên Cộng sản Hồ Chí Minh",
        "Tổng số đảng viên chính thức của chi bộ: 9 đồng chí",
        "Số tán thành việc kết nạp: 8 đồng chí, đạt 88,89 % so với tổng số đảng viên chính thức",
        "Số không tán thành: 1 đồng chí, chiếm 11,11 %",
        "Chi bộ đề nghị Đảng ủy xã Kim Đông xem xét",
        "T/M CHI BỘ",
        "BÍ THƯ",
    ):
        assert words in text


def test_the_committee_resolution_cites_the_cell_resolution(case):
    text = form_text(case, FormKind.COMMITTEE_RESOLUTION)
    for words in (
        "Mẫu 8-KNĐ",
        "ĐẢNG BỘ HUYỆN KIM SƠN",
        "ĐẢNG ỦY XÃ KIM ĐÔNG",
        "Số 12-NQ/ĐU",  # recorded as "Số 12-NQ/ĐU": printed once
        "Kim Đông, ngày 22 tháng 6 năm 2026",
        "Xét Nghị quyết số 05-NQ/CB ngày 15/06/2026 của Chi bộ thôn Một",
        "tán thành 8/9, đạt 88,89 %",
        "Tổng số cấp ủy viên: 13 đồng chí",
        "Số tán thành việc kết nạp: 11 đồng chí, đạt 84,62 %",
        "Đảng ủy xã Kim Đông đề nghị Huyện ủy Kim Sơn xem xét, quyết định kết nạp quần chúng " + NAME,
        "T/M ĐẢNG ỦY",
    ):
        assert words in text
    assert "Số Số" not in text


def test_the_admission_decision_comes_from_the_committee_above_the_grassroots(case):
    text = form_text(case, FormKind.ADMISSION_DECISION)
    for words in (
        "Mẫu 9-KNĐ",
        "ĐẢNG BỘ TỈNH THỬ",
        "HUYỆN ỦY KIM SƠN",
        "Số 345-QĐ/HU",
        "Kim Sơn, ngày 29 tháng 6 năm 2026",
        "QUYẾT ĐỊNH",
        "BAN THƯỜNG VỤ HUYỆN ỦY KIM SƠN",
        "Xét Nghị quyết số 12-NQ/ĐU ngày 22/06/2026 của Đảng ủy xã Kim Đông",
        f"Điều 1. Kết nạp quần chúng {NAME}, sinh ngày 08/03/2001",
        "Thời gian dự bị 12 tháng",  # the policy parameter in force, not a constant
        "T/M BAN THƯỜNG VỤ",
    ):
        assert words in text


def test_the_recognition_decision_cites_the_admission_and_the_cells_proposal(case):
    text = form_text(case, FormKind.RECOGNITION_DECISION)
    for words in (
        "Mẫu 16-KNĐ",
        "HUYỆN ỦY KIM SƠN",
        "Số 678-QĐ/HU",
        "Kim Sơn, ngày 27 tháng 7 năm 2026",
        "công nhận đảng viên chính thức",
        "Căn cứ Quyết định số 345-QĐ/HU ngày 29/06/2026",
        "Xét Nghị quyết số 21-NQ/CB ngày 20/07/2026 của Chi bộ thôn Một",
        f"Công nhận đồng chí {NAME}",
        "kết nạp ngày 06/07/2026",
        "sau 12 tháng dự bị",
    ):
        assert words in text


def test_the_application_summary_carries_the_national_motto_and_the_record(case):
    text = form_text(case, FormKind.APPLICATION)
    for words in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Kim Đông, ngày 27 tháng 7 năm 2026",  # the latest step recorded
        "TÓM TẮT HỒ SƠ NGƯỜI XIN VÀO ĐẢNG",
        "Kính gửi: Chi bộ thôn Một; Đảng ủy xã Kim Đông",
        NAME,
        "08/03/2001",
        "Nữ",
        "Đoàn Thanh niên Cộng sản Hồ Chí Minh",
        "Được cấp giấy chứng nhận học lớp bồi dưỡng nhận thức về Đảng",
        "GCN 112/TTCT",
        "NGƯỜI XIN VÀO ĐẢNG",
        "XÁC NHẬN CỦA CHI BỘ",
    ):
        assert words in text
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" not in text


def test_a_blank_reference_leaves_room_to_write_the_number(tree):
    case = make_case(make_candidate(tree.cell_a1), until=Step.BACKGROUND_VERIFIED, start=START, actor=tree.secretary)
    record_step(case, Step.CELL_VOTED, on=datetime.date(2026, 2, 3), actor=tree.secretary, votes=(6, 3, 9))
    text = form_text(case, FormKind.CELL_RESOLUTION)
    assert "Số CHI BỘ" not in text and "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert "ngày 03 tháng 02 năm 2026" in text
    assert "đạt 66,67 %" in text  # two thirds, rounded once


def test_what_was_typed_is_printed_as_text_and_nothing_is_fetched(tree):
    address = '<img src="http://127.0.0.1:9/x.png"> Thôn Một'
    case = make_case(
        make_candidate(tree.cell_a1, address=address), until=Step.APPLIED, start=START, actor=tree.secretary
    )
    assert address in form_text(case, FormKind.APPLICATION)


def test_each_form_waits_for_its_step_and_a_send_back_withdraws_it(tree):
    case = make_case(make_candidate(tree.cell_a1), until=Step.COMMITTEE_RESOLVED, start=START, actor=tree.secretary)
    kinds = [form.kind for form in documents.available_forms(case)]
    assert kinds == [FormKind.APPLICATION, FormKind.CELL_RESOLUTION, FormKind.COMMITTEE_RESOLUTION]
    with pytest.raises(documents.FormNotReadyError):
        documents.render_form(case, FormKind.ADMISSION_DECISION)
    record_step(
        case,
        Step.BACKGROUND_VERIFIED,
        on=START + datetime.timedelta(weeks=8),
        actor=tree.district_officer,
        action=CaseAction.SEND_BACK,
        reason="Cần thẩm tra lại lý lịch",
    )
    assert [form.kind for form in documents.available_forms(case)] == [FormKind.APPLICATION]
    record_step(case, Step.REJECTED, on=START + datetime.timedelta(weeks=9), actor=tree.district_officer,
                action=CaseAction.REJECT, reason="Không đủ tiêu chuẩn")  # fmt: skip
    assert [form.kind for form in documents.available_forms(case)] == [FormKind.APPLICATION]


def test_names_of_committees_and_places_follow_the_unit_names(tree):
    province = make_unit(Unit.objects.get(code="TW"), "Đảng bộ tỉnh Ninh Bình", UnitKind.PROVINCE, code="NB")
    city = make_unit(province, "Đảng bộ thành phố Ninh Bình", UnitKind.DISTRICT, code="NBC")
    police = make_unit(province, "Đảng bộ Công an tỉnh", UnitKind.DISTRICT, code="CAT")
    ward = make_unit(city, "Đảng bộ phường Vân Giang", UnitKind.GRASSROOTS, code="VG")
    assert [documents.committee_name(u) for u in (province, city, police, ward)] == [
        "Tỉnh ủy Ninh Bình",
        "Thành ủy Ninh Bình",
        "Đảng ủy Công an tỉnh",
        "Đảng ủy phường Vân Giang",
    ]
    assert documents.organization_name(tree.district_a) == "Đảng bộ huyện Kim Sơn"
    assert documents.place_name([province, police]) == "Ninh Bình"
    assert documents.place_name([tree.district_a, tree.commune_a, tree.cell_a1]) == "Kim Đông"


@pytest.mark.parametrize(
    ("day", "words"),
    [
        (datetime.date(2026, 6, 15), "ngày 15 tháng 6 năm 2026"),
        (datetime.date(2026, 1, 5), "ngày 05 tháng 01 năm 2026"),
        (datetime.date(2026, 12, 31), "ngày 31 tháng 12 năm 2026"),
    ],
)
def test_long_dates(day, words):
    assert documents.long_date(day) == words


def test_percentages_are_exact_and_rounded_once():
    assert [documents.percent(*v) for v in ((2, 3), (6, 9), (9, 9), (1, 8), (0, 7))] == [
        "66,67 %",
        "66,67 %",
        "100 %",
        "12,5 %",
        "0 %",
    ]
    assert documents.percent(None, 9) == documents.percent(3, 0) == ""


# Pages and API: who gets the PDF.


def form_url(case, kind) -> str:
    return reverse("recruitment:case-form", kwargs={"case_id": case.pk, "kind": kind})


def test_the_page_downloads_the_pdf_for_anyone_who_sees_the_case(tree, case, client_for):
    for user in (tree.secretary, tree.district_viewer, tree.province_officer):
        response = client_for(user).get(form_url(case, "admission-decision"))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == f'inline; filename="admission-decision-{case.pk}.pdf"'
        assert NAME in pdf_text(response.content)


def test_the_page_is_404_outside_the_scope_and_for_an_unknown_form(tree, case, client_for):
    for user in (tree.outsider, tree.member_user):
        assert client_for(user).get(form_url(case, "application")).status_code == 404
    assert client_for(tree.secretary).get(form_url(case, "birth-certificate")).status_code == 404


def test_the_page_asks_anonymous_users_to_sign_in(case, client):
    response = client.get(form_url(case, "application"))
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_a_form_before_its_step_says_so(tree, client_for):
    case = make_case(make_candidate(tree.cell_a1, NAME), until=Step.INTRODUCED, start=START, actor=tree.secretary)
    response = client_for(tree.secretary).get(form_url(case, "cell-resolution"))
    assert response.status_code == 404
    body = response.content.decode()
    assert NAME in body and "Cell voted" in body
    assert form_url(case, "application") in body  # what can be printed instead


@pytest.mark.parametrize(("kind", "queries"), [(FormKind.CELL_RESOLUTION, 5), (FormKind.ADMISSION_DECISION, 6)])
def test_a_form_reads_a_fixed_handful_of_rows(tree, case, django_assert_num_queries, kind, queries):
    """The reader's scope, the case with its candidate and cell, its events, the cell's ancestors,
    its introductions (and for a decision the probation in force), however long its history."""
    with django_assert_num_queries(queries):
        documents.form_context(access_case(tree.secretary, case.pk), kind)
