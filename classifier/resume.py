"""``--resume``: find which sources an interrupted run already wrote to its output file."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

from classifier.errors import InputError
from classifier.render.csv import missing_columns


@dataclass
class ResumeState:
    """What an existing output file holds: the sources done and, for CSV, its columns."""

    done: set[str] = field(default_factory=set)
    csv_columns: list[str] | None = None


def prepare_resume(output: Path, format: str) -> ResumeState:
    """Read ``output`` (if it exists) and drop a last line left incomplete by an interruption."""
    if format not in ("jsonl", "csv"):
        raise InputError(f"--resume works with --format jsonl or csv, not {format}")
    if not output.exists():
        return ResumeState()
    data = output.read_bytes()
    complete = data[: data.rfind(b"\n") + 1]
    if len(complete) < len(data):
        with output.open("r+b") as file:
            file.truncate(len(complete))
    text = complete.decode("utf-8", errors="replace")
    if format == "jsonl":
        return ResumeState(done=_jsonl_sources(text, output))
    return _csv_state(text, output)


def _jsonl_sources(text: str, output: Path) -> set[str]:
    done = set()
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            done.add(json.loads(line)["source"])
        except (ValueError, KeyError, TypeError):
            raise InputError(f"{output}:{number}: not a result line; cannot resume") from None
    return done


def _csv_state(text: str, output: Path) -> ResumeState:
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames:
        return ResumeState()
    if "source" not in reader.fieldnames:
        raise InputError(f"{output}: no 'source' column; cannot resume")
    missing = missing_columns(reader.fieldnames)
    if missing:
        raise InputError(
            f"{output}: no {', '.join(repr(m) for m in missing)} column (written by another "
            "version of classify?); cannot resume: write to a new file"
        )
    return ResumeState(
        done={r["source"] for r in reader if r.get("source")}, csv_columns=list(reader.fieldnames)
    )
