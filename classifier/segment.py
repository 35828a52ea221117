"""Split a document into paragraphs with character offsets.

A paragraph is one non-empty line with its surrounding whitespace removed, exactly as the
labelling guide defines it, so ``text[start:end] == paragraph.text``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_LINE = re.compile(r"[^\n]+")


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of a document and its offsets into the decoded text."""

    index: int
    start: int
    end: int
    text: str


def segment(text: str) -> list[Paragraph]:
    """Return the paragraphs (non-blank lines, stripped) of ``text`` with offsets."""
    paragraphs: list[Paragraph] = []
    for match in _LINE.finditer(text):
        line = match.group()
        stripped = line.strip()
        if not stripped:
            continue
        start = match.start() + (len(line) - len(line.lstrip()))
        end = start + len(stripped)
        paragraphs.append(Paragraph(len(paragraphs), start, end, stripped))
    return paragraphs
