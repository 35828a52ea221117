"""Shared sentence helpers for the remedy and action extractors."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

REQUESTS = {"want", "ask", "seek", "request", "demand", "wish", "expect", "hope"}
_AGREEMENT = {"agree", "accept", "decide", "offer", "propose"}
_OMBUDSMAN = {"we", "i", "ombudsman", "investigator", "our"}
_CONTRAST = {"but", "however", "although", "though", "while", "whereas", "instead", ";"}
_SUBJECT_SKIP = {"has", "have", "had", "also", "already", "then", "therefore", "will", "would"}
_SUBJECT_SKIP |= {"should", "must", "could", "may", "might", "can", "did", "do", "now"}
_LETTER_STOP = re.compile(r"^[A-Z]\.$")
_LETTER_BREAK = re.compile(r"\b[A-Z]\.\s+[A-Z]")


def sentences(doc: Doc, text: str | None = None) -> list[Span]:
    """The sentencizer's sentences, also split after a party letter ending one ("for A. The").

    ``text`` is the doc's text when the caller has it (a fast pre-check).
    """
    text = doc.text if text is None else text
    if not _LETTER_BREAK.search(text):
        return list(doc.sents)
    result: list[Span] = []
    for sent in doc.sents:
        start = sent.start
        for token in sent[:-1]:
            if _LETTER_STOP.match(token.text) and doc[token.i + 1].is_title:
                result.append(doc[start : token.i + 1])
                start = token.i + 1
        result.append(doc[start : sent.end])
    return result


def lemma(token: Token) -> str:
    """Lower-case lemma of a token (its lower-case text when the lemmatizer has none)."""
    return (token.lemma_ or token.text).lower()


def is_request(tokens: Iterable[Token]) -> bool:
    """True when a request verb by someone other than the Ombudsman occurs in ``tokens``.

    ``tokens`` run from the start of a sentence up to the cue word; a contrast word
    ("but", "however") or an agreement ("the Council agreed") after the request ends its scope.
    """
    requested = False
    previous: list[Token] = []
    for token in tokens:
        if token.lower_ in _CONTRAST or lemma(token) in _AGREEMENT:
            requested = False
        elif lemma(token) in REQUESTS and not _by_ombudsman(previous):
            requested = True
        elif token.lower_ == "like" and previous and previous[-1].lower_ == "would":
            requested = True
        previous.append(token)
    return requested


def _by_ombudsman(before: list[Token]) -> bool:
    words = [t.lower_ for t in before[-3:] if t.lower_ not in _SUBJECT_SKIP]
    return bool(words) and words[-1] in _OMBUDSMAN
