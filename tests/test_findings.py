"""faults_found: sentence-level findings, and fault types named by remedies."""

import json
from pathlib import Path

import numpy as np

from classifier.document_eval import read_documents
from classifier.findings import admission_sentences, faults_found
from classifier.metadata import extract_metadata
from classifier.model import Scores
from classifier.preprocess import featurize
from classifier.reading import SourceText
from classifier.segment import segment

CLASSES = ["contact", "delay"]
FINDINGS = ["fault", "no_fault", "none"]
THRESHOLDS = np.array([0.5, 0.5])


def _scores(sentence_labels, sentence_findings, bounds):
    sentence_labels = np.array(sentence_labels, dtype=float)
    sentence_findings = np.array(sentence_findings, dtype=float)
    return Scores(
        labels=np.zeros((len(bounds) - 1, 2)),
        findings=np.zeros((len(bounds) - 1, 3)),
        sentence_labels=sentence_labels,
        sentence_findings=sentence_findings,
        sentence_bounds=np.array(bounds),
    )


def test_only_the_sentence_that_finds_fault_gives_its_type():
    # "The Council was at fault for poor communication. I have not found fault with the delay."
    scores = _scores([[0.9, 0.1], [0.1, 0.9]], [[0.9, 0.05, 0.05], [0.1, 0.8, 0.1]], [0, 2])
    found = faults_found(scores, ["fault"], [["contact", "delay"]], CLASSES, THRESHOLDS, FINDINGS)
    assert found == ["contact"]


def test_a_type_no_paragraph_shows_is_not_found():
    # The fault sentence scores delay above its threshold, but the paragraph as a whole does
    # not reach it, so it shows contact only: "faults found: delay" would contradict it.
    scores = _scores([[0.9, 0.7]], [[0.9, 0.05, 0.05]], [0, 1])
    assert faults_found(scores, ["fault"], [["contact"]], CLASSES, THRESHOLDS, FINDINGS) == [
        "contact"
    ]
    assert faults_found(scores, ["fault"], [[]], CLASSES, THRESHOLDS, FINDINGS) == []


def test_no_fault_paragraphs_give_no_type():
    scores = _scores([[0.9, 0.9]], [[0.1, 0.8, 0.1]], [0, 1])
    found = faults_found(
        scores, ["no_fault"], [["contact", "delay"]], CLASSES, THRESHOLDS, FINDINGS
    )
    assert found == []


def test_remedy_paragraphs_name_types_only_when_fault_or_payment():
    scores = _scores([[0.1, 0.1], [0.1, 0.1]], [[0.1, 0.1, 0.8]] * 2, [0, 1, 2])
    labels = [[], ["delay"]]  # paragraph 1: "Apologise to Mrs X for the delay."
    args = (scores, ["none", "none"], labels, CLASSES, THRESHOLDS, FINDINGS)
    assert faults_found(*args, remedy_paragraphs={1}) == []
    assert faults_found(*args, remedy_paragraphs={1}, has_payment=True) == ["delay"]


def test_a_not_upheld_decision_has_no_faults_found():
    scores = _scores([[0.9, 0.1]], [[0.9, 0.05, 0.05]], [0, 1])
    args = (scores, ["fault"], [["contact"]], CLASSES, THRESHOLDS, FINDINGS)
    assert faults_found(*args, outcome="Upheld") == ["contact"]
    assert faults_found(*args, outcome="Not upheld") == []


def test_a_decision_closed_early_counts_only_the_councils_admissions():
    # "Mrs X complains of delay." / "The Council apologised for the delay." (both read as fault)
    scores = _scores([[0.1, 0.9], [0.1, 0.9]], [[0.9, 0.05, 0.05]] * 2, [0, 1, 2])
    args = (scores, ["fault", "fault"], [["delay"], ["delay"]], CLASSES, THRESHOLDS, FINDINGS)
    closed = "Closed after initial enquiries"
    assert faults_found(*args, outcome=closed, admissions=np.array([False, True])) == ["delay"]
    assert faults_found(*args, outcome=closed, admissions=np.array([False, False])) == []
    assert faults_found(*args, outcome="Upheld", admissions=np.array([False, False])) == ["delay"]


def test_an_admission_word_not_read_as_a_finding_does_not_let_the_paragraph_count():
    # One paragraph: "Mrs X says the Council delayed." (read as fault, delay) / "She wants the
    # Council to apologise." (admission word, read as no finding).
    scores = _scores([[0.1, 0.9], [0.1, 0.1]], [[0.9, 0.05, 0.05], [0.1, 0.1, 0.8]], [0, 2])
    args = (scores, ["fault"], [["delay"]], CLASSES, THRESHOLDS, FINDINGS)
    closed = "Closed after initial enquiries"
    assert faults_found(*args, outcome=closed, admissions=np.array([False, True])) == []
    assert faults_found(*args, outcome="Upheld", admissions=np.array([False, True])) == ["delay"]


def test_admission_sentences_flag_each_sentence_row_outside_negations():
    features = [
        "the council apologise for the delay ¶ she complain _sec_summary",
        "the council do not accept it be at fault _neg_accept _neg_fault",
        "we will not investigate",
    ]
    assert admission_sentences(features).tolist() == [True, False, False, False]


def test_admission_flags_line_up_with_the_models_sentence_rows(shipped_model):
    """Two real decisions closed after initial enquiries (training split): in one the Council
    "has recently apologised for the delay" (gold: ``delay`` found); the other's summary only
    reports complaints of delay and of complaint handling (gold: nothing found)."""
    records = {r["doc_id"]: r for r in read_documents(split="train")}
    admitted = {}
    for doc_id in ("22-009-490", "24-001-335"):
        text = records[doc_id]["text"]
        features = featurize([p.text for p in segment(text)])
        flags = admission_sentences(features)
        assert extract_metadata(text).outcome == "Closed after initial enquiries"
        assert len(flags) == shipped_model.faults.score(features).sentence_bounds[-1]
        admitted[doc_id] = flags.any()
    assert admitted == {"22-009-490": True, "24-001-335": False}


def test_not_upheld_corpus_decisions_report_no_faults(analyzer):
    # Real decisions whose header reads "Decision : Not upheld" and whose paragraphs discuss
    # fault types (training split, gold faults_found empty).
    records = [
        r
        for r in read_documents(split="train")
        if r["metadata"]["outcome"] == "Not upheld"
        and not r["faults_found"]
        and any(p["labels"] for p in r["paragraphs"])
    ][:3]
    assert len(records) == 3
    for record in records:
        result = analyzer.analyse(SourceText(record["doc_id"], record["text"], "utf-8"))
        assert result.metadata.outcome == "Not upheld"
        assert result.faults_found == []


def test_faults_found_on_blind_written_decisions(analyzer):
    """48 short decisions and news reports written from the labelling guide by a reader who
    had not seen the rules (tests/data/faults_found_blind_cases.jsonl).

    Measured when written, with the shipped model: micro P 0.839, R 0.963, F1 0.897 (model
    20261124185457, with failure-scope tokens: P 0.850, R 0.944, F1 0.895); the errors are
    mostly the label model reading "complaint response", "records show" or a
    remedy's "within 20 working days" as the fault found.
    """
    path = Path(__file__).parent / "data" / "faults_found_blind_cases.jsonl"
    cases = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    tp = fp = fn = 0
    for case in cases:
        found = set(analyzer.analyse(SourceText(case["id"], case["text"], "utf-8")).faults_found)
        gold = set(case["faults_found"])
        tp, fp, fn = tp + len(found & gold), fp + len(found - gold), fn + len(gold - found)
    assert len(cases) == 48
    assert 2 * tp / (2 * tp + fp + fn) >= 0.85
