"""Evaluation reports: a terminal table, ``metrics.json`` and ``report.md``.

The tables are built once as rows of strings (:class:`Table`) and rendered as aligned text,
Markdown or (in :mod:`classifier.report_html`) HTML. :func:`write_report` writes all three
report files.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from classifier.evaluate import Evaluation

REPORT_FILES = ("metrics.json", "report.md", "report.html")


@dataclass
class Table:
    """A titled table of preformatted cells; ``note`` explains how to read it."""

    title: str
    header: list[str]
    rows: list[list[str]]
    note: str = ""


def format_metrics_table(metrics: dict[str, Any]) -> str:
    """Per-label precision/recall/F1/support plus micro and macro F1, as aligned text."""
    lines = [f"  {'label':<20} {'precision':>9} {'recall':>7} {'f1':>6} {'support':>8}"]
    for label, m in metrics["labels"].items():
        lines.append(
            f"  {label:<20} {m['precision']:>9.3f} {m['recall']:>7.3f} {m['f1']:>6.3f} "
            f"{m['support']:>8d}"
        )
    lines.append(f"  {'micro-F1':<20} {metrics['micro_f1']:>24.3f}")
    lines.append(f"  {'macro-F1':<20} {metrics['macro_f1']:>24.3f}")
    return "\n".join(lines) + "\n"


def _ci(interval: dict[str, float]) -> str:
    return f"[{interval['low']:.3f}, {interval['high']:.3f}]"


def _mean_sd(summary: dict[str, float]) -> str:
    return f"{summary['mean']:.3f} ± {summary['sd']:.3f}"


def label_table(evaluation: Evaluation) -> Table:
    """Per-label precision/recall/F1 with bootstrap intervals, next to the keyword baseline."""
    m, boot, base = evaluation.metrics, evaluation.bootstrap, evaluation.baseline
    rows = [
        [
            label,
            f"{s['precision']:.3f}",
            f"{s['recall']:.3f}",
            f"{s['f1']:.3f}",
            _ci(boot["labels"][label]),
            str(s["support"]),
            f"{base['labels'][label]['f1']:.3f}",
        ]
        for label, s in m["labels"].items()
    ]
    for key, name in (("micro_f1", "micro-F1"), ("macro_f1", "macro-F1")):
        rows.append([name, "", "", f"{m[key]:.3f}", _ci(boot[key]), "", f"{base[key]:.3f}"])
    withheld = (
        evaluation.withheld if evaluation.withheld and evaluation.withheld["paragraphs"] else None
    )
    if withheld:
        model_alone = f"{withheld['model_alone']['macro_f1']:.3f}"
        rows.append(["macro-F1, model alone", "", "", model_alone, "", "", ""])
    return Table(
        title="Fault types",
        header=["label", "precision", "recall", "F1", "95% CI", "support", "keywords F1"],
        rows=rows,
        note=(
            "Labels as `classify predict` shows them"
            + (
                f": the {withheld['paragraphs']} paragraphs it withholds labels from (section "
                "headings of decision statements, form fields of other pages, page furniture) "
                "count as unlabelled; "
                '"model alone" scores the model\'s own labels on every paragraph'
                if withheld
                else ""
            )
            + f". 95% CI: percentile interval over {boot['n_resamples']} bootstrap resamples of "
            f"the {evaluation.n_documents} documents (seed {boot['seed']}): how much F1 could "
            "move on another sample of decisions. Keywords F1: the keyword baseline "
            "(`classifier/baseline.py`), under the same rule."
        ),
    )


def confusion_table(evaluation: Evaluation) -> Table:
    """True/false positives and negatives per label at the model's thresholds."""
    thresholds = evaluation.predictions.thresholds
    rows = [
        [label, f"{t:.2f}", str(c["tp"]), str(c["fp"]), str(c["fn"]), str(c["tn"])]
        for (label, c), t in zip(evaluation.confusion.items(), thresholds, strict=True)
    ]
    return Table(
        title="Confusion counts per label",
        header=["label", "threshold", "true pos", "false pos", "false neg", "true neg"],
        rows=rows,
    )


def baseline_table(evaluation: Evaluation) -> Table:
    """Keyword baseline against the model, label by label."""
    base, m = evaluation.baseline, evaluation.metrics
    rows = [
        [
            label,
            f"{b['precision']:.3f}",
            f"{b['recall']:.3f}",
            f"{b['f1']:.3f}",
            f"{m['labels'][label]['f1']:.3f}",
            f"{m['labels'][label]['f1'] - b['f1']:+.3f}",
        ]
        for label, b in base["labels"].items()
    ]
    rows.append(
        [
            "macro-F1",
            "",
            "",
            f"{base['macro_f1']:.3f}",
            f"{m['macro_f1']:.3f}",
            f"{m['macro_f1'] - base['macro_f1']:+.3f}",
        ]
    )
    return Table(
        title="Keyword baseline",
        header=["label", "precision", "recall", "F1", "model F1", "model gain"],
        rows=rows,
        note=(
            "A label is given when one of a few hand-written phrases occurs in the paragraph; "
            "the phrases paraphrase the labelling guide and were not tuned on any data. Like "
            "the model's, its labels count only on paragraphs `classify predict` shows labels on."
        ),
    )


def learning_curve_table(evaluation: Evaluation) -> Table | None:
    """Held-out F1 by share of training documents, or None when not computed."""
    lc = evaluation.learning_curve
    if lc is None:
        return None
    labels = evaluation.predictions.labels
    rows = [
        [
            f"{p['fraction']:.0%}",
            str(p["n_documents"]),
            str(p["n_examples"]),
            f"{p['macro_f1']:.3f}",
            *(f"{p['f1'][label]:.3f}" for label in labels),
        ]
        for p in lc["points"]
    ]
    folds = sorted({p["cv_folds"] for p in lc["points"]})
    return Table(
        title="Learning curve",
        header=["share", "documents", "paragraphs", "macro-F1", *labels],
        rows=rows,
        note=(
            f"Models trained on nested random shares of the documents of `{lc['training_data']}` "
            f"(seed {lc['seed']}; thresholds tuned with {' or '.join(map(str, folds))}-fold "
            f"grouped cross-validation), scored on `{evaluation.data}` as `classify predict` "
            "shows labels (none on withheld paragraphs)."
            + _synthetic_note(lc.get("n_synthetic", 0), "every share (counted in paragraphs)")
        ),
    )


def _comparison_note(card: dict[str, Any]) -> str:
    """How the model choices were compared, as far as the card records it."""
    note = "From the model card, on the real paragraphs of the training data"
    if card.get("n_synthetic"):
        note += f" ({card['n_synthetic']} synthetic ones train in every fold, never scored)"
    if any("selection" in m for m in card.get("model_comparison", {}).values()):
        note += (
            ". The kept model has the best mean of fault-type macro-F1 and finding macro-F1 "
            "(fault, no_fault)"
        )
    return note + "."


def _synthetic_note(n_synthetic: int, where: str) -> str:
    """A sentence saying where the synthetic (written) examples went, or nothing."""
    return f" The {n_synthetic} synthetic paragraphs are in {where}." if n_synthetic else ""


def _repeats_note(cv: dict[str, Any]) -> str:
    """How often the cross-validation was repeated, or nothing for a single split."""
    repeats = cv.get("repeats", 1)
    if repeats < 2:
        return ""
    return (
        f", repeated over {repeats} splits of the documents into folds (the first balanced, "
        f"the others shuffled); means and sds are over all {repeats * cv['folds']} folds"
    )


def cv_table(evaluation: Evaluation) -> Table | None:
    """Mean ± sd of F1 over grouped cross-validation folds, or None when not computed."""
    cv = evaluation.cv
    if cv is None:
        return None
    rows = [[label, _mean_sd(s)] for label, s in cv["labels"].items()]
    rows += [["micro-F1", _mean_sd(cv["micro_f1"])], ["macro-F1", _mean_sd(cv["macro_f1"])]]
    if cv.get("repeats", 1) > 1:
        rows.append(["macro-F1 per split", ", ".join(f"{m:.3f}" for m in cv["repeat_macro_f1"])])
    return Table(
        title="Cross-validation",
        header=["label", "F1 mean ± sd"],
        rows=rows,
        note=(
            f"{cv['folds']}-fold cross-validation grouped by document on "
            f"`{cv['training_data']}` (thresholds tuned by an inner {cv['inner_cv_folds']}-fold "
            "cross-validation)"
            + _repeats_note(cv)
            + "; labels scored as `classify predict` shows them (none on withheld paragraphs); "
            "sd is the sample standard deviation over folds."
            + _synthetic_note(cv.get("n_synthetic", 0), "every training fold and are never scored")
        ),
    )


#: How the report names each document type of :mod:`classifier.document_types`.
DOCUMENT_TYPE_NAMES = {"decision": "decision statements", "other": "news and council pages"}


def document_type_table(evaluation: Evaluation) -> Table | None:
    """Fault-type F1 of decision statements and of other pages, on the evaluated data and
    (when computed) out of fold in the cross-validation; None when neither has them."""
    sources = [(evaluation.data, evaluation.by_document_type)]
    if evaluation.cv is not None:
        sources.append(("cross-validation", evaluation.cv.get("by_document_type")))
    rows = [
        [
            data,
            DOCUMENT_TYPE_NAMES[name],
            str(m["n_documents"]),
            str(m["n_examples"]),
            f"{m['macro_f1']:.3f}",
            *(f"{s['f1']:.3f} ({s['support']})" for s in m["labels"].values()),
        ]
        for data, by_type in sources
        if by_type
        for name, m in by_type.items()
    ]
    if not rows:
        return None
    labels = list(evaluation.predictions.labels)
    return Table(
        title="By document type",
        header=["data", "document type", "documents", "paragraphs", "macro-F1", *labels],
        rows=rows,
        note=(
            "Fault-type F1 (gold support in brackets) of the paragraphs of decision statements "
            "(a header with a case reference or outcome) and of other pages, labels as "
            "`classify predict` shows them. Cross-validation rows pool each repeat's "
            "out-of-fold predictions (one per paragraph), score them and average over the "
            "repeated splits: pooled scores, not the mean over folds of the Cross-validation "
            "table, so they are not comparable with it. Few other pages are labelled: an F1 "
            "on a support of a few paragraphs says little."
        ),
    )


def document_table(evaluation: Evaluation) -> Table | None:
    """Document-level metrics (finding, remedies, faults found, metadata), if present."""
    if not evaluation.document_metrics:
        return None
    rows = [
        [section, name, f"{value:.3f}" if isinstance(value, float) else str(value)]
        for section, values in evaluation.document_metrics.items()
        for name, value in _flatten(values)
    ]
    return Table(title="Document analysis", header=["part", "metric", "value"], rows=rows)


def _flatten(values: Any, prefix: str = "") -> list[tuple[str, Any]]:
    if not isinstance(values, dict):
        return [(prefix or "value", values)]
    return [
        item
        for key, value in values.items()
        for item in _flatten(value, f"{prefix}.{key}" if prefix else str(key))
    ]


def report_tables(evaluation: Evaluation) -> list[Table]:
    """The report's tables in reading order (parts not computed are left out)."""
    optional = [
        document_table(evaluation),
        learning_curve_table(evaluation),
        cv_table(evaluation),
        document_type_table(evaluation),
    ]
    return [
        label_table(evaluation),
        confusion_table(evaluation),
        baseline_table(evaluation),
        *(t for t in optional if t is not None),
    ]


def format_text_table(table: Table) -> str:
    """``table`` as aligned plain text under its title."""
    widths = [max(len(r[i]) for r in [table.header, *table.rows]) for i in range(len(table.header))]
    lines = [f"{table.title}:"]
    for row in [table.header, *table.rows]:
        cells = [
            c.ljust(w) if i == 0 else c.rjust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  " + "  ".join(cells).rstrip())
    return "\n".join(lines) + "\n"


def format_evaluation(evaluation: Evaluation) -> str:
    """The terminal report: data summary and every table of the report."""
    head = (
        f"{evaluation.data}: {evaluation.n_examples} paragraphs from "
        f"{evaluation.n_documents} documents\n"
    )
    return head + "\n".join(format_text_table(t) for t in report_tables(evaluation))


def markdown_table(table: Table) -> str:
    """``table`` as a Markdown section: heading, note and table."""
    align = ["---"] + ["---:"] * (len(table.header) - 1)
    lines = [f"## {table.title}", ""]
    if table.note:
        lines += [table.note, ""]
    for row in [table.header, align, *table.rows]:
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines) + "\n"


def card_tables(evaluation: Evaluation) -> list[Table]:
    """Tables taken from the model card (model comparison, out-of-fold metrics)."""
    card = evaluation.card
    comparison = [
        [
            kind,
            f"{m['macro_f1']:.3f}",
            f"{m['micro_f1']:.3f}",
            f"{m['finding_macro_f1']:.3f}" if m.get("finding_macro_f1") is not None else "",
            "kept" if kind == card.get("kind") else "",
        ]
        for kind, m in card.get("model_comparison", {}).items()
    ]
    tables = [
        Table(
            title=f"Model choices compared by {card.get('cv_folds')}-fold grouped cross-validation",
            header=["model", "macro-F1", "micro-F1", "finding macro-F1", ""],
            rows=comparison,
            note=_comparison_note(card),
        )
    ]
    if "cv_metrics" in card:
        cv = card["cv_metrics"]
        rows = [
            [
                label,
                f"{m['precision']:.3f}",
                f"{m['recall']:.3f}",
                f"{m['f1']:.3f}",
                str(m["support"]),
            ]
            for label, m in cv["labels"].items()
        ]
        rows += [
            ["micro-F1", "", "", f"{cv['micro_f1']:.3f}", ""],
            ["macro-F1", "", "", f"{cv['macro_f1']:.3f}", ""],
        ]
        tables.append(
            Table(
                title="Out-of-fold metrics of the kept model",
                header=["label", "precision", "recall", "F1", "support"],
                rows=rows,
                note="From the model card: the pooled out-of-fold predictions used for thresholds.",
            )
        )
    return tables


def write_report(evaluation: Evaluation, out_dir: str | Path) -> list[Path]:
    """Write ``metrics.json``, ``report.md`` and ``report.html``; return their paths."""
    from classifier.report_html import render_html

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    json_path, md_path, html_path = (out / name for name in REPORT_FILES)
    json_path.write_text(json.dumps(evaluation.to_dict(), indent=2, sort_keys=True) + "\n")
    md_path.write_text(render_markdown(evaluation), encoding="utf-8")
    html_path.write_text(render_html(evaluation), encoding="utf-8")
    return [json_path, md_path, html_path]


def title(evaluation: Evaluation) -> str:
    """The report's title line."""
    return f"Evaluation of {evaluation.model_name} {evaluation.model_version}"


def data_summary(evaluation: Evaluation) -> str:
    """One sentence saying what data the model was scored on."""
    return (
        f"Data: `{evaluation.data}`: {evaluation.n_examples} paragraphs from "
        f"{evaluation.n_documents} documents."
    )


def render_markdown(evaluation: Evaluation) -> str:
    """``report.md``: the tables, then the model card."""
    sections = [f"# {title(evaluation)}", data_summary(evaluation)]
    sections += [markdown_table(t) for t in report_tables(evaluation) + card_tables(evaluation)]
    if evaluation.document_metrics is None:
        sections.append(
            "Document-level metrics (finding, remedies, faults found, metadata) are computed on "
            "the held-out documents only (not for `--data`)."
        )
    sections.append("Plots (precision-recall, calibration, learning curve) are in `report.html`.")
    card = json.dumps(evaluation.card, indent=2, sort_keys=True)
    sections.append(f"## Model card\n\n```json\n{card}\n```")
    return "\n\n".join(s.rstrip("\n") for s in sections) + "\n"
