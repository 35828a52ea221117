"""Grouped cross-validation on a tiny toy set (no spaCy, word model)."""

import numpy as np
import pytest

from classifier.cross_validation import grouped_cross_validation
from classifier.errors import InputError
from classifier.model import real_folds
from tests.conftest import TOY_LABELS as LABELS
from tests.conftest import toy_data, toy_data_with_synthetic


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


def _uneven_toy_data():
    """Toy documents plus four documents of delay paragraphs only: labels of unequal support,
    so that macro-F1, micro-F1 and the per-label F1s differ."""
    X, y, groups = toy_data(12)
    for i in range(4):
        X += [f"the council took too long extra{i}", f"it delayed the review extra{i}"]
        y += [["delay"], []]
        groups += [f"extra{i}"] * 2
    return X, y, groups


def test_repeated_cross_validation_averages_over_all_folds_of_all_splits():
    X, y, groups = _uneven_toy_data()
    result = grouped_cross_validation(
        X, y, groups, LABELS, folds=3, kind="word_lr", inner_cv_folds=2, repeats=3
    )
    assert result["repeats"] == 3 and len(result["per_fold"]) == 9
    assert [f["repeat"] for f in result["per_fold"]] == [1] * 3 + [2] * 3 + [3] * 3
    folds = result["per_fold"]
    for repeat in (1, 2, 3):
        of_repeat = [f for f in folds if f["repeat"] == repeat]
        assert sum(f["n_documents"] for f in of_repeat) == 16  # every document tested once
        assert result["repeat_macro_f1"][repeat - 1] == pytest.approx(
            np.mean([f["macro_f1"] for f in of_repeat])
        )
    for key in ("macro_f1", "micro_f1"):
        values = [f[key] for f in folds]
        assert result[key]["mean"] == pytest.approx(np.mean(values))
        assert result[key]["sd"] == pytest.approx(np.std(values, ddof=1))
    for label in LABELS:
        assert result["labels"][label]["mean"] == pytest.approx(
            np.mean([f["f1"][label] for f in folds])
        )


def test_the_first_repeat_is_the_split_of_a_single_run():
    X, y, groups = _uneven_toy_data()
    single = grouped_cross_validation(X, y, groups, LABELS, 3, kind="word_lr", inner_cv_folds=2)
    repeated = grouped_cross_validation(
        X, y, groups, LABELS, 3, kind="word_lr", inner_cv_folds=2, repeats=2
    )
    assert repeated["per_fold"][:3] == single["per_fold"]
    assert single["repeats"] == 1 and single["repeat_macro_f1"] == [single["macro_f1"]["mean"]]


def test_each_repeat_deals_the_documents_into_other_folds():
    X, y, groups = toy_data(12)
    Y = np.zeros((len(X), 1))
    group_arr, no_synthetic = np.asarray(groups, dtype=object), np.zeros(len(X), dtype=bool)

    def partition(seed):
        splits = real_folds(Y, group_arr, 3, no_synthetic, seed)
        return frozenset(frozenset(group_arr[test]) for _, test in splits)

    assert partition(None) == partition(None) and partition(1) == partition(1)
    assert len({partition(None), partition(1), partition(2)}) == 3
    for seed in (None, 1, 2):
        assert sorted(g for fold in partition(seed) for g in fold) == sorted(set(groups))


def test_repeats_never_score_synthetic_rows():
    X, y, groups, synthetic = toy_data_with_synthetic(12)
    result = grouped_cross_validation(
        X,
        y,
        groups,
        LABELS,
        folds=3,
        kind="word_lr",
        inner_cv_folds=2,
        synthetic=synthetic,
        repeats=2,
    )
    for repeat in (1, 2):
        tested = [f["n_examples"] for f in result["per_fold"] if f["repeat"] == repeat]
        assert sum(tested) == synthetic.count(False)


def test_cross_validation_needs_a_repeat():
    X, y, groups = toy_data(6)
    with pytest.raises(InputError, match="at least 1 repeat"):
        grouped_cross_validation(X, y, groups, LABELS, folds=3, kind="word_lr", repeats=0)


def test_repeats_use_the_balanced_split_then_seeds_1_to_n_minus_1(monkeypatch):
    import classifier.cross_validation as cross_validation

    seeds = []

    def recording_folds(Y, groups, folds, synthetic, shuffle_seed=None):
        seeds.append(shuffle_seed)
        return real_folds(Y, groups, folds, synthetic, shuffle_seed)

    monkeypatch.setattr(cross_validation, "real_folds", recording_folds)
    X, y, groups = toy_data(9)
    grouped_cross_validation(X, y, groups, LABELS, 3, kind="word_lr", inner_cv_folds=2, repeats=3)
    assert seeds == [None, 1, 2]


def test_rows_not_shown_are_scored_as_unlabelled():
    """A paragraph whose labels ``classify predict`` withholds counts as predicted empty."""
    X, y, groups = toy_data(12)
    shown = [labels != ["delay"] for labels in y]  # every delay paragraph withheld
    result = grouped_cross_validation(
        X, y, groups, LABELS, folds=3, kind="word_lr", inner_cv_folds=2, shown=shown
    )
    assert result["labels"]["delay"]["mean"] == 0.0
    assert result["labels"]["contact"]["mean"] > 0.8
