"""Evaluate a trained model on labelled paragraphs (by default the held-out split).

:func:`evaluate_model` scores the model and, from its paragraph scores, adds the per-label
confusion counts, bootstrap intervals over documents and the keyword baseline; on request it
also trains models for a learning curve and a grouped cross-validation on the training data.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from classifier.baseline import keyword_predict
from classifier.bootstrap import N_RESAMPLES, bootstrap_f1
from classifier.document_types import metrics_by_document_type
from classifier.errors import InputError
from classifier.features import example_features
from classifier.metrics import confusion_counts, label_metrics, shown_labels
from classifier.trained import TrainedModel, load_trained_model
from classifier.training_data import (
    DEFAULT_DIR,
    Example,
    default_heldout_path,
    default_training_input,
    read_examples,
)
from classifier.withholding import decision_rows, shown_rows

Progress = Callable[[str], None]
PROJECT_ROOT = DEFAULT_DIR.parent


@dataclass
class Predictions:
    """Gold labels and model scores of each evaluated paragraph (rows) and label (columns).

    ``shown`` is False for the paragraphs whose labels ``classify predict`` withholds
    (:mod:`classifier.withholding`); every paragraph is shown when it is None. ``decision`` is
    True for the paragraphs of decision statements (None when not known).
    """

    labels: list[str]
    thresholds: np.ndarray
    y_true: np.ndarray
    proba: np.ndarray
    texts: list[str]
    doc_ids: list[str]
    shown: np.ndarray | None = None
    decision: np.ndarray | None = None

    @property
    def y_model(self) -> np.ndarray:
        """The model's own 0/1 predictions: a label whose score reaches its threshold."""
        return (self.proba >= self.thresholds).astype(int)

    @property
    def shown_proba(self) -> np.ndarray:
        """Scores as shown: those of a paragraph whose labels are withheld count as 0."""
        return shown_labels(self.proba, self.shown)

    @property
    def y_pred(self) -> np.ndarray:
        """0/1 labels as ``classify predict`` shows them: the model's, but none on a
        paragraph it withholds labels from."""
        return shown_labels(self.y_model, self.shown)

    def worst_errors(self, n: int = 20) -> list[dict[str, Any]]:
        """The ``n`` paragraphs with the most confident wrong label, worst first.

        A paragraph's error is the largest distance between gold (0 or 1) and score among the
        labels it gets wrong, so a false positive scored 0.98 ranks above one scored 0.6.
        """
        wrong = self.y_pred != self.y_true
        distance = np.where(wrong, np.abs(self.y_true - self.proba), 0.0).max(axis=1, initial=0)
        order = [i for i in np.argsort(-distance, kind="stable") if wrong[i].any()][:n]
        return [
            {
                "index": int(i),
                "doc_id": self.doc_ids[i],
                "text": self.texts[i],
                "gold": [lab for lab, on in zip(self.labels, self.y_true[i], strict=True) if on],
                "predicted": [
                    lab for lab, on in zip(self.labels, self.y_pred[i], strict=True) if on
                ],
                "scores": {
                    lab: float(s) for lab, s in zip(self.labels, self.proba[i], strict=True)
                },
                "error": float(distance[i]),
            }
            for i in order
        ]


@dataclass
class Evaluation:
    """Metrics of one model on one labelled data set.

    ``bootstrap``, ``baseline``, ``learning_curve`` and ``cv`` hold the results of
    :mod:`classifier.bootstrap`, the keyword baseline's :func:`label_metrics`,
    :mod:`classifier.learning_curve` and :mod:`classifier.cross_validation` (None when not
    computed). ``document_metrics`` is for document-level analyses (finding, remedies,
    faults found, metadata): a dict from section name (``finding``, ``remedies``,
    ``faults_found``, ``metadata``) to a dict of metric name to number (nested dicts allowed),
    e.g. ``{"remedies": {"precision": 0.9, "recall": 0.8}}``; reports show it when present.
    ``by_document_type`` holds the fault-type metrics of decision statements and of other
    pages (:mod:`classifier.document_types`; None when document types are not known).
    """

    model_name: str
    model_version: str
    data: str
    n_examples: int
    n_documents: int
    metrics: dict[str, Any]
    predictions: Predictions
    card: dict[str, Any]
    confusion: dict[str, dict[str, int]]
    bootstrap: dict[str, Any]
    baseline: dict[str, Any]
    learning_curve: dict[str, Any] | None = None
    cv: dict[str, Any] | None = None
    document_metrics: dict[str, Any] | None = None
    withheld: dict[str, Any] | None = None
    by_document_type: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        """Machine-readable form with stable keys (null for parts not computed)."""
        return {
            "model": {"name": self.model_name, "version": self.model_version},
            "data": self.data,
            "n_examples": self.n_examples,
            "n_documents": self.n_documents,
            **self.metrics,
            "thresholds": dict(
                zip(self.predictions.labels, map(float, self.predictions.thresholds), strict=True)
            ),
            "confusion": self.confusion,
            "bootstrap": self.bootstrap,
            "baseline": self.baseline,
            "learning_curve": self.learning_curve,
            "cv": self.cv,
            "document_metrics": self.document_metrics,
            "withheld": self.withheld,
            "by_document_type": self.by_document_type,
        }


def evaluate_predictions(
    predictions: Predictions,
    card: dict[str, Any],
    data: str,
    n_resamples: int = N_RESAMPLES,
) -> Evaluation:
    """Metrics, confusion counts, bootstrap intervals and keyword baseline of ``predictions``.

    All are of the labels as shown (the keyword baseline's too); ``withheld`` gives how many
    paragraphs had their labels withheld (``paragraphs``) and the F1 of the model's own labels
    on every paragraph (``model_alone``: ``macro_f1`` and per-label ``f1``); with
    ``predictions.decision``, ``by_document_type`` gives the metrics per document type.
    """
    labels, y_true, y_pred = predictions.labels, predictions.y_true, predictions.y_pred
    baseline_pred = shown_labels(keyword_predict(predictions.texts, labels), predictions.shown)
    model_alone = label_metrics(y_true, predictions.y_model, labels)
    n_withheld = 0 if predictions.shown is None else int((~predictions.shown).sum())
    by_type = (
        None
        if predictions.decision is None
        else metrics_by_document_type(
            y_true, y_pred, labels, predictions.decision, predictions.doc_ids
        )
    )
    return Evaluation(
        model_name=str(card.get("name", "unnamed")),
        model_version=str(card.get("version", "0")),
        data=data,
        n_examples=len(predictions.texts),
        n_documents=len(set(predictions.doc_ids)),
        metrics=label_metrics(y_true, y_pred, labels),
        predictions=predictions,
        card=card,
        confusion=confusion_counts(y_true, y_pred, labels),
        bootstrap=bootstrap_f1(y_true, y_pred, predictions.doc_ids, labels, n_resamples),
        baseline={"method": "keywords"} | label_metrics(y_true, baseline_pred, labels),
        withheld={
            "paragraphs": n_withheld,
            "model_alone": {
                "macro_f1": model_alone["macro_f1"],
                "f1": {label: m["f1"] for label, m in model_alone["labels"].items()},
            },
        },
        by_document_type=by_type,
    )


def evaluate_model(
    model: TrainedModel | None = None,
    data: str | Path | None = None,
    model_dir: str | Path | None = None,
    train_data: str | Path | None = None,
    with_learning_curve: bool = False,
    cv_folds: int | None = None,
    cv_repeats: int = 1,
    n_resamples: int = N_RESAMPLES,
    progress: Progress = lambda _message: None,
) -> Evaluation:
    """Evaluate ``model`` (or the one in ``model_dir``) on ``data`` (default: held-out split).

    On the default held-out split, the whole held-out documents are also analysed and scored
    against their gold records (finding, faults found, remedies, metadata).

    ``with_learning_curve`` and ``cv_folds`` also train models on ``train_data`` (default: the
    training input of ``training_data/``, synthetic examples training only) for a learning
    curve scored on ``data`` and a ``cv_folds``-fold grouped cross-validation, repeated over
    ``cv_repeats`` splits of the documents.
    """
    from classifier.cross_validation import check_repeats, grouped_cross_validation

    check_repeats(cv_repeats)
    if cv_repeats > 1 and not cv_folds:
        raise InputError("--cv-repeats needs --cv K (the number of folds)")
    model = model or load_trained_model(model_dir)
    data_path = Path(data) if data else default_heldout_path()
    examples = read_examples(data_path)
    labels = model.labels
    progress(f"scoring {len(examples)} paragraphs")
    X = example_features(examples)
    texts, doc_ids = [e.text for e in examples], document_ids(examples)
    # Whole documents in order (as the shipped splits are) tell decisions from news pages by
    # their header lines; rows of partial documents count as news-page rows.
    decision = decision_rows(texts, doc_ids)
    predictions = Predictions(
        labels=labels,
        thresholds=np.asarray(model.faults.thresholds_, dtype=float),
        y_true=label_matrix(examples, labels),
        proba=model.faults.predict_proba(X),
        texts=texts,
        doc_ids=doc_ids,
        shown=shown_rows(texts, doc_ids, decision),
        decision=decision,
    )
    evaluation = evaluate_predictions(predictions, model.card, display_path(data_path), n_resamples)
    if data is None:
        from classifier.document_eval import evaluate_documents, read_documents

        progress("analysing the held-out documents (findings, remedies, metadata)")
        evaluation.document_metrics = evaluate_documents(model, read_documents(split="heldout"))
    if not with_learning_curve and not cv_folds:
        return evaluation
    from classifier.learning_curve import learning_curve

    train_path = Path(train_data) if train_data else default_training_input()
    train_examples = read_examples(train_path)
    progress(f"preprocessing {len(train_examples)} training paragraphs")
    X_train = example_features(train_examples)
    y_train = [[lab for lab in e.labels if lab in labels] for e in train_examples]
    train_texts, groups = [e.text for e in train_examples], document_ids(train_examples)
    synthetic = [e.synthetic for e in train_examples]
    kind = str(model.card.get("kind", "word_char_lr"))
    if with_learning_curve:
        evaluation.learning_curve = {"training_data": display_path(train_path)} | learning_curve(
            X_train,
            y_train,
            groups,
            X,
            predictions.y_true,
            labels,
            kind=kind,
            full_cv_folds=int(model.card.get("cv_folds", 5)),
            progress=progress,
            synthetic=synthetic,
            test_shown=predictions.shown,
        )
    if cv_folds:
        train_decision = decision_rows(train_texts, groups)
        evaluation.cv = {"training_data": display_path(train_path)} | grouped_cross_validation(
            X_train,
            y_train,
            groups,
            labels,
            cv_folds,
            kind=kind,
            progress=progress,
            synthetic=synthetic,
            repeats=cv_repeats,
            shown=shown_rows(train_texts, groups, train_decision),
            decision=train_decision,
        )
    return evaluation


def label_matrix(examples: Sequence[Example], labels: Sequence[str]) -> np.ndarray:
    """0/1 matrix of the examples' gold labels in ``labels`` order (other labels ignored)."""
    return np.array([[int(lab in e.labels) for lab in labels] for e in examples], dtype=int)


def document_ids(examples: Sequence[Example]) -> list[str]:
    """Each example's ``doc_id``; an example without one counts as its own document."""
    return [e.doc_id or f"example-{i}" for i, e in enumerate(examples)]


def display_path(path: Path) -> str:
    """``path`` relative to the project when inside it (reports stay the same on every clone)."""
    try:
        return str(path.resolve().relative_to(PROJECT_ROOT))
    except ValueError:
        return str(path)
