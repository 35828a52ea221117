"""Property-based tests: any text or bytes are analysed calmly and consistently."""

import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from classifier.errors import InputError
from classifier.reading import SourceText, source_from_bytes

TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=400
) | st.lists(
    st.sampled_from(
        [
            "£500",
            "£1,250.50",
            "£ 300",
            "£2k",
            "five hundred pounds",
            "Mrs X",
            "delay",
            "\n",
            "There is no evidence the Council told Mrs X.",
            " ",
            "£100-£300",
            "\r\n",
            "•",
            "1.",
        ]
    ),
    min_size=1,
    max_size=40,
).map("".join)

SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _check(result, text):
    for p in result.paragraphs:
        assert text[p.start : p.end] == p.text
        assert all(0.0 <= s <= 1.0 for s in p.scores.values())
        assert all(0.0 <= s <= 1.0 for s in p.finding_scores.values())
        assert p.finding in ("fault", "no_fault", "none")
    for remedy in result.remedies:
        assert math.isfinite(remedy.amount) and remedy.amount >= 0
        assert text[remedy.start : remedy.end] == remedy.text
    assert math.isfinite(result.remedy_total) and result.remedy_total >= 0


@SETTINGS
@given(text=TEXT)
def test_any_text_is_analysed_with_exact_offsets(analyzer, text):
    result = analyzer.analyse(SourceText(source="t", text=text, encoding="utf-8"))
    _check(result, text)


@SETTINGS
@given(data=st.binary(min_size=1, max_size=300))
def test_any_bytes_decode_or_fail_cleanly(analyzer, data):
    try:
        source = source_from_bytes(data, "bytes.txt")
    except InputError as exc:
        assert "\n" not in str(exc)
        return
    _check(analyzer.analyse(source), source.text)
