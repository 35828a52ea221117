"""The ``classify`` command line: one thin module per command.

Commands parse options and call library functions; spaCy and scikit-learn are imported
inside the library calls so that ``classify --help`` stays fast.
"""

from __future__ import annotations

import os
import sys
import threading

import typer

from classifier import __version__
from classifier.cli import data, evaluate, explain, predict, suggest, train

app = typer.Typer(
    name="classify",
    help="Tag paragraphs of LGSCO Ombudsman decisions with fault types, findings and remedies.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"classify {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: bool = typer.Option(
        False,
        "--version",
        callback=_print_version,
        is_eager=True,
        help="Print the version and exit.",
    ),
) -> None:
    """Tag paragraphs of LGSCO Ombudsman decisions with fault types, findings and remedies."""


app.command("predict", short_help="Fault types, findings, remedies of each document.")(
    predict.predict_command
)
app.command("explain", short_help="The terms behind each paragraph's labels.")(
    explain.explain_command
)
app.command("train", short_help="Train a model on labelled paragraphs.")(train.train_command)
app.command("evaluate", short_help="Accuracy of a model on held-out labelled data.")(
    evaluate.evaluate_command
)
app.command("suggest", short_help="Paragraphs most worth labelling next.")(suggest.suggest_command)
app.add_typer(data.app, name="data")


def main() -> None:
    """Console-script entry point.

    Once the command is done and its output flushed, the process ends without the
    interpreter's teardown, which spends a quarter of a second freeing the model and spaCy's
    tables; only when no other thread runs (no worker pool or cluster client to shut down).
    """
    try:
        app()
    except SystemExit as exc:
        if not isinstance(exc.code, int | None) or threading.active_count() > 1:
            raise
        code = exc.code or 0
    else:
        code = 0
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):  # reader gone, or stream closed by the command
        pass
    os._exit(code)
