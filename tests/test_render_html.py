"""The HTML page: parsed with the standard library and checked against the analysis."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest
from typer.testing import CliRunner

from classifier.analyse import Analyzer
from classifier.cli import app
from classifier.reading import SourceText, read_source
from classifier.render import get_renderer
from tests.conftest import SEED_DECISION, SEEDS

runner = CliRunner()
VOID = {"meta", "br", "hr", "img", "link", "input"}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list[Node | str] = field(default_factory=list)

    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def find_all(self, tag: str | None = None, cls: str | None = None) -> list[Node]:
        found = []
        for child in self.children:
            if isinstance(child, Node):
                if (tag is None or child.tag == tag) and (cls is None or cls in child.classes()):
                    found.append(child)
                found += child.find_all(tag, cls)
        return found


class TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_endtag(self, tag):
        assert self.stack[-1].tag == tag, f"</{tag}> closes <{self.stack[-1].tag}>"
        self.stack.pop()

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse(page: str) -> Node:
    builder = TreeBuilder()
    builder.feed(page)
    builder.close()
    assert builder.stack == [builder.root], "unclosed elements"
    return builder.root


def render_page(results) -> str:
    stream = io.StringIO()
    get_renderer("html")(results, stream)
    return stream.getvalue()


@pytest.fixture(scope="module")
def seed(shipped_model):
    return Analyzer(shipped_model, explain=True).analyse(read_source(str(SEED_DECISION)))


@pytest.fixture(scope="module")
def page(seed):
    text = render_page([seed])
    return text, parse(text)


def _paragraphs(root: Node) -> dict[int, Node]:
    return {int(n.attrs["id"].rsplit("-p", 1)[1]): n for n in root.find_all("div", "para")}


def test_page_is_self_contained(page):
    text, root = page
    assert text.startswith("<!DOCTYPE html>")
    assert not root.find_all("script") and not root.find_all("link") and not root.find_all("img")
    for node in root.find_all():
        assert "src" not in node.attrs
        assert node.attrs.get("href", "#").startswith("#")
    assert "url(" not in text and "@import" not in text


def test_every_paragraph_in_order_with_its_text(page, seed):
    nodes = _paragraphs(page[1])
    assert list(nodes) == [p.index for p in seed.paragraphs]
    for p in seed.paragraphs:
        (body,) = nodes[p.index].find_all("div", "text")
        text = body.text()
        for purpose in body.find_all("span", "purpose"):
            text = text.replace(purpose.text(), "")
        assert text == p.text


def test_labelled_paragraphs_are_highlighted_with_scores(page, seed):
    nodes = _paragraphs(page[1])
    labelled = seed.labelled_paragraphs()
    assert len(labelled) > 10
    for p in seed.paragraphs:
        node = nodes[p.index]
        assert set(node.attrs["data-labels"].split()) == set(p.labels)
        assert ("labelled" in node.classes()) == bool(p.labels)
        bars = node.find_all("span", "bars")[0].find_all("span")
        assert len(bars) == len(p.labels)
        tags = [t.text() for t in node.find_all("span", "tag")]
        assert sorted(tags) == sorted(f"{lab} {p.scores[lab]:.2f}" for lab in p.labels)
        for label, score in p.scores.items():
            assert f"{label} {score:.2f}" in node.attrs["title"]
        if p.labels:
            assert node.attrs["style"].startswith("background:#")


def test_findings_are_marked(page, seed):
    nodes = _paragraphs(page[1])
    for p in seed.paragraphs:
        badges = [b.text() for b in nodes[p.index].find_all("span", "finding")]
        expected = {"fault": ["fault found"], "no_fault": ["no fault"], "none": []}[p.finding]
        assert badges == expected
    assert any(p.finding == "fault" for p in seed.paragraphs)


def test_remedy_amount_highlighted_with_purposes(page, seed):
    (remedy,) = seed.remedies
    node = _paragraphs(page[1])[remedy.paragraph]
    (mark,) = node.find_all("mark", "remedy")
    assert mark.text() == "£500"
    assert "Mrs X" in mark.attrs["title"] and "distress" in mark.attrs["title"]
    purpose = node.find_all("span", "purpose")[0].text()
    assert all(p in purpose for p in remedy.purposes)


def test_summary_box(page):
    (summary,) = page[1].find_all("div", "summary")
    terms = [n.text() for n in summary.find_all("dt")]
    values = dict(zip(terms, summary.find_all("dd"), strict=True))
    assert values["Authority"].text() == "Royal Borough of Kensington & Chelsea"
    assert values["Reference"].text() == "20 000 636"
    assert values["Outcome"].text() == "Upheld"
    faults = {t.text() for t in values["Faults found"].find_all("span", "tag")}
    assert faults == {"complaint_handling", "contact", "delay", "record_keeping"}
    assert values["Remedy total"].text() == "£500"
    actions = [li.text() for li in values["Actions"].find_all("li")]
    assert "apology: within four weeks of the final decision (paragraph 151)" in actions
    ids = {node.attrs.get("id") for node in page[1].find_all()}
    links = [a.attrs["href"] for a in summary.find_all("a")]
    assert links and all(href[1:] in ids for href in links)


def test_explanations_are_shown_when_computed(page, seed):
    nodes = _paragraphs(page[1])
    p = next(p for p in seed.paragraphs if "delays in the Council responding" in p.text)
    (details,) = nodes[p.index].find_all("details", "why")
    text = details.text()
    assert "delay 1.00:" in text and "'delay' (delays)" in text


def test_text_is_escaped_and_documents_get_sections(analyzer):
    hostile = SourceText(
        source="<b>x</b>.txt",
        text='<script>alert("x")</script> The Council delayed & did not reply.\n',
        encoding="utf-8",
    )
    other = analyzer.analyse(read_source(str(SEEDS / "000_d197f903aaf74ad1.txt")))
    root = parse(render_page([analyzer.analyse(hostile), other]))
    assert not root.find_all("script") and not root.find_all("b")
    sections = root.find_all("section", "document")
    assert [s.attrs["id"] for s in sections] == ["doc1", "doc2"]
    assert '<script>alert("x")</script>' in sections[0].text()
    assert sections[0].find_all("h2")[0].text() == "<b>x</b>.txt"


def test_cli_html_output_file(tmp_path):
    out = tmp_path / "page.html"
    result = runner.invoke(
        app, ["predict", str(SEED_DECISION), "--format", "html", "--output", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    root = parse(out.read_text(encoding="utf-8"))
    assert len(root.find_all("section", "document")) == 1
    assert [p.name for p in tmp_path.iterdir()] == ["page.html"]


def test_cli_output_to_missing_directory_is_a_one_line_error(tmp_path):
    out = tmp_path / "no" / "page.html"
    result = runner.invoke(app, ["predict", str(SEED_DECISION), "-f", "html", "-o", str(out)])
    assert result.exit_code == 2
    assert "cannot write" in result.stderr


def test_cli_failed_run_leaves_no_output_file(tmp_path):
    out = tmp_path / "page.html"
    result = runner.invoke(app, ["predict", "no/such/file.txt", "-f", "html", "-o", str(out)])
    assert result.exit_code == 2
    assert list(tmp_path.iterdir()) == []
