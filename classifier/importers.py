"""Read labelled paragraphs from annotation-tool exports; the format is detected from content.

- **classify JSONL**: the project's own format (see :mod:`classifier.training_data`).
- **Label Studio JSON** export: a list of tasks ``{"id", "data": {"text", ...},
  "annotations": [{"result": [{"type": "choices", "from_name": "labels",
  "value": {"choices": [...]}}], "was_cancelled": false}]}``. Cancelled annotations and tasks
  without annotations are skipped; every other annotation is one labelled example.
- **Label Studio JSON-MIN** export: a list of ``{"id", "text", "labels": "delay" |
  {"choices": [...]}, "annotator", "annotation_id", ...}``, one item per annotation.
- **Doccano** JSONL (text classification): ``{"id", "text", "label": [...]}``.
- **Prodigy** JSONL: binary answers ``{"text", "label", "answer": "accept"|"reject"|"ignore"}``
  (a text's labels are the labels accepted for it) or choice answers
  ``{"text", "accept": [...], "answer": ...}``. Ignored and rejected choice tasks are skipped.

The paragraph finding comes from a Label Studio Choices control named ``finding``, or from a
label ``finding:fault``, ``finding:no_fault`` or ``finding:none`` in any tool; it is ``none``
when not given. Examples without a ``doc_id`` (in the task data or record) get a stable one
made from the file name and the task id, so grouped cross-validation keeps working.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from classifier.errors import InputError
from classifier.reading import decode_bytes
from classifier.training_data import (
    FINDINGS,
    Example,
    json_lines,
    normalise_text,
    parse_example,
)

LABELS_CONTROL = "labels"
FINDING_CONTROL = "finding"
FINDING_PREFIX = "finding:"

#: JSONL records with where they are: ``(file:line, line number, record)``.
Records = list[tuple[str, int, dict[str, Any]]]


@dataclass(frozen=True)
class Imported:
    """One labelled example and where it came from (``file:line`` or ``file task N``)."""

    example: Example
    where: str


@dataclass
class ImportedFile:
    """The examples of one export file, its detected format and how many tasks were skipped."""

    path: Path
    format: str
    examples: list[Imported] = field(default_factory=list)
    skipped: int = 0


def read_labelled_file(path: str | Path) -> ImportedFile:
    """Read one export file of any accepted format, validating every record."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    text, _ = decode_bytes(path.read_bytes(), str(path))
    if not text.strip():
        raise InputError(f"{path}: empty file")
    if text.lstrip().startswith("["):
        try:
            items = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}: invalid JSON ({exc.msg} at line {exc.lineno})") from None
        return _read_json_list(path, items)
    return _read_jsonl(path, text)


def stable_doc_id(path: Path, task_id: object) -> str:
    """A document id for an example without one: the same file and task give the same id."""
    return "added-" + hashlib.sha256(f"{path.name}#{task_id}".encode()).hexdigest()[:12]


def make_example(text: object, labels: list[str], where: str, source: str, doc_id: str) -> Example:
    """Validate and build one example; ``finding:...`` labels set the finding."""
    if not isinstance(text, str):
        raise InputError(f"{where}: no 'text'")
    if not text.strip():
        raise InputError(f"{where}: empty text")
    if not all(isinstance(label, str) and label for label in labels):
        raise InputError(f"{where}: labels must be non-empty strings, got {labels!r}")
    findings = [lab[len(FINDING_PREFIX) :] for lab in labels if lab.startswith(FINDING_PREFIX)]
    if len(set(findings)) > 1:
        raise InputError(f"{where}: more than one finding ({', '.join(sorted(set(findings)))})")
    value = findings[0] if findings else "none"
    if value not in FINDINGS:
        raise InputError(f"{where}: finding {value!r} is not one of {', '.join(FINDINGS)}")
    return Example(
        text=text.strip(),
        labels=sorted({lab for lab in labels if not lab.startswith(FINDING_PREFIX)}),
        finding=value,
        source=source,
        doc_id=doc_id,
    )


def _choices(value: object, where: str) -> list[str]:
    """Label names of a Choices value: a list, ``{"choices": [...]}``, or one name."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return _choices(value.get("choices"), where)
    if isinstance(value, list) and all(isinstance(v, str | dict) for v in value):
        return [name for v in value for name in _choices(v, where)]
    raise InputError(f"{where}: expected choices (label names), got {value!r}")


def _read_json_list(path: Path, items: object) -> ImportedFile:
    if not isinstance(items, list) or not items or not isinstance(items[0], dict):
        raise InputError(f"{path}: expected a non-empty list of Label Studio tasks")
    if "data" in items[0]:
        return _from_label_studio(path, items)
    if "text" in items[0]:
        return _from_label_studio_min(path, items)
    raise InputError(
        f"{path}: a JSON list, but neither a Label Studio JSON export (tasks with 'data') nor "
        "a JSON-MIN export (items with 'text')"
    )


def _from_label_studio(path: Path, tasks: list[Any]) -> ImportedFile:
    result = ImportedFile(path, "label-studio")
    for number, task in enumerate(tasks, start=1):
        if not isinstance(task, dict) or not isinstance(task.get("data"), dict):
            raise InputError(f"{path} task #{number}: expected a task with a 'data' object")
        task_id = task.get("id", number)
        data = task["data"]
        annotations = [
            a
            for a in task.get("annotations", task.get("completions")) or []
            if isinstance(a, dict) and not (a.get("was_cancelled") or a.get("skipped"))
        ]
        if not annotations:
            result.skipped += 1
            continue
        for annotation in annotations:
            where = f"{path} task {task_id}"
            if len(annotations) > 1:
                where += f" annotation {annotation.get('id', '?')}"
            labels: list[str] = []
            findings: list[str] = []
            for item in annotation.get("result") or []:
                if not isinstance(item, dict) or item.get("type") != "choices":
                    continue
                names = _choices(item.get("value"), where)
                (findings if item.get("from_name") == FINDING_CONTROL else labels).extend(names)
            example = make_example(
                data.get("text"),
                labels + [FINDING_PREFIX + f for f in findings],
                where,
                source=str(data.get("source") or f"label-studio:{path.name}#{task_id}"),
                doc_id=str(data.get("doc_id") or stable_doc_id(path, task_id)),
            )
            result.examples.append(Imported(example, where))
    return result


def _from_label_studio_min(path: Path, items: list[Any]) -> ImportedFile:
    result = ImportedFile(path, "label-studio-min")
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise InputError(f"{path} item {number}: expected an object")
        task_id = item.get("id", number)
        where = f"{path} item {number} (task {task_id})"
        for key, value in item.items():
            if key not in (LABELS_CONTROL, FINDING_CONTROL) and isinstance(value, dict):
                if "choices" in value:
                    raise InputError(
                        f"{where}: choices in field {key!r}; name the label control "
                        f"{LABELS_CONTROL!r} and the finding control {FINDING_CONTROL!r}"
                    )
        findings = _choices(item.get(FINDING_CONTROL), where)
        example = make_example(
            item.get("text"),
            _choices(item.get(LABELS_CONTROL), where) + [FINDING_PREFIX + f for f in findings],
            where,
            source=str(item.get("source") or f"label-studio:{path.name}#{task_id}"),
            doc_id=str(item.get("doc_id") or stable_doc_id(path, task_id)),
        )
        result.examples.append(Imported(example, where))
    return result


def _jsonl_format(record: dict[str, Any]) -> str:
    if "answer" in record or "accept" in record:
        return "prodigy"
    if "label" in record:
        return "doccano"
    return "classify"


def _read_jsonl(path: Path, text: str) -> ImportedFile:
    records: Records = []
    detected: str | None = None
    for where, number, record in json_lines(path, text.splitlines()):
        if not isinstance(record, dict):
            raise InputError(f"{where}: expected a JSON object")
        kind = _jsonl_format(record)
        if detected is None:
            detected = kind
        elif kind != detected:
            raise InputError(f"{where}: a {kind} record in a file that started as {detected}")
        records.append((where, number, record))
    assert detected is not None
    readers: dict[str, Callable[[Path, Records], ImportedFile]] = {
        "classify": _from_classify,
        "doccano": _from_doccano,
        "prodigy": _from_prodigy,
    }
    return readers[detected](path, records)


def _from_classify(path: Path, records: Records) -> ImportedFile:
    result = ImportedFile(path, "classify")
    for where, number, record in records:
        example = parse_example(record, where)
        example.source = example.source or f"{path.name}:{number}"
        example.doc_id = example.doc_id or stable_doc_id(path, number)
        result.examples.append(Imported(example, where))
    return result


def _from_doccano(path: Path, records: Records) -> ImportedFile:
    result = ImportedFile(path, "doccano")
    for where, number, record in records:
        labels = record["label"]
        if not isinstance(labels, list) or any(isinstance(lab, list) for lab in labels):
            raise InputError(
                f"{where}: 'label' must be a list of label names (span labels from sequence "
                "labelling projects are not supported)"
            )
        task_id = record.get("id", number)
        example = make_example(
            record.get("text"),
            labels,
            where,
            source=str(record.get("source") or f"doccano:{path.name}#{task_id}"),
            doc_id=str(record.get("doc_id") or stable_doc_id(path, task_id)),
        )
        result.examples.append(Imported(example, where))
    return result


def _meta(record: dict[str, Any], key: str) -> object:
    """A field of a Prodigy task, at the top level or in its ``meta`` object."""
    meta = record.get("meta")
    return record.get(key) or (meta.get(key) if isinstance(meta, dict) else None)


@dataclass
class _BinaryAnswers:
    """Prodigy binary answers collected for one text."""

    text: str
    where: str
    record: dict[str, Any]
    task_id: object
    answers: dict[str, tuple[str, str]] = field(default_factory=dict)


def _from_prodigy(path: Path, records: Records) -> ImportedFile:
    result = ImportedFile(path, "prodigy")
    binary: dict[str, _BinaryAnswers] = {}
    for where, number, record in records:
        answer = record.get("answer", "accept")
        if answer not in ("accept", "reject", "ignore"):
            raise InputError(f"{where}: 'answer' must be accept, reject or ignore")
        text = record.get("text")
        task_id = record.get("_input_hash", number)
        if answer == "ignore" or ("accept" in record and answer == "reject"):
            result.skipped += 1
            continue
        if "accept" in record:
            accepted = record["accept"]
            if not isinstance(accepted, list):
                raise InputError(f"{where}: 'accept' must be a list of label names")
            example = make_example(text, accepted, where, *_prodigy_origin(path, record, task_id))
            result.examples.append(Imported(example, where))
            continue
        label = record.get("label")
        if not isinstance(label, str) or not label.strip():
            raise InputError(f"{where}: a binary answer needs a 'label'")
        if not isinstance(text, str) or not text.strip():
            raise InputError(f"{where}: empty or missing text")
        entry = binary.setdefault(
            normalise_text(text), _BinaryAnswers(text, where, record, task_id)
        )
        earlier = entry.answers.get(label)
        if earlier and earlier[0] != answer:
            raise InputError(
                f"conflicting answers for label {label!r} on the same text: {answer} at "
                f"{where}, {earlier[0]} at {earlier[1]}"
            )
        entry.answers[label] = (answer, where)
    for entry in binary.values():
        accepted = [lab for lab, (answer, _) in entry.answers.items() if answer == "accept"]
        example = make_example(
            entry.text,
            accepted,
            entry.where,
            *_prodigy_origin(path, entry.record, entry.task_id),
        )
        result.examples.append(Imported(example, entry.where))
    return result


def _prodigy_origin(path: Path, record: dict[str, Any], task_id: object) -> tuple[str, str]:
    """``(source, doc_id)`` of a Prodigy task."""
    source = _meta(record, "source") or f"prodigy:{path.name}#{task_id}"
    doc_id = _meta(record, "doc_id") or stable_doc_id(path, task_id)
    return str(source), str(doc_id)
