"""Page furniture is recognised; decision paragraphs never are."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from classifier.boilerplate import is_boilerplate
from classifier.segment import segment

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "tests" / "data" / "seeds"
SEED_002 = SEEDS / "002_d974820b931dba70.txt"

# The page furniture at the end of seed 002, after the decision's last line.
FURNITURE_002 = [
    "Print this page",
    "LGO logogram",
    "Review your privacy settings",
    "Required cookies",
    "These cookies enable the website to function properly. You can only disable these by "
    "changing your browser preferences, but this will affect how the website performs.",
    "View required cookies",
    "Analytical cookies",
    "Google Analytics cookies help us improve the performance of the website by understanding "
    "how visitors use the site.",
    "We recommend you set these 'ON'.",
    "View analytical cookies",
    "Privacy settings",
]


def _paragraphs(path: Path) -> list[str]:
    return [p.text for p in segment(path.read_text(encoding="utf-8"))]


def _furniture_002() -> list[str]:
    paragraphs = _paragraphs(SEED_002)
    return paragraphs[paragraphs.index("Print this page") :]


def _examples(name: str) -> list[dict]:
    with (ROOT / "training_data" / name).open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def test_furniture_at_end_of_seed_002_is_all_flagged() -> None:
    tail = _furniture_002()
    assert [text for text in tail if not text.startswith("In using Google Analytics")] == (
        FURNITURE_002
    )
    assert len(tail) == len(FURNITURE_002) + 1
    assert all(is_boilerplate(text) for text in tail)


@pytest.mark.parametrize("text", FURNITURE_002 + ["Back to top", "Skip to main content"])
def test_known_furniture_lines(text: str) -> None:
    assert is_boilerplate(text)


@pytest.mark.parametrize(
    "text",
    ["  back   TO top ", "SHARE THIS PAGE", "Cookie settings", "We use cookies on this site."],
)
def test_matching_ignores_case_and_spacing(text: str) -> None:
    assert is_boilerplate(text)


@pytest.mark.parametrize(
    "text",
    [
        "Privacy",
        "The Council breached Mrs X's privacy settings on her account.",
        "Mr X says the Council did not let him print this page of the report.",
        "Back to top of the stairs, the carer left Mrs Y alone.",
        "These cookies were left on the doorstep by the carer.",
        "Investigator's decision on behalf of the Ombudsman",
        "The complaint",
        "",
        "These cookies " + "x" * 500,
    ],
)
def test_decision_like_text_is_not_furniture(text: str) -> None:
    assert not is_boilerplate(text)


def test_seeds_flag_only_furniture() -> None:
    flagged = {
        text
        for path in sorted(SEEDS.glob("*.txt"))
        for text in _paragraphs(path)
        if is_boilerplate(text)
    }
    assert flagged == {"Back to top", *_furniture_002()}


def test_no_labelled_training_paragraph_is_flagged() -> None:
    labelled = [row for row in _examples("train.jsonl") if row["labels"]]
    assert len(labelled) > 500
    assert [row["text"] for row in labelled if is_boilerplate(row["text"])] == []


def test_only_furniture_is_flagged_in_training_data() -> None:
    rows = _examples("train.jsonl") + _examples("heldout.jsonl")
    flagged = {row["text"] for row in rows if is_boilerplate(row["text"])}
    assert "Back to top" in flagged
    known = {"Back to top", *_furniture_002()}
    assert {text for text in flagged if not text.startswith("Google Analytics cookies")} <= known
    assert all(
        row["finding"] == "none" and not row["labels"] for row in rows if row["text"] in flagged
    )
