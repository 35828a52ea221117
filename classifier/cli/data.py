"""``classify data``: build and manage training data."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from classifier.cli.common import DebugOption, guarded

app = typer.Typer(help="Build and manage training data.", no_args_is_help=True)


@app.command("from-corpus", short_help="Build training_data/ from the labelled corpus.")
@guarded()
def from_corpus_command(
    shared: Path = typer.Argument(
        ...,
        metavar="SHARED",
        help="The shared directory holding corpus/labelled, corpus/texts and seeds.",
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


@app.command("add", short_help="Validate new labelled examples and merge them in.")
@guarded()
def add_command(
    files: list[Path] = typer.Argument(
        ...,
        metavar="FILE",
        help="Labelled exports: classify JSONL, Label Studio JSON or JSON-MIN, Doccano JSONL or "
        "Prodigy JSONL (detected from the content).",
    ),
    data_dir: Path | None = typer.Option(
        None, "--data-dir", help="Training-data directory (default: training_data/)."
    ),
    allow_new_labels: bool = typer.Option(
        False, "--allow-new-labels", help="Accept labels the training data does not have yet."
    ),
    dry_run: bool = typer.Option(
        False, "--dry-run", help="Validate and report, but write nothing."
    ),
    debug: bool = DebugOption,
) -> None:
    """Validate newly labelled examples and merge them into training_data/added.jsonl."""
    from classifier.data_add import add_examples, format_add_result
    from classifier.training_data import DEFAULT_DIR

    result = add_examples(
        files, data_dir or DEFAULT_DIR, allow_new_labels=allow_new_labels, dry_run=dry_run
    )
    sys.stdout.write(format_add_result(result))
