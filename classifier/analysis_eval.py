"""Scores of the document extractors (remedies, metadata) against gold document records.

Gold records are the objects of ``training_data/documents.jsonl``: ``remedies`` is a list of
``{"amount", "start", "end"}`` and ``metadata`` holds ``authority``, ``reference``,
``outcome`` and ``decision_date``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from classifier.document import Metadata, Remedy

METADATA_FIELDS = ("authority", "reference", "outcome", "decision_date")

#: (amount, start, end) of one remedy.
RemedyKey = tuple[float, int, int]


@dataclass
class RemedyScore:
    """Remedy precision/recall counts and the errors behind them."""

    true_positives: int = 0
    false_positives: list[tuple[str, RemedyKey]] = field(default_factory=list)
    false_negatives: list[tuple[str, RemedyKey]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        """Share of predicted remedies that are gold remedies (1.0 when none predicted)."""
        predicted = self.true_positives + len(self.false_positives)
        return self.true_positives / predicted if predicted else 1.0

    @property
    def recall(self) -> float:
        """Share of gold remedies predicted (1.0 when there are none)."""
        gold = self.true_positives + len(self.false_negatives)
        return self.true_positives / gold if gold else 1.0


@dataclass
class MetadataScore:
    """Exact-match counts per metadata field and for whole documents."""

    documents: int = 0
    correct: dict[str, int] = field(default_factory=lambda: dict.fromkeys(METADATA_FIELDS, 0))
    all_correct: int = 0
    errors: list[tuple[str, str, Any, Any]] = field(default_factory=list)

    def accuracy(self, name: str | None = None) -> float:
        """Accuracy of one field, or of whole documents (every field right) when None."""
        if not self.documents:
            return 1.0
        hits = self.all_correct if name is None else self.correct[name]
        return hits / self.documents


def _key(amount: float, start: int, end: int) -> RemedyKey:
    return (round(float(amount), 2), int(start), int(end))


def score_remedies(
    predicted: Mapping[str, Sequence[Remedy]], gold: Iterable[Mapping[str, Any]]
) -> RemedyScore:
    """Compare predicted remedies (by ``doc_id``) with gold: value and span must both match."""
    score = RemedyScore()
    for record in gold:
        doc_id = record["doc_id"]
        want = {_key(r["amount"], r["start"], r["end"]) for r in record["remedies"]}
        got = {_key(r.amount, r.start, r.end) for r in predicted.get(doc_id, [])}
        score.true_positives += len(want & got)
        score.false_positives.extend((doc_id, k) for k in sorted(got - want, key=lambda k: k[1]))
        score.false_negatives.extend((doc_id, k) for k in sorted(want - got, key=lambda k: k[1]))
    return score


def score_metadata(
    predicted: Mapping[str, Metadata], gold: Iterable[Mapping[str, Any]]
) -> MetadataScore:
    """Exact-match accuracy of each metadata field and of all fields together."""
    score = MetadataScore()
    for record in gold:
        doc_id = record["doc_id"]
        got = predicted.get(doc_id, Metadata())
        score.documents += 1
        all_right = True
        for name in METADATA_FIELDS:
            want, value = record["metadata"].get(name), getattr(got, name)
            if value == want:
                score.correct[name] += 1
            else:
                all_right = False
                score.errors.append((doc_id, name, value, want))
        score.all_correct += all_right
    return score
