"""``classify train``: train a model from labelled paragraphs and save it."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from classifier.cli.common import DebugOption, QuietOption, guarded, progress_printer


@guarded()
def train_command(
    data: Path | None = typer.Option(
        None,
        "--data",
        "-d",
        help="Training JSONL file or directory (default: training_data/, i.e. train.jsonl, "
        "synthetic.jsonl and added.jsonl; never heldout.jsonl).",
    ),
    out: Path | None = typer.Option(
        None, "--out", "-o", help="Model directory to write (default: the shipped model)."
    ),
    force: bool = typer.Option(
        False,
        "--force",
        help="Replace the model in the output directory even if the new one scores more than "
        "0.02 lower macro-F1 on the held-out split.",
    ),
    quiet: bool = QuietOption,
    debug: bool = DebugOption,
) -> None:
    """Train, print cross-validated and held-out metrics, and write the model."""
    from classifier.report import format_metrics_table
    from classifier.train import train_model
    from classifier.versioning import format_comparison

    result = train_model(data=data, out_dir=out, force=force, progress=progress_printer(quiet))
    card = result.card
    sys.stdout.write(
        f"model choices ({card['cv_folds']}-fold cross-validation; kept by the mean of the "
        "fault-type and finding macro-F1):\n"
    )
    for kind, scores in card["model_comparison"].items():
        chosen = " <- kept" if kind == card["kind"] else ""
        finding = scores.get("finding_macro_f1")
        finding_text = f"  finding {finding:.3f}" if finding is not None else ""
        sys.stdout.write(
            f"  {kind:<16} fault types {scores['macro_f1']:.3f}{finding_text}{chosen}\n"
        )
    sys.stdout.write("cross-validated metrics of the kept model:\n")
    sys.stdout.write(format_metrics_table(card["cv_metrics"]))
    if result.heldout is not None:
        sys.stdout.write(f"held-out metrics ({result.heldout.data}):\n")
        sys.stdout.write(format_metrics_table(result.heldout.metrics))
    if result.heldout is not None and result.previous is not None:
        sys.stdout.write(format_comparison(result.heldout, result.previous))
    parent = f" (replaces version {card['parent_version']})" if card["parent_version"] else ""
    sys.stdout.write(f"model version {card['version']}{parent} written to {result.model_dir}\n")
