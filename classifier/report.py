"""Evaluation reports: a terminal table, ``metrics.json`` and ``report.md``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from classifier.evaluate import Evaluation
from classifier.persistence import CARD_FILE, DEFAULT_MODEL_DIR


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


def _markdown_table(metrics: dict[str, Any]) -> str:
    rows = ["| label | precision | recall | F1 | support |", "|---|---:|---:|---:|---:|"]
    for label, m in metrics["labels"].items():
        rows.append(
            f"| {label} | {m['precision']:.3f} | {m['recall']:.3f} | {m['f1']:.3f} | "
            f"{m['support']} |"
        )
    rows.append(f"| **micro-F1** | | | {metrics['micro_f1']:.3f} | |")
    rows.append(f"| **macro-F1** | | | {metrics['macro_f1']:.3f} | |")
    return "\n".join(rows)


def write_report(
    evaluation: Evaluation, out_dir: str | Path, model_dir: str | Path | None = None
) -> list[Path]:
    """Write ``metrics.json`` and ``report.md`` for ``evaluation``; return the paths."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    card = json.loads((Path(model_dir or DEFAULT_MODEL_DIR) / CARD_FILE).read_text())
    metrics_path = out / "metrics.json"
    metrics_path.write_text(json.dumps(evaluation.to_dict(), indent=2, sort_keys=True) + "\n")
    comparison = "\n".join(
        f"| {kind} | {m['macro_f1']:.3f} | {m['micro_f1']:.3f} |"
        + (" kept |" if kind == card.get("kind") else " |")
        for kind, m in card.get("model_comparison", {}).items()
    )
    report_path = out / "report.md"
    report_path.write_text(
        f"# Evaluation of {evaluation.model_name} {evaluation.model_version}\n\n"
        f"Data: `{evaluation.data}`: {evaluation.n_examples} paragraphs from "
        f"{evaluation.n_documents} documents (held out from training by document).\n\n"
        f"## Fault types (held-out)\n\n{_markdown_table(evaluation.metrics)}\n\n"
        f"## Model choices compared by {card.get('cv_folds')}-fold grouped cross-validation "
        f"on the training split\n\n| model | macro-F1 | micro-F1 | |\n|---|---:|---:|---|\n"
        f"{comparison}\n\n"
        f"## Cross-validated metrics of the kept model (training split)\n\n"
        f"{_markdown_table(card['cv_metrics'])}\n\n"
        f"## Model card\n\n```json\n{json.dumps(card, indent=2, sort_keys=True)}\n```\n"
    )
    return [metrics_path, report_path]
