"""Predict for paths: read, analyse and render, streaming results as they are ready."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from classifier.batch import BatchOptions, Item, iter_results, run_batch, worker_analyzer
from classifier.errors import InputError, input_error
from classifier.progress import Progress
from classifier.reading import (
    STDIN,
    ReadError,
    SourceText,
    expand_paths,
    read_source,
)
from classifier.render import csv as render_csv
from classifier.render import get_renderer
from classifier.render import jsonl as render_jsonl
from classifier.resume import ResumeState, prepare_resume

if TYPE_CHECKING:
    from classifier.document import DocumentResult

LINE_FORMATS = ("jsonl", "csv")

# spaCy and scikit-learn are imported only where a model is loaded: with --jobs N, the
# parent process never loads one, and its start-up stays short.


def predict_text(
    text: str, model_dir: str | Path | None = None, source: str = "<text>"
) -> DocumentResult:
    """Analyse one text given as a string; convenient for Python users."""
    from classifier.analyse import Analyzer
    from classifier.trained import load_trained_model

    analyzer = Analyzer(load_trained_model(model_dir))
    return analyzer.analyse(SourceText(source=source, text=text, encoding="utf-8"))


def predict_file(path: str, model_dir: str | Path | None = None) -> DocumentResult:
    """Analyse one file."""
    from classifier.analyse import Analyzer
    from classifier.trained import load_trained_model

    return Analyzer(load_trained_model(model_dir)).analyse(read_source(path))


@dataclass
class BatchSummary:
    """How a batch went: documents written, inputs that failed, inputs skipped by resume."""

    done: int = 0
    failed: int = 0
    skipped: int = 0


def predict_paths(
    paths: list[str],
    model_dir: str | Path | None,
    format: str,
    stream: TextIO,
    *,
    explain: bool = False,
    output: Path | None = None,
    resume: bool = False,
    options: BatchOptions | None = None,
    progress: Progress | None = None,
    on_error: Callable[[ReadError], None] | None = None,
) -> BatchSummary:
    """Analyse ``paths`` and write the results in ``format`` to ``output`` (or ``stream``).

    Inputs that cannot be read go to ``on_error`` and the others are still processed.
    With ``resume``, sources already in ``output`` are skipped and new results appended.
    """
    options = options or BatchOptions()
    progress = progress or Progress(None, enabled=False)
    summary = BatchSummary()
    state = ResumeState()
    if resume:
        if output is None:
            raise InputError("--resume needs --output FILE")
        state = prepare_resume(output, format)

    def failed(error: ReadError) -> None:
        summary.failed += 1
        if on_error is not None:
            on_error(error)

    items = _items(expand_paths(paths), state, summary, failed, options.max_bytes)
    _check_model(model_dir, options)
    progress.total = len(items)

    # line formats are rendered where each document is analysed (in parallel workers too)
    per_document = {"jsonl": render_jsonl.line, "csv": render_csv.row}.get(format)

    def counted() -> Iterator[Any]:
        outcomes = run_batch(items, model_dir, options, per_document, explain)
        for result in iter_results(outcomes, failed, progress.advance):
            summary.done += 1
            yield result

    try:
        with _open_output(output, stream, format, append=resume) as out:
            if format == "jsonl":
                render_jsonl.write_lines(counted(), out)
            elif format == "csv":
                header = state.csv_columns is None
                render_csv.write_rows(counted(), out, fieldnames=state.csv_columns, header=header)
            else:
                get_renderer(format)(counted(), out)
                if summary.failed and not summary.done:
                    raise _NothingToWrite  # discards the temporary file: no empty page
    except _NothingToWrite:
        pass
    progress.close()
    return summary


class _NothingToWrite(Exception):
    """Every input failed: a whole-output format (html, json, table) writes no file."""


def _items(
    paths: list[str],
    state: ResumeState,
    summary: BatchSummary,
    failed: Callable[[ReadError], None],
    max_bytes: int,
) -> list[Item]:
    """Paths not done yet; standard input is read here, as workers cannot read it."""
    items: list[Item] = []
    for path in paths:
        if path in state.done:
            summary.skipped += 1
        elif path == STDIN:
            try:
                items.append(read_source(STDIN, max_bytes))
            except InputError as exc:
                failed(ReadError(source="<stdin>", message=str(exc)))
        else:
            items.append(path)
    return items


def _check_model(model_dir: str | Path | None, options: BatchOptions) -> None:
    """Fail before any output is written if the model cannot be used."""
    if options.in_process:
        worker_analyzer(model_dir, explain=False)
    else:
        from classifier.trained import check_model_dir

        check_model_dir(model_dir)


@contextmanager
def _open_output(
    output: Path | None, stream: TextIO, format: str, append: bool
) -> Iterator[TextIO]:
    """Where results go: ``stream``, or ``output``.

    Line formats (jsonl, csv) are written straight into ``output`` as each document is
    ready, so an interrupted run can be continued with ``--resume``; the other formats are
    written to a temporary file renamed into place when complete.
    """
    if output is None:
        yield stream
    elif format in LINE_FORMATS:
        try:
            file = output.open("a" if append else "w", encoding="utf-8", newline="")
        except OSError as exc:
            raise input_error(str(output), f"cannot write: {exc.strerror}") from None
        with file:
            yield file
    else:
        with atomic_output(output) as file:
            yield file


@contextmanager
def atomic_output(path: Path) -> Iterator[TextIO]:
    """A file written atomically: a temporary file renamed over ``path`` on success."""
    try:
        handle = tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=path.parent, prefix=f".{path.name}.", delete=False
        )
    except OSError as exc:
        raise input_error(str(path), f"cannot write: {exc.strerror}") from None
    try:
        with handle:
            yield handle
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(handle.name, 0o666 & ~umask)
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise
