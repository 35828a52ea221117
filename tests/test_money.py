"""Money amounts found with the token Matcher: forms, offsets and values."""

from __future__ import annotations

import pytest

from classifier.money import find_amounts, find_money, money_matcher
from classifier.preprocess import get_nlp


def _found(text: str) -> list[tuple[float, str]]:
    mentions = find_money(text)
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.text
    return [(m.amount, m.text) for m in mentions]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Council paid £500.", [(500.0, "£500")]),
        ("a payment of £1,250 for", [(1250.0, "£1,250")]),
        ("It refunded £1,250.50.", [(1250.5, "£1,250.50")]),
        ("about £ 300 in total", [(300.0, "£ 300")]),
        ("a £2k payment", [(2000.0, "£2k")]),
        ("works costing £1.5m.", [(1_500_000.0, "£1.5m")]),
        ("a budget of £2 million", [(2_000_000.0, "£2 million")]),
        ("pay him 500 pounds", [(500.0, "500 pounds")]),
        ("pay her five hundred pounds", [(500.0, "five hundred pounds")]),
        ("two thousand five hundred pounds", [(2500.0, "two thousand five hundred pounds")]),
        ("twenty-five pounds", [(25.0, "twenty-five pounds")]),
        ("refund their legal costs (£2,200),", [(2200.0, "£2,200")]),
        ("goodwill awards of £3,756.63.", [(3756.63, "£3,756.63")]),
        ("pay £50 per month", [(50.0, "£50")]),
        ("pay £10,000compensation", [(10000.0, "£10,000")]),
    ],
)
def test_amount_forms(text: str, expected: list[tuple[float, str]]) -> None:
    assert _found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("£100-£300", [(100.0, "£100"), (300.0, "£300")]),
        ("£100–£300", [(100.0, "£100"), (300.0, "£300")]),
        ("£100 to £300", [(100.0, "£100"), (300.0, "£300")]),
        ("between £100 and £300", [(100.0, "£100"), (300.0, "£300")]),
        ("£100-300 a week", [(100.0, "£100"), (300.0, "300")]),
        ("£5k-£10k", [(5000.0, "£5k"), (10000.0, "£10k")]),
    ],
)
def test_each_end_of_a_range_is_an_amount(text: str, expected: list[tuple[float, str]]) -> None:
    assert _found(text) == expected


def test_pdf_split_thousands() -> None:
    assert _found("pay Mrs X £1, 500 for distress") == [(1500.0, "£1, 500")]


def test_several_amounts_in_one_sentence() -> None:
    text = "It agreed to pay Mr X £500, and Mr and Mrs L £3,000 to recognise the distress."
    assert _found(text) == [(500.0, "£500"), (3000.0, "£3,000")]
    listed = "£2,700 for the loss, £300 for the distress and £100 for the frustration"
    assert [a for a, _ in _found(listed)] == [2700.0, 300.0, 100.0]


@pytest.mark.parametrize(
    "text",
    ["thousands of pounds in compensation", "several hundred pounds", "£ sign", "in 2020 we"],
)
def test_no_amount(text: str) -> None:
    assert find_money(text) == []


def test_offsets_shift_to_the_document() -> None:
    doc = get_nlp()("Pay Mrs X £500.")
    (mention,) = find_amounts(doc, offset=100)
    assert (mention.start, mention.end, mention.amount) == (110, 114, 500.0)


def test_matcher_is_built_once() -> None:
    assert money_matcher() is money_matcher()
