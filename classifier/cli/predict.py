"""``classify predict``: tag the paragraphs of one or more decisions."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from classifier.cli.common import DebugOption, guarded, output_stream


@guarded()
def predict_command(
    paths: list[str] = typer.Argument(
        ..., help="Text files, directories (all *.txt, sorted) or - for standard input."
    ),
    model: Path | None = typer.Option(
        None, "--model", "-m", help="Model directory (default: the shipped model)."
    ),
    format: str | None = typer.Option(
        None, "--format", "-f", help="table (default on a terminal), json, jsonl or html."
    ),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Write to this file (atomically) instead of stdout."
    ),
    explain: bool = typer.Option(
        False, "--explain", help="Add each label's top terms and weights (json, jsonl, html)."
    ),
    debug: bool = DebugOption,
) -> None:
    """Predict fault types for every paragraph of each input document."""
    from classifier.predict import predict_paths
    from classifier.render import FORMATS

    chosen = format or ("table" if output is None and sys.stdout.isatty() else "jsonl")
    if chosen not in FORMATS:
        raise typer.BadParameter(f"choose from {', '.join(FORMATS)}", param_hint="--format")
    with output_stream(output) as stream:
        predict_paths(paths, model_dir=model, format=chosen, stream=stream, explain=explain)
