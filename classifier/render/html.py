"""``--format html``: one self-contained page showing each decision with its analysis.

Every paragraph is shown in reading order. A labelled paragraph is tinted and barred in the
colours of its fault types, with its label scores beside it (all scores on hover); findings,
remedy amounts (with their purposes) and actions (with deadlines) are marked where they occur.
Each document starts with a summary box. No scripts, fonts or images: the page works offline
and prints legibly (colours are kept, and every mark also has a text label).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from html import escape
from typing import TextIO

from classifier.document import DocumentResult, ParagraphResult, Remedy
from classifier.render.explanation import format_label
from classifier.render.table import money, remedy_phrase

LABEL_COLOURS = {
    "delay": "#d9822b",
    "record_keeping": "#3b7dd8",
    "contact": "#2e9e6e",
    "complaint_handling": "#a653c2",
}
#: Colours of labels a retrained model may add.
EXTRA_COLOURS = ("#c0392b", "#7f8c1d", "#1f9bb0", "#8e6c3a", "#d4489b")
FINDING_NAMES = {"fault": "fault found", "no_fault": "no fault"}

STYLE = """
:root { --ink: #1d232a; --muted: #5b6670; --line: #d5dbe1; }
* { box-sizing: border-box; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: var(--ink); margin: 0 auto; max-width: 72rem; padding: 1.5rem; }
h1 { font-size: 1.4rem; margin: 0 0 .25rem; }
h2 { font-size: 1.2rem; margin: 0 0 .5rem; }
.meta { color: var(--muted); font-size: .85rem; }
.legend { margin: .5rem 0 1.5rem; }
.document { border-top: 3px solid var(--ink); padding-top: 1rem; margin-bottom: 3rem; }
.summary { border: 1px solid var(--line); border-radius: 6px; background: #f6f8fa;
  padding: .75rem 1rem; margin-bottom: 1.25rem; }
.summary dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem;
  margin: 0; }
.summary dt { font-weight: 600; }
.summary dd { margin: 0; }
.summary ul { margin: 0; padding-left: 1.1rem; }
.tag { display: inline-block; border: 1px solid var(--c); border-left: 6px solid var(--c);
  border-radius: 3px; padding: 0 .35rem; margin: 0 .25rem .2rem 0; font-size: .8rem;
  background: #fff; white-space: nowrap; }
.finding { display: inline-block; border-radius: 3px; padding: 0 .35rem; font-size: .8rem;
  font-weight: 600; margin: 0 .25rem .2rem 0; }
.finding.fault { background: #fbe3e1; color: #a1261b; border: 1px solid #a1261b; }
.finding.no_fault { background: #e5f3ea; color: #22693e; border: 1px solid #22693e; }
.action { display: block; font-size: .8rem; color: #6b4e00; }
.para { display: grid; grid-template-columns: 1.2rem 1.7rem 1fr 15rem; gap: 0 .6rem;
  padding: .3rem .4rem; border-radius: 4px; break-inside: avoid; }
.para + .para { margin-top: .15rem; }
.num { color: var(--muted); font-size: .75rem; text-align: right; padding-top: .2rem; }
.bars { display: flex; gap: 2px; }
.bars span { width: 5px; border-radius: 2px; background: var(--c); }
.text { white-space: pre-wrap; overflow-wrap: anywhere; }
.boilerplate .text { color: var(--muted); font-size: .85rem; }
.side { font-size: .8rem; }
.para.finding-fault { outline: 1px dashed #a1261b; }
mark.remedy { background: #ffe066; border-bottom: 2px solid #b58900; padding: 0 .1rem; }
.purpose { font-size: .8rem; color: #6b4e00; font-style: italic; }
details.why { grid-column: 3 / 5; font-size: .8rem; color: var(--muted); }
details.why ul { margin: .2rem 0; padding-left: 1.1rem; }
@media print {
  body { font-size: 10pt; padding: 0; max-width: none; }
  .para { grid-template-columns: 1.2rem 1.7rem 1fr 12rem; }
  details.why, .hint { display: none; }
  .document { break-before: page; }
  .document:first-of-type { break-before: auto; }
}
"""


def label_colour(label: str) -> str:
    """The colour of a fault type (a fixed one for the known labels)."""
    extra = EXTRA_COLOURS[zlib.crc32(label.encode()) % len(EXTRA_COLOURS)]
    return LABEL_COLOURS.get(label, extra)


def _tint(colour: str, strength: float = 0.14) -> str:
    """``colour`` mixed with white, for paragraph backgrounds."""
    rgb = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(255 - (255 - c) * strength):02x}" for c in rgb)


def _tag(label: str, text: str | None = None) -> str:
    return f'<span class="tag" style="--c:{label_colour(label)}">{escape(text or label)}</span>'


def _paragraph_text(p: ParagraphResult, remedies: list[Remedy]) -> str:
    """The escaped paragraph text with its remedy amounts marked and their purposes beside."""
    out, at = [], 0
    for remedy in sorted(remedies, key=lambda r: r.start):
        start, end = remedy.start - p.start, remedy.end - p.start
        if start < at or p.text[start:end] != remedy.text:
            continue
        purposes = ", ".join(remedy.purposes) or "remedy"
        out += [
            escape(p.text[at:start]),
            f'<mark class="remedy" title="{escape(remedy_phrase(remedy, money(remedy.amount)))}">'
            f"{escape(remedy.text)}</mark>",
            f'<span class="purpose"> [remedy: {escape(purposes)}]</span>',
        ]
        at = end
    out.append(escape(p.text[at:]))
    return "".join(out)


def _hover(p: ParagraphResult) -> str:
    scores = ", ".join(f"{lab} {s:.2f}" for lab, s in sorted(p.scores.items()))
    findings = ", ".join(f"{f} {s:.2f}" for f, s in sorted(p.finding_scores.items()))
    return f"paragraph {p.index}: {scores}" + (f"; finding: {findings}" if findings else "")


def _explanation(p: ParagraphResult) -> str:
    if not p.explanation:
        return ""
    items = "".join(
        f"<li>{escape(format_label(label, p.scores[label], e))}</li>"
        for label, e in p.explanation.items()
    )
    return f'<details class="why"><summary>why these labels</summary><ul>{items}</ul></details>'


def _paragraph(doc_id: str, p: ParagraphResult, result: DocumentResult) -> str:
    labels = sorted(p.labels, key=lambda lab: -p.scores[lab])
    classes = ["para"] + (["boilerplate"] if p.boilerplate else [])
    style = ""
    if labels:
        classes.append("labelled")
        style = f' style="background:{_tint(label_colour(labels[0]))}"'
    side = [_tag(lab, f"{lab} {p.scores[lab]:.2f}") for lab in labels]
    if p.finding in FINDING_NAMES:
        classes.append(f"finding-{p.finding.replace('_', '-')}")
        side.append(f'<span class="finding {p.finding}">{FINDING_NAMES[p.finding]}</span>')
    for action in result.actions:
        if action.paragraph == p.index:
            due = f", {action.deadline}" if action.deadline else ""
            side.append(f'<span class="action">action: {escape(action.type + due)}</span>')
    bars = "".join(f'<span style="--c:{label_colour(lab)}"></span>' for lab in labels)
    remedies = [r for r in result.remedies if r.paragraph == p.index]
    return (
        f'<div class="{" ".join(classes)}" id="{doc_id}-p{p.index}"{style} '
        f'title="{escape(_hover(p))}" data-labels="{escape(" ".join(labels))}">'
        f'<span class="num">{p.index}</span><span class="bars">{bars}</span>'
        f'<div class="text">{_paragraph_text(p, remedies)}</div>'
        f'<div class="side">{"".join(side)}</div>{_explanation(p)}</div>'
    )


def _link(doc_id: str, index: int) -> str:
    return f'<a href="#{doc_id}-p{index}">paragraph {index}</a>'


def _summary(doc_id: str, result: DocumentResult) -> str:
    meta = result.metadata
    rows = [
        ("Authority", escape(meta.authority or "—")),
        ("Reference", escape(meta.reference or "—")),
        ("Category", escape(meta.category or "—")),
        ("Outcome", escape(meta.outcome or "—")),
        ("Decision date", escape(meta.decision_date or "—")),
        ("Faults found", "".join(_tag(lab) for lab in result.faults_found) or "none"),
        ("Remedy total", money(result.remedy_total) if result.remedies else "none"),
    ]
    if result.remedies:
        items = "".join(
            f"<li>{escape(remedy_phrase(r, money(r.amount)))} ({_link(doc_id, r.paragraph)})</li>"
            for r in result.remedies
        )
        rows.append(("Remedies", f"<ul>{items}</ul>"))
    if result.actions:
        items = "".join(
            f"<li>{escape(a.type)}: {escape(a.deadline or 'no deadline given')} "
            f"({_link(doc_id, a.paragraph)})</li>"
            for a in result.actions
        )
        rows.append(("Actions", f"<ul>{items}</ul>"))
    labelled = len(result.labelled_paragraphs())
    rows.append(("Paragraphs", f"{len(result.paragraphs)}, {labelled} labelled"))
    body = "".join(f"<dt>{name}</dt><dd>{value}</dd>" for name, value in rows)
    return f'<div class="summary"><dl>{body}</dl></div>'


def render_document(number: int, result: DocumentResult) -> str:
    """One ``<section>`` for a document: heading, summary box, then every paragraph."""
    doc_id = f"doc{number}"
    meta = result.metadata
    title = " — ".join(v for v in (meta.authority, meta.reference) if v) or result.source
    paragraphs = "\n".join(_paragraph(doc_id, p, result) for p in result.paragraphs)
    return (
        f'<section class="document" id="{doc_id}">\n<h2>{escape(title)}</h2>\n'
        f'<p class="meta">{escape(result.source)} · model {escape(result.model.name)} '
        f"{escape(result.model.version)}</p>\n{_summary(doc_id, result)}\n"
        f'<div class="paragraphs">\n{paragraphs}\n</div>\n</section>\n'
    )


def _legend() -> str:
    tags = "".join(_tag(lab) for lab in LABEL_COLOURS)
    findings = "".join(
        f'<span class="finding {f}">{name}</span>' for f, name in FINDING_NAMES.items()
    )
    remedy = '<mark class="remedy">£ remedy</mark>'
    return f'<p class="legend">Fault types: {tags} Findings: {findings} Money: {remedy}</p>'


def render(results: Iterable[DocumentResult], stream: TextIO) -> None:
    """Write one HTML page with one section per document."""
    stream.write(
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>LGSCO decision analysis</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        "<header><h1>LGSCO decision analysis</h1>\n"
        '<p class="meta hint">Hover over a paragraph for all its scores.</p>\n'
        f"{_legend()}</header>\n"
    )
    for number, result in enumerate(results, start=1):
        stream.write(render_document(number, result))
        stream.flush()
    stream.write("</body>\n</html>\n")
