"""Synthetic (written) training examples: trained on in every fold, never scored."""

import numpy as np

from classifier.cross_validation import grouped_cross_validation
from classifier.model import FaultClassifier, real_folds
from classifier.training_data import (
    DEFAULT_DIR,
    SYNTHETIC_SOURCE,
    default_heldout_path,
    normalise_text,
    read_examples,
)
from tests.conftest import TOY_LABELS, toy_data


def test_real_folds_train_on_synthetic_rows_and_never_test_them():
    synthetic = np.array([False] * 6 + [True] * 3)
    groups = np.array(["a", "a", "b", "b", "c", "c", "s1", "s2", "s3"], dtype=object)
    Y = np.zeros((9, 1))
    tested = []
    for train, test in real_folds(Y, groups, 3, synthetic):
        assert set(np.flatnonzero(synthetic)) <= set(train)
        assert not synthetic[test].any()
        tested.extend(test)
    assert sorted(tested) == list(range(6))


def test_thresholds_and_cv_scores_come_from_real_examples_only():
    X, y, groups = toy_data(8)
    written_X, written_y, _ = toy_data(3, offset=100)
    flags = [False] * len(X) + [True] * len(written_X)
    model = FaultClassifier(cv_folds=3).fit(
        X + written_X, y + written_y, groups=groups + [f"s{i}" for i in range(9)], synthetic=flags
    )
    assert model.cv_true_.shape == (len(X), len(TOY_LABELS))
    assert model.cv_proba_.shape == (len(X), len(TOY_LABELS))


def test_grouped_cross_validation_scores_real_examples_only():
    X, y, groups = toy_data(6)
    written_X, written_y, _ = toy_data(2, offset=50)
    result = grouped_cross_validation(
        X + written_X,
        y + written_y,
        groups + [f"s{i}" for i in range(6)],
        TOY_LABELS,
        folds=3,
        synthetic=[False] * len(X) + [True] * len(written_X),
    )
    assert sum(fold["n_examples"] for fold in result["per_fold"]) == len(X)


def test_committed_synthetic_examples_are_marked_and_apart_from_real_text():
    written = read_examples(DEFAULT_DIR / "synthetic.jsonl")
    assert len(written) >= 100
    assert all(e.source == SYNTHETIC_SOURCE and e.synthetic for e in written)
    assert all(e.doc_id.startswith("synthetic-") for e in written)
    real = {normalise_text(e.text) for e in read_examples(DEFAULT_DIR / "train.jsonl")}
    real |= {normalise_text(e.text) for e in read_examples(default_heldout_path())}
    assert not {normalise_text(e.text) for e in written} & real
