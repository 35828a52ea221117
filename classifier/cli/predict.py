"""``classify predict``: tag the paragraphs of one or more decisions."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from classifier.cli.common import DebugOption, guarded


@guarded()
def predict_command(
    paths: list[str] = typer.Argument(
        ..., help="Text files, directories (all *.txt, sorted) or - for standard input."
    ),
    model: Path | None = typer.Option(
        None, "--model", "-m", help="Model directory (default: the shipped model)."
    ),
    format: str | None = typer.Option(
        None, "--format", "-f", help="table (default on a terminal), json or jsonl."
    ),
    debug: bool = DebugOption,
) -> None:
    """Predict fault types for every paragraph of each input document."""
    from classifier.predict import predict_paths
    from classifier.render import FORMATS

    chosen = format or ("table" if sys.stdout.isatty() else "jsonl")
    if chosen not in FORMATS:
        raise typer.BadParameter(f"choose from {', '.join(FORMATS)}", param_hint="--format")
    predict_paths(paths, model_dir=model, format=chosen, stream=sys.stdout)
