"""Choose the paragraphs most worth labelling next, pre-annotated with the model's guesses.

Every paragraph of the given decisions is scored with the current model. A paragraph's
uncertainty is how close its most borderline label score is to that label's threshold: 1 at
the threshold, 0 at a score of 0 or 1. Paragraphs already in the training data or the held-out
split, repeats, and paragraphs of fewer than :data:`MIN_WORDS` words (headings, page furniture)
are left out. Suggestions are then picked greedily by maximal marginal relevance: uncertainty
minus :data:`SIMILARITY_PENALTY` times the cosine similarity to the closest paragraph already
picked, never taking one at least :data:`NEAR_DUPLICATE` similar to a picked one. Similarity
is measured on TF-IDF vectors of the normalised lemmas of :mod:`classifier.preprocess`, where
names, numbers and dates are placeholders, so boilerplate about different people is alike.

The output is in the import shape of Label Studio (a JSON list of tasks whose ``predictions``
carry the guesses, for the labelling config ``training_data/label-studio.xml``) or of Doccano
(JSONL with a ``label`` list), so labelling is confirming or correcting the guesses.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

import numpy as np

from classifier.analyse import Analyzer
from classifier.importers import LABELS_CONTROL
from classifier.preprocess import get_nlp, span_features
from classifier.reading import iter_sources
from classifier.trained import TrainedModel
from classifier.training_data import HELDOUT_FILE, normalise_text, read_examples, training_files

MIN_WORDS = 5
SIMILARITY_PENALTY = 0.5
NEAR_DUPLICATE = 0.8
#: Only this many times ``n`` of the most uncertain paragraphs are considered for diversity.
POOL_FACTOR = 10
FORMATS = ("label-studio", "doccano")


@dataclass
class Suggestion:
    """One paragraph to label, where it is, and the model's guesses."""

    text: str
    source: str
    doc_id: str
    paragraph: int
    labels: list[str]
    scores: dict[str, float]
    uncertainty: float


def uncertainty(scores: np.ndarray, thresholds: np.ndarray) -> np.ndarray:
    """Per row, 1 minus the smallest distance of a label score from its threshold (scaled)."""
    span = np.where(scores < thresholds, thresholds, 1 - thresholds)
    margin = np.abs(scores - thresholds) / np.maximum(span, 1e-9)
    return 1 - margin.min(axis=1)


def labelled_texts(data_dir: Path) -> set[str]:
    """Normalised texts of every training and held-out example in ``data_dir``."""
    files = [*training_files(data_dir), data_dir / HELDOUT_FILE] if data_dir.is_dir() else []
    return {normalise_text(e.text) for f in files if f.exists() for e in read_examples(f)}


def candidates(paths: list[str], model: TrainedModel, exclude: set[str]) -> list[Suggestion]:
    """Every paragraph of ``paths`` worth considering, scored by ``model``."""
    analyzer = Analyzer(model)
    thresholds = model.faults.thresholds_
    seen = set(exclude)
    found: list[Suggestion] = []
    for source in iter_sources(paths):
        doc_id = "stdin" if source.source == "<stdin>" else Path(source.source).stem
        result = analyzer.analyse(source)
        for p in result.paragraphs:
            key = normalise_text(p.text)
            if key in seen or len(p.text.split()) < MIN_WORDS:
                continue
            seen.add(key)
            row = np.array([[p.scores[lab] for lab in model.labels]])
            found.append(
                Suggestion(
                    text=p.text,
                    source=source.source,
                    doc_id=doc_id,
                    paragraph=p.index,
                    labels=p.labels,
                    scores=p.scores,
                    uncertainty=float(uncertainty(row, thresholds)[0]),
                )
            )
    return found


def pick_diverse(pool: list[Suggestion], n: int) -> list[Suggestion]:
    """Up to ``n`` uncertain paragraphs that are not near-duplicates of each other."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    pool = sorted(pool, key=lambda s: -s.uncertainty)[: n * POOL_FACTOR]
    if len(pool) <= 1:
        return pool
    lemmas = [span_features(doc) for doc in get_nlp().pipe(s.text for s in pool)]
    vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, token_pattern=r"\S+")
    vectors = vectorizer.fit_transform(lemmas)
    similarity = (vectors @ vectors.T).toarray()
    gain = np.array([s.uncertainty for s in pool])
    closest = np.zeros(len(pool))
    available = np.ones(len(pool), dtype=bool)
    chosen: list[int] = []
    while len(chosen) < n and available.any():
        score = np.where(available, gain - SIMILARITY_PENALTY * closest, -np.inf)
        best = int(np.argmax(score))
        chosen.append(best)
        closest = np.maximum(closest, similarity[best])
        available &= closest < NEAR_DUPLICATE
    return [pool[i] for i in chosen]


def label_studio_tasks(suggestions: list[Suggestion], model: TrainedModel) -> list[dict[str, Any]]:
    """Label Studio tasks with the model's guesses as predictions (score = confidence)."""
    tasks = []
    for number, s in enumerate(suggestions, start=1):
        result = [
            {
                "id": f"suggestion-{number}",
                "type": "choices",
                "from_name": LABELS_CONTROL,
                "to_name": "text",
                "value": {"choices": s.labels},
            }
        ]
        tasks.append(
            {
                "data": {
                    "text": s.text,
                    "source": s.source,
                    "doc_id": s.doc_id,
                    "paragraph": s.paragraph,
                },
                "predictions": [
                    {
                        "model_version": f"{model.name} {model.version}",
                        "score": round(1 - s.uncertainty, 4),
                        "result": result if s.labels else [],
                    }
                ],
            }
        )
    return tasks


def doccano_records(suggestions: list[Suggestion]) -> list[dict[str, Any]]:
    """Doccano text-classification records with the model's guesses as labels."""
    return [
        {
            "text": s.text,
            "label": s.labels,
            "source": s.source,
            "doc_id": s.doc_id,
            "paragraph": s.paragraph,
        }
        for s in suggestions
    ]


def write_suggestions(
    suggestions: list[Suggestion], model: TrainedModel, format: str, stream: TextIO
) -> None:
    """Write suggestions in ``format``: a Label Studio JSON list (one task a line) or JSONL."""
    if format == "label-studio":
        lines = [json.dumps(t, ensure_ascii=False) for t in label_studio_tasks(suggestions, model)]
        stream.write("[\n" + ",\n".join(lines) + "\n]\n")
    elif format == "doccano":
        for record in doccano_records(suggestions):
            stream.write(json.dumps(record, ensure_ascii=False) + "\n")
    else:
        raise ValueError(f"unknown suggestion format {format!r}; choose from {', '.join(FORMATS)}")


def suggest(
    paths: list[str], model: TrainedModel, data_dir: Path, n: int = 50
) -> tuple[list[Suggestion], int]:
    """The ``n`` paragraphs of ``paths`` most worth labelling, and how many were considered."""
    pool = candidates(paths, model, labelled_texts(data_dir))
    return pick_diverse(pool, n), len(pool)
