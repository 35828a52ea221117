"""``classify explain``: the terms behind each label of a decision's paragraphs."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from classifier.cli.common import DebugOption, fail, guarded


@guarded()
def explain_command(
    path: str = typer.Argument(
        ..., metavar="PATH", help="A text, HTML or PDF file, or - for standard input."
    ),
    paragraph: int | None = typer.Option(
        None, "--paragraph", "-p", help="Only this paragraph (its index, as in predict)."
    ),
    model: Path | None = typer.Option(
        None, "--model", "-m", help="Model directory (default: the shipped model)."
    ),
    debug: bool = DebugOption,
) -> None:
    """Show, for each labelled paragraph, its labels' top terms and their weights."""
    from classifier.analyse import Analyzer
    from classifier.reading import read_source
    from classifier.render.explanation import render_explanations
    from classifier.trained import load_trained_model

    result = Analyzer(load_trained_model(model), explain=True).analyse(read_source(path))
    if paragraph is None:
        chosen = result.labelled_paragraphs()
    else:
        chosen = [p for p in result.paragraphs if p.index == paragraph]
        if not chosen:
            raise fail(
                f"{result.source}: there is no paragraph {paragraph} "
                f"(it has {len(result.paragraphs)}, numbered from 0)"
            )
    render_explanations(result.source, chosen, sys.stdout)
