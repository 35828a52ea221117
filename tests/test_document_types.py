"""Fault-type metrics split by document type: decision statements and other pages."""

import numpy as np
import pytest

import classifier.cross_validation as cross_validation
from classifier.cross_validation import grouped_cross_validation
from classifier.document_types import mean_by_document_type, metrics_by_document_type
from classifier.training_data import default_heldout_path, read_examples
from classifier.withholding import decision_rows
from tests.conftest import TOY_LABELS as LABELS
from tests.conftest import toy_data

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
    assert mean["other"]["labels"]["contact"] == {"f1": 0.5, "support": 1}
    assert mean["decision"]["n_examples"] == 2


def test_the_held_out_news_pages_are_the_other_pages():
    examples = read_examples(default_heldout_path())
    decision = decision_rows([e.text for e in examples], [e.doc_id for e in examples])
    other = {e.doc_id for e, flag in zip(examples, decision, strict=True) if not flag}
    assert other and all(doc.startswith("news-") for doc in other)
    assert sum(1 for e in examples if e.doc_id.startswith("news-")) == int((~decision).sum())


class _GoldOnDecisions:
    """A stand-in model: right on the paragraphs of decision documents, silent elsewhere."""

    def __init__(self, gold):
        self.gold = gold

    def predict_indicator(self, X):
        return np.array([self.gold.get(x, [0, 0]) for x in X])


def test_cross_validation_pools_each_splits_predictions_by_type(monkeypatch):
    X, y, groups = toy_data(12)
    decision = [int(g[1:]) < 6 for g in groups]  # documents d0-d5 are decisions
    gold = {
        x: [int(label in labels) for label in LABELS]
        for x, labels, flag in zip(X, y, decision, strict=True)
        if flag
    }
    monkeypatch.setattr(cross_validation, "fit_subset", lambda *a, **k: _GoldOnDecisions(gold))
    result = grouped_cross_validation(X, y, groups, LABELS, folds=3, repeats=2, decision=decision)
    by_type = result["by_document_type"]
    assert by_type["decision"]["macro_f1"] == 1.0 and by_type["other"]["macro_f1"] == 0.0
    assert by_type["decision"]["n_documents"] == by_type["other"]["n_documents"] == 6
    assert by_type["other"]["labels"]["delay"]["support"] == 6
    assert "by_document_type" not in grouped_cross_validation(X, y, groups, LABELS, folds=3)
