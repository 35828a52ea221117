"""Predict for paths: read, analyse and render, streaming one document at a time."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from classifier.analyse import Analyzer
from classifier.document import DocumentResult
from classifier.reading import SourceText, iter_sources, read_source
from classifier.render import get_renderer
from classifier.trained import load_trained_model


def predict_text(
    text: str, model_dir: str | Path | None = None, source: str = "<text>"
) -> DocumentResult:
    """Analyse one text given as a string; convenient for Python users."""
    analyzer = Analyzer(load_trained_model(model_dir))
    return analyzer.analyse(SourceText(source=source, text=text, encoding="utf-8"))


def predict_file(path: str, model_dir: str | Path | None = None) -> DocumentResult:
    """Analyse one file."""
    return Analyzer(load_trained_model(model_dir)).analyse(read_source(path))


def iter_predictions(
    paths: list[str], model_dir: str | Path | None = None, explain: bool = False
) -> Iterator[DocumentResult]:
    """Analyse each path (directories expanded) in order, yielding results as they are ready."""
    analyzer = Analyzer(load_trained_model(model_dir), explain=explain)
    return analyzer.analyse_many(iter_sources(paths))


def predict_paths(
    paths: list[str],
    model_dir: str | Path | None,
    format: str,
    stream: TextIO,
    explain: bool = False,
) -> None:
    """Analyse ``paths`` and write them to ``stream`` in ``format`` (with explanations)."""
    get_renderer(format)(iter_predictions(paths, model_dir, explain), stream)
