"""``classify suggest``: the paragraphs most worth labelling next, pre-annotated."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from classifier.cli.common import DebugOption, guarded
from classifier.wording import plural


@guarded()
def suggest_command(
    paths: list[str] = typer.Argument(
        ...,
        metavar="PATH",
        help="Unlabelled decisions: text files, directories (all *.txt) or - for stdin.",
    ),
    number: int = typer.Option(50, "-n", "--number", min=1, help="How many paragraphs."),
    out: Path | None = typer.Option(
        None, "--out", "-o", help="File to write (default: standard output)."
    ),
    format: str = typer.Option(
        "label-studio",
        "--format",
        "-f",
        help="label-studio (a JSON list of tasks with predictions) or doccano (JSONL).",
    ),
    model: Path | None = typer.Option(
        None, "--model", "-m", help="Model directory (default: the shipped model)."
    ),
    data_dir: Path | None = typer.Option(
        None,
        "--data-dir",
        help="Training-data directory whose paragraphs are not suggested again "
        "(default: training_data/).",
    ),
    debug: bool = DebugOption,
) -> None:
    """Write the most uncertain, mutually different paragraphs with the model's guesses."""
    from classifier.suggest import FORMATS, suggest, write_suggestions
    from classifier.trained import load_trained_model
    from classifier.training_data import DEFAULT_DIR

    if format not in FORMATS:
        raise typer.BadParameter(f"choose from {', '.join(FORMATS)}", param_hint="--format")
    trained = load_trained_model(model)
    suggestions, considered = suggest(paths, trained, data_dir or DEFAULT_DIR, number)
    if out is None:
        write_suggestions(suggestions, trained, format, sys.stdout)
    else:
        with out.open("w", encoding="utf-8") as stream:
            write_suggestions(suggestions, trained, format, stream)
    documents = len({s.source for s in suggestions})
    if not considered:
        typer.echo(
            "no paragraph to suggest: every paragraph of the input is already in the training "
            "data or the held-out split, repeated, or too short",
            err=True,
        )
    typer.echo(
        f"{plural(len(suggestions), 'paragraph')} from {plural(documents, 'document')} "
        f"(of {plural(considered, 'unlabelled paragraph')}) written to "
        f"{out or 'standard output'} in {format} format",
        err=True,
    )
