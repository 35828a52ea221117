"""Fault-type metrics split by document type: decision statements and other pages."""

import numpy as np
import pytest

import classifier.cross_validation as cross_validation
from classifier.cross_validation import grouped_cross_validation
from classifier.document_types import mean_by_document_type, metrics_by_document_type
from classifier.training_data import default_heldout_path, read_examples
from classifier.withholding import decision_rows
from tests.conftest import TOY_LABELS as LABELS
from tests.conftest import toy_data_with_synthetic

Y_TRUE = np.array([[1, 0], [0, 1], [1, 0], [0, 1]])
Y_PRED = np.array([[1, 0], [0, 1], [0, 0], [0, 1]])


def test_each_type_is_scored_on_its_own_rows():
    result = metrics_by_document_type(
        Y_TRUE, Y_PRED, LABELS, np.array([True, True, False, False]), ["a", "a", "b", "c"]
    )
    assert result["decision"]["n_documents"] == 1 and result["decision"]["n_examples"] == 2
    assert result["decision"]["macro_f1"] == 1.0
    other = result["other"]
    assert other["n_documents"] == 2 and other["labels"]["contact"]["support"] == 1
    assert other["labels"]["contact"]["f1"] == 0.0 and other["labels"]["delay"]["f1"] == 1.0


def test_a_type_without_rows_is_left_out_and_flags_must_match_the_rows():
    only_decisions = metrics_by_document_type(
        Y_TRUE, Y_PRED, LABELS, np.ones(4, bool), list("abcd")
    )
    assert list(only_decisions) == ["decision"]
    with pytest.raises(ValueError, match="expected 4"):
        metrics_by_document_type(Y_TRUE, Y_PRED, LABELS, np.ones(3, bool), list("abcd"))


def test_means_over_repeats():
    flags, docs = np.array([True, True, False, False]), ["a", "a", "b", "c"]
    runs = [
        metrics_by_document_type(Y_TRUE, Y_PRED, LABELS, flags, docs),
        metrics_by_document_type(Y_TRUE, Y_TRUE, LABELS, flags, docs),
    ]
    mean = mean_by_document_type(runs)
    assert mean["other"]["macro_f1"] == pytest.approx(0.75)
    assert mean["other"]["labels"]["contact"] == {
        "precision": 0.5,
        "recall": 0.5,
        "f1": 0.5,
        "support": 1,
    }
    assert mean["decision"]["n_examples"] == 2


def test_the_held_out_news_pages_are_the_other_pages():
    examples = read_examples(default_heldout_path())
    decision = decision_rows([e.text for e in examples], [e.doc_id for e in examples])
    other = {e.doc_id for e, flag in zip(examples, decision, strict=True) if not flag}
    assert other and all(doc.startswith("news-") for doc in other)
    assert sum(1 for e in examples if e.doc_id.startswith("news-")) == int((~decision).sum())


class _StandIn:
    """A stand-in model that predicts the gold labels of the paragraphs in ``right``."""

    def __init__(self, gold, right):
        self.gold, self.right = gold, right

    def predict_indicator(self, X):
        return np.array([self.gold[x] if x in self.right else [0, 0] for x in X])


def test_cross_validation_pools_each_repeats_predictions_by_type(monkeypatch):
    """Three folds, two repeats: the stand-in is right on decision documents (d0-d5) in the
    first repeat and on every document in the second; the contact paragraph of d0 is
    withheld; synthetic rows train but are never scored."""
    X_all, y_all, groups_all, synthetic = toy_data_with_synthetic(12)
    real = synthetic.count(False)
    X, y, groups = X_all[:real], y_all[:real], groups_all[:real]
    decision = [g.startswith("s") or int(g[1:]) < 6 for g in groups_all]  # d0-d5, synthetic
    shown = [x != X[1] for x in X_all]  # X[1]: d0's contact paragraph
    gold = {x: [int(label in labels) for label in LABELS] for x, labels in zip(X, y, strict=True)}
    on_decisions = {x for x, flag in zip(X, decision[:real], strict=True) if flag}
    fits = []

    def stand_in(*args, **kwargs):
        fits.append(1)
        return _StandIn(gold, on_decisions if len(fits) <= 3 else set(X))

    monkeypatch.setattr(cross_validation, "fit_subset", stand_in)
    result = grouped_cross_validation(
        X_all,
        y_all,
        groups_all,
        LABELS,
        folds=3,
        synthetic=synthetic,
        repeats=2,
        shown=shown,
        decision=decision,
    )
    decisions, other = result["by_document_type"]["decision"], result["by_document_type"]["other"]
    assert (decisions["n_documents"], decisions["n_examples"]) == (6, 18)
    assert decisions["labels"]["contact"]["f1"] == pytest.approx(10 / 11)  # 5 of 6 shown
    assert decisions["labels"]["contact"]["recall"] == pytest.approx(5 / 6)
    assert decisions["labels"]["delay"]["f1"] == 1.0
    assert other["macro_f1"] == other["micro_f1"] == pytest.approx(0.5)  # 0 then 1
    assert other["labels"]["delay"] == {"precision": 0.5, "recall": 0.5, "f1": 0.5, "support": 6}
    assert "by_document_type" not in grouped_cross_validation(X, y, groups, LABELS, folds=3)
    with pytest.raises(ValueError, match="decision flags"):
        grouped_cross_validation(X, y, groups, LABELS, folds=3, decision=decision)
