"""Exact, batched :func:`classifier.model.pooled_proba` from encoded feature tokens.

scikit-learn's vectorizers count n-grams with a Python loop over every n-gram of every
text: for the word and character n-grams of each paragraph and of each of its sentences,
that loop was most of the prediction time. :class:`FastScorer` builds the same count
matrices with array operations over feature ids (see :mod:`classifier.fast_preprocess`):
word n-grams become integer keys looked up in a hash table of the fitted vocabulary, and
character n-grams, which ``char_wb`` takes word by word, are computed once per distinct
word and summed by a sparse matrix product. Texts that occur more than once in a batch
(boilerplate sentences, headings) are scored once. The counts then go through the fitted
pipeline's own TF-IDF weighting and classifier, so the probabilities are bit-for-bit those
of :func:`~classifier.model.pooled_proba` (rows are independent of each other there).

Only the pipeline shapes the project trains are supported; :meth:`FastScorer.for_pipeline`
returns None for anything else and callers use the reference path.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion, Pipeline

from classifier.fast_preprocess import EncodedBatch, FeatureVocab
from classifier.int_table import IntTable


def _supported(vectorizer: Any) -> bool:
    """True for a fitted TF-IDF vectorizer this module reproduces exactly."""
    if type(vectorizer) is not TfidfVectorizer or not hasattr(vectorizer, "_tfidf"):
        return False
    common = (
        vectorizer.input == "content"
        and vectorizer.preprocessor is None
        and vectorizer.strip_accents is None
        and not vectorizer.binary
        and hasattr(vectorizer, "vocabulary_")
    )
    if vectorizer.analyzer == "word":
        return (
            common
            and vectorizer.tokenizer is None
            and vectorizer.token_pattern in (r"\S+", r"(?u)\S+")
            and vectorizer.stop_words is None
            # n-gram keys are base-V numbers (V <= vocabulary size) that must fit in int64
            and len(vectorizer.vocabulary_) ** vectorizer.ngram_range[1] < 2**63
        )
    return common and vectorizer.analyzer == "char_wb"


def _sorted(matrix: sp.csr_matrix) -> sp.csr_matrix:
    """``matrix`` with sorted column indices, by two transpositions (linear, no sort)."""
    return matrix.tocsc().tocsr()


def _csr_counts(rows: np.ndarray, cols: np.ndarray, shape: tuple[int, int]) -> sp.csr_matrix:
    """Count matrix of (row, col) occurrences, canonical CSR as scikit-learn makes it.

    ``rows`` must be non-decreasing.
    """
    indptr = np.concatenate([[0], np.cumsum(np.bincount(rows, minlength=shape[0]))])
    data = np.ones(rows.size, dtype=np.float32)
    matrix = _sorted(sp.csr_matrix((data, cols, indptr), shape=shape))
    matrix.sum_duplicates()
    return matrix


class _Rows(NamedTuple):
    """Texts as one flat sequence of feature ids, with the row (text) of each."""

    tokens: np.ndarray
    row: np.ndarray
    n_rows: int


class WordCounter:
    """Word n-gram counts of a fitted ``analyzer="word"`` vectorizer, from feature ids.

    Each word of the vocabulary's n-grams gets an index; an n-gram is then the base-``V``
    number of its word indices, looked up in the sorted keys of the vocabulary's n-grams.
    """

    def __init__(self, vectorizer: TfidfVectorizer) -> None:
        self.vectorizer = vectorizer
        self.min_n, self.max_n = vectorizer.ngram_range
        terms = [(term.split(" "), col) for term, col in vectorizer.vocabulary_.items()]
        words: dict[str, int] = {}
        for parts, _ in terms:
            for w in parts:
                words.setdefault(w, len(words))
        self.base = max(len(words), 1)
        by_n: dict[int, tuple[list[int], list[int]]] = {}
        for parts, col in terms:
            keys, cols = by_n.setdefault(len(parts), ([], []))
            keys.append(self._key([words[w] for w in parts], self.base))
            cols.append(col)
        self._grams = {
            n: IntTable(np.asarray(keys, dtype=np.int64), np.asarray(cols, dtype=np.int64))
            for n, (keys, cols) in by_n.items()
        }
        self._words = words
        self._word_of = np.zeros(0, dtype=np.int64)

    @staticmethod
    def _key(ids: list[int], base: int) -> int:
        key = 0
        for i in ids:
            key = key * base + i
        return key

    def _sync(self, vocab: FeatureVocab) -> None:
        """Extend the feature-id -> vocabulary-word table to the vocab's new features."""
        known = self._word_of.size
        if known < len(vocab.strings):
            new = [self._words.get(s, -1) for s in vocab.strings[known:]]
            self._word_of = np.concatenate([self._word_of, np.asarray(new, dtype=np.int64)])

    def counts(self, rows: _Rows, vocab: FeatureVocab) -> sp.csr_matrix:
        """Count matrix (texts x vocabulary) exactly as ``CountVectorizer.transform``."""
        self._sync(vocab)
        word = self._word_of[rows.tokens]
        n_tokens = word.size
        found_rows, found_cols = [], []
        for n in range(self.min_n, self.max_n + 1):
            if n > n_tokens or n not in self._grams:
                continue
            m = n_tokens - n + 1
            valid = rows.row[:m] == rows.row[n - 1 :]
            key = np.zeros(m, dtype=np.int64)
            for k in range(n):
                part = word[k : k + m]
                valid &= part >= 0
                key = key * self.base + part
            start = np.flatnonzero(valid)
            cols = self._grams[n].get(key[start])
            hit = cols >= 0
            found_rows.append(rows.row[start[hit]])
            found_cols.append(cols[hit])
        row = np.concatenate([np.zeros(0, dtype=np.int64), *found_rows])
        col = np.concatenate([np.zeros(0, dtype=np.int64), *found_cols])
        order = np.argsort(row, kind="stable")  # merges the sorted run of each n, in O(n)
        return _csr_counts(row[order], col[order], (rows.n_rows, len(self.vectorizer.vocabulary_)))


class CharCounter:
    """Character n-gram counts of a fitted ``analyzer="char_wb"`` vectorizer.

    ``char_wb`` takes the n-grams of each whitespace-separated word on its own, so a text's
    counts are its word counts times a (words x n-grams) matrix; each distinct word is
    analysed once, by the vectorizer's own analyzer.
    """

    def __init__(self, vectorizer: TfidfVectorizer) -> None:
        self.vectorizer = vectorizer
        self._analyze = vectorizer.build_analyzer()
        self._n_features = len(vectorizer.vocabulary_)
        self._word_grams = sp.csr_matrix((0, self._n_features), dtype=np.float32)

    def _sync(self, vocab: FeatureVocab) -> None:
        known = self._word_grams.shape[0]
        if known < len(vocab.strings):
            vocabulary = self.vectorizer.vocabulary_
            lists = [
                [vocabulary[g] for g in self._analyze(s) if g in vocabulary]
                for s in vocab.strings[known:]
            ]
            rows = np.repeat(np.arange(len(lists)), [len(x) for x in lists])
            cols = np.fromiter((c for x in lists for c in x), dtype=np.int64, count=rows.size)
            new = _csr_counts(rows, cols, (len(lists), self._n_features))
            self._word_grams = sp.vstack([self._word_grams, new], format="csr")

    def counts(self, rows: _Rows, vocab: FeatureVocab) -> sp.csr_matrix:
        """Count matrix (texts x vocabulary) exactly as ``CountVectorizer.transform``."""
        self._sync(vocab)
        # the words of each text, unsorted and with repeats: the product sums them anyway
        indptr = np.concatenate([[0], np.cumsum(np.bincount(rows.row, minlength=rows.n_rows))])
        ones = np.ones(rows.tokens.size, dtype=np.float32)
        shape = (rows.n_rows, self._word_grams.shape[0])
        words = sp.csr_matrix((ones, rows.tokens, indptr), shape=shape)
        return _sorted(words @ self._word_grams)


class FastScorer:
    """``pooled_proba`` of a fitted pipeline for an :class:`EncodedBatch`, bit-for-bit."""

    def __init__(self, pipeline: Pipeline) -> None:
        features = pipeline.steps[0][1]
        vectorizers = (
            [step for _, step in features.transformer_list]
            if isinstance(features, FeatureUnion)
            else [features]
        )
        self._union = isinstance(features, FeatureUnion)
        self._counters = [
            WordCounter(v) if v.analyzer == "word" else CharCounter(v) for v in vectorizers
        ]
        self._classifier = pipeline.steps[-1][1]

    @classmethod
    def for_pipeline(cls, pipeline: Any) -> FastScorer | None:
        """A scorer for ``pipeline``, or None when its shape is not one this module handles."""
        if not isinstance(pipeline, Pipeline) or len(pipeline.steps) != 2:
            return None
        features = pipeline.steps[0][1]
        if isinstance(features, FeatureUnion):
            if features.transformer_weights is not None:
                return None
            vectorizers = [step for _, step in features.transformer_list]
        else:
            vectorizers = [features]
        if not all(_supported(v) for v in vectorizers):
            return None
        return cls(pipeline)

    def _transform(self, rows: _Rows, vocab: FeatureVocab) -> Any:
        blocks = [
            counter.vectorizer._tfidf.transform(counter.counts(rows, vocab), copy=False)
            for counter in self._counters
        ]
        return sp.hstack(blocks).tocsr() if self._union else blocks[0]

    def pooled_proba(self, batch: EncodedBatch) -> np.ndarray:
        """Mean of each paragraph's probability and its sentences' highest probability."""
        paragraphs, sentences, sentence_counts = _rows(batch)
        n_par = paragraphs.n_rows
        joined = _Rows(
            np.concatenate([paragraphs.tokens, sentences.tokens]),
            np.concatenate([paragraphs.row, sentences.row + n_par]),
            n_par + sentences.n_rows,
        )
        unique, inverse = _unique_rows(joined)
        proba = self._classifier.predict_proba(self._transform(unique, batch.vocab))[inverse]
        paragraph_proba, sentence_proba = proba[:n_par], proba[n_par:]
        bounds = np.cumsum(np.concatenate([[0], sentence_counts]))
        sentence_max = np.maximum.reduceat(sentence_proba, bounds[:-1], axis=0)
        return (paragraph_proba + sentence_max) / 2


def _concat_rows(
    bodies: np.ndarray,
    body_row: np.ndarray,
    tails: np.ndarray,
    tail_offsets: np.ndarray,
    tail_of_row: np.ndarray,
    n_rows: int,
) -> _Rows:
    """Rows made of a body (tokens ``bodies`` of row ``body_row``) followed by a tail.

    Row ``r`` ends with ``tails[tail_offsets[t]:tail_offsets[t + 1]]`` for
    ``t = tail_of_row[r]``.
    """
    body_len = np.bincount(body_row, minlength=n_rows)
    tail_len = (tail_offsets[1:] - tail_offsets[:-1])[tail_of_row]
    row_start = np.concatenate([[0], np.cumsum(body_len + tail_len)])
    body_first = np.concatenate([[0], np.cumsum(body_len)])
    tokens = np.empty(int(row_start[-1]), dtype=np.int64)
    body_pos = row_start[body_row] + np.arange(bodies.size) - body_first[body_row]
    tokens[body_pos] = bodies
    total_tail = int(tail_len.sum())
    if total_tail:
        tail_row = np.repeat(np.arange(n_rows), tail_len)
        tail_first = np.concatenate([[0], np.cumsum(tail_len)])
        within = np.arange(total_tail) - tail_first[tail_row]
        tokens[row_start[tail_row] + body_len[tail_row] + within] = tails[
            tail_offsets[tail_of_row[tail_row]] + within
        ]
    row = np.repeat(np.arange(n_rows), body_len + tail_len)
    return _Rows(tokens, row, n_rows)


def _rows(batch: EncodedBatch) -> tuple[_Rows, _Rows, np.ndarray]:
    """Paragraph rows, sentence rows and the number of sentence rows of each paragraph.

    A paragraph's text is its sentences then its section tokens; each sentence's text is
    the sentence then the section tokens; a paragraph with no sentence has one sentence
    row holding its section tokens alone (as :func:`~classifier.model.split_features`).
    """
    n_par = batch.n_paragraphs
    token_paragraph = batch.sentence_paragraph[batch.sentence]
    paragraphs = _concat_rows(
        batch.tokens,
        token_paragraph,
        batch.section,
        batch.section_offsets,
        np.arange(n_par),
        n_par,
    )
    per_paragraph = np.bincount(batch.sentence_paragraph, minlength=n_par)
    empty = np.flatnonzero(per_paragraph == 0)
    sentence_counts = np.maximum(per_paragraph, 1)
    # sentence rows in paragraph order; empty paragraphs get one row with no body
    row_paragraph = np.sort(np.concatenate([batch.sentence_paragraph, empty]), kind="stable")
    is_real = np.ones(row_paragraph.size, dtype=bool)
    first_row = np.concatenate([[0], np.cumsum(sentence_counts)])[:-1]
    is_real[first_row[empty]] = False
    real_rows = np.flatnonzero(is_real)
    sentences = _concat_rows(
        batch.tokens,
        real_rows[batch.sentence],
        batch.section,
        batch.section_offsets,
        row_paragraph,
        row_paragraph.size,
    )
    return paragraphs, sentences, sentence_counts


_HASH_BASE = np.uint64(0x100000001B3)


def _unique_rows(rows: _Rows) -> tuple[_Rows, np.ndarray]:
    """The distinct rows (same token sequence) and, for each row, its distinct row's index.

    Boilerplate sentences and headings repeat across decisions; scoring each distinct text
    once gives the same probabilities for less work. Rows are grouped by a polynomial hash
    of their tokens, and the grouping is checked token by token (no dedup on a collision).
    """
    lengths = np.bincount(rows.row, minlength=rows.n_rows)
    starts = np.concatenate([[0], np.cumsum(lengths)])
    position = np.arange(rows.tokens.size) - starts[rows.row]
    powers = np.ones(int(lengths.max(initial=0)) + 1, dtype=np.uint64)
    with np.errstate(over="ignore"):
        np.cumprod(np.full(powers.size - 1, _HASH_BASE), out=powers[1:])
        terms = (rows.tokens.astype(np.uint64) + np.uint64(1)) * powers[position]
        sums = np.concatenate([[np.uint64(0)], np.cumsum(terms, dtype=np.uint64)])
        hashes = sums[starts[1:]] - sums[starts[:-1]] + lengths.astype(np.uint64) * powers[-1]
    _, first, inverse = np.unique(hashes, return_index=True, return_inverse=True)
    # number the distinct rows in order of first appearance, so rows stay non-decreasing
    order = np.argsort(first)
    rank = np.empty_like(order)
    rank[order] = np.arange(order.size)
    first, inverse = first[order], rank[inverse]
    representative = first[inverse]
    if not (
        np.array_equal(lengths[representative], lengths)
        and np.array_equal(rows.tokens[starts[representative][rows.row] + position], rows.tokens)
    ):
        return rows, np.arange(rows.n_rows)
    keep = np.zeros(rows.n_rows, dtype=bool)
    keep[first] = True
    kept = keep[rows.row]
    return _Rows(rows.tokens[kept], inverse[rows.row[kept]], first.size), inverse
