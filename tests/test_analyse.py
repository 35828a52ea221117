from classifier.reading import SourceText, read_source
from tests.conftest import SEED_DECISION, SEEDS


def _analyse_text(analyzer, text):
    return analyzer.analyse(SourceText(source="t", text=text, encoding="utf-8"))


def test_seed_decision_offsets_and_labels(analyzer):
    source = read_source(str(SEED_DECISION))
    result = analyzer.analyse(source)
    assert len(result.paragraphs) == 175
    for p in result.paragraphs:
        assert source.text[p.start : p.end] == p.text
        assert set(p.scores) == {"delay", "record_keeping", "contact", "complaint_handling"}
        assert all(0.0 <= s <= 1.0 for s in p.scores.values())
    by_text = {p.text: p for p in result.paragraphs}
    # Gold labels of the seed (shared/corpus/labelled) for clear-cut paragraphs.
    stage_one = next(p for p in result.paragraphs if "delays in the Council responding" in p.text)
    assert "complaint_handling" in stage_one.labels
    assert by_text["Back to top"].labels == []
    assert by_text["The Ombudsman’s role and powers"].labels == []


def test_no_evidence_of_telling_is_contact(analyzer):
    result = _analyse_text(analyzer, "There is no evidence the Council told Mrs X of the new date.")
    assert "contact" in result.paragraphs[0].labels


def test_delay_in_complaint_response(analyzer):
    result = _analyse_text(
        analyzer,
        "The Council took four months to respond to Mr Y's stage two complaint. "
        "This was a significant delay and is fault.",
    )
    assert {"delay", "complaint_handling"} <= set(result.paragraphs[0].labels)


def test_every_seed_predicts_with_exact_offsets(analyzer):
    for path in sorted(SEEDS.glob("*.txt")):
        source = read_source(str(path))
        result = analyzer.analyse(source)
        assert all(source.text[p.start : p.end] == p.text for p in result.paragraphs)


def test_seed_decision_analysis(analyzer):
    result = analyzer.analyse(read_source(str(SEED_DECISION)))
    assert [(r.amount, r.recipient) for r in result.remedies] == [(500.0, "Mrs X")]
    assert result.remedy_total == 500.0
    assert "contact" in result.faults_found and "record_keeping" in result.faults_found
    assert result.metadata.reference == "20 000 636"
    assert result.metadata.outcome == "Upheld"
    assert any(a.type == "apology" for a in result.actions)
    final = next(p for p in result.paragraphs if p.text.startswith("1. I find fault with the"))
    assert final.finding == "fault"
    furniture = [p for p in result.paragraphs if p.text in ("Back to top", "Print this page")]
    assert furniture and all(p.boilerplate and not p.labels for p in furniture)


def test_section_headings_of_a_decision_get_no_label(analyzer):
    """Full decisions have topic headings ("Delay", "Record keeping") that the model scores
    high; the guide gives headers no label. A news page's short headline keeps its scores."""
    headings = ["Delay", "Record keeping", "Delays in responding to complaints"]
    decision = (SEEDS / "001_4da5e31a670b368b.txt").read_text(encoding="utf-8")
    news = (SEEDS / "000_d197f903aaf74ad1.txt").read_text(encoding="utf-8")
    for text, labelled in ((decision, False), (news, True)):
        result = _analyse_text(analyzer, "\n".join([text.rstrip("\n"), *headings]))
        by_text = {p.text: p for p in result.paragraphs}
        assert max(by_text["Delay"].scores.values()) > 0.9
        assert any(by_text[h].labels for h in headings) == labelled
        if not labelled:
            assert all(by_text[h].finding == "none" for h in headings)


def test_closed_after_initial_enquiries_has_no_faults_or_remedy(analyzer):
    result = analyzer.analyse(read_source(str(SEEDS / "001_4da5e31a670b368b.txt")))
    assert result.faults_found == []
    assert result.remedies == [] and result.remedy_total == 0.0
    assert result.metadata.outcome == "Closed after initial enquiries"
    summary = next(p for p in result.paragraphs if p.text.startswith("Summary:"))
    assert summary.finding == "no_fault"


def test_news_report_remedy(analyzer):
    result = analyzer.analyse(read_source(str(SEEDS / "000_d197f903aaf74ad1.txt")))
    assert [r.amount for r in result.remedies] == [150.0]
    assert result.metadata.reference is None
