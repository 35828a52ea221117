"""Grouped cross-validation on a tiny toy set (no spaCy, word model)."""

import numpy as np
import pytest

from classifier.cross_validation import grouped_cross_validation
from classifier.errors import InputError
from tests.conftest import TOY_LABELS as LABELS
from tests.conftest import toy_data


def test_grouped_cross_validation_mean_and_sd():
    X, y, groups = toy_data(12)
    result = grouped_cross_validation(
        X, y, groups, LABELS, folds=3, kind="word_lr", inner_cv_folds=2
    )
    assert result["folds"] == 3 and len(result["per_fold"]) == 3
    assert sum(f["n_documents"] for f in result["per_fold"]) == 12
    macros = [f["macro_f1"] for f in result["per_fold"]]
    assert result["macro_f1"]["mean"] == pytest.approx(np.mean(macros))
    assert result["macro_f1"]["sd"] == pytest.approx(np.std(macros, ddof=1))
    assert set(result["labels"]) == set(LABELS)


def test_cross_validation_needs_enough_documents():
    X, y, groups = toy_data(3)
    with pytest.raises(InputError, match="between 2 and 3 folds"):
        grouped_cross_validation(X, y, groups, LABELS, folds=5, kind="word_lr")
