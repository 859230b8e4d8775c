"""The progress report as a spreadsheet (XlsxWriter), a PDF (WeasyPrint) and chart data.

The spreadsheet keeps each ratio as the exact value, so the cell's format rounds it once when
shown; the PDF and the page show the text the report rounds (`percent_text`).
"""

from __future__ import annotations

import io
from pathlib import Path

import xlsxwriter
from django.template.loader import render_to_string
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sotay.recruitment.selectors.progress import ProgressReport, Row, percent

PDF_STYLE = Path(__file__).parent / "templates" / "recruitment" / "progress" / "report_pdf.css"


def chart_data(report: ProgressReport) -> dict:
    """What the page's chart draws: per cent of plan so far and on track, for each child."""
    rows = [row for row in report.rows if row.unit is not None] or [report.total]
    return {
        "labels": [row.name for row in rows],
        "admitted": [row.admitted for row in rows],
        "target": [row.target for row in rows],
        "percent": [float(percent(row.ratio)) if row.ratio is not None else None for row in rows],
        "on_track": [float(percent(row.on_track_ratio)) if row.on_track_ratio is not None else None for row in rows],
        "series": {
            "percent": _("Per cent of plan so far"),
            "on_track": _("On track for, by 31 December"),
            "plan": _("Plan"),
        },
        "forecast": report.forecast,
    }


def _title(report: ProgressReport) -> str:
    return _("Member development in %(unit)s, %(year)s, as of %(day)s") % {
        "unit": report.unit.name,
        "year": report.year,
        "day": date_format(report.as_of, "SHORT_DATE_FORMAT"),
    }


def report_filename(report: ProgressReport, extension: str) -> str:
    return f"progress-{report.unit.code}-{report.year}-{report.as_of.isoformat()}.{extension}"


def progress_xlsx(report: ProgressReport) -> bytes:
    output = io.BytesIO()
    book = xlsxwriter.Workbook(output, {"in_memory": True})
    sheet = book.add_worksheet(_("Progress")[:31])
    bold = book.add_format({"bold": True})
    head = book.add_format({"bold": True, "text_wrap": True, "valign": "top", "bottom": 1})
    ratio = book.add_format({"num_format": "0.00%"})
    total_ratio = book.add_format({"num_format": "0.00%", "bold": True, "top": 1})
    total = book.add_format({"bold": True, "top": 1})
    sheet.write(0, 0, _title(report), bold)
    columns = [
        _("Unit"),
        _("Target"),
        _("Admitted"),
        _("Per cent of plan"),
        _("Standing"),
        _("New organizations"),
        _("Target for new organizations"),
        *[label for _value, label in report.categories],
    ]
    if report.forecast:
        columns += [_("Expected by 31 December"), _("On track for"), _("At risk")]
    for col, label in enumerate(columns):
        sheet.write(2, col, label, head)

    def write_row(line: int, row: Row, name: str, plain, as_ratio) -> None:
        values: list = [
            name,
            row.target,
            row.admitted,
            float(row.ratio) if row.ratio is not None else None,
            row.standing,
            row.new_organizations,
            row.new_organizations_target,
            *[row.category(value) for value, _label in report.categories],
        ]
        if report.forecast:
            on_track = row.on_track_ratio
            values += [
                row.projected_count,
                float(on_track) if on_track is not None else None,
                _("yes") if row.at_risk else "",
            ]
        for col, value in enumerate(values):
            is_ratio = col == 3 or (report.forecast and col == len(values) - 2)
            if value is None:
                sheet.write_blank(line, col, None, as_ratio if is_ratio else plain)
            else:
                sheet.write(line, col, value, as_ratio if is_ratio else plain)

    line = 3
    for row in report.rows:
        write_row(line, row, row.name, None, ratio)
        line += 1
    write_row(line, report.total, _("Total"), total, total_ratio)
    sheet.set_column(0, 0, 36)
    sheet.set_column(1, len(columns) - 1, 13)
    sheet.freeze_panes(3, 1)
    book.close()
    return output.getvalue()


def progress_pdf(report: ProgressReport) -> bytes:
    from weasyprint import CSS, HTML  # loads Pango: only when a PDF is asked for

    html = render_to_string("recruitment/progress/report_pdf.html", {"report": report, "title": _title(report)})
    return HTML(string=html).write_pdf(stylesheets=[CSS(filename=str(PDF_STYLE))])
