"""``classify predict``: tag the paragraphs of one or more decisions."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

# classifier.batch imports neither spaCy nor scikit-learn, so --help stays fast
from classifier.batch import DEFAULT_CHUNK_SIZE, BatchOptions
from classifier.cli.common import EXIT_SOME_FAILED, EXIT_USAGE, DebugOption, QuietOption, guarded
from classifier.reading import DEFAULT_MAX_BYTES

if TYPE_CHECKING:
    from classifier.reading import ReadError

_SUFFIX_FORMATS = {
    ".csv": "csv",
    ".json": "json",
    ".jsonl": "jsonl",
    ".html": "html",
    ".htm": "html",
    ".txt": "table",
}


@guarded()
def predict_command(
    paths: list[str] = typer.Argument(
        ...,
        metavar="PATH",
        help="Text, HTML or PDF files, directories (their *.txt, *.html, *.htm, *.pdf, sorted) "
        "or - for standard input.",
    ),
    model: Path | None = typer.Option(
        None, "--model", "-m", help="Model directory (default: the shipped model)."
    ),
    format: str | None = typer.Option(
        None,
        "--format",
        "-f",
        help="table, json, jsonl, csv or html (default: from the --output suffix, else table "
        "on a terminal and jsonl otherwise).",
    ),
    explain: bool = typer.Option(
        False, "--explain", help="Add each label's top terms and weights (json, jsonl, html)."
    ),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Write results to this file instead of standard output."
    ),
    resume: bool = typer.Option(
        False, "--resume", help="Skip sources already in --output and append the rest."
    ),
    jobs: int | None = typer.Option(
        None, "--jobs", "-j", help="Worker processes (default 1; with dask: every worker)."
    ),
    backend: str = typer.Option("loky", "--backend", help="loky (local processes) or dask."),
    scheduler: str | None = typer.Option(
        None, "--scheduler", help="Dask scheduler address, e.g. tcp://host:8786."
    ),
    chunk_size: int = typer.Option(
        DEFAULT_CHUNK_SIZE, "--chunk-size", help="Documents analysed together per task."
    ),
    max_bytes: int = typer.Option(
        DEFAULT_MAX_BYTES, "--max-bytes", help="Refuse input files larger than this."
    ),
    quiet: bool = QuietOption,
    debug: bool = DebugOption,
) -> None:
    """Predict fault types for every paragraph of each input document."""
    from classifier.predict import predict_paths
    from classifier.progress import Progress
    from classifier.render import FORMATS

    chosen = format or _default_format(output)
    if chosen not in FORMATS:
        raise typer.BadParameter(f"choose from {', '.join(FORMATS)}", param_hint="--format")
    options = BatchOptions(
        jobs=jobs,
        backend=backend,
        scheduler=scheduler,
        chunk_size=chunk_size,
        max_bytes=max_bytes,
    )
    # no progress line while results themselves go to the terminal
    progress = Progress.for_terminal(None, quiet=quiet or (output is None and sys.stdout.isatty()))

    def report(error: ReadError) -> None:
        progress.clear()
        typer.echo(f"classify: error: {error.message}", err=True)

    summary = predict_paths(
        paths,
        model_dir=model,
        format=chosen,
        stream=sys.stdout,
        explain=explain,
        output=output,
        resume=resume,
        options=options,
        progress=progress,
        on_error=report,
    )
    if summary.failed:
        raise typer.Exit(EXIT_SOME_FAILED if summary.done else EXIT_USAGE)


def _default_format(output: Path | None) -> str:
    if output is not None:
        return _SUFFIX_FORMATS.get(output.suffix.lower(), "jsonl")
    return "table" if sys.stdout.isatty() else "jsonl"
