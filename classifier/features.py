"""Feature strings for labelled examples, grouped by document so sections are kept.

spaCy preprocessing is cached on disk with ``joblib.Memory``, keyed by the paragraph texts of
each document and :data:`classifier.preprocess.PIPELINE_VERSION`, so retraining preprocesses
only documents it has not seen. The cache lives in ``$CLASSIFY_CACHE_DIR``, else
``$XDG_CACHE_HOME/classify``, else ``~/.cache/classify``; ``CLASSIFY_CACHE_DIR=off`` turns it
off. Deleting it is always safe.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from itertools import groupby
from pathlib import Path

from classifier.preprocess import PIPELINE_VERSION, featurize
from classifier.training_data import Example

CACHE_ENV = "CLASSIFY_CACHE_DIR"


def cache_dir() -> Path | None:
    """Directory of the preprocessing cache, or None when caching is off."""
    configured = os.environ.get(CACHE_ENV)
    if configured == "off":
        return None
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "classify"


def _featurize_document(texts: tuple[str, ...], pipeline_version: str) -> list[str]:
    """Feature strings of one document's paragraphs (``pipeline_version`` keys the cache)."""
    return featurize(list(texts))


def _document_featurizer() -> Callable[[tuple[str, ...], str], list[str]]:
    directory = cache_dir()
    if directory is None:
        return _featurize_document
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError:
        return _featurize_document
    from joblib import Memory

    return Memory(directory / "features", verbose=0).cache(_featurize_document)


def example_features(examples: list[Example]) -> list[str]:
    """Feature strings for ``examples``; consecutive examples of one ``doc_id`` form a document."""
    featurize_document = _document_featurizer()
    features: list[str] = []
    for _, group in groupby(examples, key=lambda e: e.doc_id):
        features.extend(featurize_document(tuple(e.text for e in group), PIPELINE_VERSION))
    return features
