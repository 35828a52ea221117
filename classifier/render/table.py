"""``--format table``: labelled paragraphs with scores and a snippet, then a document summary."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import TextIO

from classifier.document import DocumentResult, Remedy
from classifier.wording import plural

SNIPPET = 60
LABELS_WIDTH = 52
FINDING_MARK = {"fault": "F", "no_fault": "N", "none": " "}


def _snippet(text: str, width: int = SNIPPET) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def money(amount: float) -> str:
    """An amount in pounds: £500, £1,250.50."""
    return f"£{amount:,.2f}".replace(".00", "")


def remedy_phrase(remedy: Remedy, amount_text: str) -> str:
    """``amount_text`` with who it is paid to and what for: "£200 each to her and Mrs Y for
    distress"; a purpose outside the named ones reads "another stated purpose"."""
    each = " each" if remedy.payees > 1 else ""
    who = f" to {remedy.recipient}" if remedy.recipient else ""
    purposes = [p if p != "other" else "another stated purpose" for p in remedy.purposes]
    why = f" for {', '.join(purposes)}" if purposes else ""
    return f"{amount_text}{each}{who}{why}"


def _summary_lines(result: DocumentResult) -> list[str]:
    meta = result.metadata
    lines = []
    header = [meta.authority, meta.reference, meta.outcome, meta.decision_date]
    if any(header):
        lines.append("  decision: " + " | ".join(v or "-" for v in header))
    lines.append(f"  faults found: {', '.join(result.faults_found) or 'none'}")
    for remedy in result.remedies:
        lines.append(
            f"  remedy: {remedy_phrase(remedy, remedy.text)} (paragraph {remedy.paragraph})"
        )
    if result.remedies:
        lines.append(f"  remedy total: {money(result.remedy_total)}")
    for action in result.actions:
        due = f", {action.deadline}" if action.deadline else ""
        lines.append(f"  action: {action.type} (paragraph {action.paragraph}{due})")
    return lines


def render_one(result: DocumentResult, stream: TextIO) -> None:
    """Write the table for one document."""
    stream.write(f"{result.source}\n")
    shown = [p for p in result.paragraphs if p.labels or p.finding != "none"]
    tags = [", ".join(f"{lab} {p.scores[lab]:.2f}" for lab in p.labels) for p in shown]
    width = max([LABELS_WIDTH, *map(len, tags)])  # wider only when a paragraph needs it
    if shown:
        stream.write(f"  {'#':>4} {'F':1}  {'labels (score)':<{width}} text\n")
    for p, tag in zip(shown, tags, strict=True):
        mark = FINDING_MARK[p.finding]
        stream.write(f"  {p.index:>4} {mark}  {tag:<{width}} {_snippet(p.text)}\n")
    labelled = result.labelled_paragraphs()
    counts = Counter(lab for p in labelled for lab in p.labels)
    summary = ", ".join(f"{lab} {n}" for lab, n in sorted(counts.items())) or "no fault types"
    stream.write(
        f"  summary: {plural(len(result.paragraphs), 'paragraph')}, "
        f"{len(labelled)} labelled ({summary}); "
        "F = fault found, N = no fault\n"
    )
    for line in _summary_lines(result):
        stream.write(line + "\n")


def render(results: Iterable[DocumentResult], stream: TextIO) -> None:
    """Write a table per document, separated by blank lines."""
    for i, result in enumerate(results):
        if i:
            stream.write("\n")
        render_one(result, stream)
        stream.flush()
