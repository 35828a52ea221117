"""Evaluate a trained model on labelled paragraphs (by default the held-out split)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from classifier.features import example_features
from classifier.metrics import label_metrics
from classifier.trained import TrainedModel, load_trained_model
from classifier.training_data import default_heldout_path, read_examples


@dataclass
class Evaluation:
    """Metrics of one model on one labelled data set."""

    model_name: str
    model_version: str
    data: str
    n_examples: int
    n_documents: int
    metrics: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        """Machine-readable form with stable keys."""
        return {
            "model": {"name": self.model_name, "version": self.model_version},
            "data": self.data,
            "n_examples": self.n_examples,
            "n_documents": self.n_documents,
            **self.metrics,
        }


def evaluate_model(
    model: TrainedModel | None = None,
    data: str | Path | None = None,
    model_dir: str | Path | None = None,
) -> Evaluation:
    """Per-label precision/recall/F1/support and micro/macro F1 of ``model`` on ``data``."""
    from sklearn.preprocessing import MultiLabelBinarizer

    model = model or load_trained_model(model_dir)
    data_path = Path(data) if data else default_heldout_path()
    examples = read_examples(data_path)
    labels = model.labels
    y_true = MultiLabelBinarizer(classes=labels).fit_transform(
        [[lab for lab in e.labels if lab in labels] for e in examples]
    )
    y_pred = model.faults.predict_indicator(example_features(examples))
    return Evaluation(
        model_name=model.name,
        model_version=model.version,
        data=str(data_path),
        n_examples=len(examples),
        n_documents=len({e.doc_id for e in examples}),
        metrics=label_metrics(y_true, y_pred, labels),
    )
