"""Metrics against values computed by hand on a tiny fixture."""

import numpy as np
import pytest

from classifier.metrics import confusion_counts, label_metrics

LABELS = ["a", "b", "none_gold", "silent"]
# Columns: a (2 gold, 2 predicted, 1 hit), b (3 gold, 1 predicted, 1 hit),
# none_gold (no gold positives, 1 predicted), silent (no gold, no predicted).
Y_TRUE = np.array([[1, 1, 0, 0], [1, 1, 0, 0], [0, 1, 0, 0], [0, 0, 0, 0]])
Y_PRED = np.array([[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [1, 0, 0, 0]])


def test_label_metrics_by_hand():
    m = label_metrics(Y_TRUE, Y_PRED, LABELS)
    assert m["labels"]["a"] == pytest.approx(
        {"precision": 0.5, "recall": 0.5, "f1": 0.5, "support": 2}
    )
    # b: tp=1, fp=0, fn=2 -> P=1, R=1/3, F1=2/(2+2)=0.5
    assert m["labels"]["b"] == pytest.approx(
        {"precision": 1.0, "recall": 1 / 3, "f1": 0.5, "support": 3}
    )
    # no gold positives but one prediction: nothing right, F1 0
    assert m["labels"]["none_gold"] == pytest.approx(
        {"precision": 0.0, "recall": 1.0, "f1": 0.0, "support": 0}
    )
    # nothing to find and nothing found: perfect
    assert m["labels"]["silent"]["f1"] == 1.0
    # micro: tp = 1 + 1, fp = 1 (a) + 1 (none_gold), fn = 1 (a) + 2 (b) -> 4 / (4 + 2 + 3)
    assert m["micro_f1"] == pytest.approx(4 / 9)
    assert m["macro_f1"] == pytest.approx((0.5 + 0.5 + 0.0 + 1.0) / 4)


def test_confusion_counts_by_hand():
    c = confusion_counts(Y_TRUE, Y_PRED, LABELS)
    assert c["a"] == {"tp": 1, "fp": 1, "fn": 1, "tn": 1}
    assert c["b"] == {"tp": 1, "fp": 0, "fn": 2, "tn": 1}
    assert c["none_gold"] == {"tp": 0, "fp": 1, "fn": 0, "tn": 3}
    assert c["silent"] == {"tp": 0, "fp": 0, "fn": 0, "tn": 4}
