"""The paragraph estimator (scikit-learn conventions): fault types and findings.

``FaultClassifier`` takes normalised feature strings (see :mod:`classifier.preprocess`), label
lists and (optionally) findings. One TF-IDF feature union (word and character n-grams, and for
the ``word_char_lsa_lr`` kind latent semantic dimensions of the words) feeds two heads:
one-vs-rest logistic regressions for the multi-label fault types, with one decision threshold
per label learnt from out-of-fold probabilities, and a multinomial logistic regression for the
paragraph finding (``fault``/``no_fault``/``none``).

Every paragraph is scored whole and sentence by sentence; its score is the mean of the two
(see :func:`pool`). Sentence scores are kept so that document analysis can work at sentence
level where a paragraph mixes findings.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from joblib import Parallel, delayed
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold, KFold
from sklearn.multiclass import OneVsRestClassifier
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import MultiLabelBinarizer, Normalizer

#: Every model choice :func:`build_features` knows.
MODEL_KINDS = ("word_char_lr", "word_lr", "word_char_lsa_lr")
#: The model choices ``classify train`` compares. Words only (``word_lr``) is left out: it tied
#: on fault types but was far worse on findings (cross-validated 0.777 vs 0.823), and a third
#: choice would take retraining past its 30-second budget.
COMPARED_KINDS = ("word_char_lr", "word_char_lsa_lr")
#: Latent dimensions of the ``word_char_lsa_lr`` kind (fewer when the vocabulary is smaller).
LSA_COMPONENTS = 200
FINDINGS = ("fault", "no_fault", "none")

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


def build_features(kind: str = "word_char_lr") -> Any:
    """Unfitted TF-IDF features for one model choice.

    ``word_char_lsa_lr`` adds latent semantic analysis: a truncated SVD of the word TF-IDF
    (unit length), so that words which occur in the same paragraphs ("tell", "inform",
    "update") share dense dimensions and a phrasing the labels rarely show still scores.
    """
    if kind not in MODEL_KINDS:
        raise ValueError(f"unknown model kind {kind!r}; choose from {', '.join(MODEL_KINDS)}")
    word = TfidfVectorizer(
        analyzer="word",
        ngram_range=(1, 3),
        min_df=2,
        sublinear_tf=True,
        token_pattern=r"\S+",
        dtype=np.float32,
    )
    if kind == "word_lr":
        return word
    char = TfidfVectorizer(
        analyzer="char_wb",
        ngram_range=(3, 5),
        min_df=3,
        sublinear_tf=True,
        max_features=60000,
        dtype=np.float32,
    )
    parts = [("word", word), ("char", char)]
    if kind == "word_char_lsa_lr":
        parts.append(("lsa", build_lsa()))
    return FeatureUnion(parts)


def build_lsa(n_components: int = LSA_COMPONENTS) -> Pipeline:
    """Unfitted latent semantic features: word TF-IDF, truncated SVD, unit length."""
    terms = TfidfVectorizer(
        analyzer="word", min_df=2, sublinear_tf=True, token_pattern=r"\S+", dtype=np.float32
    )
    return Pipeline(
        [
            ("terms", terms),
            ("svd", TruncatedSVD(n_components=n_components, random_state=0)),
            ("unit", Normalizer()),
        ]
    )


def lsa_components(paragraphs: Sequence[str]) -> int:
    """How many SVD dimensions ``paragraphs`` support: fewer than their terms and rows.

    Zero when there are fewer than two terms in two or more paragraphs (nothing to reduce).
    """
    counts = Counter(term for p in paragraphs for term in set(p.lower().split()))
    n_terms = sum(1 for n in counts.values() if n >= 2)  # the vectorizer's min_df
    return max(0, min(LSA_COMPONENTS, n_terms - 1, len(paragraphs) - 1))


def build_fault_head(C: float) -> OneVsRestClassifier:
    """Unfitted one-vs-rest logistic regressions for the fault labels.

    The dual problem has the same solution and is far faster when features outnumber
    paragraphs; hard-to-separate data can need more than the default 100 iterations.
    """
    return OneVsRestClassifier(
        LogisticRegression(
            C=C, class_weight="balanced", solver="liblinear", dual=True, max_iter=1000
        )
    )


def build_finding_head(C: float) -> LogisticRegression:
    """Unfitted multinomial logistic regression for the paragraph finding.

    ``FaultClassifier``'s default ``finding_C`` of 8 was chosen by grouped 5-fold
    cross-validation on the training split with the LSA features: finding F1 (fault /
    no_fault) 0.844 / 0.813 at C = 2, 0.841 / 0.842 at 4, 0.840 / 0.859 at 8, 0.843 / 0.862 at
    16; on a second split 0.847 / 0.821 at 2 and 0.854 / 0.833 at 8.
    """
    return LogisticRegression(C=C, class_weight="balanced", max_iter=2000)


def pool(paragraph: np.ndarray, sentences: np.ndarray, bounds: np.ndarray) -> np.ndarray:
    """Mean of each paragraph's probability and the highest probability among its sentences.

    A paragraph that mixes topics is often labelled for a topic one sentence carries; the
    sentence maximum sees that sentence undiluted while the paragraph score keeps context.
    """
    return (paragraph + np.maximum.reduceat(sentences, bounds[:-1], axis=0)) / 2


def iter_vectorizers(obj: Any) -> Iterator[Any]:
    """The TF-IDF vectorizers inside ``obj``: a dict of estimators, a feature union, a
    pipeline (the LSA part) or a vectorizer."""
    if isinstance(obj, dict):
        for value in obj.values():
            yield from iter_vectorizers(value)
    elif isinstance(obj, FeatureUnion):
        for _, part in obj.transformer_list:
            yield from iter_vectorizers(part)
    elif isinstance(obj, Pipeline):
        for _, step in obj.steps:
            yield from iter_vectorizers(step)
    elif isinstance(obj, TfidfVectorizer):
        yield obj


def _strip_vocabulary_extras(features: Any) -> None:
    for step in iter_vectorizers(features):
        if hasattr(step, "stop_words_"):
            del step.stop_words_  # terms pruned by min_df: only needed for introspection
        # max_features leaves numpy integers as indices, which skops stores one file each.
        step.vocabulary_ = {term: int(index) for term, index in step.vocabulary_.items()}


def fit_features(kind: str, paragraphs: Sequence[str]) -> Any:
    """Fit the TF-IDF (and, by kind, LSA) features on whole paragraphs.

    LSA is left out when the paragraphs share fewer than two terms.
    """
    features = build_features(kind)
    if kind == "word_char_lsa_lr":
        n_components = lsa_components(paragraphs)
        if n_components:
            features.set_params(lsa__svd__n_components=n_components)
        else:
            features = build_features("word_char_lr")
    features.fit(np.asarray(paragraphs, dtype=object))
    _strip_vocabulary_extras(features)
    return features


@dataclass
class Scores:
    """Scores of a batch of paragraphs: pooled per paragraph, and per sentence.

    ``sentence_bounds[i]:sentence_bounds[i + 1]`` are the rows of paragraph ``i`` in the
    sentence arrays.
    """

    labels: np.ndarray
    findings: np.ndarray | None
    sentence_labels: np.ndarray
    sentence_findings: np.ndarray | None
    sentence_bounds: np.ndarray

    def rows(self, start: int, end: int) -> Scores:
        """The scores of paragraphs ``start:end`` (and of their sentences)."""
        first, last = self.sentence_bounds[start], self.sentence_bounds[end]
        return Scores(
            labels=self.labels[start:end],
            findings=None if self.findings is None else self.findings[start:end],
            sentence_labels=self.sentence_labels[first:last],
            sentence_findings=(
                None if self.sentence_findings is None else self.sentence_findings[first:last]
            ),
            sentence_bounds=self.sentence_bounds[start : end + 1] - first,
        )


def _fit_on_all(
    params: dict[str, Any],
    X: np.ndarray,
    Y: np.ndarray,
    findings: np.ndarray | None,
    finding_rows: np.ndarray,
) -> FaultClassifier:
    """A model fitted without cross-validation: features and fault head on every row, the
    finding head on ``finding_rows`` (the real ones). The final model, fitted beside the
    folds, and each fold's model."""
    model = FaultClassifier(**params, cv_folds=0)
    model._fit_heads(X, Y, findings, finding_rows)
    return model


def _fold_scores(
    params: dict[str, Any],
    X: np.ndarray,
    Y: np.ndarray,
    findings: np.ndarray | None,
    synthetic: np.ndarray,
    train: np.ndarray,
    test: np.ndarray,
) -> tuple:
    """Fit one fold; return its test rows, fault probabilities and predicted findings."""
    fold_findings = None if findings is None else findings[train]
    real_rows = np.flatnonzero(~synthetic[train])
    model = _fit_on_all(params, X[train], Y[train], fold_findings, real_rows)
    scores = model.score(X[test])
    return test, scores.labels, model.findings_of(scores)


class FaultClassifier(ClassifierMixin, BaseEstimator):
    """Multi-label fault types (thresholds tuned by cross-validation) plus paragraph finding.

    Parameters are stored as given; all learning happens in :meth:`fit`. Learnt attributes:
    ``features_`` (fitted TF-IDF union), ``faults_`` (one-vs-rest head), ``classes_`` (label
    names), ``thresholds_`` (one per label), ``finding_`` (finding head or None),
    ``cv_proba_``/``cv_true_`` (out-of-fold probabilities and truth used for the thresholds),
    ``cv_findings_``/``cv_findings_true_`` (out-of-fold and true findings, None without).
    """

    def __init__(
        self, kind: str = "word_char_lr", C: float = 4.0, finding_C: float = 8.0, cv_folds: int = 5
    ) -> None:
        self.kind = kind
        self.C = C
        self.finding_C = finding_C
        self.cv_folds = cv_folds

    def fit(
        self,
        X: Sequence[str],
        y: Sequence[Sequence[str]],
        findings: Sequence[str] | None = None,
        groups: Sequence[str] | None = None,
        labels: Sequence[str] | None = None,
        synthetic: Sequence[bool] | None = None,
    ) -> FaultClassifier:
        """Fit on feature strings ``X``, label lists ``y`` and optional paragraph findings.

        ``groups`` (document ids) keep a document's paragraphs in one cross-validation fold;
        ``labels`` fixes the label set (default: every label in ``y``), each of which needs at
        least one positive example. ``synthetic`` marks examples written for training rather
        than taken from real texts: they join the training side of every cross-validation
        fold and are never scored, so the thresholds and ``cv_*_`` come from real text only.
        """
        classes = sorted(labels) if labels else sorted({label for row in y for label in row})
        if not classes:
            raise ValueError("training data has no labels")
        Y = MultiLabelBinarizer(classes=classes).fit_transform(y)
        empty = [c for c, n in zip(classes, Y.sum(axis=0), strict=True) if n == 0]
        if empty:
            raise ValueError(f"labels with no positive example: {', '.join(empty)}")
        self.classes_ = np.array(classes)
        X_arr = np.asarray(X, dtype=object)
        written = synthetic_mask(synthetic, len(X_arr))
        real = np.flatnonzero(~written)
        group_arr = np.asarray(groups, dtype=object) if groups is not None else None
        n_groups = len(set(group_arr[real])) if group_arr is not None else len(real)
        folds = min(self.cv_folds, n_groups)
        finding_arr = None if findings is None else np.asarray(findings, dtype=object)
        if folds >= 2:
            self.cv_true_ = Y[real]
            self.cv_findings_true_ = None if finding_arr is None else finding_arr[real]
            self.cv_proba_, self.cv_findings_, fitted = self._out_of_fold_scores(
                X_arr, Y, finding_arr, group_arr, folds, written
            )
            self.thresholds_ = best_thresholds(self.cv_true_, self.cv_proba_)
            self.features_, self.faults_, self.finding_ = (
                fitted.features_,
                fitted.faults_,
                fitted.finding_,
            )
        else:
            self.thresholds_ = np.full(len(classes), 0.5)
            self._fit_heads(X_arr, Y, finding_arr, real)
        return self

    def _fit_heads(
        self,
        X: np.ndarray,
        Y: np.ndarray,
        findings: Sequence[str] | None,
        finding_rows: np.ndarray,
    ) -> None:
        """Fit the features and the fault head on all rows, the finding head on ``finding_rows``.

        The finding head learns from real text only: written examples state findings far more
        often than real paragraphs do, which would shift its probabilities.
        """
        paragraphs = [split_features(x)[0] for x in X]
        self.features_ = fit_features(self.kind, paragraphs)
        matrix = self.features_.transform(np.asarray(paragraphs, dtype=object))
        self.faults_ = build_fault_head(self.C).fit(matrix, Y)
        self.finding_ = None
        if findings is None:
            return
        values = np.asarray(findings, dtype=object)[finding_rows]
        if len(set(values)) > 1:
            self.finding_ = build_finding_head(self.finding_C).fit(matrix[finding_rows], values)

    def _out_of_fold_scores(
        self,
        X: np.ndarray,
        Y: np.ndarray,
        findings: np.ndarray | None,
        groups: np.ndarray | None,
        folds: int,
        synthetic: np.ndarray,
    ) -> tuple[np.ndarray, np.ndarray | None, FaultClassifier]:
        """Out-of-fold fault probabilities and findings of the real examples, in their order,
        and the model fitted on all examples.

        Folds are grouped by document; synthetic examples train in every fold. The folds and
        the fit on all examples run in parallel, the longest job (all examples) first.
        """
        params = {"kind": self.kind, "C": self.C, "finding_C": self.finding_C}
        real = np.flatnonzero(~synthetic)
        fold_jobs = (
            delayed(_fold_scores)(params, X, Y, findings, synthetic, train, test)
            for train, test in real_folds(Y, groups, folds, synthetic)
        )
        results = Parallel(n_jobs=min(folds, 2))(
            [delayed(_fit_on_all)(params, X, Y, findings, real), *fold_jobs]
        )
        position = np.full(len(Y), -1)
        position[real] = np.arange(len(real))
        proba = np.zeros((len(real), Y.shape[1]), dtype=float)
        predicted = None if findings is None else np.full(len(real), "none", dtype=object)
        for test, fold_proba, fold_findings in results[1:]:
            assert (position[test] >= 0).all(), "a synthetic row was scored"
            proba[position[test]] = fold_proba
            if predicted is not None:
                predicted[position[test]] = fold_findings
        return proba, predicted, results[0]

    @classmethod
    def from_fitted(
        cls,
        estimators: dict[str, Any],
        classes: Sequence[str],
        thresholds: Sequence[float],
        **params: Any,
    ) -> FaultClassifier:
        """Rebuild a classifier from saved estimators, its label names and thresholds."""
        model = cls(**params)
        model.features_ = estimators["features"]
        model.faults_ = estimators["faults"]
        model.finding_ = estimators.get("finding")
        model.classes_ = np.array(classes)
        model.thresholds_ = np.asarray(thresholds, dtype=float)
        return model

    def estimators(self) -> dict[str, Any]:
        """The fitted scikit-learn parts, for saving."""
        parts = {"features": self.features_, "faults": self.faults_}
        if self.finding_ is not None:
            parts["finding"] = self.finding_
        return parts

    @property
    def finding_classes(self) -> list[str]:
        """Finding values in score-column order (empty without a finding head)."""
        return [str(c) for c in self.finding_.classes_] if self.finding_ is not None else []

    def score(self, X: Sequence[str]) -> Scores:
        """Pooled paragraph scores and per-sentence scores of both heads."""
        paragraphs, sentence_lists = zip(*(split_features(x) for x in X), strict=True)
        bounds = np.cumsum([0] + [len(s) for s in sentence_lists])
        flat = [s for sentences in sentence_lists for s in sentences]
        # One transform for paragraphs and sentences together, each distinct text once (a
        # one-sentence paragraph is its own sentence; boilerplate repeats across documents):
        # the TF-IDF step dominates.
        row_of: dict[str, int] = {}
        rows = np.array([row_of.setdefault(text, len(row_of)) for text in [*paragraphs, *flat]])
        matrix = self.features_.transform(np.asarray(list(row_of), dtype=object))
        n = len(paragraphs)
        label_proba = self._label_proba(matrix)[rows]
        sentence_labels = label_proba[n:]
        labels = pool(label_proba[:n], sentence_labels, bounds)
        findings = sentence_findings = None
        if self.finding_ is not None:
            finding_proba = self.finding_.predict_proba(matrix)[rows]
            sentence_findings = finding_proba[n:]
            findings = pool(finding_proba[:n], sentence_findings, bounds)
        return Scores(labels, findings, sentence_labels, sentence_findings, bounds)

    def _label_proba(self, rows: Any) -> np.ndarray:
        """Fault-head probabilities, one column per label.

        With a single label, one-vs-rest sees a binary problem and returns the probability
        of both classes; the label's column is the second.
        """
        proba = self.faults_.predict_proba(rows)
        single = len(self.faults_.estimators_) == 1 and proba.shape[1] == 2
        return proba[:, 1:] if single else proba

    def predict_proba(self, X: Sequence[str]) -> np.ndarray:
        """Probability of each label (columns in ``classes_`` order) for each text."""
        if len(X) == 0:
            return np.zeros((0, len(self.classes_)))
        return self.score(X).labels

    def predict_indicator(self, X: Sequence[str]) -> np.ndarray:
        """0/1 matrix of predicted labels using the tuned thresholds."""
        return (self.predict_proba(X) >= self.thresholds_).astype(int)

    def predict(self, X: Sequence[str]) -> list[list[str]]:
        """Predicted label lists, one per text."""
        return [list(self.classes_[row.astype(bool)]) for row in self.predict_indicator(X)]

    def predict_finding(self, X: Sequence[str]) -> list[str]:
        """Most probable finding per text (``none`` for all without a finding head)."""
        if self.finding_ is None or len(X) == 0:
            return ["none"] * len(X)
        return self.findings_of(self.score(X))

    def findings_of(self, scores: Scores) -> list[str]:
        """Most probable finding of each paragraph in ``scores`` (``none`` without a head)."""
        if scores.findings is None:
            return ["none"] * len(scores.labels)
        return [self.finding_classes[i] for i in scores.findings.argmax(axis=1)]


def synthetic_mask(synthetic: Sequence[bool] | None, n: int) -> np.ndarray:
    """Boolean mask of the synthetic rows among ``n`` (none when ``synthetic`` is None)."""
    if synthetic is None:
        return np.zeros(n, dtype=bool)
    mask = np.asarray(synthetic, dtype=bool)
    if mask.shape != (n,):
        raise ValueError(f"synthetic flags: expected {n}, got {len(mask)}")
    return mask


def real_folds(
    Y: np.ndarray,
    groups: np.ndarray | None,
    folds: int,
    synthetic: np.ndarray,
    shuffle_seed: int | None = None,
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """(train, test) row indices of cross-validation over the real (non-synthetic) rows.

    Folds are grouped by document when ``groups`` is given; every synthetic row is added to
    every training side and none is ever tested. Grouped folds are balanced by size (in
    rows) unless ``shuffle_seed`` is given, which deals the documents into folds at random
    (another split for each seed; folds then hold equal numbers of documents, not rows).
    Ungrouped folds are always shuffled, with seed 0 when ``shuffle_seed`` is None.
    """
    real = np.flatnonzero(~synthetic)
    written = np.flatnonzero(synthetic)
    if groups is not None:
        grouped = (
            GroupKFold(n_splits=folds)
            if shuffle_seed is None
            else GroupKFold(n_splits=folds, shuffle=True, random_state=shuffle_seed)
        )
        splits = grouped.split(real, Y[real], groups[real])
    else:
        seed = 0 if shuffle_seed is None else shuffle_seed
        splits = KFold(folds, shuffle=True, random_state=seed).split(real)
    for train, test in splits:
        yield np.concatenate([real[train], written]), real[test]


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
