"""Header metadata of LGSCO decisions (both page layouts) and of texts without a header."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from classifier.metadata import extract_metadata, parse_date

ROOT = Path(__file__).resolve().parent.parent
SEEDS = Path(__file__).resolve().parent / "data" / "seeds"


def test_header_with_blank_lines() -> None:
    meta = extract_metadata((SEEDS / "002_d974820b931dba70.txt").read_text("utf-8"))
    assert meta.authority == "Royal Borough of Kensington & Chelsea"
    assert meta.reference == "20 000 636"
    assert meta.category == "Children's care services > Child protection"
    assert meta.outcome == "Upheld"
    assert meta.decision_date == "2020-12-22"


def test_compact_header() -> None:
    meta = extract_metadata((SEEDS / "001_4da5e31a670b368b.txt").read_text("utf-8"))
    assert meta.authority == "London Borough of Havering"
    assert meta.reference == "23 017 039"
    assert meta.outcome == "Closed after initial enquiries"
    assert meta.decision_date == "2025-02-04"


def test_layout_without_category_lines() -> None:
    text = "Tendring District Council (24 005 905)\nThe Ombudsman's final decision:\nSummary: ..."
    meta = extract_metadata(text)
    assert (meta.authority, meta.reference) == ("Tendring District Council", "24 005 905")
    assert meta.category is meta.outcome is meta.decision_date is None


def test_news_page_has_no_metadata() -> None:
    meta = extract_metadata((SEEDS / "000_d197f903aaf74ad1.txt").read_text("utf-8"))
    assert meta.authority is meta.reference is meta.outcome is meta.decision_date is None


def test_bracketed_text_that_is_no_reference() -> None:
    assert extract_metadata("Council told to pay (£500)\nDecision : Upheld").authority is None


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("22 Dec 2020", "2020-12-22"),
        ("03 Apr 2024", "2024-04-03"),
        ("3 September 2021", "2021-09-03"),
        ("22 Sept 2020", "2020-09-22"),
        ("1st June 2019", "2019-06-01"),
        ("22/12/2020", "2020-12-22"),
        ("soon", None),
    ],
)
def test_parse_date(value: str, iso: str | None) -> None:
    assert parse_date(value) == iso


def test_gold_metadata_of_committed_documents() -> None:
    records = [
        json.loads(line)
        for line in (ROOT / "training_data" / "documents.jsonl").read_text("utf-8").splitlines()
    ]
    wrong = []
    for record in records:
        meta = extract_metadata(record["text"])
        for name, want in record["metadata"].items():
            if getattr(meta, name) != want:
                wrong.append((record["doc_id"], name))
    assert len(wrong) <= len(records) // 100, wrong


def test_header_outcome_reads_only_decision_lines() -> None:
    from classifier.metadata import header_outcome

    assert header_outcome("Decision : Not upheld") == "Not upheld"
    assert header_outcome("Decision:Upheld") == "Upheld"
    assert header_outcome("Decision date : 04 Feb 2025") is None
    assert header_outcome("Decision :") is None
    assert header_outcome("The decision was upheld.") is None
