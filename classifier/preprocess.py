"""spaCy preprocessing: paragraphs to normalised lemma strings for the model.

Uses ``spacy.blank("en")`` with the lookup lemmatizer from spacy-lookups-data and a
sentencizer, so no pipeline download is ever needed. Names of parties ("Mrs X"), numbers,
dates and money amounts become placeholders so that the model learns fault language rather
than case details.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

#: Bump when the features change: cached features and models record it.
PIPELINE_VERSION = "1"

PARTY = "_party_"
NUMBER = "_num_"
MONEY = "_money_"
DATE = "_date_"

_TITLES = {"mr", "mrs", "ms", "miss", "dr", "mx", "master"}
_MONTHS = {
    "january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
}  # fmt: skip
_CURRENCY = {"£", "$", "€"}
_NOT_PARTY_LETTERS = {"I", "A"}


@functools.cache
def get_nlp() -> Language:
    """Return the shared blank English pipeline with lookup lemmatizer and sentencizer."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.add_pipe("sentencizer")
    nlp.initialize()
    return nlp


def _is_party(token: Token) -> bool:
    text = token.text
    if len(text) == 1 and text.isupper() and text not in _NOT_PARTY_LETTERS:
        return True
    return text.lower().rstrip(".") in _TITLES and token.i + 1 < len(token.doc) and (
        len(token.doc[token.i + 1].text) == 1 and token.doc[token.i + 1].text.isupper()
    )


def normalise_token(token: Token) -> str | None:
    """Return the feature string of one token, a placeholder, or None to drop it."""
    text = token.text
    if token.is_space or (token.is_punct and text not in _CURRENCY):
        return None
    if text in _CURRENCY or text.startswith(("£", "$", "€")):
        return MONEY
    if _is_party(token):
        return PARTY
    lower = token.lower_
    if lower in _MONTHS and (text[0].isupper()):
        return DATE
    if token.like_num or any(ch.isdigit() for ch in text):
        return NUMBER
    lemma = token.lemma_.lower() if token.lemma_ else lower
    return lemma


def doc_features(doc: Doc) -> str:
    """Return the normalised lemma string of a spaCy doc, with runs of placeholders merged."""
    out: list[str] = []
    for token in doc:
        feature = normalise_token(token)
        if feature is None:
            continue
        if feature == NUMBER and out and out[-1] in (MONEY, NUMBER, DATE):
            continue  # "£ 1,500" -> one money token; "22 Dec 2020" -> one date token
        if feature == DATE and out and out[-1] == NUMBER:
            out[-1] = DATE
            continue
        if feature == PARTY and out and out[-1] == PARTY:
            continue
        out.append(feature)
    return " ".join(out)


def featurize(texts: Iterable[str], batch_size: int = 256) -> list[str]:
    """Turn paragraph texts into normalised feature strings (one per text, same order)."""
    nlp = get_nlp()
    with nlp.select_pipes(disable=["sentencizer"]):
        return [doc_features(doc) for doc in nlp.pipe(texts, batch_size=batch_size)]
