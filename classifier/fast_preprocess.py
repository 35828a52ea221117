"""Fast exact equivalent of :func:`classifier.preprocess.featurize` for batches of documents.

``featurize`` runs spaCy's lookup lemmatizer and sentencizer over every paragraph and then
normalises token by token: several Python calls per token. But what it computes for a token
depends only on the token's text, except for three rules that look at neighbours: where
sentences start, a title ("Mrs") followed by a single capital, and merged runs of
placeholders ("£ 1,500", "22 Dec 2020", "Mr X Y"). So :class:`FastFeaturizer` runs only
spaCy's tokenizer, looks each token text up once in a table of what the lemmatizer,
``normalise_token`` and the sentencizer say about it, and applies the neighbour rules with
array operations over all tokens of a batch at once.

The result, :class:`EncodedBatch`, holds the feature tokens as integer ids with their
sentence and paragraph numbers; :meth:`EncodedBatch.feature_strings` turns it back into the
exact strings ``featurize`` returns (a test checks this on real documents).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from spacy.attrs import IDX, ORTH

from classifier.int_table import IntTable
from classifier.preprocess import (
    _TITLES,
    DATE,
    MONEY,
    NUMBER,
    PARTY,
    SECTION_PREFIX,
    SENTENCE_SEP,
    get_nlp,
    is_heading,
    normalise_token,
    section_features,
)
from classifier.segment import Paragraph

if TYPE_CHECKING:
    from spacy.tokens import Token

# Token kinds: kept as its feature, dropped (space, punctuation), or a title whose feature
# becomes PARTY when a single capital letter follows it.
KEEP, DROP, TITLE = 0, 1, 2
# Placeholder codes used by the merge rules.
OTHER, C_MONEY, C_NUMBER, C_DATE, C_PARTY = 0, 1, 2, 3, 4
_CODES = {MONEY: C_MONEY, NUMBER: C_NUMBER, DATE: C_DATE, PARTY: C_PARTY}
# What a token is to the sentencizer: may start a sentence, ends one, or neither.
S_WORD, S_END, S_OTHER = 0, 1, 2


class FeatureVocab:
    """Feature token strings and their integer ids, growing as new tokens are seen."""

    def __init__(self) -> None:
        self.strings: list[str] = []
        self.ids: dict[str, int] = {}
        #: Ids whose string could not survive the string round trip the model's
        #: vectorizers make (whitespace, a sentence mark, a section prefix, case changes).
        self.unsafe: set[int] = set()

    def id(self, feature: str) -> int:
        """The id of ``feature``, adding it if new."""
        fid = self.ids.get(feature)
        if fid is None:
            fid = self.ids[feature] = len(self.strings)
            self.strings.append(feature)
            if (
                len(feature.split()) != 1
                or SENTENCE_SEP.strip() in feature
                or feature != feature.lower()
            ):
                self.unsafe.add(fid)
        return fid


@dataclass
class EncodedBatch:
    """Feature tokens of all paragraphs of a batch of documents, as flat integer arrays.

    ``tokens`` are the kept feature ids in reading order, ``sentence`` the sentence number
    of each (numbered across the batch, empty sentences skipped) and ``sentence_paragraph``
    the paragraph of each sentence. ``section`` and ``section_offsets`` give each
    paragraph's section tokens (the CSR layout: paragraph ``p`` owns
    ``section[section_offsets[p]:section_offsets[p + 1]]``).
    """

    vocab: FeatureVocab
    n_paragraphs: int
    tokens: np.ndarray
    sentence: np.ndarray
    sentence_paragraph: np.ndarray
    section: np.ndarray
    section_offsets: np.ndarray

    @property
    def safe(self) -> bool:
        """True when no feature token needs the string round trip to be exact."""
        unsafe = self.vocab.unsafe
        if not unsafe:
            return True
        marked = np.fromiter(unsafe, dtype=np.int64)
        return not (np.isin(self.tokens, marked).any() or np.isin(self.section, marked).any())

    def feature_strings(self) -> list[str]:
        """The paragraph feature strings, exactly as :func:`preprocess.featurize` gives them."""
        strings = self.vocab.strings
        sentences: list[list[str]] = [[] for _ in range(self.n_paragraphs)]
        if self.tokens.size:
            bounds = np.flatnonzero(np.diff(self.sentence)) + 1
            for s, ids in enumerate(np.split(self.tokens, bounds)):
                text = " ".join(strings[t] for t in ids.tolist())
                sentences[self.sentence_paragraph[s]].append(text)
        out = []
        for p, parts in enumerate(sentences):
            body = SENTENCE_SEP.join(parts)
            ids = self.section[self.section_offsets[p] : self.section_offsets[p + 1]]
            section = " ".join(strings[t] for t in ids.tolist())
            out.append(f"{body} {section}" if section else body)
        return out


class FastFeaturizer:
    """Encodes batches of documents (texts and their paragraphs) into :class:`EncodedBatch`."""

    def __init__(self) -> None:
        nlp = get_nlp()
        self._tokenizer = nlp.tokenizer
        self._lemmatize = nlp.get_pipe("lemmatizer").lemmatize
        self._punct_chars = nlp.get_pipe("sentencizer").punct_chars
        self.vocab = FeatureVocab()
        for feature in (MONEY, NUMBER, DATE, PARTY):
            self.vocab.id(feature)
        self._party = self.vocab.id(PARTY)
        self._date = self.vocab.id(DATE)
        self._sections: dict[str, list[int]] = {}
        # Token table: orth hash (as int64) -> row of the per-token-text attribute table.
        self._rows = IntTable()
        self._table = np.zeros((0, 5), dtype=np.int64)

    def _token_attrs(self, token: Token) -> tuple[int, int, int, int, bool]:
        """(kind, feature id, placeholder code, sentencizer role, single capital) of a token.

        Mirrors the lookup lemmatizer, ``normalise_token`` and the sentencizer; a title's
        feature is the one it gets when no single capital follows.
        """
        text = token.text
        token.lemma_ = self._lemmatize(token)[0]  # what the lemmatizer pipe does
        feature = normalise_token(token)
        if feature is None:
            kind, fid = DROP, -1
        elif feature != MONEY and text.lower().rstrip(".") in _TITLES:
            kind = TITLE
            fid = self.vocab.id(token.lemma_.lower() if token.lemma_ else token.lower_)
        else:
            kind, fid = KEEP, self.vocab.id(feature)
            if feature.startswith(SECTION_PREFIX):  # would read as a section token
                self.vocab.unsafe.add(fid)
        if text in self._punct_chars:
            role = S_END
        elif token.is_punct:
            role = S_OTHER
        else:
            role = S_WORD
        code = _CODES.get(feature, OTHER) if kind == KEEP else OTHER
        return kind, fid, code, role, len(text) == 1 and text.isupper()

    def _lookup(self, orths: np.ndarray, token_at: Callable[[int], Token]) -> np.ndarray:
        """Rows of the token table for ``orths``, adding token texts not seen before.

        ``token_at(i)`` returns the spaCy token at position ``i`` of ``orths``.
        """
        rows = self._rows.get(orths)
        missing = rows < 0
        if missing.any():
            new, first = np.unique(orths[missing], return_index=True)
            added = [self._token_attrs(token_at(i)) for i in np.flatnonzero(missing)[first]]
            start = self._table.shape[0]
            self._table = np.concatenate([self._table, np.array(added, dtype=np.int64)])
            self._rows.add(new, np.arange(start, start + new.size))
            rows = self._rows.get(orths)
        return rows

    def _section_ids(self, heading: str) -> list[int]:
        ids = self._sections.get(heading)
        if ids is None:
            ids = [self.vocab.id(w) for w in section_features(heading).split()]
            self._sections[heading] = ids
        return ids

    def encode(
        self, texts: Sequence[str], paragraphs: Sequence[Sequence[Paragraph]]
    ) -> EncodedBatch:
        """Encode documents given as their texts and their paragraphs (from ``segment``).

        Each text is tokenized once as a whole (a spaCy ``Doc`` costs several microseconds
        to set up, so one per paragraph would cost more than tokenizing); the tokenizer
        splits at whitespace first, so the tokens inside a paragraph's span are the tokens
        of the paragraph alone.
        """
        sections: list[list[int]] = []
        for paras in paragraphs:
            heading = ""
            for paragraph in paras:
                if is_heading(paragraph.text):
                    heading = paragraph.text
                sections.append(self._section_ids(heading))
        n_paragraphs = len(sections)
        section_offsets = np.concatenate([[0], np.cumsum([len(s) for s in sections])])
        section = np.fromiter((t for s in sections for t in s), dtype=np.int64)
        docs = [self._tokenizer(text) for text in texts]
        arrays = [doc.to_array([ORTH, IDX]).reshape(-1, 2) for doc in docs]
        counts = np.array([len(a) for a in arrays], dtype=np.int64)
        flat = np.concatenate(arrays).astype(np.int64) if arrays else np.zeros((0, 2), np.int64)
        # Place all texts on one character axis, then find each token's paragraph.
        base = np.concatenate([[0], np.cumsum([len(t) + 1 for t in texts])])
        doc_of = np.repeat(np.arange(len(docs)), counts)
        where = flat[:, 1] + base[doc_of]
        starts = np.fromiter(
            (base[d] + p.start for d, paras in enumerate(paragraphs) for p in paras),
            dtype=np.int64,
            count=n_paragraphs,
        )
        ends = np.fromiter(
            (base[d] + p.end for d, paras in enumerate(paragraphs) for p in paras),
            dtype=np.int64,
            count=n_paragraphs,
        )
        paragraph = np.searchsorted(starts, where, side="right") - 1
        inside = paragraph >= 0
        inside[inside] = where[inside] < ends[paragraph[inside]]
        selected = np.flatnonzero(inside)
        paragraph = paragraph[selected]
        if not selected.size:
            empty = np.zeros(0, dtype=np.int64)
            return EncodedBatch(
                self.vocab, n_paragraphs, empty, empty, empty, section, section_offsets
            )
        first_token = np.concatenate([[0], np.cumsum(counts)])

        def token_at(i: int) -> Token:
            j = int(selected[i])
            d = int(doc_of[j])
            return docs[d][j - int(first_token[d])]

        rows = self._lookup(flat[selected, 0], token_at)
        lengths = np.bincount(paragraph, minlength=n_paragraphs)
        offsets = np.concatenate([[0], np.cumsum(lengths)])
        tokens, sentence, kept_paragraph = self._apply_rules(self._table[rows], lengths, offsets)
        sentence_paragraph = np.zeros(0, dtype=np.int64)
        if tokens.size:
            new_sentence = np.concatenate([[True], sentence[1:] != sentence[:-1]])
            sentence_paragraph = kept_paragraph[new_sentence]
            sentence = np.cumsum(new_sentence) - 1
        return EncodedBatch(
            self.vocab, n_paragraphs, tokens, sentence, sentence_paragraph, section, section_offsets
        )

    def _apply_rules(
        self, attrs: np.ndarray, lengths: np.ndarray, offsets: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Sentence starts, title + capital, dropped tokens and placeholder merging.

        Returns the kept feature ids, a sentence key and the paragraph of each kept token.
        """
        kind, fid, code, role, capital = (attrs[:, j] for j in range(5))
        index = np.arange(kind.size)
        paragraph = np.repeat(np.arange(lengths.size), lengths)
        first = offsets[paragraph]
        fid = fid.copy()
        code = code.copy()
        # A title followed (in the same paragraph) by a single capital is a party.
        title = np.flatnonzero(kind == TITLE)
        title = title[title + 1 < offsets[paragraph[title] + 1]]
        title = title[capital[title + 1].astype(bool)]
        fid[title], code[title] = self._party, C_PARTY
        # Sentencizer: a word starts a sentence when an end mark came after the last word.
        word = role == S_WORD
        last_word = np.maximum.accumulate(np.where(word, index, -1))
        last_end = np.maximum.accumulate(np.where(role == S_END, index, -1))
        prev_word = np.concatenate([[-1], last_word[:-1]])
        prev_end = np.concatenate([[-1], last_end[:-1]])
        start = word & (prev_end >= first) & (prev_end > prev_word)
        start[offsets[:-1][lengths > 0]] = True
        sentence = np.cumsum(start)
        # Drop spaces and punctuation, then merge placeholder runs within each sentence.
        kept = kind != DROP
        fid, code, sentence, paragraph = fid[kept], code[kept], sentence[kept], paragraph[kept]
        same = np.concatenate([[False], sentence[1:] == sentence[:-1]])
        prev = np.where(same, np.concatenate([[OTHER], code[:-1]]), -1)
        number_run = (code == C_NUMBER) & (prev != C_NUMBER)
        drop = ((code == C_NUMBER) & np.isin(prev, (C_MONEY, C_NUMBER, C_DATE))) | (
            (code == C_PARTY) & (prev == C_PARTY)
        )
        date = np.flatnonzero((code == C_DATE) & (prev == C_NUMBER))
        if date.size:
            run_start = np.maximum.accumulate(np.where(number_run, np.arange(code.size), -1))
            j = run_start[date - 1]
            replace = ~np.isin(prev[j], (C_MONEY, C_DATE))
            fid[j[replace]] = self._date
            drop[date[replace]] = True
        keep = ~drop
        return fid[keep], sentence[keep], paragraph[keep]
