"""Rules every template keeps."""

import re
from pathlib import Path

# `{{ unit.pk }}` prints 1,642 once ids pass a thousand (USE_THOUSAND_SEPARATOR): a link or an id
# attribute built from it breaks on every database larger than a test's.
LOCALIZED_ID = re.compile(r"\{\{ [\w.]*\.(pk|id) \}\}")


def test_ids_in_templates_are_printed_unlocalized():
    found = [
        f"{path}:{number}"
        for path in Path("sotay").rglob("*.html")
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if LOCALIZED_ID.search(line)
    ]
    assert found == [], "print ids with |unlocalize"
