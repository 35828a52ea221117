"""Bootstrap confidence intervals for F1, resampling whole documents.

Paragraphs of one decision are not independent (they share a case, a writer and a council),
so the resampling unit is the document: each resample draws as many ``doc_id``s as there are,
with replacement, and keeps all their paragraphs. Per-document true/false positive and false
negative counts are added up with the resample's weights, so 1000 resamples take milliseconds.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

N_RESAMPLES = 1000
SEED = 0
LEVEL = 0.95


def bootstrap_f1(
    y_true: np.ndarray,
    y_pred: np.ndarray,
    doc_ids: Sequence[str],
    labels: Sequence[str],
    n_resamples: int = N_RESAMPLES,
    seed: int = SEED,
    level: float = LEVEL,
) -> dict[str, Any]:
    """Percentile intervals of each label's F1, micro-F1 and macro-F1 over document resamples.

    Each interval is ``{"estimate", "low", "high"}``; ``estimate`` is the F1 on the data as given
    (equal to :func:`classifier.metrics.label_metrics`).
    """
    counts = _document_counts(y_true, y_pred, doc_ids)
    rng = np.random.default_rng(seed)
    n_docs = counts.shape[0]
    weights = rng.multinomial(n_docs, np.full(n_docs, 1 / n_docs), size=n_resamples)
    per_label, micro, macro = _f1(np.tensordot(weights, counts, axes=1))
    point_label, point_micro, point_macro = _f1(counts.sum(axis=0, keepdims=True))
    quantiles = ((1 - level) / 2, (1 + level) / 2)

    def interval(estimate: float, samples: np.ndarray) -> dict[str, float]:
        low, high = np.quantile(samples, quantiles)
        return {"estimate": float(estimate), "low": float(low), "high": float(high)}

    return {
        "unit": "document",
        "n_resamples": n_resamples,
        "seed": seed,
        "level": level,
        "labels": {
            label: interval(point_label[0, j], per_label[:, j]) for j, label in enumerate(labels)
        },
        "micro_f1": interval(point_micro[0], micro),
        "macro_f1": interval(point_macro[0], macro),
    }


def _document_counts(y_true: np.ndarray, y_pred: np.ndarray, doc_ids: Sequence[str]) -> np.ndarray:
    """Array (documents, labels, 3) of true positive, false positive and false negative counts."""
    truth, pred = y_true.astype(bool), y_pred.astype(bool)
    per_example = np.stack([truth & pred, ~truth & pred, truth & ~pred], axis=-1).astype(float)
    _, doc_index = np.unique(np.asarray(doc_ids, dtype=object), return_inverse=True)
    counts = np.zeros((doc_index.max() + 1, *per_example.shape[1:]))
    np.add.at(counts, doc_index, per_example)
    return counts


def _f1(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per-label, micro and macro F1 of count arrays (samples, labels, 3).

    Same convention as :func:`classifier.metrics.label_metrics`: no gold and no predicted
    positives scores 1.0.
    """
    tp, fp, fn = counts[..., 0], counts[..., 1], counts[..., 2]
    per_label = _safe_f1(tp, fp, fn)
    micro = _safe_f1(tp.sum(axis=1), fp.sum(axis=1), fn.sum(axis=1))
    return per_label, micro, per_label.mean(axis=1)


def _safe_f1(tp: np.ndarray, fp: np.ndarray, fn: np.ndarray) -> np.ndarray:
    denominator = 2 * tp + fp + fn
    return np.divide(2 * tp, denominator, out=np.ones_like(tp), where=denominator > 0)
