"""Feature strings for labelled examples, grouped by document so sections are kept."""

from __future__ import annotations

from itertools import groupby

from classifier.preprocess import featurize
from classifier.training_data import Example


def example_features(examples: list[Example]) -> list[str]:
    """Feature strings for ``examples``; consecutive examples of one ``doc_id`` form a document."""
    features: list[str] = []
    for _, group in groupby(examples, key=lambda e: e.doc_id):
        features.extend(featurize([e.text for e in group]))
    return features
