"""The ``classify`` command line: one thin module per command.

Commands parse options and call library functions; spaCy and scikit-learn are imported
inside the library calls so that ``classify --help`` stays fast.
"""

from __future__ import annotations

import typer

from classifier.cli import data, evaluate, explain, predict, suggest, train

app = typer.Typer(
    name="classify",
    help="Tag paragraphs of LGSCO Ombudsman decisions with fault types, findings and remedies.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("predict")(predict.predict_command)
app.command("explain")(explain.explain_command)
app.command("train")(train.train_command)
app.command("evaluate")(evaluate.evaluate_command)
app.command("suggest")(suggest.suggest_command)
app.add_typer(data.app, name="data")


def main() -> None:
    """Console-script entry point."""
    app()
