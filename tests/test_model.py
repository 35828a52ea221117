import numpy as np
import pytest

from classifier.model import (
    LSA_COMPONENTS,
    FaultClassifier,
    best_thresholds,
    lsa_components,
    split_features,
)


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


def test_lsa_kind_fits_small_data_with_fewer_dimensions():
    X, y, groups = _toy()
    model = FaultClassifier(kind="word_char_lsa_lr", cv_folds=3).fit(X, y, groups=groups)
    svd = model.features_.transformer_list[2][1].named_steps["svd"]
    assert svd.n_components == lsa_components(X) < LSA_COMPONENTS
    assert model.predict(["the council delay the assessment"]) == [["delay"]]


def test_lsa_dimensions_are_fewer_than_shared_terms_and_paragraphs():
    # "a" and "b" occur in two paragraphs each (min_df=2), "c" and "d" only once.
    assert lsa_components(["a b c", "A b d", "a"]) == 1
    assert lsa_components(["x"] * 500) == 0
    assert lsa_components([f"w{i} w{i + 1}" for i in range(1000)]) == LSA_COMPONENTS


def test_lsa_kind_without_shared_terms_fits_without_lsa():
    X = [p for i in range(6) for p in ("x", "x", f"x delay{i}")]  # only "x" is shared
    y = [[], [], ["delay"]] * 6
    groups = [f"d{i}" for i in range(6) for _ in range(3)]
    model = FaultClassifier(kind="word_char_lsa_lr", cv_folds=3).fit(X, y, groups=groups)
    assert [name for name, _ in model.features_.transformer_list] == ["word", "char"]
    assert model.predict_proba(["x delay0"]).shape == (1, 1)


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
