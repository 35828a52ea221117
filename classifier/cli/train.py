"""``classify train``: train a model from labelled paragraphs and save it."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from classifier.cli.common import DebugOption, QuietOption, guarded, progress_printer


@guarded()
def train_command(
    data: Path | None = typer.Option(
        None, "--data", "-d", help="Training JSONL file or directory (default: the training split)."
    ),
    out: Path | None = typer.Option(
        None, "--out", "-o", help="Model directory to write (default: the shipped model)."
    ),
    quiet: bool = QuietOption,
    debug: bool = DebugOption,
) -> None:
    """Train, print cross-validated per-label metrics, and write the model."""
    from classifier.report import format_metrics_table
    from classifier.train import train_model

    result = train_model(data=data, out_dir=out, progress=progress_printer(quiet))
    card = result.card
    sys.stdout.write(f"model choices (cross-validated macro-F1, {card['cv_folds']} folds):\n")
    for kind, scores in card["model_comparison"].items():
        chosen = " <- kept" if kind == card["kind"] else ""
        sys.stdout.write(f"  {kind:<16} {scores['macro_f1']:.3f}{chosen}\n")
    sys.stdout.write("cross-validated metrics of the kept model:\n")
    sys.stdout.write(format_metrics_table(card["cv_metrics"]))
    sys.stdout.write(f"model written to {result.model_dir}\n")
