"""Explain fault labels with the linear model's own coefficients.

The fault head scores a paragraph's whole-text TF-IDF row ``x`` for label ``j`` with a logistic
regression: ``logit = intercept_j + sum_i x_i * coef_j[i]``, so feature ``i`` contributes
``x_i * coef_j[i]``. Every contribution is given to a term of the paragraph:

* a word n-gram feature to itself ("take too long");
* a character n-gram feature (``char_wb``, 3 to 5 characters inside one word) to the words it
  occurs in, split evenly over its occurrences, so a one-word term's weight includes the
  character n-grams of that word. Character n-grams carry much of the evidence, so skipping
  them would hide it; their total is kept in ``char_ngrams`` for reference;
* a latent (LSA) dimension, in models of kind ``word_char_lsa_lr``, to the words of the
  paragraph: with ``C`` the SVD's ``components_`` (dimensions x terms) and ``u`` the
  paragraph's word TF-IDF row, the dimensions are ``z = C u / |C u|``, so their contribution
  ``z . c`` is exactly ``sum_w u[w] (C[:, w] . c) / |C u|`` and each word gets its own term of
  that sum.

An explanation lists the terms with the largest positive weights and sums the rest into
``other_terms``, so ``intercept + sum(terms) + other_terms == logit`` (up to rounding).

Terms are strings of the model input: lemmas with placeholders (``_party_``, ``_money_``,
``_date_``, ``_num_``), section tokens (``_sec_what _sec_i _sec_find``, from the heading
above the paragraph), failure-scope tokens (``_neg_tell``: "tell" after "failed to" or "did
not", see :mod:`classifier.preprocess`) and Matcher cue tokens (``_cue_delay``,
``_cue_no_fault``: see :mod:`classifier.cue_patterns`). Where a term comes from the
paragraph's own words, those words are given too ("take too long" <- "took too long"; for
``_neg_tell`` the first "tell" of the paragraph, in a failure scope or not). The label's
score is the mean of the whole-paragraph probability and the highest sentence probability
(:func:`classifier.model.pool`); the explanation covers the whole-paragraph part.
"""

from __future__ import annotations

import weakref
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from sklearn.pipeline import Pipeline

from classifier.document import LabelExplanation, TermWeight
from classifier.model import FaultClassifier, split_features
from classifier.preprocess import FAILURE_PREFIX, aligned_features

if TYPE_CHECKING:
    from spacy.tokens import Doc

#: How many terms an explanation lists per label.
TOP_TERMS = 8


@dataclass(frozen=True)
class _Lsa:
    """The LSA dimensions of a fitted model: first column, fitted pipeline, term names."""

    first: int
    pipeline: Pipeline
    names: np.ndarray


@dataclass(frozen=True)
class _Vocabulary:
    """Feature columns of a fitted model: word n-gram terms, character n-gram lookup, and the
    LSA dimensions (None without)."""

    words: dict[int, str]
    chars: dict[str, int]
    char_ngrams: Callable[[str], list[str]] | None
    lsa: _Lsa | None = None
    char_columns: frozenset[int] = frozenset()


_VOCABULARIES: weakref.WeakKeyDictionary[Any, _Vocabulary] = weakref.WeakKeyDictionary()


def _vocabulary(features: Any) -> _Vocabulary:
    """Column terms of fitted features (a vectorizer or a union), computed once per model."""
    cached = _VOCABULARIES.get(features)
    if cached is not None:
        return cached
    parts = (
        [step for _, step in features.transformer_list]
        if hasattr(features, "transformer_list")
        else [features]
    )
    words: dict[int, str] = {}
    chars: dict[str, int] = {}
    char_ngrams = None
    lsa = None
    offset = 0
    for step in parts:
        if isinstance(step, Pipeline):
            lsa = _Lsa(offset, step, step.named_steps["terms"].get_feature_names_out())
            offset += step.named_steps["svd"].n_components
            continue
        names = step.get_feature_names_out()
        if step.analyzer == "word":
            words.update((offset + i, str(name)) for i, name in enumerate(names))
        else:
            chars.update((str(name), offset + i) for i, name in enumerate(names))
            char_ngrams = step.build_analyzer()
        offset += len(names)
    cached = _Vocabulary(words, chars, char_ngrams, lsa, frozenset(chars.values()))
    _VOCABULARIES[features] = cached
    return cached


def _char_shares(whole: str, vocabulary: _Vocabulary) -> dict[str, dict[int, float]]:
    """For each word of ``whole``, its share of each character n-gram column."""
    if vocabulary.char_ngrams is None:
        return {}
    per_word = [
        (word, [vocabulary.chars[g] for g in vocabulary.char_ngrams(word) if g in vocabulary.chars])
        for word in whole.lower().split()
    ]
    totals = Counter(column for _, columns in per_word for column in columns)
    shares: dict[str, dict[int, float]] = defaultdict(lambda: defaultdict(float))
    for word, columns in per_word:
        for column in columns:
            shares[word][column] += 1 / totals[column]
    return shares


def _lsa_terms(whole: str, vocabulary: _Vocabulary) -> dict[str, np.ndarray]:
    """For each word of ``whole``, its part of the LSA dimensions: ``u[w] C[:, w] / |C u|``.

    Summed over the words this is the paragraph's LSA row, so a label's LSA contribution
    splits exactly into one share per word.
    """
    lsa = vocabulary.lsa
    if lsa is None:
        return {}
    terms, svd = lsa.pipeline.named_steps["terms"], lsa.pipeline.named_steps["svd"]
    row = terms.transform([whole]).tocsr()
    projected = row @ svd.components_.T
    norm = float(np.linalg.norm(projected))
    if norm == 0:
        return {}
    return {
        str(lsa.names[column]): value * svd.components_[:, column] / norm
        for column, value in zip(row.indices.tolist(), row.data.tolist(), strict=True)
    }


def _surface_words(aligned: list[tuple[str, int, int]], text: str, term: str) -> str | None:
    """The paragraph's own words for a term, or None when it has none (section tokens)."""
    wanted = [word.removeprefix(FAILURE_PREFIX) for word in term.split(" ")]
    n = len(wanted)
    for k in range(len(aligned) - n + 1):
        if [feature for feature, _, _ in aligned[k : k + n]] == wanted:
            return text[aligned[k][1] : aligned[k + n - 1][2]]
    return None


@dataclass
class _Paragraph:
    """One paragraph's feature row and what is needed to name its terms."""

    row: dict[int, float]
    char_shares: dict[str, dict[int, float]]
    lsa_terms: dict[str, np.ndarray]
    aligned: list[tuple[str, int, int]]
    text: str


def _explain_label(
    paragraph: _Paragraph, estimator: Any, vocabulary: _Vocabulary, top: int
) -> LabelExplanation:
    coef = estimator.coef_[0]
    contributions = {column: value * float(coef[column]) for column, value in paragraph.row.items()}
    weights: dict[str, float] = defaultdict(float)
    for column, contribution in contributions.items():
        if column in vocabulary.words:
            weights[vocabulary.words[column]] += contribution
    for word, shares in paragraph.char_shares.items():
        weights[word] += sum(share * contributions[c] for c, share in shares.items())
    if vocabulary.lsa is not None:
        first = vocabulary.lsa.first
        lsa_coef = coef[first : first + vocabulary.lsa.pipeline.named_steps["svd"].n_components]
        for word, part in paragraph.lsa_terms.items():
            weights[word] += float(part @ lsa_coef)
    ranked = sorted(weights.items(), key=lambda item: (-item[1], item[0]))
    shown = [(term, weight) for term, weight in ranked[:top] if weight > 0]
    intercept = float(estimator.intercept_[0])
    total = sum(contributions.values())
    char_total = sum(c for column, c in contributions.items() if column in vocabulary.char_columns)
    words = [_surface_words(paragraph.aligned, paragraph.text, term) for term, _ in shown]
    return LabelExplanation(
        terms=[
            TermWeight(term, round(weight, 4), own)
            for (term, weight), own in zip(shown, words, strict=True)
        ],
        other_terms=round(total - sum(weight for _, weight in shown), 4),
        char_ngrams=round(char_total, 4),
        intercept=round(intercept, 4),
        logit=round(intercept + total, 4),
    )


def explain_paragraphs(
    model: FaultClassifier,
    features: Sequence[str],
    docs: Sequence[Doc],
    labels: Sequence[Sequence[str]],
    top: int = TOP_TERMS,
) -> list[dict[str, LabelExplanation]]:
    """Per paragraph, an explanation of each of its ``labels`` (empty for no labels).

    ``features`` are the paragraphs' feature strings and ``docs`` their spaCy docs, in order.
    """
    explanations: list[dict[str, LabelExplanation]] = [{} for _ in features]
    wanted = [i for i, row in enumerate(labels) if row]
    if not wanted:
        return explanations
    whole = [split_features(features[i])[0] for i in wanted]
    matrix = model.features_.transform(np.asarray(whole, dtype=object)).tocsr()
    vocabulary = _vocabulary(model.features_)
    estimators = dict(zip(map(str, model.classes_), model.faults_.estimators_, strict=True))
    for row, i in enumerate(wanted):
        span = slice(matrix.indptr[row], matrix.indptr[row + 1])
        paragraph = _Paragraph(
            row=dict(zip(matrix.indices[span].tolist(), matrix.data[span].tolist(), strict=True)),
            char_shares=_char_shares(whole[row], vocabulary),
            lsa_terms=_lsa_terms(whole[row], vocabulary),
            aligned=[a for sent in docs[i].sents for a in aligned_features(sent)],
            text=docs[i].text,
        )
        explanations[i] = {
            label: _explain_label(paragraph, estimators[label], vocabulary, top)
            for label in labels[i]
        }
    return explanations
