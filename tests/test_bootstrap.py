"""Bootstrap intervals over documents."""

import numpy as np
import pytest

from classifier.bootstrap import bootstrap_f1
from classifier.metrics import label_metrics

LABELS = ["a", "b", "never"]


def _fixture(n_docs=40, per_doc=6, seed=1):
    rng = np.random.default_rng(seed)
    n = n_docs * per_doc
    y_true = np.zeros((n, 3), dtype=int)
    y_true[:, 0] = rng.random(n) < 0.3
    y_true[:, 1] = rng.random(n) < 0.15
    y_pred = y_true.copy()
    flip = rng.random((n, 2)) < 0.2
    y_pred[:, :2] = np.where(flip, 1 - y_true[:, :2], y_true[:, :2])
    doc_ids = [f"doc{i // per_doc}" for i in range(n)]
    return y_true, y_pred, doc_ids


def test_estimates_equal_label_metrics_and_intervals_contain_them():
    y_true, y_pred, doc_ids = _fixture()
    result = bootstrap_f1(y_true, y_pred, doc_ids, LABELS, n_resamples=500)
    point = label_metrics(y_true, y_pred, LABELS)
    assert result["macro_f1"]["estimate"] == pytest.approx(point["macro_f1"])
    assert result["micro_f1"]["estimate"] == pytest.approx(point["micro_f1"])
    for label in LABELS:
        ci = result["labels"][label]
        assert ci["estimate"] == pytest.approx(point["labels"][label]["f1"])
        assert ci["low"] <= ci["estimate"] <= ci["high"]
    for key in ("macro_f1", "micro_f1"):
        ci = result[key]
        assert ci["low"] < ci["estimate"] < ci["high"]
    # the label with no gold and no predicted positives is perfect in every resample
    assert result["labels"]["never"] == {"estimate": 1.0, "low": 1.0, "high": 1.0}


def test_fixed_seed_is_reproducible_and_wider_with_fewer_documents():
    y_true, y_pred, doc_ids = _fixture()
    first = bootstrap_f1(y_true, y_pred, doc_ids, LABELS, n_resamples=300, seed=3)
    assert first == bootstrap_f1(y_true, y_pred, doc_ids, LABELS, n_resamples=300, seed=3)
    # the same paragraphs in 4 big documents instead of 40: resampling documents moves more
    coarse = [f"doc{i // 60}" for i in range(len(doc_ids))]
    wide = bootstrap_f1(y_true, y_pred, coarse, LABELS, n_resamples=300, seed=3)
    assert _width(wide) > _width(first)


def test_perfect_predictions_have_a_zero_width_interval():
    y_true, _, doc_ids = _fixture()
    result = bootstrap_f1(y_true, y_true, doc_ids, LABELS, n_resamples=100)
    assert result["macro_f1"] == {"estimate": 1.0, "low": 1.0, "high": 1.0}


def _width(result):
    return result["macro_f1"]["high"] - result["macro_f1"]["low"]
