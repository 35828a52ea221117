"""Fault-type accuracy by document type: decision statements apart from other pages.

News reports and council pages about decisions are written differently from decision
statements and are far fewer in the labelled data, so one figure over both hides how well the
model reads each. A document is a decision statement when its header gives a case reference
or an outcome (:func:`classifier.withholding.is_decision`); every other document is an
``other`` page.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from classifier.metrics import label_metrics

#: Document types, in report order: decision statements, then news and council pages.
DOCUMENT_TYPES = ("decision", "other")


def metrics_by_document_type(
    y_true: np.ndarray,
    y_pred: np.ndarray,
    labels: Sequence[str],
    decision: Sequence[bool] | np.ndarray,
    doc_ids: Sequence[str],
) -> dict[str, dict[str, Any]]:
    """Per document type present: its ``n_documents``, ``n_examples`` and the
    :func:`~classifier.metrics.label_metrics` of its rows.

    ``decision`` flags the rows of decision statements; the other rows are ``other`` pages.
    """
    decision = np.asarray(decision, dtype=bool)
    if decision.shape != (len(y_true),):
        raise ValueError(f"decision flags: expected {len(y_true)}, got {decision.size}")
    documents = np.asarray(doc_ids, dtype=object)
    result = {}
    for name, rows in zip(DOCUMENT_TYPES, (decision, ~decision), strict=True):
        if not rows.any():
            continue
        result[name] = {
            "n_documents": len(set(documents[rows])),
            "n_examples": int(rows.sum()),
        } | label_metrics(y_true[rows], y_pred[rows], labels)
    return result


def mean_by_document_type(runs: Sequence[dict[str, dict[str, Any]]]) -> dict[str, Any]:
    """Means over several :func:`metrics_by_document_type` results of the same rows (repeats
    of a cross-validation), in the same shape: per type, the counts, the mean ``macro_f1`` and
    ``micro_f1``, and per label the mean ``precision``, ``recall`` and ``f1`` and the
    ``support``."""
    result = {}
    for name in runs[0]:
        first = runs[0][name]
        result[name] = {
            "n_documents": first["n_documents"],
            "n_examples": first["n_examples"],
            "macro_f1": float(np.mean([run[name]["macro_f1"] for run in runs])),
            "micro_f1": float(np.mean([run[name]["micro_f1"] for run in runs])),
            "labels": {
                label: {
                    key: float(np.mean([run[name]["labels"][label][key] for run in runs]))
                    for key in ("precision", "recall", "f1")
                }
                | {"support": m["support"]}
                for label, m in first["labels"].items()
            },
        }
    return result
