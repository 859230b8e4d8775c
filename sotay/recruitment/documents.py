"""The official forms of an admission case, printed as PDF from what the case recorded.

Each form prints one recorded step: the application summary the application, the cell's
resolution its vote, the grassroots committee's resolution its own, the decision the admission,
and the recognition decision the recognition. The number, date and votes are those of the step's
event; the issuing body, its superior, the place and the committee that decides come from the
case's cell and its place in the unit tree.

The forms are Vietnamese party documents whose wording the Party's organizing guidance sets, so
their text is Vietnamese in every interface language; only the pages around them are translated.
Layout follows the party documents' convention: the superior organization, the issuing body, "*"
and the number on the left; "ĐẢNG CỘNG SẢN VIỆT NAM" and the place and date on the right. The
application, a citizen's own paper, carries the national motto instead.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

from django.db import models
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from weasyprint import CSS, HTML

from sotay.core.models import Policy
from sotay.core.policy import rule_on
from sotay.members.choices import Education, Gender
from sotay.organizations.models import Unit, UnitKind
from sotay.recruitment.choices import CaseAction, MassOrganization, Step
from sotay.recruitment.models import AdmissionCase, CaseEvent

STYLESHEET = Path(__file__).parent / "templates" / "recruitment" / "documents" / "forms.css"


class FormKind(models.TextChoices):
    APPLICATION = "application", _("Application summary")
    CELL_RESOLUTION = "cell-resolution", _("Cell's resolution proposing admission")
    COMMITTEE_RESOLUTION = "committee-resolution", _("Grassroots committee's resolution proposing admission")
    ADMISSION_DECISION = "admission-decision", _("Admission decision")
    RECOGNITION_DECISION = "recognition-decision", _("Decision recognizing a full member")


@dataclass(frozen=True)
class Form:
    kind: FormKind
    step: Step  # the recorded step the form prints
    form_number: str  # the form's number in the organizing guidance's set, if it has one


FORMS = {
    form.kind: form
    for form in (
        Form(FormKind.APPLICATION, Step.APPLIED, ""),
        Form(FormKind.CELL_RESOLUTION, Step.CELL_VOTED, "6-KNĐ"),
        Form(FormKind.COMMITTEE_RESOLUTION, Step.COMMITTEE_RESOLVED, "8-KNĐ"),
        Form(FormKind.ADMISSION_DECISION, Step.ADMITTED, "9-KNĐ"),
        Form(FormKind.RECOGNITION_DECISION, Step.RECOGNIZED, "16-KNĐ"),
    )
}

# The procedure's steps in their order; closing steps (rejected, withdrawn, removed) are not on it.
PROCEDURE = [
    Step.OPENED,
    Step.AWARENESS_CERTIFIED,
    Step.APPLIED,
    Step.INTRODUCED,
    Step.COMMENTS_COLLECTED,
    Step.BACKGROUND_VERIFIED,
    Step.CELL_VOTED,
    Step.COMMITTEE_RESOLVED,
    Step.ADMITTED,
    Step.SWORN_IN,
    Step.PROBATION_REVIEWED,
    Step.RECOGNITION_VOTED,
    Step.RECOGNIZED,
]

# The documents' own words for the values the case stores.
GENDER = {Gender.MALE: "Nam", Gender.FEMALE: "Nữ"}
EDUCATION = {Education.PRIMARY: "5/12", Education.LOWER_SECONDARY: "9/12", Education.UPPER_SECONDARY: "12/12"}
ORGANIZATION = {
    MassOrganization.YOUTH_UNION: "Đoàn Thanh niên Cộng sản Hồ Chí Minh",
    MassOrganization.TRADE_UNION: "Công đoàn",
    MassOrganization.WOMENS_UNION: "Hội Liên hiệp Phụ nữ",
    MassOrganization.FARMERS: "Hội Nông dân",
    MassOrganization.VETERANS: "Hội Cựu chiến binh",
    MassOrganization.FATHERLAND_FRONT: "Mặt trận Tổ quốc",
}

# Names of units: "Đảng bộ huyện Kim Sơn" or just "Huyện Kim Sơn"; the level word names the committee.
PARTY_PREFIX = re.compile(r"^(?:đảng bộ|chi bộ|đảng ủy|đảng uỷ)\s+", re.IGNORECASE)
LEVEL = re.compile(r"^(tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn)\s+(.+)$", re.IGNORECASE)
LEVEL_COMMITTEE = {
    "tỉnh": "Tỉnh ủy",
    "thành phố": "Thành ủy",
    "huyện": "Huyện ủy",
    "quận": "Quận ủy",
    "thị xã": "Thị ủy",
}


class FormNotReadyError(Exception):
    """The case has not recorded the step the form prints (or a later send-back undid it)."""


def organization_name(unit: Unit) -> str:
    """The party organization a unit is: "Đảng bộ huyện Kim Sơn", "Chi bộ thôn Một"."""
    if PARTY_PREFIX.match(unit.name):
        return unit.name
    level = LEVEL.match(unit.name)
    name = f"{level.group(1).lower()} {level.group(2)}" if level else unit.name
    return f"{'Chi bộ' if unit.kind == UnitKind.CELL else 'Đảng bộ'} {name}"


def committee_name(unit: Unit) -> str:
    """The body that issues the unit's documents: a cell itself, "Huyện ủy Kim Sơn", "Đảng ủy xã Kim Đông"."""
    if unit.kind == UnitKind.CELL:
        return organization_name(unit)
    rest = PARTY_PREFIX.sub("", organization_name(unit))
    level = LEVEL.match(rest)
    if level and unit.kind in (UnitKind.PROVINCE, UnitKind.DISTRICT):
        committee = LEVEL_COMMITTEE.get(level.group(1).lower())
        if committee:
            return f"{committee} {level.group(2)}"
    return f"Đảng ủy {rest}"


def place_name(chain: list[Unit]) -> str:
    """The locality a document is dated at: the first unit, from the issuer up, named after a place."""
    for unit in reversed(chain):
        level = LEVEL.match(PARTY_PREFIX.sub("", unit.name))
        if level:
            return level.group(2)
    return PARTY_PREFIX.sub("", chain[-1].name)


def long_date(day: datetime.date) -> str:
    """ "ngày 05 tháng 02 năm 2026": days below 10 and the months January and February take a zero."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def short_date(day: datetime.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def percent(part: int | None, whole: int | None) -> str:
    """The exact share rounded once, to two places, with the Vietnamese decimal comma: "66,67 %"."""
    if part is None or not whole:
        return ""
    share = Fraction(part * 100, whole)
    rounded = (Decimal(share.numerator) / Decimal(share.denominator)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    text = f"{rounded:f}".rstrip("0").rstrip(".")
    return f"{text.replace('.', ',')} %"


def document_number(event: CaseEvent) -> str:
    """The reference as recorded, without a leading "Số"; blank leaves room to write it by hand."""
    return re.sub(r"^số[:.]?\s*", "", event.document_ref.strip(), flags=re.IGNORECASE)


def standing_events(events: list[CaseEvent]) -> dict[str, CaseEvent]:
    """For each step, its latest advance that no later send-back to an earlier step undid.

    A rejection or withdrawal keeps what was done before it: its documents were issued.
    """
    standing: dict[str, CaseEvent] = {}
    for event in events:  # in the order they happened
        if event.action == CaseAction.ADVANCE:
            standing[event.to_step] = event
        elif event.action == CaseAction.SEND_BACK and event.to_step in PROCEDURE:
            back_to = PROCEDURE.index(Step(event.to_step))
            for step in list(standing):
                if step in PROCEDURE and PROCEDURE.index(Step(step)) > back_to:
                    del standing[step]
    return standing


def case_events(case: AdmissionCase) -> list[CaseEvent]:
    return list(case.events.order_by("occurred_on", "id"))


def available_forms(case: AdmissionCase, events: list[CaseEvent] | None = None) -> list[Form]:
    """The forms the case's record can print now, in the procedure's order."""
    standing = standing_events(case_events(case) if events is None else events)
    return [form for form in FORMS.values() if form.step in standing]


def _issuers(chain: list[Unit]) -> dict[str, Unit]:
    """The cell, its grassroots organization (the cell itself when it is a grassroots cell) and the
    committee above that, which decides admissions."""
    cell = chain[-1]
    grassroots = next((u for u in reversed(chain) if u.kind == UnitKind.GRASSROOTS), cell)
    position = chain.index(grassroots)
    deciding = chain[position - 1] if position > 0 and chain[position - 1].kind != UnitKind.CENTRAL else grassroots
    return {"cell": cell, "grassroots": grassroots, "deciding": deciding}


def _header(chain: list[Unit], issuer: Unit) -> dict:
    """Left block of a party document: the superior organization (below the province) and the issuer."""
    position = chain.index(issuer)
    superior = chain[position - 1] if position > 0 else None
    show_superior = (
        superior is not None
        and superior.kind != UnitKind.CENTRAL
        and issuer.kind not in (UnitKind.CENTRAL, UnitKind.PROVINCE)
    )
    return {
        "superior": organization_name(superior).upper() if show_superior and superior else "",
        "issuer": committee_name(issuer).upper(),
        "place": place_name(chain[: position + 1]),
    }


def _reference(event: CaseEvent | None) -> dict | None:
    """How a later document cites an earlier one: its number and date (None when never recorded)."""
    if event is None:
        return None
    return {"number": document_number(event), "on": short_date(event.occurred_on)}


def _votes(event: CaseEvent) -> dict:
    return {
        "voters": event.voters,
        "votes_for": event.votes_for,
        "votes_against": event.votes_against,
        "for_share": percent(event.votes_for, event.voters),
        "against_share": percent(event.votes_against, event.voters),
    }


def _introducers(case: AdmissionCase) -> list[str]:
    names = []
    for introduction in case.introductions.select_related("introducer").order_by("introduced_on", "id"):
        if introduction.introducer is not None:
            names.append(f"đồng chí {introduction.introducer.full_name}")
        else:
            names.append(ORGANIZATION.get(MassOrganization(introduction.organization), introduction.organization))
    return names


def _signs_for(issuer: Unit) -> str:
    """Who signs for the issuer: a province's or district's standing committee, a grassroots
    organization's committee, or a grassroots cell."""
    if issuer.kind in (UnitKind.PROVINCE, UnitKind.DISTRICT):
        return "BAN THƯỜNG VỤ"
    return "CHI BỘ" if issuer.kind == UnitKind.CELL else "ĐẢNG ỦY"


def form_context(case: AdmissionCase, kind: FormKind) -> dict:
    """What the form's template prints. Raises FormNotReadyError before its step is recorded."""
    form = FORMS[kind]
    events = case_events(case)
    standing = standing_events(events)
    event = standing.get(form.step)
    if event is None:
        raise FormNotReadyError(kind)
    chain = [*Unit.objects.get_ancestors(case.unit), case.unit]
    issuers = _issuers(chain)
    candidate = case.candidate
    cell, grassroots, deciding = (
        organization_name(issuers["cell"]),
        committee_name(issuers["grassroots"]),
        committee_name(issuers["deciding"]),
    )
    context: dict = {
        "form": form,
        "case": case,
        "event": event,
        "number": document_number(event),
        "date": long_date(event.occurred_on),
        "candidate": candidate,
        "gender": GENDER.get(Gender(candidate.gender), ""),
        "birth_date": short_date(candidate.birth_date),
        "education": EDUCATION.get(Education(candidate.general_education), candidate.general_education),
        "cell": cell,
        "grassroots": grassroots,
        "deciding": deciding,
        "introducers": _introducers(case),
    }
    if kind == FormKind.APPLICATION:
        # A summary of the record so far, dated by its latest step rather than by the application.
        record = sorted(standing.items(), key=lambda item: PROCEDURE.index(Step(item[0])))
        latest = max(e.occurred_on for _step, e in record)
        context["date"] = long_date(latest)
        context["header"] = {"place": place_name(chain)}
        organization = candidate.mass_organization
        context["mass_organization"] = ORGANIZATION.get(MassOrganization(organization), "") if organization else ""
        context["steps"] = [
            {"words": STEP_WORDS[Step(step)], "number": document_number(e), "on": short_date(e.occurred_on)}
            for step, e in record
            if step in STEP_WORDS
        ]
        return context
    if kind == FormKind.CELL_RESOLUTION:
        context["header"] = _header(chain, issuers["cell"])
        context["votes"] = _votes(event)
        context["recipients"] = [grassroots]
        return context
    signs_for = _signs_for(issuers["grassroots"] if kind == FormKind.COMMITTEE_RESOLUTION else issuers["deciding"])
    context["signs_for"] = signs_for
    if kind == FormKind.COMMITTEE_RESOLUTION:
        context["header"] = _header(chain, issuers["grassroots"])
        context["votes"] = _votes(event)
        context["recipients"] = [deciding, cell]
        cell_vote = standing.get(Step.CELL_VOTED)
        context["cell_vote"] = cell_vote and {**(_reference(cell_vote) or {}), **_votes(cell_vote)}
        return context
    context["header"] = _header(chain, issuers["deciding"])
    context["issuing_body"] = f"BAN THƯỜNG VỤ {deciding.upper()}" if signs_for == "BAN THƯỜNG VỤ" else deciding.upper()
    context["recipients"] = [grassroots, cell, f"đồng chí {candidate.full_name}"]
    admitted = standing.get(Step.ADMITTED)
    # The probation the regulation in force at the admission set, for the recognition as well.
    probation = rule_on(Policy.PROBATION_MONTHS, admitted.occurred_on) if admitted else None
    context["probation_months"] = int(probation.value) if probation else None
    context["resolution"] = _reference(standing.get(Step.COMMITTEE_RESOLVED))
    context["admission"] = _reference(admitted)
    context["recognition_vote"] = _reference(standing.get(Step.RECOGNITION_VOTED))
    sworn_in = standing.get(Step.SWORN_IN)
    context["sworn_in_on"] = short_date(sworn_in.occurred_on) if sworn_in else ""
    return context


# How the application summary names the steps recorded so far.
STEP_WORDS = {
    Step.OPENED: "Được xác định là quần chúng ưu tú, nguồn phát triển đảng",
    Step.AWARENESS_CERTIFIED: "Được cấp giấy chứng nhận học lớp bồi dưỡng nhận thức về Đảng",
    Step.APPLIED: "Nộp đơn xin vào Đảng và lý lịch của người xin vào Đảng",
    Step.INTRODUCED: "Được giới thiệu vào Đảng",
    Step.COMMENTS_COLLECTED: "Tổng hợp ý kiến nhận xét của đoàn thể và chi ủy nơi cư trú",
    Step.BACKGROUND_VERIFIED: "Thẩm tra lý lịch",
    Step.CELL_VOTED: "Chi bộ xét, biểu quyết đề nghị kết nạp",
    Step.COMMITTEE_RESOLVED: "Đảng ủy cơ sở ra nghị quyết đề nghị kết nạp",
    Step.ADMITTED: "Cấp ủy có thẩm quyền quyết định kết nạp",
    Step.SWORN_IN: "Tổ chức lễ kết nạp",
    Step.PROBATION_REVIEWED: "Tự kiểm điểm sau thời gian dự bị",
    Step.RECOGNITION_VOTED: "Chi bộ xét, biểu quyết đề nghị công nhận đảng viên chính thức",
    Step.RECOGNIZED: "Được công nhận đảng viên chính thức",
}


def render_form(case: AdmissionCase, kind: FormKind) -> bytes:
    """The form as PDF. Raises FormNotReadyError before its step is recorded."""
    context = form_context(case, kind)
    html = render_to_string(f"recruitment/documents/{kind.replace('-', '_')}.html", context)
    return HTML(string=html, url_fetcher=_fetch_nothing).write_pdf(stylesheets=[CSS(filename=STYLESHEET)])


def _fetch_nothing(url: str, *args, **kwargs):
    """The forms need nothing from outside (fonts come from the system); a URL that found its way
    into one is refused rather than fetched from the server."""
    raise ValueError(f"the official forms fetch no resources: {url}")


def file_name(case: AdmissionCase, kind: FormKind) -> str:
    return f"{kind}-{case.pk}.pdf"


def pdf_response(case: AdmissionCase, kind: FormKind) -> HttpResponse:
    """The form as an inline PDF download, for the page and the API alike. Raises FormNotReadyError."""
    response = HttpResponse(render_form(case, kind), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{file_name(case, kind)}"'
    return response
