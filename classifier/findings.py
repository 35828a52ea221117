"""Findings: the finding of each paragraph and the fault types a document reports as found.

``faults_found`` works at sentence level: a fault type counts when a sentence that the
finding head reads as a finding of fault (or an admission) also carries that fault type, so
"The Council was at fault for poor communication. I have not found fault in other regards"
yields ``contact`` only. Where no single sentence carries both, a paragraph whose finding is
``fault`` contributes its own labels (the finding and the topic are in different sentences).
A type counts only when some paragraph of the document shows it: the guide requires the
finding, admission or remedy to name the type, and a paragraph naming a fault type carries
its label (in all 488 labelled documents, faults found are among the paragraph labels); a
sentence score above threshold inside a paragraph that does not reach it is not enough.
A decision whose "Decision :" header says "Not upheld" found no fault, whatever its
paragraphs look like. A decision "Closed after initial enquiries" was not investigated, so the
Ombudsman found nothing: a fault counts there only from a sentence that reports the council's
own admission ("The Council has apologised for the delay", "accepted", "upheld her
complaint"), as the labelling guide counts faults "accepted by the council".
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

import numpy as np

from classifier.model import Scores, split_features
from classifier.preprocess import FAILURE_PREFIX

FAULT = "fault"
NOT_UPHELD = "not upheld"
CLOSED_EARLY = "closed after initial enquiries"
#: Lemmas of a council admitting fault, as they appear in the feature strings.
ADMISSION_LEMMAS = frozenset(
    {"accept", "acknowledge", "admit", "apologise", "apologize", "concede", "uphold"}
)


def _outcome_is(outcome: str | None, value: str) -> bool:
    """Whether a decision's outcome header (None without one) begins with ``value``."""
    return (outcome or "").lower().startswith(value)


def closed_early(outcome: str | None) -> bool:
    """Whether a decision's outcome header says it was closed after initial enquiries."""
    return _outcome_is(outcome, CLOSED_EARLY)


def _admits(sentence: str) -> bool:
    """Whether a sentence's feature string holds an admission lemma outside the scope of a
    negation ("did not accept" carries ``_neg_accept``)."""
    words = set(sentence.split())
    return any(w in words and FAILURE_PREFIX + w not in words for w in ADMISSION_LEMMAS)


def admission_sentences(features: Sequence[str]) -> np.ndarray:
    """Admission flags, one per sentence row in :class:`~classifier.model.Scores` order.

    A sentence is flagged when its feature string holds an admission lemma that no negation
    covers.
    """
    flags = [_admits(s) for feature in features for s in split_features(feature)[1]]
    return np.array(flags, dtype=bool)


def faults_found(
    scores: Scores,
    findings: Sequence[str],
    paragraph_labels: Sequence[Sequence[str]],
    classes: Sequence[str],
    thresholds: np.ndarray,
    finding_classes: Sequence[str],
    remedy_paragraphs: Collection[int] = (),
    has_payment: bool = False,
    outcome: str | None = None,
    admissions: np.ndarray | None = None,
) -> list[str]:
    """Fault types the document reports as found or admitted, sorted: only types that some
    paragraph shows (``paragraph_labels``).

    The labelling guide also counts a type that a remedy names ("apologise for the delay"):
    so when the document finds fault or orders a payment, the labels of its remedy and action
    paragraphs (``remedy_paragraphs``) count too. An ``outcome`` (the decision header) of
    "Not upheld" means no fault was found: the result is empty. With an outcome of "Closed
    after initial enquiries", only sentences marked in ``admissions`` (one flag per sentence
    row, see :func:`admission_sentences`; callers need them only when :func:`closed_early`)
    can report a fault.
    """
    if scores.sentence_findings is None or _outcome_is(outcome, NOT_UPHELD):
        return []
    if admissions is not None and len(admissions) != len(scores.sentence_labels):
        raise ValueError("one admission flag per sentence row is needed")
    admitted_only = admissions is not None and closed_early(outcome)
    fault_column = list(finding_classes).index(FAULT)
    found: set[str] = set()
    for i, finding in enumerate(findings):
        if finding != FAULT:
            continue
        rows = range(scores.sentence_bounds[i], scores.sentence_bounds[i + 1])
        fault_rows = [r for r in rows if scores.sentence_findings[r].argmax() == fault_column]
        if admitted_only:
            # Only a sentence that admits fault and reads as a finding of fault speaks for
            # the paragraph; "She wants the Council to apologise" does not.
            fault_rows = [r for r in fault_rows if admissions[r]]
            if not fault_rows:
                continue
        from_sentences = {
            label
            for r in fault_rows
            for label, score, threshold in zip(
                classes, scores.sentence_labels[r], thresholds, strict=True
            )
            if score >= threshold
        }
        found |= from_sentences or set(paragraph_labels[i])
    if found or has_payment:
        for i in remedy_paragraphs:
            found |= set(paragraph_labels[i])
    shown = {label for labels in paragraph_labels for label in labels}
    return sorted(found & shown)
