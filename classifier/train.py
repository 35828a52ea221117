"""Train the fault-type model: compare model choices by cross-validation, keep the better.

Each trained model is a new version: its card records the version, the version it replaces
(``parent_version``), the training-data hash, and cross-validated and held-out metrics. When
the output directory already holds a model, the new one replaces it only if its held-out
macro-F1 is at most :data:`classifier.versioning.MAX_REGRESSION` lower (or when forced).
"""

from __future__ import annotations

import json
import platform
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from classifier import __version__
from classifier.errors import InputError, ModelError
from classifier.evaluate import Evaluation, display_path, document_ids, evaluate_model
from classifier.features import example_features
from classifier.metrics import finding_metrics, label_metrics
from classifier.model import COMPARED_KINDS, FaultClassifier
from classifier.persistence import CARD_FILE, DEFAULT_MODEL_DIR, model_dir_lock, save_model_dir
from classifier.preprocess import PIPELINE_VERSION
from classifier.trained import TrainedModel, load_trained_model
from classifier.training_data import (
    HELDOUT_FILE,
    data_sha256,
    default_heldout_path,
    default_training_input,
    read_examples,
)
from classifier.versioning import check_replacement

Progress = Callable[[str], None]


@dataclass
class TrainResult:
    """What training produced: where the model went, its card, and held-out evaluations.

    ``heldout`` is the new model on the held-out split (None without one); ``previous`` is the
    replaced model on the same data (None when there was no model to compare with).
    """

    model_dir: Path
    card: dict[str, Any]
    heldout: Evaluation | None = None
    previous: Evaluation | None = None


def _quiet(_: str) -> None:
    return None


def train_model(
    data: str | Path | None = None,
    out_dir: str | Path | None = None,
    kinds: tuple[str, ...] = COMPARED_KINDS,
    cv_folds: int = 5,
    progress: Progress = _quiet,
    force: bool = False,
) -> TrainResult:
    """Train on ``data`` (default: ``training_data/``) and save to ``out_dir``.

    Holds a lock on ``out_dir`` for the whole run, so two runs cannot write it at once.

    Each model kind is fitted with grouped cross-validation (folds never split a document;
    synthetic examples train in every fold and are never scored); the kind with the best
    :func:`cv_summary` ``selection`` score (mean of fault-type and finding macro-F1) is kept
    with its per-label thresholds and evaluated on the held-out split. A model already in
    ``out_dir`` is evaluated on the same split and is replaced only if the new one is not
    clearly worse, or if ``force``.
    """
    data_path = Path(data) if data else default_training_input()
    out_path = Path(out_dir) if out_dir else DEFAULT_MODEL_DIR
    with model_dir_lock(out_path):
        return _train_locked(data_path, out_path, kinds, cv_folds, progress, force)


def _train_locked(
    data_path: Path,
    out_path: Path,
    kinds: tuple[str, ...],
    cv_folds: int,
    progress: Progress,
    force: bool,
) -> TrainResult:
    examples = read_examples(data_path)
    groups = document_ids(examples)
    real_documents = {g for g, e in zip(groups, examples, strict=True) if not e.synthetic}
    if len(real_documents) < 2:
        raise InputError(
            f"{data_path}: need examples from at least 2 real (not synthetic) documents to train"
        )
    progress(f"preprocessing {len(examples)} paragraphs with spaCy")
    X = example_features(examples)
    y = [e.labels for e in examples]
    findings = [e.finding for e in examples]
    synthetic = [e.synthetic for e in examples]
    comparison: dict[str, Any] = {}
    best: FaultClassifier | None = None
    for kind in kinds:
        progress(f"fitting {kind} with {cv_folds}-fold grouped cross-validation")
        try:
            model = FaultClassifier(kind=kind, cv_folds=cv_folds).fit(
                X, y, findings=findings, groups=groups, synthetic=synthetic
            )
        except ValueError as exc:
            raise InputError(f"{data_path}: {exc}") from None
        comparison[kind] = cv_summary(model)
        if best is None or comparison[kind]["selection"] > comparison[best.kind]["selection"]:
            best = model
    assert best is not None
    card = _model_card(best, examples, data_path, comparison)
    card["parent_version"] = _current_version(out_path)
    heldout_path = _heldout_for(data_path)
    heldout = previous = None
    if heldout_path is not None:
        progress(f"evaluating the new model on {heldout_path}")
        heldout = evaluate_model(TrainedModel(faults=best, card=card), data=heldout_path)
        card["heldout_data"] = display_path(heldout_path)
        card["heldout_data_sha256"] = data_sha256(heldout_path)
        card["heldout_metrics"] = heldout.metrics
        previous = _evaluate_current(out_path, heldout_path, progress)
        if previous is not None:
            check_replacement(heldout, previous, out_path, force)
    progress(f"saving model to {out_path}")
    save_model_dir(best.estimators(), card, out_path)
    return TrainResult(model_dir=out_path, card=card, heldout=heldout, previous=previous)


def cv_summary(model: FaultClassifier) -> dict[str, Any]:
    """Cross-validated fault-type metrics of a fitted model, its finding F1 and ``selection``.

    ``selection``, the score model choices are compared by, is the mean of the fault-type
    macro-F1 and the finding macro-F1 (fault, no_fault): both heads share the features, and
    document analysis needs both. Without findings it is the fault-type macro-F1.
    """
    cv_pred = (model.cv_proba_ >= model.thresholds_).astype(int)
    summary = label_metrics(model.cv_true_, cv_pred, list(model.classes_))
    summary["selection"] = summary["macro_f1"]
    if model.cv_findings_ is not None:
        summary["finding"] = finding_metrics(model.cv_findings_true_, model.cv_findings_)
        summary["selection"] = (summary["macro_f1"] + summary["finding"]["macro_f1"]) / 2
    return summary


def _heldout_for(data_path: Path) -> Path | None:
    """The held-out split of the training data's directory, else the committed one, if any."""
    beside = (data_path if data_path.is_dir() else data_path.parent) / HELDOUT_FILE
    if beside.exists():
        return beside
    committed = default_heldout_path()
    return committed if committed.exists() else None


def _current_version(model_dir: Path) -> str | None:
    """Version recorded in the card of the model in ``model_dir``, if there is one."""
    try:
        card = json.loads((model_dir / CARD_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    version = card.get("version") if isinstance(card, dict) else None
    return str(version) if version is not None else None


def _evaluate_current(model_dir: Path, heldout_path: Path, progress: Progress) -> Evaluation | None:
    """The model already in ``model_dir`` on the held-out split, or None if there is none."""
    if not (model_dir / CARD_FILE).exists():
        return None
    try:
        current = load_trained_model(model_dir)
    except ModelError as exc:
        progress(f"not comparing with the model in {model_dir}: {exc}")
        return None
    progress(f"evaluating the current model (version {current.version}) on {heldout_path}")
    return evaluate_model(current, data=heldout_path)


def _model_card(
    model: FaultClassifier, examples: list, data_path: Path, comparison: dict[str, Any]
) -> dict[str, Any]:
    import sklearn
    import spacy

    labels = [str(c) for c in model.classes_]
    return {
        "name": "lgsco-faults",
        "version": datetime.now(UTC).strftime("%Y%m%d%H%M%S"),
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "kind": model.kind,
        "labels": labels,
        "thresholds": {lab: float(t) for lab, t in zip(labels, model.thresholds_, strict=True)},
        "training_data": display_path(data_path),
        "training_data_sha256": data_sha256(data_path),
        "n_examples": len(examples),
        "n_documents": len({e.doc_id for e in examples if not e.synthetic}),
        "n_synthetic": sum(e.synthetic for e in examples),
        "label_counts": {lab: sum(lab in e.labels for e in examples) for lab in labels},
        "synthetic_label_counts": {
            lab: sum(lab in e.labels for e in examples if e.synthetic) for lab in labels
        },
        "cv_folds": model.cv_folds,
        "cv_metrics": comparison[model.kind],
        "model_comparison": {
            kind: {
                "macro_f1": m["macro_f1"],
                "micro_f1": m["micro_f1"],
                "finding_macro_f1": m.get("finding", {}).get("macro_f1"),
                "selection": m["selection"],
            }
            for kind, m in comparison.items()
        },
        "pipeline_version": PIPELINE_VERSION,
        "versions": {
            "classify": __version__,
            "spacy": spacy.__version__,
            "scikit-learn": sklearn.__version__,
            "python": platform.python_version(),
        },
    }
