"""Model versions: comparing two models on the same data and the guard against regressions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from classifier.errors import RegressionError
from classifier.evaluate import Evaluation

#: How much lower a new model's held-out macro-F1 may be before it may not replace the old.
MAX_REGRESSION = 0.02


def shared_labels(new: Evaluation, old: Evaluation) -> list[str]:
    """Labels both evaluations score, in the new model's order."""
    return [lab for lab in new.metrics["labels"] if lab in old.metrics["labels"]]


def macro_f1(metrics: dict[str, Any], labels: list[str]) -> float:
    """Mean F1 over ``labels``."""
    return sum(metrics["labels"][lab]["f1"] for lab in labels) / len(labels) if labels else 0.0


def regression(new: Evaluation, old: Evaluation) -> float:
    """How much lower the new model's macro-F1 is than the old's, over their shared labels."""
    labels = shared_labels(new, old)
    return macro_f1(old.metrics, labels) - macro_f1(new.metrics, labels)


def check_replacement(new: Evaluation, old: Evaluation, target: Path, force: bool) -> None:
    """Refuse (unless ``force``) to replace ``old`` at ``target`` with a clearly worse ``new``."""
    drop = round(regression(new, old), 9)  # no float noise at exactly MAX_REGRESSION
    if drop <= MAX_REGRESSION or force:
        return
    labels = shared_labels(new, old)
    raise RegressionError(
        f"not replacing the model in {target}: the new model's held-out macro-F1 "
        f"{macro_f1(new.metrics, labels):.3f} is {drop:.3f} below the current model's "
        f"{macro_f1(old.metrics, labels):.3f} (version {old.model_version}; at most "
        f"{MAX_REGRESSION} lower is accepted). Rerun with --force to replace it anyway, or "
        "with --out DIR to keep both"
    )


def _signed(value: float) -> str:
    return f"{value:+.3f}"


def format_comparison(new: Evaluation, old: Evaluation) -> str:
    """Per-label F1 of both models and the deltas (new minus old), as aligned text."""
    new_labels, old_labels = new.metrics["labels"], old.metrics["labels"]
    lines = [
        f"compared with version {old.model_version} on the same {new.n_examples} paragraphs "
        "(delta = new - old):",
        f"  {'label':<20} {'old f1':>7} {'new f1':>7} {'delta f1':>9} {'d precision':>12} "
        f"{'d recall':>9}",
    ]
    for label in [*new_labels, *(lab for lab in old_labels if lab not in new_labels)]:
        n, o = new_labels.get(label), old_labels.get(label)
        old_f1 = f"{o['f1']:.3f}" if o else "-"
        new_f1 = f"{n['f1']:.3f}" if n else "-"
        if n and o:
            deltas = [_signed(n[key] - o[key]) for key in ("f1", "precision", "recall")]
        else:
            deltas = ["-"] * 3
        lines.append(
            f"  {label:<20} {old_f1:>7} {new_f1:>7} {deltas[0]:>9} {deltas[1]:>12} {deltas[2]:>9}"
        )
    totals = [("micro-F1", old.metrics["micro_f1"], new.metrics["micro_f1"])]
    totals.append(("macro-F1", old.metrics["macro_f1"], new.metrics["macro_f1"]))
    labels = shared_labels(new, old)
    if len(labels) != len(new_labels) or len(labels) != len(old_labels):
        totals.append(
            ("macro-F1 (shared)", macro_f1(old.metrics, labels), macro_f1(new.metrics, labels))
        )
    for name, old_value, new_value in totals:
        lines.append(
            f"  {name:<20} {old_value:>7.3f} {new_value:>7.3f} {_signed(new_value - old_value):>9}"
        )
    return "\n".join(lines) + "\n"
