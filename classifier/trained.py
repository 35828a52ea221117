"""A trained model as the rest of the package uses it: estimators plus model card."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from classifier.errors import ModelError
from classifier.persistence import DEFAULT_MODEL_DIR, load_model_dir, read_card
from classifier.preprocess import PIPELINE_VERSION

if TYPE_CHECKING:
    from classifier.model import FaultClassifier


@dataclass
class TrainedModel:
    """The fault-type classifier of a model directory, with its card."""

    faults: FaultClassifier
    card: dict[str, Any]

    @property
    def name(self) -> str:
        """Model name from the card."""
        return str(self.card.get("name", "unnamed"))

    @property
    def version(self) -> str:
        """Model version from the card."""
        return str(self.card.get("version", "0"))

    @property
    def labels(self) -> list[str]:
        """Fault labels the model predicts, in score-column order."""
        return [str(c) for c in self.faults.classes_]


def check_model_dir(model_dir: str | Path | None = None) -> dict[str, Any]:
    """Check a model directory without loading the model (fast); return its card."""
    path = model_dir or DEFAULT_MODEL_DIR
    card = read_card(path)
    _check_pipeline_version(card, path)
    return card


def _check_pipeline_version(card: dict[str, Any], path: str | Path | None) -> None:
    if card.get("pipeline_version") != PIPELINE_VERSION:
        raise ModelError(
            f"{path}: model was made with preprocessing version "
            f"{card.get('pipeline_version')!r}, this version uses {PIPELINE_VERSION!r}; "
            "retrain it with `classify train`"
        )


def load_trained_model(model_dir: str | Path | None = None) -> TrainedModel:
    """Load a model directory (default: the shipped model) into a :class:`TrainedModel`."""
    saved = load_model_dir(model_dir or DEFAULT_MODEL_DIR)
    card = saved.card
    _check_pipeline_version(card, saved.path)
    from classifier.model import FaultClassifier

    try:
        faults = FaultClassifier.from_fitted(
            saved.estimators,
            card["labels"],
            [card["thresholds"][label] for label in card["labels"]],
            kind=card.get("kind", "word_char_lr"),
        )
    except (KeyError, TypeError) as exc:
        raise ModelError(f"{saved.path}: model card or file is incomplete ({exc})") from None
    return TrainedModel(faults=faults, card=card)
