"""Which paragraphs ``classify predict`` withholds labels from, and evaluation's use of it."""

from classifier.reading import SourceText
from classifier.segment import segment
from classifier.training_data import default_heldout_path, default_train_path, read_examples
from classifier.withholding import shown_rows, withholds_labels
from tests.conftest import SEED_DECISION, SEED_NEWS


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
    # A short heading line is withheld only under a decision header.
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
