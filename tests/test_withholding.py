"""Which paragraphs ``classify predict`` withholds labels from, and evaluation's use of it."""

from classifier.document_eval import read_documents
from classifier.evaluate import evaluate_model
from classifier.metadata import extract_metadata
from classifier.reading import SourceText
from classifier.segment import segment
from classifier.training_data import default_heldout_path, default_train_path, read_examples
from classifier.withholding import (
    decision_rows,
    is_decision,
    is_form_field,
    shown_rows,
    withholds_labels,
)
from tests.conftest import SEED_DECISION, SEED_NEWS, first_documents


def _paragraphs(path):
    return [p.text for p in segment(path.read_text(encoding="utf-8"))]


def test_a_decisions_headings_and_page_furniture_are_withheld():
    texts = _paragraphs(SEED_DECISION)
    shown = dict(zip(texts, shown_rows(texts, ["002"] * len(texts)), strict=True))
    assert not shown["Complaint handling"] and not shown["Back to top"]
    assert shown[next(t for t in texts if t.startswith("Summary:"))]


def test_a_news_headline_keeps_its_labels():
    texts = _paragraphs(SEED_NEWS)
    shown = shown_rows(texts, ["news"] * len(texts))
    assert shown[0] and texts[0].startswith("Council guilty of delays")
    assert not withholds_labels(texts[0], decision=False)
    byline = "By Adrian Zorzut, Local Democracy Reporter"  # heading-shaped, on a news page
    assert shown[texts.index(byline)]
    # Page furniture is withheld on any page; a short heading line only under a decision header.
    assert withholds_labels("Back to top", decision=False)
    assert not withholds_labels("Complaint handling", decision=False)
    assert withholds_labels("Complaint handling", decision=True)


def test_the_analyser_withholds_exactly_these_paragraphs(analyzer):
    """A real decision with topic headings appended (as full decisions have them): the
    analyser shows the model's labels on every paragraph but those :func:`shown_rows` marks."""
    text = SEED_DECISION.read_text(encoding="utf-8").rstrip("\n")
    text += "\nDelay\nRecord keeping\nDelays in responding to complaints"
    result = analyzer.analyse(SourceText(source="t", text=text, encoding="utf-8"))
    texts = [p.text for p in result.paragraphs]
    shown = shown_rows(texts, ["002"] * len(texts))
    thresholds = dict(zip(analyzer.model.labels, analyzer.model.faults.thresholds_, strict=True))
    pairs = list(zip(result.paragraphs, shown, strict=True))
    withheld_scores = [max(p.scores.values()) for p, is_shown in pairs if not is_shown]
    assert len(withheld_scores) >= 10 and max(withheld_scores) > 0.9  # "Delay" scores high
    for paragraph, is_shown in pairs:
        if not is_shown:
            assert paragraph.labels == [] and paragraph.finding == "none"
            continue
        # Scores are rounded to 4 places: compare with the thresholds a rounding step apart.
        surely = {lab for lab, s in paragraph.scores.items() if s >= thresholds[lab] + 1e-4}
        maybe = {lab for lab, s in paragraph.scores.items() if s >= thresholds[lab] - 1e-4}
        assert surely <= set(paragraph.labels) <= maybe


def test_no_labelled_paragraph_of_the_corpus_is_withheld():
    for path in (default_train_path(), default_heldout_path()):
        examples = read_examples(path)
        shown = shown_rows([e.text for e in examples], [e.doc_id for e in examples])
        assert (~shown).sum() > 500
        assert not [e.text for e, s in zip(examples, shown, strict=True) if not s and e.labels]


def test_evaluation_and_the_analyser_agree_on_every_corpus_document():
    """The analyser decides on a document's text; evaluation on its labelled paragraphs (in
    order, joined by line breaks). Both must withhold the same paragraphs everywhere."""
    records = read_documents(split=None)
    examples = read_examples(default_train_path()) + read_examples(default_heldout_path())
    by_doc: dict[str, list[str]] = {}
    for e in examples:
        by_doc.setdefault(e.doc_id, []).append(e.text)
    assert len(records) == len(by_doc)
    for record in records:
        texts = by_doc[record["doc_id"]]
        decision = is_decision(extract_metadata(record["text"]))
        expected = [
            not withholds_labels(p.text, decision=decision) for p in segment(record["text"])
        ]
        assert shown_rows(texts, [record["doc_id"]] * len(texts)).tolist() == expected


def test_evaluate_model_scores_every_part_as_shown(tmp_path, monkeypatch, shipped_model):
    """The held-out scoring, the learning curve and the cross-validation all get the rule."""
    import classifier.cross_validation
    import classifier.learning_curve

    test = read_examples(first_documents(default_heldout_path(), 3, tmp_path / "test.jsonl"))
    train = read_examples(first_documents(default_train_path(), 3, tmp_path / "train.jsonl"))
    received = {}

    def fake(name):
        def record(*args, **kwargs):
            received[name] = kwargs
            return {}

        return record

    monkeypatch.setattr(classifier.learning_curve, "learning_curve", fake("curve"))
    monkeypatch.setattr(classifier.cross_validation, "grouped_cross_validation", fake("cv"))
    evaluation = evaluate_model(
        shipped_model,
        data=tmp_path / "test.jsonl",
        train_data=tmp_path / "train.jsonl",
        with_learning_curve=True,
        cv_folds=2,
        n_resamples=10,
    )
    test_shown = shown_rows([e.text for e in test], [e.doc_id for e in test])
    train_shown = shown_rows([e.text for e in train], [e.doc_id for e in train])
    assert (~test_shown).sum() > 5 and (~train_shown).sum() > 5
    assert evaluation.predictions.shown.tolist() == test_shown.tolist()
    assert evaluation.withheld["paragraphs"] == (~test_shown).sum()
    assert list(received["curve"]["test_shown"]) == test_shown.tolist()
    assert list(received["cv"]["shown"]) == train_shown.tolist()
    train_decision = decision_rows([e.text for e in train], [e.doc_id for e in train])
    assert list(received["cv"]["decision"]) == train_decision.tolist()
    assert (
        evaluation.predictions.decision.tolist()
        == decision_rows([e.text for e in test], [e.doc_id for e in test]).tolist()
    )


def test_a_council_pages_form_fields_are_withheld_and_its_headlines_kept():
    """news-014 (a council committee report): its form fields are furniture; a headline
    with a colon keeps its labels."""
    examples = [e for e in read_examples(default_train_path()) if e.doc_id == "news-014"]
    texts = [e.text for e in examples]
    shown = dict(zip(texts, shown_rows(texts, ["news-014"] * len(texts)), strict=True))
    assert not shown["Report to:"] and not shown["Contact: 01803 861323"]
    assert withholds_labels("Meeting: 20/09/2024 - Cabinet (Item 54)", decision=False)
    for field in ("Report to :", "Report to：", "Wards Affected:", "Table of contents:-"):
        assert is_form_field(field), field
    headlines = [
        "Delays: 18 months' wait for care",
        "Delay: 18 Months' Wait For Care",
        "Complaint Handling: 6 Months Late",
        "Council at fault: ombudsman",
        "Council accepts fault:",
        "Complaint upheld:",
        "Late minutes:",
        "Lost records:",
        "The Council acknowledged the following:",
    ]
    for headline in headlines:
        assert not withholds_labels(headline, decision=False), headline


def test_no_labelled_paragraph_of_the_corpus_is_a_form_field():
    for path in (default_train_path(), default_heldout_path()):
        for example in read_examples(path):
            if is_form_field(example.text):
                assert not example.labels and example.finding in (None, "none"), example.text
