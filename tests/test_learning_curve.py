"""Learning curve on a tiny toy set (no spaCy, word model)."""

import numpy as np
import pytest

from classifier.errors import InputError
from classifier.learning_curve import learning_curve
from tests.conftest import TOY_LABELS, toy_data

LABELS = TOY_LABELS


def _matrix(y):
    return np.array([[int(lab in row) for lab in LABELS] for row in y])


def test_learning_curve_points_are_nested_shares_and_scored():
    X, y, groups = toy_data(20)
    X_test, y_test, _ = toy_data(4, offset=100)
    result = learning_curve(
        X,
        y,
        groups,
        X_test,
        _matrix(y_test),
        LABELS,
        kind="word_lr",
        fractions=(0.5, 1.0),
        cv_folds=2,
        full_cv_folds=3,
    )
    first, full = result["points"]
    assert (first["fraction"], first["n_documents"], first["n_examples"]) == (0.5, 10, 30)
    assert (full["n_documents"], full["n_examples"], full["cv_folds"]) == (20, 60, 3)
    assert first["cv_folds"] == 2
    assert set(full["f1"]) == set(LABELS)
    assert full["macro_f1"] == pytest.approx(np.mean(list(full["f1"].values())))
    assert full["macro_f1"] > 0.8


def test_learning_curve_share_without_a_label_is_an_input_error():
    X, y, groups = toy_data(6)
    labels = [*LABELS, "never"]
    Y_test = np.zeros((3, 3), dtype=int)
    with pytest.raises(InputError, match="learning curve at 50%.*no positive example: never"):
        learning_curve(X, y, groups, X[:3], Y_test, labels, kind="word_lr", fractions=(0.5,))


def test_test_rows_not_shown_are_scored_as_unlabelled():
    X, y, groups = toy_data(20)
    X_test, y_test, _ = toy_data(4, offset=100)
    shown = np.array([labels != ["contact"] for labels in y_test])
    result = learning_curve(
        X, y, groups, X_test, _matrix(y_test), LABELS, test_shown=shown, kind="word_lr",
        fractions=(1.0,), full_cv_folds=3,
    )  # fmt: skip
    (point,) = result["points"]
    assert point["f1"]["contact"] == 0.0 and point["f1"]["delay"] > 0.8
