"""Paragraphs whose labels ``classify predict`` withholds, by the labelling guide's rules.

The guide gives headers and page furniture no label. The analyser still scores such
paragraphs but shows no label or finding for them: boilerplate anywhere, section headings
("Complaint handling") in a decision statement, and form fields ("Report to:") on other
pages. Evaluation applies the same rule, so that its figures describe the labels a user sees.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from classifier.boilerplate import is_boilerplate
from classifier.document import Metadata
from classifier.metadata import extract_metadata
from classifier.preprocess import is_heading

#: A form field's label: letters, apostrophes and spaces ("Report to", "Wards Affected").
_FIELD_LABEL = re.compile(r"[A-Za-z][A-Za-z'’ ]*")
#: Words of a fault or finding: a line holding one is a headline, never a form field.
_FAULT_WORD = re.compile(
    r"\b(fault|fail|delay|late|upheld|uphold|accept|admit|apolog|lost|miss|wrong|error|breach|"
    r"criticis)",
    re.IGNORECASE,
)
_MAX_FIELD_LINE = 80


def is_form_field(text: str) -> bool:
    """Whether a line is a field of a council page's form (committee reports, minutes): a
    label of at most four words alone with its colon ("Report to:", "Wards Affected:"), or a
    label of at most three words with a value that starts with a number and holds at most two
    words ("Contact: 01803 861323", "Meeting: 20/09/2024 - Cabinet (Item 54)").

    A line of more than 80 characters, or holding a word of fault or finding ("Council
    accepts fault:", "Late minutes:", "Complaint handling: 6 Months Late"), is not one: a
    headline naming a fault keeps its labels.
    """
    line = " ".join(text.split()).replace("：", ":")
    if len(line) > _MAX_FIELD_LINE or _FAULT_WORD.search(line):
        return False
    label, colon, value = line.partition(":")
    label, value = label.strip(), value.strip()
    if not colon or not _FIELD_LABEL.fullmatch(label):
        return False
    if value in ("", "-"):
        return len(label.split()) <= 4
    words = re.findall(r"[A-Za-z]{3,}", value)
    return len(label.split()) <= 3 and value[0].isdigit() and len(words) <= 2


def is_decision(metadata: Metadata) -> bool:
    """True for a decision statement: its header gives a case reference or an outcome."""
    return metadata.reference is not None or metadata.outcome is not None


def withholds_labels(text: str, *, decision: bool) -> bool:
    """True when a paragraph gets no label or finding: boilerplate, a section heading of a
    decision statement (``decision``), or a form field of a council page ("Report to:",
    "Contact: 01803 861323"; :func:`is_form_field`). On a news page a short headline keeps
    its labels: the guide counts a headline saying a council was at fault as a finding."""
    if is_boilerplate(text):
        return True
    return is_heading(text) if decision else is_form_field(text)


def decision_rows(texts: Sequence[str], doc_ids: Sequence[str]) -> np.ndarray:
    """Per paragraph, True when its document is a decision statement (:func:`is_decision`).

    ``texts`` are paragraphs in document order and ``doc_ids`` their documents; a document's
    paragraphs, joined by line breaks, stand for its text.
    """
    paragraphs: dict[str, list[str]] = {}
    for text, doc_id in zip(texts, doc_ids, strict=True):
        paragraphs.setdefault(doc_id, []).append(text)
    decision = {
        doc_id: is_decision(extract_metadata("\n".join(lines)))
        for doc_id, lines in paragraphs.items()
    }
    return np.array([decision[doc_id] for doc_id in doc_ids], dtype=bool)


def shown_rows(
    texts: Sequence[str], doc_ids: Sequence[str], decision: np.ndarray | None = None
) -> np.ndarray:
    """Per labelled paragraph, False where ``classify predict`` would withhold its labels.

    ``decision`` (one flag per paragraph, default :func:`decision_rows`) tells the paragraphs
    of decision statements from those of news pages.
    """
    if decision is None:
        decision = decision_rows(texts, doc_ids)
    return np.array(
        [
            not withholds_labels(text, decision=bool(is_decision_row))
            for text, is_decision_row in zip(texts, decision, strict=True)
        ],
        dtype=bool,
    )
