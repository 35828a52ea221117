"""A keyword baseline: what a short hand-written phrase list per label achieves.

The phrases paraphrase the label definitions of the labelling guide
(``shared/labelling-guide.md``) and were written once from it; they are deliberately not tuned
on any data, least of all the held-out split, so that the evaluation shows what the trained
model adds over reading the definitions. A paragraph gets a label when any of its phrases
occurs in the lower-cased text (phrases are regular expressions matched at word starts).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

KEYWORDS: dict[str, tuple[str, ...]] = {
    "delay": (
        r"delay",
        r"too long",
        r"late\b",
        r"lateness",
        r"timescale",
        r"time ?frame",
        r"deadline",
        r"promptly",
        r"sooner",
        r"waited",
        r"waiting",
        r"overdue",
        r"took (?:\w+ ){0,2}(?:days|weeks|months|years)",
    ),
    "record_keeping": (
        r"records?\b",
        r"recorded",
        r"record[- ]keeping",
        r"not recorded",
        r"case (?:file|notes?)",
        r"notes?\b",
        r"minutes\b",
        r"inaccura",
        r"incomplete",
        r"lost",
        r"documented",
    ),
    "contact": (
        r"contact",
        r"communicat",
        r"(?:kept|keep|keeping) (?:\w+ ){0,2}informed",
        r"not (?:told|tell|inform)",
        r"failed to (?:tell|inform|update)",
        r"(?:return|returned|respond to|reply to) (?:\w+ ){0,2}(?:calls?|emails?|messages?)",
        r"phone calls?",
        r"invite",
        r"shar(?:e|ed|ing)\b",
    ),
    "complaint_handling": (
        r"complaints? (?:handling|procedure|process|response)",
        r"handl\w* (?:of )?(?:the |his |her |their |my )?complaint",
        r"(?:stage (?:one|two|1|2|three|3))",
        r"escalat",
        r"(?:respond|response|reply|replied) (?:\w+ ){0,2}complaint",
    ),
}

_PATTERNS = {
    label: re.compile("|".join(rf"\b(?:{p})" for p in phrases))
    for label, phrases in KEYWORDS.items()
}


def keyword_predict(texts: Sequence[str], labels: Sequence[str]) -> np.ndarray:
    """0/1 matrix (texts, labels) of keyword matches; a label without phrases is never given."""
    lowered = [text.lower() for text in texts]
    return np.array(
        [
            [int(label in _PATTERNS and bool(_PATTERNS[label].search(t))) for label in labels]
            for t in lowered
        ],
        dtype=int,
    ).reshape(len(texts), len(labels))
