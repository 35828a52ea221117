"""Plain-text explanations (``classify explain``): each label's top terms and weights."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from classifier.document import LabelExplanation, ParagraphResult, TermWeight

SNIPPET = 80
NOTE = (
    "weights: contributions to the whole-paragraph logit (TF-IDF value x coefficient); "
    "a one-word term includes its character n-grams"
)


def _snippet(text: str, width: int = SNIPPET) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _term(term: TermWeight) -> str:
    own = f" ({term.words})" if term.words and term.words.lower() != term.term else ""
    return f"'{term.term}'{own} {term.weight:.2f}"


def format_label(label: str, score: float, explanation: LabelExplanation) -> str:
    """One line: ``delay 0.99: 'delay' (delays) 3.01, ...; other terms ..., intercept ...``."""
    terms = ", ".join(_term(t) for t in explanation.terms) or "no positive terms"
    return (
        f"{label} {score:.2f}: {terms}; other terms {explanation.other_terms:+.2f}, "
        f"intercept {explanation.intercept:+.2f}, logit {explanation.logit:+.2f}"
    )


def render_explanations(source: str, paragraphs: Iterable[ParagraphResult], stream: TextIO) -> None:
    """Write the source, then per paragraph a header line and one line per label."""
    stream.write(f"{source}\n")
    for p in paragraphs:
        finding = f" [{p.finding.replace('_', ' ')}]" if p.finding != "none" else ""
        stream.write(f"paragraph {p.index}{finding}: {_snippet(p.text)}\n")
        if not p.labels:
            best = max(p.scores, key=p.scores.__getitem__)
            stream.write(f"  no labels (highest score: {best} {p.scores[best]:.2f})\n")
        for label in p.labels:
            explanation = (p.explanation or {})[label]
            stream.write(f"  {format_label(label, p.scores[label], explanation)}\n")
    stream.write(f"({NOTE})\n")
