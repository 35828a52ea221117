"""spaCy preprocessing: paragraphs to normalised lemma strings for the model.

Uses ``spacy.blank("en")`` with the lookup lemmatizer from spacy-lookups-data and a
sentencizer, so no pipeline download is ever needed. Names of parties ("Mrs X"), numbers,
dates and money amounts become placeholders so that the model learns fault language rather
than case details. Each paragraph's feature string keeps its sentences apart (joined by
``SENTENCE_SEP``) and ends with tokens naming the section heading it sits under and, in a
decision, the outcome its header states ("Decision : Not upheld" -> ``_sec_outcome_not
_sec_outcome_upheld``): whether a paragraph reports a finding of fault or of no fault reads
differently in an upheld decision (grouped cross-validation of the finding on the training
split: no_fault F1 0.859 -> 0.883 and 0.833 -> 0.874 on two splits; fault types unchanged).

Each sentence also gets a ``_neg_`` copy of the first content words after a word of negation
or failure, up to the next clause break: "failed to tell her of the new date" adds
``_neg_tell _neg_new _neg_date``, while plain narration ("the Council told her") adds
nothing. A bag of words cannot otherwise tell a failing from the same words in a neutral
account, which is how the guide separates a labelled paragraph from unlabelled narration.
Measured on the training split (grouped 5-fold cross-validation, synthetic rows flagged as in
``classify evaluate --cv``, seven fold splits): fault-type macro-F1 0.736 -> 0.740 in the mean
(-0.003 to +0.011 per split, five of seven up), within fold-to-fold noise; faults found out
of fold on the 377 training documents 0.817 -> 0.831. Kept for the faults found and because
it is the guide's own rule.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token

#: Bump when the features change: cached features and models record it.
PIPELINE_VERSION = "10"

PARTY = "_party_"
NUMBER = "_num_"
MONEY = "_money_"
DATE = "_date_"
SECTION_PREFIX = "_sec_"
OUTCOME_PREFIX = SECTION_PREFIX + "outcome_"
SENTENCE_SEP = " ¶ "

_TITLES = {"mr", "mrs", "ms", "miss", "dr", "mx", "master"}
_MONTHS = {
    "january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
}  # fmt: skip
_CURRENCY = ("£", "$", "€")
#: Longest paragraph spaCy is allowed to process (the reader caps files at 20 MB by default).
MAX_TEXT_CHARS = 50_000_000
_NOT_PARTY_LETTERS = {"I", "A"}
_HEADING_END = ".:;,?!\"'”’)"
_HEADING_START = "-•–*0123456789("


@functools.cache
def get_nlp() -> Language:
    """Return the shared blank English pipeline with lookup lemmatizer and sentencizer."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.add_pipe("sentencizer")
    nlp.initialize()
    # No parser or NER: memory grows linearly, so any text the reader accepts may be processed.
    nlp.max_length = MAX_TEXT_CHARS
    return nlp


def _is_letter_name(text: str) -> bool:
    """A one-letter name, "X" or "X." (the tokeniser keeps the stop of "Mrs X." at an end)."""
    letter = text.removesuffix(".")
    return len(letter) == 1 and letter.isupper() and letter not in _NOT_PARTY_LETTERS


def _is_party(token: Token) -> bool:
    text = token.text
    if _is_letter_name(text):
        return True
    if text.lower().rstrip(".") not in _TITLES or token.i + 1 >= len(token.doc):
        return False
    return _is_letter_name(token.doc[token.i + 1].text)


def normalise_token(token: Token) -> str | None:
    """Return the feature string of one token, a placeholder, or None to drop it."""
    text = token.text
    if text.startswith(_CURRENCY):
        return MONEY
    if token.is_space or token.is_punct:
        return None
    if _is_party(token):
        return PARTY
    if token.lower_ in _MONTHS and text[0].isupper():
        return DATE
    if token.like_num or any(ch.isdigit() for ch in text):
        return NUMBER
    return token.lemma_.lower() if token.lemma_ else token.lower_


def aligned_features(tokens: Doc | Span) -> list[tuple[str, int, int]]:
    """Features of a doc or sentence with the character span (in its doc) each comes from.

    Runs of placeholders are merged into one feature whose span covers the whole run.
    """
    out: list[tuple[str, int, int]] = []
    for token in tokens:
        feature = normalise_token(token)
        if feature is None:
            continue
        end = token.idx + len(token.text)
        previous = out[-1][0] if out else None
        if feature == NUMBER and previous in (MONEY, NUMBER, DATE):
            # "£ 1,500" -> one money token; "22 Dec 2020" -> one date token
            out[-1] = (out[-1][0], out[-1][1], end)
        elif feature == DATE and previous == NUMBER:
            out[-1] = (DATE, out[-1][1], end)
        elif feature == PARTY and previous == PARTY:
            out[-1] = (PARTY, out[-1][1], end)
        else:
            out.append((feature, token.idx, end))
    return out


#: Lemmas that open a negation or failure scope ("failed to", "did not", "no", "poor",
#: "wrong", "lost"); "should" only as "should have".
FAILURE_WORDS = frozenset({
    "fail", "failure", "not", "never", "no", "without", "lack", "unable", "refuse", "neglect",
    "omit", "poor", "inadequate", "wrong", "inaccurate", "incorrect", "insufficient",
    "unclear", "lose", "miss",
})  # fmt: skip
FAILURE_PREFIX = "_neg_"
#: How many content words after a failure word get a ``_neg_`` copy (4 to 6 did equally well).
FAILURE_SCOPE = 5
_CLAUSE_PUNCTUATION = {",", ";", ":", ".", "!", "?", "(", ")"}
_CLAUSE_WORDS = {"but", "because", "although", "however", "and"}
_SCOPE_SKIP = {
    "the", "a", "an", "to", "of", "be", "have", "any", "or", "it", "its", "her", "his",
    "their", "them", "him", "she", "he", "they", "that", "this", "with", "for", "in", "on",
    "at", "by", "properly", "adequately", "also", "do", "about", "me", "us", "my", "our",
    "your", "which", "how", "what", "who", "when", "where", "there", "then", "so", "as",
    "from", "into", "if", "whether", "we", "i", "you", "all", "some", "'s", "’s",
}  # fmt: skip


def _opens_scope(token: Token) -> bool:
    lemma = (token.lemma_ or token.lower_).lower()
    if lemma == "should":
        return token.i + 1 < len(token.doc) and token.doc[token.i + 1].lower_ == "have"
    return lemma in FAILURE_WORDS and not _is_party(token)  # "Miss X" is a name


def failure_scope_features(tokens: Doc | Span) -> list[str]:
    """``_neg_`` tokens of the content words in the scope of a negation or failure word.

    A scope opens at a word of :data:`FAILURE_WORDS` or at "should have", holds the next
    :data:`FAILURE_SCOPE` content words (not placeholders, function words or fragments
    under three letters), and closes at clause punctuation or a clause word ("but",
    "and", ...). It marks negation, not always a failing: "without delay" gives
    ``_neg_delay`` and "I have not found fault" ``_neg_find _neg_fault``; the model learns
    what each means. Only the words inside a scope are normalised here.
    """
    features: list[str] = []
    left = 0
    for token in tokens:
        if token.text in _CLAUSE_PUNCTUATION or token.lower_ in _CLAUSE_WORDS:
            left = 0
        elif _opens_scope(token):
            left = FAILURE_SCOPE
        elif left:
            feature = normalise_token(token)
            if (
                feature is not None
                and not feature.startswith("_")  # names, numbers, dates, money
                and len(feature) > 2
                and feature not in _SCOPE_SKIP
            ):
                features.append(FAILURE_PREFIX + feature)
                left -= 1
    return features


def span_features(tokens: Doc | Span) -> str:
    """Normalised lemma string of a doc or sentence, with runs of placeholders merged."""
    return " ".join(feature for feature, _, _ in aligned_features(tokens))


def is_heading(text: str) -> bool:
    """True for a short section heading line such as "What I found" or "Complaint handling"."""
    words = text.split()
    return (
        0 < len(words) <= 8
        and text[-1] not in _HEADING_END
        and text[0] not in _HEADING_START
        and not text.lower().startswith("summary")
    )


def _context_tokens(prefix: str, text: str, limit: int) -> str:
    """``prefix`` + each of the first ``limit`` lower-case words of ``text``, space-joined."""
    return " ".join(prefix + w for w in re.findall(r"[a-z]+", text.lower())[:limit])


def section_features(heading: str) -> str:
    """Placeholder tokens naming the section a paragraph is in (first words of its heading)."""
    return _context_tokens(SECTION_PREFIX, heading, 4)


def outcome_features(outcome: str) -> str:
    """Placeholder tokens naming a decision's outcome (first words of its header value)."""
    return _context_tokens(OUTCOME_PREFIX, outcome, 2)


def paragraph_features(doc: Doc, heading: str, outcome: str = "") -> str:
    """Feature string of one paragraph: sentences joined by ``SENTENCE_SEP``, then section
    and outcome tokens.

    Each sentence is its normalised lemmas followed by its failure-scope and Matcher cue
    tokens.
    """
    from classifier.cue_patterns import sentence_cues

    sentences = (
        " ".join([span_features(sent), *failure_scope_features(sent), *cues]).strip()
        for sent, cues in zip(doc.sents, sentence_cues(doc), strict=True)
    )
    text = SENTENCE_SEP.join(s for s in sentences if s)
    context = " ".join(t for t in (section_features(heading), outcome_features(outcome)) if t)
    return f"{text} {context}" if context else text


def featurize_docs(docs: Iterable[Doc], texts: Sequence[str]) -> list[str]:
    """Feature strings for the paragraphs of one document, given their spaCy docs in order."""
    from classifier.metadata import header_outcome

    features: list[str] = []
    heading = outcome = ""
    for doc, text in zip(docs, texts, strict=True):
        if is_heading(text):
            heading = text
        outcome = header_outcome(text) or outcome
        features.append(paragraph_features(doc, heading, outcome))
    return features


def featurize(texts: Sequence[str], batch_size: int = 256) -> list[str]:
    """Feature strings for the paragraphs of one document, in reading order."""
    return featurize_docs(get_nlp().pipe(texts, batch_size=batch_size), texts)
