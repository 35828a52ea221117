"""Synthetic (written) training examples: trained on in every fold, never scored."""

import numpy as np
import pytest
from sklearn.preprocessing import MultiLabelBinarizer

from classifier.cross_validation import grouped_cross_validation
from classifier.errors import InputError
from classifier.learning_curve import learning_curve
from classifier.metrics import finding_metrics
from classifier.model import FaultClassifier, real_folds
from classifier.train import cv_summary, train_model
from classifier.training_data import (
    DEFAULT_DIR,
    SYNTHETIC_SOURCE,
    default_heldout_path,
    normalise_text,
    read_examples,
    write_examples,
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


def _real_then_synthetic(n_real_docs: int, n_written_docs: int, offset: int):
    """Toy real documents, then toy synthetic paragraphs (each its own document).

    Returns feature strings, label lists, groups and synthetic flags.
    """
    X, y, groups = toy_data(n_real_docs)
    written_X, written_y, _ = toy_data(n_written_docs, offset)
    written_groups = [f"s{i}" for i in range(len(written_X))]
    flags = [False] * len(X) + [True] * len(written_X)
    return X + written_X, y + written_y, groups + written_groups, flags


def test_thresholds_and_cv_scores_come_from_real_examples_only():
    X, y, groups, flags = _real_then_synthetic(8, 3, offset=100)
    model = FaultClassifier(cv_folds=3).fit(X, y, groups=groups, synthetic=flags)
    n_real = flags.count(False)
    assert model.cv_true_.shape == (n_real, len(TOY_LABELS))
    assert model.cv_proba_.shape == (n_real, len(TOY_LABELS))


def test_grouped_cross_validation_scores_real_examples_only():
    X, y, groups, flags = _real_then_synthetic(6, 2, offset=50)
    result = grouped_cross_validation(X, y, groups, TOY_LABELS, folds=3, synthetic=flags)
    assert sum(fold["n_examples"] for fold in result["per_fold"]) == flags.count(False)


def test_committed_synthetic_examples_are_marked_and_apart_from_real_text():
    written = read_examples(DEFAULT_DIR / "synthetic.jsonl")
    assert len(written) >= 100
    assert all(e.source == SYNTHETIC_SOURCE and e.synthetic for e in written)
    assert all(e.doc_id.startswith("synthetic-") for e in written)
    real = {normalise_text(e.text) for e in read_examples(DEFAULT_DIR / "train.jsonl")}
    real |= {normalise_text(e.text) for e in read_examples(default_heldout_path())}
    assert not {normalise_text(e.text) for e in written} & real


def _toy_with_findings(n_docs: int, offset: int = 0):
    X, y, groups = toy_data(n_docs, offset)
    findings = ["fault" if i % 3 == 0 else "none" for i in range(len(X))]
    return X, y, groups, findings


def test_synthetic_rows_may_sit_anywhere_among_the_real_ones():
    X, y, groups, findings = _toy_with_findings(8)
    sX, sy, _, sf = _toy_with_findings(3, offset=100)
    sgroups = [f"s{i}" for i in range(len(sX))]
    appended = FaultClassifier(cv_folds=3).fit(
        X + sX, y + sy, findings + sf, groups + sgroups, synthetic=[False] * len(X) + [True] * 9
    )
    # The same rows with the synthetic ones first.
    leading = FaultClassifier(cv_folds=3).fit(
        sX + X, sy + y, sf + findings, sgroups + groups, synthetic=[True] * 9 + [False] * len(X)
    )
    np.testing.assert_array_equal(appended.cv_true_, leading.cv_true_)
    np.testing.assert_array_equal(appended.cv_findings_true_, leading.cv_findings_true_)
    np.testing.assert_allclose(appended.cv_proba_, leading.cv_proba_, atol=1e-3)
    assert list(appended.cv_findings_) == list(leading.cv_findings_)


def test_the_finding_head_learns_from_real_paragraphs_only():
    X, y, groups, flags = _real_then_synthetic(6, 2, offset=50)
    # Real paragraphs state no finding; the synthetic ones all state fault.
    findings = ["fault" if written else "none" for written in flags]
    model = FaultClassifier(cv_folds=3).fit(X, y, findings, groups, synthetic=flags)
    assert model.finding_ is None
    assert set(model.cv_findings_) == {"none"}


def test_synthetic_flags_must_match_the_examples():
    X, y, groups = toy_data(4)
    with pytest.raises(ValueError, match="synthetic flags"):
        FaultClassifier(cv_folds=2).fit(X, y, groups=groups, synthetic=[False])


def test_model_choice_weighs_fault_types_and_findings_equally():
    X, y, groups, findings = _toy_with_findings(8)
    model = FaultClassifier(cv_folds=3).fit(X, y, findings, groups)
    summary = cv_summary(model)
    expected = (summary["macro_f1"] + summary["finding"]["macro_f1"]) / 2
    assert summary["selection"] == pytest.approx(expected)
    assert set(summary["finding"]["findings"]) == {"fault", "no_fault"}


def test_finding_metrics_count_each_finding():
    result = finding_metrics(
        ["fault", "none", "no_fault", "fault"], ["fault", "fault", "none", "none"]
    )
    assert result["findings"]["fault"] == pytest.approx(
        {"precision": 0.5, "recall": 0.5, "f1": 0.5}
    )
    assert result["findings"]["no_fault"]["f1"] == 0.0
    assert result["macro_f1"] == pytest.approx(0.25)


def test_learning_curve_shares_real_documents_and_keeps_synthetic_ones():
    X, y, groups, flags = _real_then_synthetic(10, 2, offset=60)
    n_written = flags.count(True)
    result = learning_curve(
        X,
        y,
        groups,
        X[:6],
        MultiLabelBinarizer(classes=TOY_LABELS).fit_transform(y[:6]),
        TOY_LABELS,
        fractions=(0.5, 1.0),
        synthetic=flags,
    )
    assert result["n_synthetic"] == n_written
    assert [p["n_documents"] for p in result["points"]] == [5, 10]
    assert [p["n_examples"] for p in result["points"]] == [15 + n_written, 30 + n_written]


def test_training_needs_two_real_documents(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    real = read_examples(DEFAULT_DIR / "train.jsonl")
    first = [e for e in real if e.doc_id == real[0].doc_id]
    write_examples(data / "train.jsonl", first)
    write_examples(data / "synthetic.jsonl", read_examples(DEFAULT_DIR / "synthetic.jsonl")[:40])
    with pytest.raises(InputError, match="2 real"):
        train_model(data=data, out_dir=tmp_path / "model")
