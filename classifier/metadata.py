"""Header metadata of LGSCO decision statements.

A decision starts with ``Authority name (20 000 636)`` on its first line, optionally followed
by ``Category : ...``, ``Decision : ...`` and ``Decision date : 22 Dec 2020`` lines (older and
newer page layouts, with or without blank lines between them). News and council pages have
none of these, so every field is None for them.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from classifier.document import Metadata

#: Header lines are looked for only among the first lines of the text.
HEADER_LINES = 12

_REFERENCE = r"\d{2}\s?\d{3}\s?\d{3}[a-zA-Z]?"
_FIRST_LINE = re.compile(
    rf"^(?P<authority>\S.{{0,150}}?)\s*\((?P<reference>{_REFERENCE}"
    rf"(?:\s*(?:,|&|and|/)\s*{_REFERENCE})*)\)\s*$"
)
_FIELD = re.compile(r"^(?P<name>Category|Decision date|Decision)\s*:\s*(?P<value>.*?)\s*$", re.I)
_DATE_FORMATS = ("%d %b %Y", "%d %B %Y", "%d/%m/%Y", "%Y-%m-%d", "%d %b. %Y", "%B %d, %Y")


def parse_date(value: str) -> str | None:
    """Return ``value`` ("22 Dec 2020", "3 September 2021", "22/12/2020") as ISO, or None."""
    cleaned = re.sub(r"\s+", " ", value.strip())
    cleaned = re.sub(r"^(\d{1,2})(?:st|nd|rd|th)\b", r"\1", cleaned)
    if cleaned[3:].lower().startswith("sept "):  # "22 Sept 2020"
        cleaned = cleaned.replace("Sept", "Sep", 1).replace("sept", "sep", 1)
    for fmt in _DATE_FORMATS:
        try:
            parsed: date = datetime.strptime(cleaned, fmt).date()
        except ValueError:
            continue
        return parsed.isoformat()
    return None


def _header_field(line: str) -> tuple[str, str] | None:
    """``(name, value)`` of a header line such as ``Decision : Upheld`` (the name lower-case),
    or None for any other line."""
    field = _FIELD.match(line.strip().replace("\u00a0", " "))
    if not field or not field.group("value"):
        return None
    return field.group("name").lower(), field.group("value")


def header_outcome(line: str) -> str | None:
    """The value of a ``Decision : Upheld`` header line, or None for any other line."""
    field = _header_field(line)
    return field[1] if field and field[0] == "decision" else None


def extract_metadata(text: str) -> Metadata:
    """Return the header fields of a decision; fields the text does not have are None."""
    lines = [line.strip() for line in text.splitlines() if line.strip()][:HEADER_LINES]
    metadata = Metadata()
    if not lines:
        return metadata
    first = _FIRST_LINE.match(lines[0].replace("\u00a0", " "))
    if first:
        metadata.authority = first.group("authority").strip()
        metadata.reference = first.group("reference")
    for line in lines:
        field = _header_field(line)
        if field is None:
            continue
        name, value = field
        if name == "category" and metadata.category is None:
            metadata.category = value
        elif name == "decision" and metadata.outcome is None:
            metadata.outcome = value
        elif name == "decision date" and metadata.decision_date is None:
            metadata.decision_date = parse_date(value)
    return metadata
