"""Reading back the PDFs the app prints."""

import io
import re
import unicodedata

from pypdf import PdfReader


def pdf_text(content: bytes) -> str:
    """The PDF's text as a reader sees it: composed characters, one space between words."""
    assert content.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(content))
    text = " ".join(page.extract_text() for page in reader.pages)
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text))
