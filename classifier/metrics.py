"""Multi-label classification metrics shared by training and evaluation."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

#: The paragraph findings scored (``none`` is the absence of a finding).
FINDING_VALUES = ("fault", "no_fault")


def label_metrics(y_true: np.ndarray, y_pred: np.ndarray, labels: Sequence[str]) -> dict[str, Any]:
    """Per-label precision, recall, F1 and support, plus micro and macro F1.

    A label with no gold and no predicted positives scores F1 = 1.0 (nothing to find, nothing
    wrongly found); with no gold positives but some predictions it scores 0.0.
    """
    per_label: dict[str, dict[str, float]] = {}
    for j, label in enumerate(labels):
        truth, pred = y_true[:, j].astype(bool), y_pred[:, j].astype(bool)
        tp = int(np.sum(truth & pred))
        fp = int(np.sum(~truth & pred))
        fn = int(np.sum(truth & ~pred))
        per_label[label] = prf(tp, fp, fn) | {"support": int(truth.sum())}
    tp = int(np.sum(y_true.astype(bool) & y_pred.astype(bool)))
    fp = int(np.sum(~y_true.astype(bool) & y_pred.astype(bool)))
    fn = int(np.sum(y_true.astype(bool) & ~y_pred.astype(bool)))
    macro = float(np.mean([m["f1"] for m in per_label.values()])) if per_label else 0.0
    return {"labels": per_label, "micro_f1": prf(tp, fp, fn)["f1"], "macro_f1": macro}


def shown_labels(indicator: np.ndarray, shown: Sequence[bool] | np.ndarray | None) -> np.ndarray:
    """A label (or score) matrix with the rows not ``shown`` set to 0 (all kept when None).

    ``shown`` marks the paragraphs whose labels ``classify predict`` shows
    (:mod:`classifier.withholding`); it must have one flag per row.
    """
    if shown is None:
        return indicator
    mask = np.asarray(shown, dtype=bool)
    if mask.shape != (len(indicator),):
        raise ValueError(f"shown flags: expected {len(indicator)}, got {mask.size}")
    return indicator * mask[:, None]


def confusion_counts(
    y_true: np.ndarray, y_pred: np.ndarray, labels: Sequence[str]
) -> dict[str, dict[str, int]]:
    """Per label, counts of true/false positives and negatives: ``tp``, ``fp``, ``fn``, ``tn``."""
    truth, pred = y_true.astype(bool), y_pred.astype(bool)
    return {
        label: {
            "tp": int(np.sum(truth[:, j] & pred[:, j])),
            "fp": int(np.sum(~truth[:, j] & pred[:, j])),
            "fn": int(np.sum(truth[:, j] & ~pred[:, j])),
            "tn": int(np.sum(~truth[:, j] & ~pred[:, j])),
        }
        for j, label in enumerate(labels)
    }


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    """Precision, recall and F1 from counts (1.0 when there is nothing to find or miss)."""
    precision = tp / (tp + fp) if tp + fp else (1.0 if fn == 0 else 0.0)
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0
    return {"precision": precision, "recall": recall, "f1": f1}


def finding_metrics(truth: Sequence[str], predicted: Sequence[str]) -> dict[str, Any]:
    """Precision/recall/F1 of each finding in :data:`FINDING_VALUES`, and their mean F1."""
    per_value = {}
    for value in FINDING_VALUES:
        gold = np.asarray(truth, dtype=object) == value
        guess = np.asarray(predicted, dtype=object) == value
        per_value[value] = prf(
            int(np.sum(gold & guess)), int(np.sum(~gold & guess)), int(np.sum(gold & ~guess))
        )
    return {
        "findings": per_value,
        "macro_f1": float(np.mean([m["f1"] for m in per_value.values()])),
    }
