"""Non-monetary remedies: types, remedy context and deadlines."""

from __future__ import annotations

from pathlib import Path

import pytest

from classifier.document import Action
from classifier.remedies import analyse_remedies
from classifier.segment import segment

SEEDS = Path(__file__).resolve().parent / "data" / "seeds"


def _actions(text: str) -> list[Action]:
    return analyse_remedies(text, segment(text))[2]


def _types(text: str) -> list[str]:
    return [a.type for a in _actions(text)]


@pytest.mark.parametrize(
    ("text", "types"),
    [
        ("The Council has agreed to apologise to Mrs X.", ["apology"]),
        ("The Council should remind relevant staff of the timescales.", ["training"]),
        ("The Council will provide complaints handling training to its staff.", ["training"]),
        ("It should review its procedures for recording contact.", ["procedure_review"]),
        ("The Council agreed to reassess Mr Y's care needs.", ["reassessment"]),
        ("The Council will reconsider Mr X's application.", ["reassessment"]),
        ("It should amend Mrs X's records to remove the wrong entry.", ["record_correction"]),
        (
            "The Council agreed to arrange suitable alternative accommodation.",
            ["service_provision"],
        ),
        (
            "The Council will apologise, pay Mrs X £300 and make service improvements.",
            ["apology", "procedure_review"],
        ),
    ],
)
def test_action_types(text: str, types: list[str]) -> None:
    assert _types(text) == types


@pytest.mark.parametrize(
    "text",
    [
        "Mrs X asked for an apology.",
        "Mrs X wants the Council to apologise and review its policy.",
        "The Council should have apologised sooner.",
        "The Council failed to provide suitable accommodation.",
        "We provide a free service, but must use public money carefully.",
        "It apologised for this.",
        "The Council did not apologise.",
    ],
)
def test_no_action_outside_remedy_context(text: str) -> None:
    assert _actions(text) == []


@pytest.mark.parametrize(
    ("text", "deadline"),
    [
        ("The Council will apologise within four weeks.", "within four weeks"),
        ("The Council should apologise within one month.", "within one month"),
        (
            "Within 3 months of the final decision the Council should review its policy.",
            "Within 3 months of the final decision",
        ),
        ("It will apologise within 20 working days.", "within 20 working days"),
    ],
)
def test_deadline_in_the_sentence(text: str, deadline: str) -> None:
    (action,) = _actions(text)
    assert action.deadline == deadline


def test_deadline_after_a_list_applies_to_the_list() -> None:
    text = (SEEDS / "002_d974820b931dba70.txt").read_text("utf-8")
    actions = _actions(text)
    assert [a.type for a in actions] == ["apology", "training"]
    assert {a.deadline for a in actions} == {"within four weeks of the final decision"}
    paragraphs = segment(text)
    assert paragraphs[actions[0].paragraph].text.endswith("faults and injustice identified.")


def test_deadline_of_a_lead_in() -> None:
    text = (SEEDS / "004_cd97c01f90c015c2.txt").read_text("utf-8")
    listed = [a for a in _actions(text) if a.deadline]
    assert [a.type for a in listed] == ["training", "record_correction"]
    assert {a.deadline for a in listed} == {"Within one month of the date of the final decision"}


def test_each_action_keeps_its_own_deadline() -> None:
    text = (SEEDS / "003_de584f88dbd5934b.txt").read_text("utf-8")
    dated = {(a.type, a.deadline) for a in _actions(text) if a.deadline}
    assert dated == {
        ("apology", "Within one month of the date of the final decision"),
        ("procedure_review", "Within three months of the date of the final decision"),
    }


def test_news_report_apology_with_payment() -> None:
    text = (SEEDS / "000_d197f903aaf74ad1.txt").read_text("utf-8")
    assert "apology" in _types(text)
