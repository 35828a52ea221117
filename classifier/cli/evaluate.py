"""``classify evaluate``: accuracy of a model on held-out labelled data, and its report."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from classifier.cli.common import DebugOption, QuietOption, guarded, progress_printer


@guarded()
def evaluate_command(
    data: Path | None = typer.Option(
        None, "--data", "-d", help="Labelled JSONL file or directory (default: held-out split)."
    ),
    model: Path | None = typer.Option(
        None, "--model", "-m", help="Model directory (default: the shipped model)."
    ),
    report: Path | None = typer.Option(
        None,
        "--report",
        "-r",
        help="Directory for metrics.json, report.md and report.html (default: evaluation/ for "
        "the shipped model; none with --model, so a candidate never overwrites the report).",
    ),
    train_data: Path | None = typer.Option(
        None,
        "--train-data",
        help="Training data for --learning-curve and --cv (default: what `classify train` "
        "trains on; synthetic examples train in every fold and are never scored).",
    ),
    learning_curve: bool | None = typer.Option(
        None,
        "--learning-curve/--no-learning-curve",
        help="Train on 10-100% of the training documents and plot held-out macro-F1 "
        "(default: on for the shipped model, off with --model).",
    ),
    cv: int | None = typer.Option(
        None, "--cv", min=2, help="Also run K-fold cross-validation grouped by document."
    ),
    cv_repeats: int = typer.Option(
        1,
        "--cv-repeats",
        min=1,
        help="With --cv: repeat the cross-validation over N splits of the documents into folds "
        "(the first as --cv alone makes, the others shuffled with seeds 1..N-1; N x K "
        "trainings) and average over all folds.",
    ),
    quiet: bool = QuietOption,
    compare: Path | None = typer.Option(
        None,
        "--compare",
        "-c",
        help="Also evaluate this (older) model directory on the same data and print per-label "
        "deltas.",
    ),
    debug: bool = DebugOption,
) -> None:
    """Print per-label metrics with bootstrap intervals and the keyword baseline; write reports."""
    from classifier.evaluate import evaluate_model
    from classifier.report import format_evaluation, write_report

    evaluation = evaluate_model(
        data=data,
        model_dir=model,
        train_data=train_data,
        with_learning_curve=model is None if learning_curve is None else learning_curve,
        cv_folds=cv,
        cv_repeats=cv_repeats,
        progress=progress_printer(quiet),
    )
    sys.stdout.write(format_evaluation(evaluation))
    if compare:
        from classifier.versioning import format_comparison

        previous = evaluate_model(data=data, model_dir=compare)
        sys.stdout.write(format_comparison(evaluation, previous))
    report_dir = report or (Path("evaluation") if model is None else None)
    if report_dir is not None:
        written = write_report(evaluation, report_dir)
        sys.stdout.write(f"report written to {', '.join(str(p) for p in written)}\n")
