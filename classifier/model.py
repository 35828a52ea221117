"""The multi-label fault-type estimator (scikit-learn conventions).

``FaultClassifier`` takes normalised feature strings (see :mod:`classifier.preprocess`) and
label lists. It wraps a scikit-learn pipeline (TF-IDF features into one-vs-rest linear
classifiers) and learns one decision threshold per label from out-of-fold probabilities, so
thresholds are tuned by cross-validation rather than fixed at 0.5.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold, KFold
from sklearn.multiclass import OneVsRestClassifier
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import MultiLabelBinarizer

#: The model choices compared by ``classify train``.
MODEL_KINDS = ("word_char_lr", "word_lr")

THRESHOLD_GRID = np.round(np.arange(0.05, 0.96, 0.01), 2)

#: Separates sentences inside a feature string (see :mod:`classifier.preprocess`).
SENTENCE_SEP = " ¶ "
SECTION_PREFIX = "_sec_"


def split_features(feature: str) -> tuple[str, list[str]]:
    """Split a paragraph feature string into the whole paragraph and its sentences.

    Section tokens (at the end of the string) are attached to every sentence.
    """
    words = feature.split(" ")
    n = len(words)
    while n and words[n - 1].startswith(SECTION_PREFIX):
        n -= 1
    body, section = " ".join(words[:n]), " ".join(words[n:])
    sentences = [f"{s} {section}" if section else s for s in body.split(SENTENCE_SEP)]
    return feature.replace(SENTENCE_SEP, " "), sentences


def pooled_proba(pipeline: Pipeline, X: Sequence[str]) -> np.ndarray:
    """Mean of the paragraph's probability and the highest probability of its sentences.

    A paragraph that mixes topics is often labelled for a topic one sentence carries; the
    sentence maximum sees that sentence undiluted while the paragraph score keeps context.
    """
    paragraphs, sentence_lists = zip(*(split_features(x) for x in X), strict=True)
    flat = [s for sentences in sentence_lists for s in sentences]
    paragraph_proba = pipeline.predict_proba(np.asarray(paragraphs, dtype=object))
    sentence_proba = pipeline.predict_proba(np.asarray(flat, dtype=object))
    bounds = np.cumsum([0] + [len(s) for s in sentence_lists])
    sentence_max = np.maximum.reduceat(sentence_proba, bounds[:-1], axis=0)
    return (paragraph_proba + sentence_max) / 2


def build_pipeline(kind: str = "word_char_lr", C: float = 4.0) -> Pipeline:
    """Return an unfitted scikit-learn pipeline for one model choice."""
    word = TfidfVectorizer(
        analyzer="word",
        ngram_range=(1, 3),
        min_df=2,
        sublinear_tf=True,
        token_pattern=r"\S+",
        dtype=np.float32,
    )
    if kind == "word_char_lr":
        char = TfidfVectorizer(
            analyzer="char_wb",
            ngram_range=(3, 5),
            min_df=3,
            sublinear_tf=True,
            max_features=60000,
            dtype=np.float32,
        )
        features: Any = FeatureUnion([("word", word), ("char", char)])
    elif kind == "word_lr":
        features = word
    else:
        raise ValueError(f"unknown model kind {kind!r}; choose from {', '.join(MODEL_KINDS)}")
    # The dual problem has the same solution and is far faster when features outnumber
    # paragraphs; hard-to-separate data can need more than the default 100 iterations.
    classifier = LogisticRegression(
        C=C, class_weight="balanced", solver="liblinear", dual=True, max_iter=1000
    )
    return Pipeline([("features", features), ("clf", OneVsRestClassifier(classifier))])


def best_thresholds(y_true: np.ndarray, proba: np.ndarray) -> np.ndarray:
    """Per column, the probability threshold in ``THRESHOLD_GRID`` that maximises F1."""
    thresholds = np.full(y_true.shape[1], 0.5)
    for j in range(y_true.shape[1]):
        truth = y_true[:, j].astype(bool)
        if not truth.any():
            continue
        best = -1.0
        for t in THRESHOLD_GRID:
            pred = proba[:, j] >= t
            tp = np.sum(pred & truth)
            denom = pred.sum() + truth.sum()
            f1 = 2 * tp / denom if denom else 0.0
            if f1 > best:
                best, thresholds[j] = f1, t
    return thresholds


def out_of_fold_proba(
    kind: str, C: float, X: Sequence[str], Y: np.ndarray, groups: Sequence[str] | None, folds: int
) -> np.ndarray:
    """Out-of-fold probabilities of a fresh pipeline, folds grouped by document if given."""
    splitter = (
        GroupKFold(n_splits=folds)
        if groups is not None
        else KFold(folds, shuffle=True, random_state=0)
    )
    X_arr = np.asarray(X, dtype=object)
    proba = np.zeros(Y.shape, dtype=float)
    for train_idx, test_idx in splitter.split(X_arr, Y, groups):
        pipeline = fit_pipeline(kind, C, X_arr[train_idx], Y[train_idx])
        proba[test_idx] = pooled_proba(pipeline, X_arr[test_idx])
    return proba


def fit_pipeline(kind: str, C: float, X: Sequence[str], Y: np.ndarray) -> Pipeline:
    """Fit a fresh pipeline on whole paragraphs (sentence separators removed)."""
    paragraphs = np.asarray([split_features(x)[0] for x in X], dtype=object)
    pipeline = build_pipeline(kind, C).fit(paragraphs, Y)
    for step in _vectorizers(pipeline):
        if hasattr(step, "stop_words_"):
            del step.stop_words_  # terms pruned by min_df: only needed for introspection
        # max_features leaves numpy integers as indices, which skops stores one file each.
        step.vocabulary_ = {term: int(index) for term, index in step.vocabulary_.items()}
    return pipeline


def _vectorizers(pipeline: Pipeline) -> list[TfidfVectorizer]:
    features = pipeline.named_steps["features"]
    if isinstance(features, FeatureUnion):
        return [step for _, step in features.transformer_list]
    return [features]


class FaultClassifier(ClassifierMixin, BaseEstimator):
    """Multi-label paragraph classifier with per-label thresholds tuned by cross-validation.

    Parameters are stored as given; all learning happens in :meth:`fit`. Learnt attributes:
    ``classes_`` (label names), ``pipeline_`` (fitted scikit-learn pipeline), ``thresholds_``
    (one per label) and ``cv_proba_`` (out-of-fold probabilities used to pick thresholds).
    """

    def __init__(self, kind: str = "word_char_lr", C: float = 4.0, cv_folds: int = 5) -> None:
        self.kind = kind
        self.C = C
        self.cv_folds = cv_folds

    def fit(
        self,
        X: Sequence[str],
        y: Sequence[Sequence[str]],
        groups: Sequence[str] | None = None,
        labels: Sequence[str] | None = None,
    ) -> FaultClassifier:
        """Fit on feature strings ``X`` and label lists ``y``; ``groups`` are document ids."""
        classes = sorted(labels) if labels else sorted({lab for row in y for lab in row})
        binarizer = MultiLabelBinarizer(classes=classes)
        Y = binarizer.fit_transform(y)
        self.classes_ = np.array(binarizer.classes_)
        if Y.shape[1] == 0:
            raise ValueError("training data has no labels")
        empty = [c for c, n in zip(self.classes_, Y.sum(axis=0), strict=True) if n == 0]
        if empty:
            raise ValueError(f"labels with no positive example: {', '.join(empty)}")
        folds = min(self.cv_folds, len(set(groups)) if groups is not None else len(X))
        self.cv_proba_ = out_of_fold_proba(self.kind, self.C, X, Y, groups, folds)
        self.thresholds_ = best_thresholds(Y, self.cv_proba_)
        self.cv_true_ = Y
        self.pipeline_ = fit_pipeline(self.kind, self.C, X, Y)
        return self

    @classmethod
    def from_fitted(
        cls, pipeline: Pipeline, classes: Sequence[str], thresholds: Sequence[float], **params: Any
    ) -> FaultClassifier:
        """Rebuild a classifier from a saved pipeline, its label names and thresholds."""
        model = cls(**params)
        model.pipeline_ = pipeline
        model.classes_ = np.array(classes)
        model.thresholds_ = np.asarray(thresholds, dtype=float)
        return model

    def predict_proba(self, X: Sequence[str]) -> np.ndarray:
        """Probability of each label (columns in ``classes_`` order) for each text."""
        if len(X) == 0:
            return np.zeros((0, len(self.classes_)))
        return pooled_proba(self.pipeline_, X)

    def predict_indicator(self, X: Sequence[str]) -> np.ndarray:
        """0/1 matrix of predicted labels using the tuned thresholds."""
        return (self.predict_proba(X) >= self.thresholds_).astype(int)

    def predict(self, X: Sequence[str]) -> list[list[str]]:
        """Predicted label lists, one per text."""
        return [list(self.classes_[row.astype(bool)]) for row in self.predict_indicator(X)]
