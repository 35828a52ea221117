"""``classify data``: build and manage training data."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from classifier.cli.common import DebugOption, guarded

app = typer.Typer(help="Build and manage training data.", no_args_is_help=True)


@app.command("from-corpus")
@guarded()
def from_corpus_command(
    shared: Path = typer.Argument(
        ..., help="The shared directory holding corpus/labelled, corpus/texts and seeds."
    ),
    out: Path | None = typer.Option(
        None, "--out", "-o", help="Training-data directory (default: training_data/)."
    ),
    debug: bool = DebugOption,
) -> None:
    """Convert the labelled corpus into train/held-out JSONL and documents.jsonl."""
    from classifier.corpus import convert_corpus
    from classifier.training_data import DEFAULT_DIR

    summary = convert_corpus(shared, out or DEFAULT_DIR)
    sys.stdout.write(
        f"{summary.documents} documents: {summary.train_paragraphs} training paragraphs, "
        f"{summary.heldout_paragraphs} held-out paragraphs "
        f"({summary.heldout_documents} held-out documents)\n"
    )
