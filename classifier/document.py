"""The result objects of an analysis: one :class:`DocumentResult` per input document.

Renderers read these objects and never recompute anything. ``to_dict`` gives the JSON
contract printed by ``--format json``/``jsonl``.
"""

from __future__ import annotations

import copy
import functools
from dataclasses import dataclass, field, fields, is_dataclass
from itertools import repeat
from typing import Any


@dataclass
class TermWeight:
    """A term of a paragraph (lemma n-gram), its weight in a label's logit, its own words."""

    term: str
    weight: float
    words: str | None = None


@dataclass
class LabelExplanation:
    """A label's whole-paragraph logit split into contributions (see :mod:`classifier.explain`).

    ``intercept + sum(t.weight for t in terms) + other_terms == logit``; ``char_ngrams`` is
    the part of the feature contributions that character n-grams carry.
    """

    terms: list[TermWeight]
    other_terms: float
    char_ngrams: float
    intercept: float
    logit: float


@dataclass
class ParagraphResult:
    """One paragraph with its offsets, predicted labels, label scores and finding."""

    index: int
    start: int
    end: int
    text: str
    labels: list[str]
    scores: dict[str, float]
    finding: str = "none"
    finding_scores: dict[str, float] = field(default_factory=dict)
    boilerplate: bool = False
    explanation: dict[str, LabelExplanation] | None = None


@dataclass
class Remedy:
    """A money amount paid or agreed as redress."""

    amount: float
    currency: str
    text: str
    start: int
    end: int
    paragraph: int
    recipient: str | None = None
    purposes: list[str] = field(default_factory=list)
    #: How many people are each paid ``amount`` ("£200 each" to two people: 2).
    payees: int = 1


@dataclass
class Action:
    """A non-monetary remedy (apology, training, review...) with its deadline if stated."""

    type: str
    paragraph: int
    text: str = ""
    deadline: str | None = None


@dataclass
class Metadata:
    """Header fields of an LGSCO decision; None when the text has no such field."""

    authority: str | None = None
    reference: str | None = None
    category: str | None = None
    outcome: str | None = None
    decision_date: str | None = None


@dataclass
class ModelInfo:
    """Which model produced a result."""

    name: str
    version: str


@dataclass
class DocumentResult:
    """Everything ``classify predict`` reports about one document."""

    source: str
    encoding: str
    model: ModelInfo
    paragraphs: list[ParagraphResult]
    faults_found: list[str] = field(default_factory=list)
    remedies: list[Remedy] = field(default_factory=list)
    remedy_total: float = 0.0
    actions: list[Action] = field(default_factory=list)
    metadata: Metadata = field(default_factory=Metadata)
    text: str = field(default="", repr=False)

    def labelled_paragraphs(self) -> list[ParagraphResult]:
        """Paragraphs that got at least one label."""
        return [p for p in self.paragraphs if p.labels]

    def to_dict(self) -> dict[str, Any]:
        """The JSON output contract (the full text is not; explanations only when computed)."""
        data = _plain(self)
        data.pop("text")
        for paragraph in data["paragraphs"]:
            if paragraph["explanation"] is None:
                del paragraph["explanation"]
        return data


_ATOMS = frozenset({str, int, float, bool, type(None)})


@functools.cache
def _field_names(cls: type) -> tuple[str, ...] | None:
    if not is_dataclass(cls):
        return None
    return tuple(f.name for f in fields(cls))


def _plain(value: Any) -> Any:
    """``dataclasses.asdict`` for result objects, without deep-copying immutable leaves.

    ``asdict`` deep-copies every string and number, which made ``to_dict`` the slowest step
    of writing a large batch; the output is the same.
    """
    kind = type(value)
    if kind in _ATOMS:
        return value
    if kind is list:
        return [v if type(v) in _ATOMS else _plain(v) for v in value]
    if kind is dict:
        return {_plain(k): v if type(v) in _ATOMS else _plain(v) for k, v in value.items()}
    names = _field_names(kind)
    if names is not None:
        items = zip(names, map(getattr, repeat(value), names), strict=True)
        return {name: v if type(v) in _ATOMS else _plain(v) for name, v in items}
    if kind is tuple:
        return tuple(_plain(v) for v in value)
    return copy.deepcopy(value)
