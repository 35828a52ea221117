"""Grouped cross-validation on a tiny toy set (no spaCy, word model)."""

import numpy as np
import pytest

from classifier.cross_validation import grouped_cross_validation
from classifier.errors import InputError
from classifier.model import real_folds
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


def test_repeated_cross_validation_averages_over_different_splits():
    X, y, groups = toy_data(12)
    result = grouped_cross_validation(
        X, y, groups, LABELS, folds=3, kind="word_lr", inner_cv_folds=2, repeats=3
    )
    assert result["repeats"] == 3 and len(result["per_fold"]) == 9
    assert [f["repeat"] for f in result["per_fold"]] == [1] * 3 + [2] * 3 + [3] * 3
    for repeat in (1, 2, 3):
        folds = [f for f in result["per_fold"] if f["repeat"] == repeat]
        assert sum(f["n_documents"] for f in folds) == 12  # every document tested once
        assert result["repeat_macro_f1"][repeat - 1] == pytest.approx(
            np.mean([f["macro_f1"] for f in folds])
        )
    macros = [f["macro_f1"] for f in result["per_fold"]]
    assert result["macro_f1"]["mean"] == pytest.approx(np.mean(macros))
    assert result["macro_f1"]["sd"] == pytest.approx(np.std(macros, ddof=1))


def test_each_repeat_deals_the_documents_into_other_folds():
    X, y, groups = toy_data(12)
    Y = np.zeros((len(X), 1))
    group_arr, no_synthetic = np.asarray(groups, dtype=object), np.zeros(len(X), dtype=bool)

    def partition(seed):
        return {
            frozenset(group_arr[test])
            for _, test in real_folds(Y, group_arr, 3, no_synthetic, seed)
        }

    assert partition(None) == partition(None) and partition(1) == partition(1)
    assert len({frozenset(partition(s)) for s in (None, 1, 2, 3)}) > 1
    for seed in (None, 1, 2):
        assert sorted(g for fold in partition(seed) for g in fold) == sorted(set(groups))


def test_cross_validation_needs_a_repeat():
    X, y, groups = toy_data(6)
    with pytest.raises(InputError, match="at least 1 repeat"):
        grouped_cross_validation(X, y, groups, LABELS, folds=3, kind="word_lr", repeats=0)
