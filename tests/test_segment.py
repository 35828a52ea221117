from classifier.segment import segment
from tests.conftest import SEEDS


def test_paragraphs_are_stripped_non_blank_lines_with_exact_offsets():
    text = "Title\n\n  1. First para.  \r\n\t\n• Second\n"
    paragraphs = segment(text)
    assert [p.text for p in paragraphs] == ["Title", "1. First para.", "• Second"]
    for p in paragraphs:
        assert text[p.start : p.end] == p.text
    assert [p.index for p in paragraphs] == [0, 1, 2]


def test_offsets_slice_every_seed_exactly():
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        paragraphs = segment(text)
        assert paragraphs
        assert all(text[p.start : p.end] == p.text for p in paragraphs)


def test_segmentation_matches_the_labelled_corpus_offsets():
    import json

    from classifier.training_data import DEFAULT_DIR

    with (DEFAULT_DIR / "documents.jsonl").open(encoding="utf-8") as handle:
        for line in list(handle)[:60]:
            doc = json.loads(line)
            got = [(p.start, p.end) for p in segment(doc["text"])]
            assert got == [(p["start"], p["end"]) for p in doc["paragraphs"]], doc["doc_id"]
