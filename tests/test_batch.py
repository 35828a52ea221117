"""Batch prediction: fast path equals reference, parallel and Dask runs, resume, CSV, errors."""

import csv
import io
import json
import shutil

import pytest
from typer.testing import CliRunner

from classifier.batch import DEFAULT_CHUNK_SIZE, BatchOptions
from classifier.cli import app
from classifier.predict import predict_paths
from classifier.progress import Progress
from classifier.reading import SourceText, read_source
from classifier.render.csv import DOCUMENT_COLUMNS, row
from tests.conftest import SEEDS

runner = CliRunner()

#: Paragraphs exercising the neighbour rules of the fast featurizer.
EDGE_TEXT = """What happened
Mrs  X complained on 22 Dec 2020. Mr Y paid £1,500 on 3 March 2021; Dr
Mr
-----
The Council said: "We will reply." It did not. Miss A B C met Ms D.
Analysis
£ 2 000 and 1 2 3 dates 4 May 5 June 2020 2021 and Master Z... then. . end
"""


def _sources():
    seeds = [read_source(str(p)) for p in sorted(SEEDS.glob("*.txt"))]
    return [*seeds, SourceText(source="edge", text=EDGE_TEXT, encoding="utf-8")]


def test_analyse_batch_equals_analyse(analyzer):
    sources = _sources()
    batch = analyzer.analyse_batch(sources)
    assert [r.to_dict() for r in batch] == [analyzer.analyse(s).to_dict() for s in sources]


@pytest.fixture()
def corpus(tmp_path):
    """Twelve documents (seed copies) in a directory."""
    directory = tmp_path / "docs"
    directory.mkdir()
    seeds = sorted(SEEDS.glob("*.txt"))
    for i in range(12):
        shutil.copy(seeds[i % len(seeds)], directory / f"doc{i:02d}.txt")
    return directory


def _predict(*args):
    return runner.invoke(app, ["predict", *map(str, args)])


def test_jobs_2_equals_jobs_1_in_order(corpus, tmp_path):
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert _predict(corpus, "-o", one, "-j", "1").exit_code == 0
    result = _predict(corpus, "-o", two, "-j", "2", "--chunk-size", "2")
    assert result.exit_code == 0, result.output
    assert two.read_text() == one.read_text()
    sources = [json.loads(line)["source"] for line in one.read_text().splitlines()]
    assert sources == sorted(str(p) for p in corpus.glob("*.txt"))


def test_resume_skips_sources_already_written(corpus, tmp_path):
    full, partial = tmp_path / "full.jsonl", tmp_path / "partial.jsonl"
    assert _predict(corpus, "-o", full).exit_code == 0
    lines = full.read_text().splitlines(keepends=True)
    partial.write_text("".join(lines[:5]) + lines[5][:40])  # interrupted mid-line
    summary = predict_paths(
        [str(corpus)], None, "jsonl", io.StringIO(), output=partial, resume=True
    )
    assert (summary.skipped, summary.done, summary.failed) == (5, 7, 0)
    assert partial.read_text() == full.read_text()


def test_resume_csv_keeps_header_once(corpus, tmp_path):
    out = tmp_path / "out.csv"
    files = sorted(str(p) for p in corpus.glob("*.txt"))
    assert _predict(*files[:3], "-o", out).exit_code == 0
    assert _predict(*files, "-o", out, "--resume").exit_code == 0
    rows = list(csv.DictReader(out.open()))
    assert [r["source"] for r in rows] == files


def test_csv_row_counts_labelled_paragraphs(analyzer):
    result = analyzer.analyse(_sources()[2])
    values = row(result)
    labels = sorted(result.paragraphs[0].scores)
    document = ["source", "authority", "reference", "category", "outcome", "decision_date"]
    document += ["faults_found", "remedy_total", "remedy_amounts", "actions"]
    assert list(values) == [
        *document,
        "paragraphs",
        "labelled_paragraphs",
        *labels,
        "paragraph_labels",
    ]
    assert [key for key in values if key not in labels] == list(DOCUMENT_COLUMNS)
    assert values["paragraphs"] == len(result.paragraphs)
    assert values["labelled_paragraphs"] == len(result.labelled_paragraphs())
    for label in labels:
        assert values[label] == sum(label in p.labels for p in result.paragraphs)
    assert values["paragraph_labels"].split(";") == [lab for lab in labels if values[lab]]


def test_csv_row_of_the_seed_decision(analyzer):
    values = row(analyzer.analyse(read_source(str(SEEDS / "002_d974820b931dba70.txt"))))
    assert values["reference"] == "20 000 636"
    assert values["outcome"] == "Upheld"
    assert values["decision_date"] == "2020-12-22"
    assert values["remedy_total"] == 500.0
    assert values["remedy_amounts"] == "500"
    assert "contact" in values["faults_found"].split(";")


def test_csv_amounts_paid_to_each_of_several_people(analyzer):
    text = "Summary: The Council agreed to pay Mr and Mrs X £200 each for distress.\n"
    values = row(analyzer.analyse(SourceText("each", text, "utf-8")))
    assert (values["remedy_amounts"], values["remedy_total"]) == ("200x2", 400.0)


def test_resuming_a_csv_with_other_columns_is_refused(tmp_path):
    seed = sorted(SEEDS.glob("*.txt"))[0]
    out = tmp_path / "old.csv"
    out.write_text("source,faults_found,labels\nother.txt,delay,delay\n", encoding="utf-8")
    result = _predict(seed, "-o", out, "--resume")
    assert result.exit_code == 2
    assert "no 'authority'" in result.stderr and "cannot resume" in result.stderr
    assert out.read_text(encoding="utf-8").count("\n") == 2  # left as it was


def test_csv_actions_name_each_type_once_in_order_of_first_mention(analyzer):
    result = analyzer.analyse(read_source(str(SEEDS / "003_de584f88dbd5934b.txt")))
    types = [a.type for a in result.actions]
    assert len(types) > len(set(types))  # the seed repeats actions (summary, then actions)
    assert row(result)["actions"].split(";") == list(dict.fromkeys(types))


def test_missing_file_is_reported_and_skipped_with_exit_1(corpus):
    files = sorted(str(p) for p in corpus.glob("*.txt"))[:2]
    result = _predict(files[0], "no/such.txt", files[1], "--format", "csv")
    assert result.exit_code == 1
    assert result.stderr.strip() == "classify: error: no/such.txt: no such file"
    assert [r["source"] for r in csv.DictReader(io.StringIO(result.stdout))] == files


def test_bad_options_are_usage_errors(corpus):
    assert _predict(corpus, "--format", "xml").exit_code == 2
    result = _predict(corpus, "--resume")
    assert (result.exit_code, result.stderr) == (
        2,
        "classify: error: --resume needs --output FILE\n",
    )


def test_dask_local_cluster_gives_the_single_process_results(corpus):
    distributed = pytest.importorskip("distributed")
    expected, actual = io.StringIO(), io.StringIO()
    predict_paths([str(corpus)], None, "jsonl", expected)
    with distributed.LocalCluster(
        processes=False, n_workers=1, threads_per_worker=2, dashboard_address=None
    ) as cluster:
        options = BatchOptions(backend="dask", scheduler=cluster.scheduler_address, chunk_size=3)
        summary = predict_paths([str(corpus)], None, "jsonl", actual, options=options)
    assert summary.done == 12
    assert actual.getvalue() == expected.getvalue()


def test_progress_writes_docs_per_second_only_when_enabled():
    shown, hidden = io.StringIO(), io.StringIO()
    for stream, enabled in ((shown, True), (hidden, False)):
        progress = Progress(3, enabled=enabled, stream=stream)
        progress.advance(3)
        progress.close()
    assert shown.getvalue().startswith("\r3/3 documents, ")
    assert shown.getvalue().endswith(" docs/s\n")
    assert hidden.getvalue() == ""


def test_options_are_checked():
    with pytest.raises(Exception, match="needs --scheduler"):
        BatchOptions(backend="dask")
    assert BatchOptions(jobs=2, chunk_size=128).chunk_size_for(10) == 3
    assert BatchOptions().chunk_size_for(10_000) == DEFAULT_CHUNK_SIZE


def test_max_bytes_refuses_a_larger_file_and_goes_on(corpus):
    files = sorted(str(p) for p in corpus.glob("*.txt"))[:2]
    big = corpus / "big.txt"
    big.write_text("There was a delay. " * 2000, encoding="utf-8")
    result = _predict(files[0], big, files[1], "--format", "csv", "--max-bytes", "30000")
    assert result.exit_code == 1
    assert "big.txt" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert [r["source"] for r in csv.DictReader(io.StringIO(result.stdout))] == files


def test_the_output_suffix_chooses_the_format(tmp_path):
    seed = sorted(SEEDS.glob("*.txt"))[2]
    table, other = tmp_path / "out.txt", tmp_path / "out.results"
    assert _predict(seed, "-o", table).exit_code == 0
    assert "summary:" in table.read_text() and not table.read_text().startswith("{")
    assert _predict(seed, "-o", other).exit_code == 0
    assert json.loads(other.read_text().splitlines()[0])["source"] == str(seed)
