"""``classify evaluate``: accuracy of a model on held-out labelled data."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from classifier.cli.common import DebugOption, guarded


@guarded()
def evaluate_command(
    data: Path | None = typer.Option(
        None, "--data", "-d", help="Labelled JSONL file or directory (default: held-out split)."
    ),
    model: Path | None = typer.Option(
        None, "--model", "-m", help="Model directory (default: the shipped model)."
    ),
    report: Path | None = typer.Option(
        None, "--report", "-r", help="Also write metrics.json and report.md to this directory."
    ),
    compare: Path | None = typer.Option(
        None,
        "--compare",
        "-c",
        help="Also evaluate this (older) model directory on the same data and print per-label "
        "deltas.",
    ),
    debug: bool = DebugOption,
) -> None:
    """Print per-label precision, recall, F1 and support, and micro/macro F1."""
    from classifier.evaluate import evaluate_model
    from classifier.report import format_metrics_table, write_report

    evaluation = evaluate_model(data=data, model_dir=model)
    sys.stdout.write(
        f"{evaluation.data}: {evaluation.n_examples} paragraphs from "
        f"{evaluation.n_documents} documents\n"
    )
    sys.stdout.write(format_metrics_table(evaluation.metrics))
    if compare:
        from classifier.versioning import format_comparison

        previous = evaluate_model(data=data, model_dir=compare)
        sys.stdout.write(format_comparison(evaluation, previous))
    if report:
        written = write_report(evaluation, report, model_dir=model)
        sys.stdout.write(f"report written to {', '.join(str(p) for p in written)}\n")
