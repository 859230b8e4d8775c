"""The printable sheet of activation codes: one card per member with the code, its expiry and a QR
code that opens the activation page with the code filled in. A4, cut along the dashed lines.

The raw codes exist only between issuing and printing: they are kept in the issuing officer's own
session (as a new API token is) and never in the database, which holds their keyed hashes."""

from pathlib import Path
from urllib.parse import urlencode, urljoin

import segno
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from weasyprint import CSS, HTML

from sotay.accounts.services.activation import Issue, shown
from sotay.organizations.models import Unit

STYLESHEET = Path(__file__).parent.parent / "templates" / "accounts" / "sheet.css"


def keep(unit: Unit, issue: Issue) -> dict:
    """What the session keeps of an issue until the sheet is printed (JSON-serializable)."""
    return {
        "unit": unit.pk,
        "cards": [
            {"name": item.member.full_name, "code": item.code, "expires_at": item.expires_at.isoformat()}
            for item in issue.issued
        ],
    }


def kept_for(kept: dict | None, unit: Unit) -> list[dict]:
    if not kept or kept.get("unit") != unit.pk:
        return []
    return kept["cards"]


def activation_link(base_url: str, code: str) -> str:
    return urljoin(base_url, reverse("activate")) + "?" + urlencode({"code": code})


def render_sheet(unit: Unit, cards: list[dict], *, base_url: str) -> bytes:
    rows = []
    for card in cards:
        link = activation_link(base_url, card["code"])
        expires_at = parse_datetime(card["expires_at"])
        rows.append(
            {
                "name": card["name"],
                "code": shown(card["code"]),
                "expires_on": timezone.localdate(expires_at) if expires_at else None,
                "link": link,
                # Inline SVG: nothing to fetch, sharp at any print size.
                "qr": segno.make(link, error="m").svg_inline(scale=3, border=2),
            }
        )
    html = render_to_string(
        "accounts/sheet.html", {"unit": unit, "cards": rows, "activate_url": urljoin(base_url, reverse("activate"))}
    )
    return HTML(string=html, url_fetcher=_fetch_nothing).write_pdf(stylesheets=[CSS(filename=STYLESHEET)])


def _fetch_nothing(url: str, *args, **kwargs):
    raise ValueError(f"the activation sheet fetches no resources: {url}")
