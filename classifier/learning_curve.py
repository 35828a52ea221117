"""Learning curve: held-out F1 of models trained on growing shares of the training documents.

Documents are shuffled once with a fixed seed and each share takes a prefix of that order, so
the subsets are nested (the 25% set contains the 10% set) and the curve moves only with the
amount of data. Smaller shares tune thresholds with fewer cross-validation folds to stay fast;
the full share uses the shipped recipe's folds.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from classifier.cross_validation import fit_subset
from classifier.metrics import label_metrics, shown_labels
from classifier.model import synthetic_mask

FRACTIONS = (0.1, 0.25, 0.5, 0.75, 1.0)
SMALL_CV_FOLDS = 3
SEED = 0


def learning_curve(
    X_train: Sequence[str],
    y_train: Sequence[Sequence[str]],
    groups: Sequence[str],
    X_test: Sequence[str],
    Y_test: np.ndarray,
    labels: Sequence[str],
    kind: str = "word_char_lr",
    fractions: Sequence[float] = FRACTIONS,
    cv_folds: int = SMALL_CV_FOLDS,
    full_cv_folds: int = 5,
    seed: int = SEED,
    progress: Callable[[str], None] = lambda _message: None,
    synthetic: Sequence[bool] | None = None,
    test_shown: Sequence[bool] | None = None,
) -> dict[str, Any]:
    """Train on each share of the training documents and score on ``X_test``/``Y_test``.

    Shares are of the real documents; examples marked ``synthetic`` are in every share. Test
    rows not ``test_shown`` (labels withheld by ``classify predict``) are scored as unlabelled.
    Returns ``{"seed", "n_synthetic", "points"}``; each point has ``fraction``, ``n_documents``,
    ``n_examples``, ``cv_folds``, ``macro_f1``, ``micro_f1`` and per-label ``f1``.
    """
    written = synthetic_mask(synthetic, len(groups))
    documents = list(dict.fromkeys(g for g, w in zip(groups, written, strict=True) if not w))
    order = np.random.default_rng(seed).permutation(len(documents))
    rank = {documents[i]: position for position, i in enumerate(order)}
    X_arr, y_arr = np.asarray(X_train, dtype=object), np.asarray(y_train, dtype=object)
    points = []
    for fraction in fractions:
        n_docs = max(2, round(fraction * len(documents)))
        keep = np.array([w or rank[g] < n_docs for g, w in zip(groups, written, strict=True)])
        folds = full_cv_folds if fraction >= 1 else cv_folds
        progress(f"learning curve: training on {fraction:.0%} ({n_docs} documents)")
        model = fit_subset(
            kind,
            folds,
            X_arr[keep],
            list(y_arr[keep]),
            list(np.asarray(groups)[keep]),
            labels,
            where=f"learning curve at {fraction:.0%} of the documents",
            synthetic=written[keep],
        )
        predicted = shown_labels(model.predict_indicator(X_test), test_shown)
        metrics = label_metrics(Y_test, predicted, labels)
        points.append(
            {
                "fraction": fraction,
                "n_documents": n_docs,
                "n_examples": int(keep.sum()),
                "cv_folds": folds,
                "macro_f1": metrics["macro_f1"],
                "micro_f1": metrics["micro_f1"],
                "f1": {label: m["f1"] for label, m in metrics["labels"].items()},
            }
        )
    return {"seed": seed, "n_synthetic": int(written.sum()), "points": points}
