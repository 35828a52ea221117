"""Find money amounts in spaCy docs with a token :class:`~spacy.matcher.Matcher`.

Recognised forms: ``£500``, ``£1,250``, ``£1,250.50``, ``£ 300``, ``£2k``, ``£1.5m``,
``£2 million``, ``500 pounds``, ``five hundred pounds``, ranges ``£100-£300``, ``£100-300``
and ``£100 to £300`` (each end is its own amount) and the PDF-split ``£1, 500`` (= 1500).
Tokens glued by text extraction (``£10,000compensation``) give the amount at their start.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from classifier.preprocess import get_nlp

if TYPE_CHECKING:
    from spacy.matcher import Matcher
    from spacy.tokens import Doc, Span

_DASHES = ["-", "–", "—"]
_MULTIPLIERS = {
    "k": 1e3,
    "thousand": 1e3,
    "m": 1e6,
    "million": 1e6,
    "bn": 1e9,
    "billion": 1e9,
}
_POUNDS = ["pound", "pounds"]
_NUM = r"\d{1,3}(?:,\s?\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# Parses the text of a span the Matcher found (never the raw document): a "£" amount with an
# optional multiplier, or the bare upper end of a range after a dash ("£100-300").
_PIECE = re.compile(
    rf"£\s?(?P<num>{_NUM})(?:\s?(?P<mult>k|m|bn|million|billion|thousand)(?![a-z]))?"
    rf"|(?<=[-–—])\s?(?P<bare>{_NUM})"
)
_WORD_UNITS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_DIGITS = r"^\d[\d,]*(?:\.\d+)?$"


@dataclass(frozen=True)
class MoneyMention:
    """One money amount: its value in pounds and its text and offsets in the document."""

    amount: float
    text: str
    start: int
    end: int


@functools.cache
def money_matcher() -> Matcher:
    """Return the (cached) Matcher whose matches are candidate money spans."""
    from spacy.matcher import Matcher

    nlp = get_nlp()
    matcher = Matcher(nlp.vocab)
    pound = {"ORTH": "£"}
    digits = {"TEXT": {"REGEX": _DIGITS}}
    starts_digit = {"TEXT": {"REGEX": r"^\d"}}
    mult = {"LOWER": {"IN": [*_MULTIPLIERS, "m.", "k.", "bn."]}}  # "£1.5m." -> "1.5", "m."
    pounds = {"LOWER": {"IN": _POUNDS}}
    number_word = {"LIKE_NUM": True}
    matcher.add("SYMBOL", [[pound, starts_digit], [pound, digits, mult], [pound, digits, pounds]])
    matcher.add(
        "SPLIT",  # "£1, 500" from PDF extraction
        [
            [
                pound,
                {"TEXT": {"REGEX": r"^\d{1,3}$"}},
                {"ORTH": ","},
                {"TEXT": {"REGEX": r"^\d{3}$"}},
            ]
        ],
    )
    matcher.add("RANGE", [[pound, digits, {"ORTH": {"IN": _DASHES}}, digits]])
    matcher.add("GLUED", [[{"TEXT": {"REGEX": r".£\d"}}]])
    matcher.add(
        "WORDS",
        [
            [number_word, {"LIKE_NUM": True, "OP": "*"}, pounds],
            [{"LOWER": {"IN": ["a", "an"]}}, number_word, pounds],
            [
                number_word,
                {"LIKE_NUM": True, "OP": "*"},
                {"LOWER": {"IN": ["and", "-"]}},
                number_word,
                {"LIKE_NUM": True, "OP": "*"},
                pounds,
            ],
        ],
    )
    return matcher


def _to_float(number: str) -> float:
    return float(re.sub(r"[,\s]", "", number))


def _words_value(span: Span) -> float | None:
    """Value of a spelled or digit number before "pounds" ("two thousand five hundred")."""
    if span[0].lower_ in _MULTIPLIERS or span[0].lower_ == "hundred":
        return None  # "several hundred pounds", "thousand pounds": no count
    total = 0.0
    current = 0.0
    seen = False
    for token in span[:-1]:
        lower = token.lower_
        if lower in ("and", "-"):
            continue
        if re.match(_DIGITS, lower):
            current += _to_float(lower)
        elif lower in _WORD_UNITS:
            current += _WORD_UNITS[lower]
        elif lower == "hundred":
            current = (current or 1) * 100
        elif lower in _MULTIPLIERS and lower not in ("k", "m", "bn"):
            total += (current or 1) * _MULTIPLIERS[lower]
            current = 0.0
        else:
            return None
        seen = True
    return total + current if seen else None


def _span_mentions(span: Span, label: str, offset: int, doc_text: str) -> list[MoneyMention]:
    base = span.start_char
    text = doc_text[base : span.end_char]
    if label == "WORDS":
        value = _words_value(span)
        if value is None:
            return []
        return [MoneyMention(value, text, offset + base, offset + span.end_char)]
    mentions = []
    for piece in _PIECE.finditer(text):
        number = piece.group("num") or piece.group("bare")
        value = _to_float(number)
        if piece.group("mult"):
            value *= _MULTIPLIERS[piece.group("mult")]
        start = base + piece.start() + (len(piece.group()) - len(piece.group().lstrip()))
        end = base + piece.end()
        mentions.append(MoneyMention(value, doc_text[start:end], offset + start, offset + end))
    return mentions


def find_amounts(doc: Doc, offset: int = 0, text: str | None = None) -> list[MoneyMention]:
    """Return the money amounts of ``doc`` in order; offsets are shifted by ``offset``.

    ``doc`` is a doc of ``get_nlp()`` (only its tokens are used), typically of one paragraph
    whose start in the document is ``offset``; ``text`` is its text when the caller has it
    (``doc.text`` is rebuilt from the tokens otherwise).
    """
    from spacy.util import filter_spans

    text = doc.text if text is None else text
    if "£" not in text and "pound" not in text.lower():
        return []  # cheap pre-check: every pattern needs one of these
    matcher = money_matcher()
    labels = {}
    spans = []
    for match_id, start, end in matcher(doc):
        span = doc[start:end]
        labels[(start, end)] = doc.vocab.strings[match_id]
        spans.append(span)
    mentions: list[MoneyMention] = []
    for span in sorted(filter_spans(spans), key=lambda s: s.start):
        mentions.extend(_span_mentions(span, labels[(span.start, span.end)], offset, text))
    return mentions


def find_money(text: str) -> list[MoneyMention]:
    """Tokenise ``text`` once and return its money amounts with offsets into ``text``."""
    return find_amounts(get_nlp().make_doc(text), text=text)
