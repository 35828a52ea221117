"""``--format csv``: one row per document, ready for a spreadsheet or pandas.

Columns: source, the decision's header metadata, faults found, remedy total and amounts
("200x2": £200 to each of two people), action types (each once, in order of first mention),
then paragraph counts, the number of paragraphs per label and ``paragraph_labels``, the
labels any paragraph shows (found or not: ``faults_found`` holds the types found). Rows come
from :func:`row`, a plain function of a :class:`DocumentResult` returning a dict.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

from classifier.document import DocumentResult

#: The columns of every row, but the per-label counts (which follow ``labelled_paragraphs``).
DOCUMENT_COLUMNS = (
    "source",
    "authority",
    "reference",
    "category",
    "outcome",
    "decision_date",
    "faults_found",
    "remedy_total",
    "remedy_amounts",
    "actions",
    "paragraphs",
    "labelled_paragraphs",
    "paragraph_labels",
)


def missing_columns(fieldnames: Sequence[str]) -> list[str]:
    """The columns of this version's rows, but the per-label counts, that ``fieldnames`` (of
    a CSV file being resumed) lacks: rows written under them would lose those values."""
    return [name for name in DOCUMENT_COLUMNS if name not in fieldnames]


def row(result: DocumentResult) -> dict[str, Any]:
    """One document: metadata, findings, remedies, paragraph and label counts."""
    labels = sorted(result.paragraphs[0].scores) if result.paragraphs else []
    counts = dict.fromkeys(labels, 0)
    labelled = 0
    for paragraph in result.paragraphs:
        labelled += bool(paragraph.labels)
        for label in paragraph.labels:
            counts[label] = counts.get(label, 0) + 1
    meta = result.metadata
    return {
        "source": result.source,
        "authority": meta.authority or "",
        "reference": meta.reference or "",
        "category": meta.category or "",
        "outcome": meta.outcome or "",
        "decision_date": meta.decision_date or "",
        "faults_found": ";".join(result.faults_found),
        "remedy_total": result.remedy_total,
        "remedy_amounts": ";".join(
            f"{r.amount:g}" + (f"x{r.payees}" if r.payees > 1 else "") for r in result.remedies
        ),
        "actions": ";".join(dict.fromkeys(a.type for a in result.actions)),
        "paragraphs": len(result.paragraphs),
        "labelled_paragraphs": labelled,
        **counts,
        "paragraph_labels": ";".join(label for label, n in counts.items() if n),
    }


def write_rows(
    rows: Iterable[dict[str, Any]],
    stream: TextIO,
    fieldnames: Sequence[str] | None = None,
    header: bool = True,
) -> None:
    """Write rows made by :func:`row`; the columns default to the first row's keys."""
    writer: csv.DictWriter | None = None
    for values in rows:
        if writer is None:
            names = list(fieldnames) if fieldnames is not None else list(values)
            writer = csv.DictWriter(
                stream, fieldnames=names, restval="", extrasaction="ignore", lineterminator="\n"
            )
            if header:
                writer.writeheader()
        writer.writerow(values)
        stream.flush()


def render(results: Iterable[DocumentResult], stream: TextIO) -> None:
    """Write a header and one row per result."""
    write_rows(map(row, results), stream)
