"""``report.html``: one self-contained page with the report's tables and plots.

Plots are drawn with matplotlib's Agg canvas (imported only when a report is rendered, never at
CLI start-up) and embedded as base64 PNG, so the page needs no other file and no network.
"""

from __future__ import annotations

import base64
import html
import io
import json
import re
from typing import TYPE_CHECKING, Any

import numpy as np

from classifier.evaluate import Evaluation, Predictions
from classifier.report import (
    Table,
    baseline_table,
    card_tables,
    confusion_table,
    cv_table,
    data_summary,
    document_table,
    document_type_table,
    label_table,
    learning_curve_table,
    title,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

N_WORST = 20
CALIBRATION_BINS = 10
PANEL_SIZE = (4.6, 3.6)

STYLE = """
body { font-family: system-ui, sans-serif; max-width: 1100px; margin: 2em auto; padding: 0 1em;
       color: #222; line-height: 1.45; }
table { border-collapse: collapse; margin: 0.6em 0 1.2em; font-size: 0.92em; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; vertical-align: top; }
th { background: #f2f2f2; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.text { min-width: 22em; max-width: 36em; }
td.scores { white-space: nowrap; }
img { max-width: 100%; display: block; margin: 0.5em 0 1.5em; }
.note { color: #555; font-size: 0.92em; }
.wrong { color: #b00020; font-weight: bold; }
"""


def render_html(evaluation: Evaluation) -> str:
    """The whole page as a string."""
    predictions = evaluation.predictions
    parts = [
        f"<h1>{_e(title(evaluation))}</h1>",
        f"<p>{_prose(data_summary(evaluation))}</p>",
        _table(label_table(evaluation)),
        _section(
            "F1 with 95% bootstrap intervals",
            _f1_figure(evaluation),
            "Dots: the model's F1 with its 95% interval over document resamples; "
            "crosses: the keyword baseline.",
        ),
        _section(
            "Precision-recall curves",
            _pr_figure(evaluation),
            "Each curve sweeps the label's threshold; the dot marks the threshold the model "
            "uses (tuned by cross-validation on the real paragraphs of the training data), the "
            "cross the keyword baseline.",
        ),
        _table(confusion_table(evaluation)),
        _section(
            "Confusion per label",
            _confusion_figure(evaluation),
            "Counts at the model's thresholds; colour shows the share of each gold row.",
        ),
        _section(
            "Calibration",
            _calibration_figure(predictions),
            f"Paragraphs grouped into {CALIBRATION_BINS} score bins: mean score against the "
            "share of paragraphs that carry the label (dot area grows with the number of "
            "paragraphs). On the diagonal, a score of 0.7 means 70% of such paragraphs "
            "have the label. Brier: mean squared error of the scores.",
        ),
        _table(baseline_table(evaluation)),
    ]
    parts.append(
        _table_or_note(
            document_table(evaluation),
            "Document analysis",
            "Finding, remedy and faults-found metrics are not computed by this version.",
        )
    )
    table = learning_curve_table(evaluation)
    parts.append(
        _section("Learning curve", _learning_curve_figure(evaluation), table.note)
        + _table(table, heading=False)
        if table
        else _table_or_note(None, "Learning curve", "Not computed (run with --learning-curve).")
    )
    parts.append(
        _table_or_note(cv_table(evaluation), "Cross-validation", "Not computed (run with --cv K).")
    )
    table = document_type_table(evaluation)
    if table:
        parts.append(_table(table))
    parts.append(_worst_errors(predictions))
    parts += [_table(t) for t in card_tables(evaluation)]
    card = json.dumps(evaluation.card, indent=2, sort_keys=True)
    parts.append(
        f"<h2>Model card</h2><details><summary>model.json</summary><pre>{_e(card)}</pre></details>"
    )
    body = "\n".join(parts)
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        f"<title>{_e(title(evaluation))}</title><style>{STYLE}</style></head>\n"
        f"<body>\n{body}\n</body></html>\n"
    )


def _e(text: object) -> str:
    return html.escape(str(text))


def _prose(text: str) -> str:
    """Escape ``text`` and show its Markdown `code` spans as <code>."""
    return re.sub(r"`([^`]*)`", r"<code>\1</code>", _e(text))


def _section(heading: str, png: str, note: str) -> str:
    return (
        f"<h2>{_e(heading)}</h2><p class='note'>{_prose(note)}</p>"
        f"<img alt='{_e(heading)}' src='data:image/png;base64,{png}'>"
    )


def _table(table: Table, heading: bool = True) -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in table.header)
    rows = "".join(
        f"<tr><td>{_e(row[0])}</td>"
        + "".join(f"<td class='num'>{_e(c)}</td>" for c in row[1:])
        + "</tr>"
        for row in table.rows
    )
    title_html = f"<h2>{_e(table.title)}</h2>" if heading else ""
    note = f"<p class='note'>{_prose(table.note)}</p>" if table.note and heading else ""
    return f"{title_html}{note}<table><tr>{head}</tr>{rows}</table>"


def _table_or_note(table: Table | None, heading: str, missing: str) -> str:
    """``table``, or its heading and a note saying why it is missing."""
    if table:
        return _table(table)
    return f"<h2>{_e(heading)}</h2><p class='note'>{_e(missing)}</p>"


def _figure(n_panels: int, ncols: int = 2) -> tuple[Figure, list[Axes]]:
    """A figure on the Agg canvas with ``n_panels`` axes in a grid (spare axes hidden)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    ncols = min(ncols, n_panels)
    nrows = -(-n_panels // ncols)
    fig = Figure(figsize=(PANEL_SIZE[0] * ncols, PANEL_SIZE[1] * nrows), layout="constrained")
    FigureCanvasAgg(fig)
    axes = list(fig.subplots(nrows, ncols, squeeze=False).ravel())
    for ax in axes[n_panels:]:
        ax.set_visible(False)
    return fig, axes[:n_panels]


def _png(fig: Figure) -> str:
    """``fig`` as base64-encoded PNG."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=90)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _f1_figure(evaluation: Evaluation) -> str:
    boot, base = evaluation.bootstrap, evaluation.baseline
    names = [*boot["labels"], "micro-F1", "macro-F1"]
    intervals = [*boot["labels"].values(), boot["micro_f1"], boot["macro_f1"]]
    baseline = [*(b["f1"] for b in base["labels"].values()), base["micro_f1"], base["macro_f1"]]
    fig, (ax,) = _figure(1, 1)
    fig.set_size_inches(8, 0.5 * len(names) + 1.2)
    y = np.arange(len(names))[::-1]
    est = np.array([i["estimate"] for i in intervals])
    err = np.array([[i["estimate"] - i["low"], i["high"] - i["estimate"]] for i in intervals]).T
    ax.errorbar(est, y, xerr=err, fmt="o", capsize=4, label="model (95% CI)")
    ax.plot(baseline, y, "x", color="grey", markersize=8, label="keyword baseline")
    ax.set_yticks(y, names)
    ax.set_xlim(0, 1)
    ax.set_xlabel("F1")
    ax.grid(axis="x", alpha=0.3)
    ax.legend(loc="lower left")
    return _png(fig)


def _pr_figure(evaluation: Evaluation) -> str:
    from sklearn.metrics import precision_recall_curve

    p = evaluation.predictions
    fig, axes = _figure(len(p.labels))
    for j, (label, ax) in enumerate(zip(p.labels, axes, strict=True)):
        truth = p.y_true[:, j]
        ax.set(title=label, xlabel="recall", ylabel="precision", xlim=(0, 1.02), ylim=(0, 1.02))
        ax.grid(alpha=0.3)
        if not truth.any():
            ax.text(0.5, 0.5, "no positive paragraphs", ha="center", transform=ax.transAxes)
            continue
        # Scores as shown (withheld paragraphs at 0), so the threshold's point lies on the curve.
        precision, recall, _ = precision_recall_curve(truth, p.shown_proba[:, j])
        ax.plot(recall, precision, drawstyle="steps-post", label="model")
        chosen = evaluation.metrics["labels"][label]
        ax.plot(
            chosen["recall"],
            chosen["precision"],
            "o",
            color="crimson",
            label=f"threshold {p.thresholds[j]:.2f}",
        )
        base = evaluation.baseline["labels"][label]
        ax.plot(
            base["recall"], base["precision"], "x", color="grey", markersize=8, label="keywords"
        )
        ax.legend(loc="lower left", fontsize="small")
    return _png(fig)


def _confusion_figure(evaluation: Evaluation) -> str:
    labels = list(evaluation.confusion)
    fig, axes = _figure(len(labels), ncols=4)
    for label, ax in zip(labels, axes, strict=True):
        c = evaluation.confusion[label]
        counts = np.array([[c["tn"], c["fp"]], [c["fn"], c["tp"]]])
        shares = counts / np.maximum(counts.sum(axis=1, keepdims=True), 1)
        ax.imshow(shares, cmap="Blues", vmin=0, vmax=1)
        for (row, col), n in np.ndenumerate(counts):
            colour = "white" if shares[row, col] > 0.6 else "black"
            ax.text(
                col, row, f"{n}\n{shares[row, col]:.0%}", ha="center", va="center", color=colour
            )
        ax.set_xticks([0, 1], ["no", "yes"])
        ax.set_yticks([0, 1], ["no", "yes"])
        ax.set(title=label, xlabel="predicted", ylabel="gold")
    fig.set_size_inches(3.2 * min(4, len(labels)), 3.2 * -(-len(labels) // 4))
    return _png(fig)


def _calibration_figure(p: Predictions) -> str:
    fig, axes = _figure(len(p.labels))
    edges = np.linspace(0, 1, CALIBRATION_BINS + 1)
    for j, (label, ax) in enumerate(zip(p.labels, axes, strict=True)):
        scores, truth = p.proba[:, j], p.y_true[:, j]
        bins = np.clip(np.digitize(scores, edges[1:-1]), 0, CALIBRATION_BINS - 1)
        counts = np.bincount(bins, minlength=CALIBRATION_BINS)
        used = counts > 0
        mean_score = np.bincount(bins, scores, CALIBRATION_BINS)[used] / counts[used]
        observed = np.bincount(bins, truth, CALIBRATION_BINS)[used] / counts[used]
        ax.plot([0, 1], [0, 1], "--", color="grey", linewidth=1)
        ax.plot(mean_score, observed, "-", color="C0", alpha=0.6)
        ax.scatter(mean_score, observed, s=12 + 300 * np.sqrt(counts[used] / counts.sum()))
        brier = float(np.mean((scores - truth) ** 2))
        ax.set(
            title=f"{label} (Brier {brier:.3f})",
            xlabel="mean score in bin",
            ylabel="share with label",
            xlim=(0, 1),
            ylim=(-0.02, 1.02),
        )
        ax.grid(alpha=0.3)
    return _png(fig)


def _learning_curve_figure(evaluation: Evaluation) -> str:
    lc: dict[str, Any] = evaluation.learning_curve or {"points": []}
    points = lc["points"]
    x = [100 * pt["fraction"] for pt in points]
    fig, (ax,) = _figure(1, 1)
    fig.set_size_inches(8, 4.5)
    for label in evaluation.predictions.labels:
        ax.plot(x, [pt["f1"][label] for pt in points], "-", alpha=0.45, linewidth=1, label=label)
    ax.plot(
        x, [pt["macro_f1"] for pt in points], "o-", color="black", linewidth=2, label="macro-F1"
    )
    ax.axhline(
        evaluation.metrics["macro_f1"],
        color="crimson",
        linestyle="--",
        linewidth=1,
        label="evaluated model, macro-F1",
    )
    ax.axhline(
        evaluation.baseline["macro_f1"],
        color="grey",
        linestyle=":",
        linewidth=1,
        label="keyword baseline, macro-F1",
    )
    ax.set(
        xlabel="share of training documents (%)",
        ylabel="F1 on evaluation data",
        ylim=(0, 1),
        xlim=(0, 102),
    )
    ax.grid(alpha=0.3)
    ax.legend(loc="lower right", fontsize="small")
    return _png(fig)


def _worst_errors(p: Predictions) -> str:
    rows = []
    for rank, error in enumerate(p.worst_errors(N_WORST), start=1):
        gold, predicted = set(error["gold"]), set(error["predicted"])
        scores = "<br>".join(
            f"<span class='wrong'>{_e(lab)} {s:.2f}</span>"
            if (lab in gold) != (lab in predicted)
            else f"{_e(lab)} {s:.2f}"
            for lab, s in error["scores"].items()
        )
        rows.append(
            f"<tr><td class='num'>{rank}</td><td>{_e(error['doc_id'])}</td>"
            f"<td class='text'>{_e(error['text'])}</td>"
            f"<td>{'<br>'.join(map(_e, error['gold']))}</td>"
            f"<td>{'<br>'.join(map(_e, error['predicted']))}</td>"
            f"<td class='scores'>{scores}</td></tr>"
        )
    return (
        f"<h2>The {N_WORST} worst errors</h2><p class='note'>Paragraphs ranked by their most "
        "confident wrong label (distance between gold 0/1 and score); wrong labels in red.</p>"
        "<table><tr><th>#</th><th>document</th><th>text</th><th>gold</th><th>predicted</th>"
        f"<th>scores</th></tr>{''.join(rows)}</table>"
    )
