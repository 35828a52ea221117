"""Merge newly labelled examples into a training-data directory, validating everything first.

Imported examples go to ``added.jsonl`` beside the corpus-derived ``train.jsonl``, which is
never rewritten. Before anything is written every file is parsed and checked: empty texts,
unknown labels (a new label must be allowed explicitly), and duplicates by normalised text,
both within the import and against the training data. Duplicates with the same labels and
finding are kept once; different labels or finding for the same text are an error naming
both places. Texts of the held-out split are not added (held-out data never trains). A failed
import writes nothing.
"""

from __future__ import annotations

import difflib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from classifier.errors import InputError
from classifier.importers import Imported, ImportedFile, read_labelled_file
from classifier.training_data import (
    ADDED_FILE,
    HELDOUT_FILE,
    Example,
    normalise_text,
    read_examples,
    training_files,
    write_examples,
)

NO_LABEL = "(no label)"
#: How many duplicates, skipped examples or conflicts a message lists before "and N more".
SHOWN = 5


@dataclass
class AddResult:
    """What an import found and did; ``written`` is False for a dry run or nothing new."""

    files: list[ImportedFile]
    target: Path
    added: list[Example] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    already_present: list[str] = field(default_factory=list)
    held_out: list[str] = field(default_factory=list)
    new_labels: list[str] = field(default_factory=list)
    before: Counter[str] = field(default_factory=Counter)
    after: Counter[str] = field(default_factory=Counter)
    examples_before: int = 0
    written: bool = False


def add_examples(
    paths: list[Path],
    data_dir: Path,
    allow_new_labels: bool = False,
    dry_run: bool = False,
) -> AddResult:
    """Validate the examples of ``paths`` and append the new ones to ``data_dir/added.jsonl``."""
    if not data_dir.is_dir():
        raise InputError(f"{data_dir}: no such training-data directory")
    files = [read_labelled_file(path) for path in paths]
    imported = [item for f in files for item in f.examples]
    if not imported:
        raise InputError(f"{', '.join(map(str, paths))}: no labelled examples")
    existing = _training_examples(data_dir)
    known = {lab for example, _ in existing for lab in example.labels}
    new_labels = _check_labels(imported, known, allow_new_labels)
    result = AddResult(files=files, target=data_dir / ADDED_FILE, new_labels=new_labels)
    unique = _deduplicate(imported, result.duplicates)
    fresh = _not_yet_present(unique, existing, result.already_present)
    held_out = _texts(data_dir / HELDOUT_FILE)
    for item in fresh:
        if normalise_text(item.example.text) in held_out:
            result.held_out.append(item.where)
        else:
            result.added.append(item.example)
    result.before = _label_counts([example for example, _ in existing])
    result.after = result.before + _label_counts(result.added)
    result.examples_before = len(existing)
    if result.added and not dry_run:
        previous = read_examples(result.target) if result.target.exists() else []
        write_examples(result.target, _grouped_by_document(previous + result.added))
        result.written = True
    return result


def _training_examples(data_dir: Path) -> list[tuple[Example, str]]:
    """Every training example of ``data_dir`` with its ``file:line``."""
    return [
        (example, f"{file}:{number}")
        for file in training_files(data_dir)
        for number, example in enumerate(read_examples(file), start=1)
    ]


def _texts(path: Path) -> set[str]:
    return {normalise_text(e.text) for e in read_examples(path)} if path.exists() else set()


def _check_labels(imported: list[Imported], known: set[str], allow_new: bool) -> list[str]:
    """Labels not in the training data; an error unless new labels are allowed."""
    first_seen: dict[str, list[str]] = {}
    for item in imported:
        for label in item.example.labels:
            if label not in known:
                first_seen.setdefault(label, []).append(item.where)
    if first_seen and not allow_new:
        details = []
        for label, places in sorted(first_seen.items()):
            hint = difflib.get_close_matches(label, known, n=1)
            more = f" and {len(places) - 1} more" if len(places) > 1 else ""
            guess = f"; did you mean {hint[0]!r}?" if hint else ""
            details.append(f"{label!r} ({places[0]}{more}{guess})")
        raise InputError(
            f"unknown label {', '.join(details)}; known labels: {', '.join(sorted(known))}. "
            "To add a new label deliberately, rerun with --allow-new-labels"
        )
    return sorted(first_seen)


def _same(a: Example, b: Example) -> bool:
    return a.labels == b.labels and a.finding == b.finding


def _describe(example: Example) -> str:
    labels = ", ".join(example.labels) or "no label"
    return f"{labels} (finding {example.finding})"


def _conflict(first: Example, first_where: str, second: Example, second_where: str) -> InputError:
    return InputError(
        f"conflicting labels for the same paragraph: {first_where} has {_describe(first)}, "
        f"{second_where} has {_describe(second)}; correct one of them and rerun "
        f"(text: {first.text[:60]!r})"
    )


def _deduplicate(imported: list[Imported], duplicates: list[str]) -> list[Imported]:
    """Imported examples with repeated texts kept once; conflicting repeats are an error."""
    seen: dict[str, Imported] = {}
    for item in imported:
        key = normalise_text(item.example.text)
        first = seen.get(key)
        if first is None:
            seen[key] = item
        elif _same(first.example, item.example):
            duplicates.append(f"{item.where} repeats {first.where}")
        else:
            raise _conflict(first.example, first.where, item.example, item.where)
    return list(seen.values())


def _not_yet_present(
    imported: list[Imported], existing: list[tuple[Example, str]], present: list[str]
) -> list[Imported]:
    """Imported examples whose text is not in the training data yet (conflicts are errors)."""
    index: dict[str, tuple[Example, str]] = {}
    for example, where in existing:
        index.setdefault(normalise_text(example.text), (example, where))
    fresh = []
    for item in imported:
        match = index.get(normalise_text(item.example.text))
        if match is None:
            fresh.append(item)
        elif _same(match[0], item.example):
            present.append(f"{item.where} is already in {match[1]}")
        else:
            raise _conflict(match[0], match[1], item.example, item.where)
    return fresh


def _label_counts(examples: list[Example]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for example in examples:
        counts.update(example.labels or [NO_LABEL])
    return counts


def _grouped_by_document(examples: list[Example]) -> list[Example]:
    """Examples with each document's paragraphs together, documents in order of first use."""
    order: dict[str, int] = {}
    for example in examples:
        order.setdefault(example.doc_id, len(order))
    return sorted(examples, key=lambda e: order[e.doc_id])


def _listed(items: list[str]) -> str:
    shown = "; ".join(items[:SHOWN])
    return shown + (f"; and {len(items) - SHOWN} more" if len(items) > SHOWN else "")


def format_add_result(result: AddResult) -> str:
    """The import summary: files read, what was skipped, and label counts before and after."""
    lines = []
    for f in result.files:
        skipped = f", skipped {f.skipped} without a usable annotation" if f.skipped else ""
        lines.append(f"{f.path}: {f.format}, {len(f.examples)} labelled examples{skipped}")
    for title, items in (
        ("duplicates kept once", result.duplicates),
        ("already in the training data", result.already_present),
        ("not added because the held-out split has them", result.held_out),
    ):
        if items:
            lines.append(f"{title} ({len(items)}): {_listed(items)}")
    lines.append(f"  {'label':<26} {'before':>7} {'after':>7} {'change':>7}")
    rows = [(name, result.before[name], result.after[name]) for name in sorted(result.after)]
    rows.sort(key=lambda row: row[0] == NO_LABEL)
    total_after = result.examples_before + len(result.added)
    rows.append(("examples", result.examples_before, total_after))
    for name, before, after in rows:
        shown = f"{name} (new)" if name in result.new_labels else name
        lines.append(f"  {shown:<26} {before:>7} {after:>7} {after - before:>+7}")
    if result.written:
        lines.append(f"added {len(result.added)} examples to {result.target}")
    elif result.added:
        lines.append(f"dry run: would add {len(result.added)} examples to {result.target}")
    else:
        lines.append("nothing new to add")
    return "\n".join(lines) + "\n"
