import numpy as np
import pytest

from classifier.model import FaultClassifier, best_thresholds, split_features


def _toy():
    delay = ["council delay the assessment", "it take too long to reply", "late payment delay"]
    contact = ["council not tell _party_ of the meeting", "fail to return call", "no letter send"]
    X, y, groups = [], [], []
    for i in range(8):
        X += [delay[i % 3] + f" case{i}", contact[i % 3] + f" case{i}", f"background text {i}"]
        y += [["delay"], ["contact"], []]
        groups += [f"d{i}"] * 3
    return X, y, groups


def test_fit_learns_labels_and_thresholds_and_predicts():
    X, y, groups = _toy()
    model = FaultClassifier(kind="word_lr", cv_folds=3).fit(X, y, groups=groups)
    assert list(model.classes_) == ["contact", "delay"]
    assert model.thresholds_.shape == (2,)
    proba = model.predict_proba(["the council delay again"])
    assert proba.shape == (1, 2) and np.all((proba >= 0) & (proba <= 1))
    assert model.predict(["the council delay the assessment"]) == [["delay"]]


def test_label_set_comes_from_the_data():
    X, y, groups = _toy()
    y = [labels + (["new_type"] if i % 3 == 2 and i < 12 else []) for i, labels in enumerate(y)]
    model = FaultClassifier(kind="word_lr", cv_folds=3).fit(X, y, groups=groups)
    assert "new_type" in model.classes_


def test_unknown_kind_is_rejected():
    X, y, groups = _toy()
    with pytest.raises(ValueError, match="unknown model kind"):
        FaultClassifier(kind="nope", cv_folds=3).fit(X, y, groups=groups)


def test_best_thresholds_maximise_f1():
    y = np.array([[1], [1], [0], [0]])
    proba = np.array([[0.9], [0.35], [0.3], [0.1]])
    (t,) = best_thresholds(y, proba)
    assert 0.3 < t <= 0.35


def test_split_features_attaches_section_to_each_sentence():
    whole, sentences = split_features("a b ¶ c d _sec_what _sec_found")
    assert whole == "a b c d _sec_what _sec_found"
    assert sentences == ["a b _sec_what _sec_found", "c d _sec_what _sec_found"]
