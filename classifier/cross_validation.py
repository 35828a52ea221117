"""K-fold cross-validation grouped by document: how much F1 varies from fold to fold.

Each outer fold trains a fresh :class:`~classifier.model.FaultClassifier` (which tunes its
thresholds by an inner grouped cross-validation on the training part only) and scores the
documents left out. The summary gives the mean and the sample standard deviation over folds.

With a few hundred documents, which documents share a fold moves the mean F1 about as much
as many changes worth comparing do. Repeating the cross-validation over several splits and
averaging gives a steadier figure: the first repeat is the balanced split of a single run,
the others deal the documents into folds at random (seeds 1, 2, ...).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from sklearn.preprocessing import MultiLabelBinarizer

from classifier.document_types import mean_by_document_type, metrics_by_document_type
from classifier.errors import InputError
from classifier.metrics import label_metrics, shown_labels
from classifier.model import FaultClassifier, real_folds, synthetic_mask

INNER_CV_FOLDS = 3


def grouped_cross_validation(
    X: Sequence[str],
    y: Sequence[Sequence[str]],
    groups: Sequence[str],
    labels: Sequence[str],
    folds: int,
    kind: str = "word_char_lr",
    inner_cv_folds: int = INNER_CV_FOLDS,
    progress: Callable[[str], None] = lambda _message: None,
    synthetic: Sequence[bool] | None = None,
    repeats: int = 1,
    shown: Sequence[bool] | None = None,
    decision: Sequence[bool] | np.ndarray | None = None,
) -> dict[str, Any]:
    """Per-fold and mean ± sd of per-label, micro and macro F1 over ``repeats`` x ``folds`` folds.

    ``y`` holds each example's label list and ``groups`` its document id, so no document is on
    both sides of a split. Examples marked ``synthetic`` train in every fold and are never
    scored, so the figures are on real text. Examples not ``shown`` (those whose labels
    ``classify predict`` withholds, :mod:`classifier.withholding`) are scored as unlabelled.
    Means and sds are over all folds of all repeats; ``repeat_macro_f1`` holds each repeat's
    mean macro-F1. With ``decision`` (a flag per example: from a decision statement), the
    result also has ``by_document_type``: each repeat's out-of-fold predictions pooled and
    scored per document type (:mod:`classifier.document_types`), averaged over repeats.
    """
    written = synthetic_mask(synthetic, len(X))
    groups_arr = np.asarray(groups, dtype=object)
    n_groups = len(set(groups_arr[~written]))
    if folds < 2 or folds > n_groups:
        raise InputError(f"--cv needs between 2 and {n_groups} folds (the number of documents)")
    check_repeats(repeats)
    X_arr = np.asarray(X, dtype=object)
    Y = MultiLabelBinarizer(classes=list(labels)).fit_transform(y)
    shown_arr = None if shown is None else np.asarray(shown, dtype=bool)
    decision_arr = None if decision is None else np.asarray(decision, dtype=bool)
    if decision_arr is not None and decision_arr.shape != (len(X_arr),):
        raise ValueError(f"decision flags: expected {len(X_arr)}, got {decision_arr.size}")
    per_fold = []
    by_type = []
    for repeat in range(1, repeats + 1):
        pooled = np.zeros_like(Y)
        splits = real_folds(Y, groups_arr, folds, written, None if repeat == 1 else repeat - 1)
        for number, (train_idx, test_idx) in enumerate(splits, start=1):
            where = f"cross-validation fold {number} of {folds}"
            if repeats > 1:
                where += f", repeat {repeat} of {repeats}"
            progress(where)
            model = fit_subset(
                kind,
                inner_cv_folds,
                X_arr[train_idx],
                [y[i] for i in train_idx],
                list(groups_arr[train_idx]),
                labels,
                where=where,
                synthetic=written[train_idx],
            )
            predicted = model.predict_indicator(X_arr[test_idx])
            if shown_arr is not None:
                predicted = shown_labels(predicted, shown_arr[test_idx])
            pooled[test_idx] = predicted
            metrics = label_metrics(Y[test_idx], predicted, labels)
            per_fold.append(
                {
                    "repeat": repeat,
                    "n_documents": len(set(groups_arr[test_idx])),
                    "n_examples": len(test_idx),
                    "macro_f1": metrics["macro_f1"],
                    "micro_f1": metrics["micro_f1"],
                    "f1": {label: m["f1"] for label, m in metrics["labels"].items()},
                }
            )
        if decision_arr is not None:
            real = ~written
            by_type.append(
                metrics_by_document_type(
                    Y[real], pooled[real], labels, decision_arr[real], groups_arr[real]
                )
            )
    result = {
        "folds": folds,
        "repeats": repeats,
        "grouped_by": "document",
        "inner_cv_folds": inner_cv_folds,
        "n_synthetic": int(written.sum()),
        "macro_f1": _mean_sd([f["macro_f1"] for f in per_fold]),
        "micro_f1": _mean_sd([f["micro_f1"] for f in per_fold]),
        "labels": {label: _mean_sd([f["f1"][label] for f in per_fold]) for label in labels},
        "repeat_macro_f1": [
            float(np.mean([f["macro_f1"] for f in per_fold if f["repeat"] == r]))
            for r in range(1, repeats + 1)
        ],
        "per_fold": per_fold,
    }
    if by_type:
        result["by_document_type"] = mean_by_document_type(by_type)
    return result


def check_repeats(repeats: int) -> None:
    """Refuse fewer than one repetition of the cross-validation (an :class:`InputError`)."""
    if repeats < 1:
        raise InputError("--cv-repeats needs at least 1 repeat")


def fit_subset(
    kind: str,
    cv_folds: int,
    X: Sequence[str],
    y: Sequence[Sequence[str]],
    groups: Sequence[str],
    labels: Sequence[str],
    where: str,
    synthetic: Sequence[bool] | None = None,
) -> FaultClassifier:
    """Fit a classifier on part of the data; a part lacking some label is an :class:`InputError`.

    An inner fold of a small part may have no example of a label; scikit-learn's warning about
    it is silenced (that label's scores are then constant in that fold).
    """
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Label not .* is present in all training")
        try:
            return FaultClassifier(kind=kind, cv_folds=cv_folds).fit(
                X, y, groups=groups, labels=labels, synthetic=synthetic
            )
        except ValueError as exc:
            raise InputError(f"{where}: {exc}") from None


def _mean_sd(values: Sequence[float]) -> dict[str, float]:
    """Mean and sample standard deviation (ddof=1)."""
    return {"mean": float(np.mean(values)), "sd": float(np.std(values, ddof=1))}
