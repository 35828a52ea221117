"""HTML pages give the decision text: same paragraphs as the text version, no furniture.

List markers: the text versions of decisions carry the markers a browser shows ("1." in
numbered paragraphs, "•" in bullet lists), and the classifier is trained on them, so the HTML
extractor writes the same markers for ``<ol><li>`` and ``<ul><li>``. A saved page must
therefore give exactly the text version's paragraphs, markers included, minus the furniture
(lines that ``is_boilerplate`` recognises, such as "Back to top").
"""

from __future__ import annotations

import html
import re
import textwrap
import time
from pathlib import Path

import pytest

from classifier.boilerplate import is_boilerplate
from classifier.errors import InputError
from classifier.html_text import html_to_text
from classifier.reading import read_source
from classifier.segment import segment

SEEDS = Path(__file__).parent / "data" / "seeds"
SEED_002 = SEEDS / "002_d974820b931dba70.txt"

_ITEM = re.compile(r"( *)(?:(\d+)\.|•) (.*)")
_META = re.compile(r"(Category|Decision|Decision date) : (.*)")

PAGE_HEAD = """<!DOCTYPE html>
<html lang="en-GB">
<head>
  <meta charset="utf-8">
  <title>{title} - Local Government and Social Care Ombudsman</title>
  <style>body {{ font-family: Arial; }} .ccc-hidden {{ display: none; }}</style>
  <script>window.dataLayer = window.dataLayer || []; if (a < b) {{ gtag('js'); }}</script>
</head>
<body id="top">
<a class="skip-link" href="#main">Skip to main content</a>
<div class="cookie-notice" role="region">
  <p>We use cookies to make this site work. <a href="/cookies">Find out more</a></p>
  <button type="button">I'm fine with this</button>
</div>
<header class="site-header">
  <a href="/"><img src="/logo.svg" alt="Local Government and Social Care Ombudsman"></a>
  <nav aria-label="Main"><ul>
    <li><a href="/make-a-complaint">Make a complaint</a></li>
    <li><a href="/decisions">Decisions</a></li>
    <li><a href="/news">News</a></li>
  </ul></nav>
  <form action="/search"><input type="text" name="q"><button>Search</button></form>
</header>
<main id="main">
<nav class="breadcrumbs"><ol><li><a href="/">Home</a></li><li>Decisions</li></ol></nav>
<article class="decision">
"""

PAGE_TAIL = """</article>
<p class="print"><a href="javascript:window.print()">Print this page</a></p>
<div class="share-this-page"><h2>Share this page</h2><a href="#">Twitter</a></div>
</main>
<footer><img src="/lgo.png" alt="LGO logogram"><p>Copyright Local Government Ombudsman</p>
  <ul><li><a href="/privacy">Privacy</a></li>
    <li><a href="/accessibility">Accessibility</a></li></ul>
</footer>
<div id="ccc">
  <h2>Review your privacy settings</h2>
  <h3>Required cookies</h3>
  <p>These cookies enable the website to function properly. You can only disable these by
     changing your browser preferences, but this will affect how the website performs.</p>
  <a class="ccc-link" href="/cookies#required">View required cookies</a>
  <h3>Analytical cookies</h3>
  <p>Google Analytics cookies help us improve the performance of the website by
     understanding how visitors use the site.<br>We recommend you set these 'ON'.</p>
  <a class="ccc-link" href="/cookies#analytics">View analytical cookies</a>
  <p>In using Google Analytics, we do not collect or store personal information.</p>
  <h2>Privacy settings</h2>
</div>
<noscript><p>Please enable JavaScript.</p></noscript>
<script>var config = {"text": "</div><p>not text</p>"};</script>
</body>
</html>
"""


def _inline(text: str) -> str:
    """Escape ``text`` for HTML, using named entities for some characters, wrapped as in a
    page's source so that whitespace must be collapsed."""
    escaped = html.escape(text, quote=False).replace("’", "&rsquo;").replace("£", "&pound;")
    return "\n      ".join(
        textwrap.wrap(escaped, 90, break_long_words=False, break_on_hyphens=False)
    )


def _close_lists(out: list[str], lists: list[list], level: int) -> None:
    while lists and lists[-1][0] >= level:
        out.append(f"</li></{lists.pop()[1]}>")


def lgsco_page(text: str) -> str:
    """Build an LGSCO decision page (header, nav, cookie banners, ``<h2>`` headings,
    ``<ol>``/``<ul>`` paragraphs, "Back to top" links, footer) from a decision's text."""
    lines = [line.rstrip() for line in text.splitlines() if line.strip()]
    body = lines[: lines.index("Print this page")] if "Print this page" in lines else lines
    out = [PAGE_HEAD.format(title=html.escape(body[0])), f"<h1>{html.escape(body[0])}</h1>"]
    lists: list[list] = []  # open lists: [indentation level, "ol" or "ul", items so far]
    for line in body[1:]:
        item = _ITEM.fullmatch(line)
        if item is None:
            _close_lists(out, lists, 0)
            out.append(_block(line.strip()))
            continue
        level = len(item.group(1)) // 2
        kind = "ol" if item.group(2) else "ul"
        _close_lists(out, lists, level + 1)
        if lists and lists[-1][:2] == [level, kind]:
            out.append("</li>")
        else:
            _close_lists(out, lists, level)
            out.append(f'<{kind} class="decision-paragraphs">')
            lists.append([level, kind, 0])
        lists[-1][2] += 1
        number = int(item.group(2) or lists[-1][2])
        value = f' value="{number}"' if number != lists[-1][2] else ""
        lists[-1][2] = number
        out.append(f"<li{value}>\n      {_inline(item.group(3))}")
    _close_lists(out, lists, 0)
    out.append(PAGE_TAIL)
    return "\n".join(out)


def _block(line: str) -> str:
    meta = _META.fullmatch(line)
    if meta:
        return f'<p class="meta"><strong>{meta.group(1)} :</strong> {_inline(meta.group(2))}</p>'
    if line == "Back to top":
        return '<p class="back-to-top"><a href="#top">Back to top</a></p>'
    if len(line) < 80 and not line.endswith("."):
        return f"<h2>{_inline(line)}</h2>"
    return f"<p>\n  {_inline(line)}\n</p>"


def _paragraphs(text: str) -> list[str]:
    return [p.text for p in segment(text)]


def _page_paragraphs(seed: Path, folder: Path) -> tuple[list[str], list[str]]:
    """The seed's substantive paragraphs and those read back from its page."""
    text = seed.read_text(encoding="utf-8")
    page = folder / "decision.html"
    page.write_text(lgsco_page(text), encoding="utf-8")
    source = read_source(str(page))
    assert (source.format, source.encoding) == ("html", "utf-8")
    expected = [paragraph for paragraph in _paragraphs(text) if not is_boilerplate(paragraph)]
    return expected, _paragraphs(source.text)


def test_saved_lgsco_page_gives_the_text_versions_paragraphs(tmp_path: Path) -> None:
    expected, extracted = _page_paragraphs(SEED_002, tmp_path)
    assert extracted == expected
    assert extracted[7].startswith("1. Mrs X complains about the actions of children services")
    assert "• Pay Mrs X £500 to recognise the loss of opportunity" in "\n".join(extracted)
    assert extracted[-1] == "Investigator's decision on behalf of the Ombudsman"


@pytest.mark.parametrize("seed", sorted(SEEDS.glob("*.txt")), ids=lambda path: path.name)
def test_every_seed_survives_the_round_trip_through_html(seed: Path, tmp_path: Path) -> None:
    expected, extracted = _page_paragraphs(seed, tmp_path)
    assert extracted == expected


def test_page_structure_is_really_used() -> None:
    page = lgsco_page(SEED_002.read_text(encoding="utf-8"))
    for fragment in ("<ol", "<ul", "<h2>", "&rsquo;", "&pound;", "Back to top</a>"):
        assert fragment in page
    assert "1. Mrs X" not in page and "• The Council" not in page and "value=" not in page


def test_html_detected_from_content_in_a_txt_file(tmp_path: Path) -> None:
    path = tmp_path / "saved.txt"
    path.write_text("\n<!DOCTYPE html><html><body><p>Decision text.</p></body></html>")
    source = read_source(str(path))
    assert (source.format, source.text) == ("html", "Decision text.\n")


def test_html_without_doctype_in_htm_file_in_cp1252(tmp_path: Path) -> None:
    path = tmp_path / "decision.htm"
    path.write_bytes(b"<p>Pay Mrs X \xa3300.</p><p>Caf\xe9&nbsp;&amp; co</p>")
    source = read_source(str(path))
    assert source.encoding == "cp1252"
    assert source.text == "Pay Mrs X £300.\nCafé\xa0& co\n"


@pytest.mark.parametrize(
    "markup",
    [
        "<script>text</script>",
        "<style>p {}</style>",
        "<nav>text</nav>",
        "<header>text</header>",
        "<footer>text</footer>",
        "<noscript>text</noscript>",
        "<form>text<input></form>",
        "<button>text</button>",
        "<div hidden>text</div>",
        '<span aria-hidden="true">text</span>',
        '<div id="cookie-banner"><p>text</p></div>',
        '<section class="consent gdpr">text</section>',
        '<ol class="breadcrumb"><li>text</li></ol>',
        '<div role="navigation">text</div>',
        '<a href="#top">text</a>',
        '<a href="javascript:window.print()">text</a>',
        '<div class="share"><p>text</p></div>',
    ],
)
def test_furniture_elements_are_dropped(markup: str) -> None:
    assert html_to_text(f"<p>Kept {markup}</p><p>Also kept</p>") == "Kept\nAlso kept\n"


def test_blocks_breaks_whitespace_and_entities() -> None:
    markup = (
        "<h2>The  complaint</h2><p>Mrs X\n   says<br>the Council&rsquo;s <b>delay</b>"
        "&#8230;</p><div><span>A</span> <span>B</span></div><table><tr><td>1</td><td>2</td>"
        "</tr></table><pre>line one\n  line two</pre>"
    )
    assert html_to_text(markup) == (
        "The complaint\nMrs X says\nthe Council’s delay…\nA B\n1\n2\nline one\nline two\n"
    )


def test_list_markers_follow_start_value_and_nesting() -> None:
    markup = (
        '<ol start="4"><li>Four<ul><li>Bullet<ol><li>Inner</li></ol></li></ul></li>'
        '<li>Five<li value="9">Nine</li><li>Ten</ol><li>Loose</li>'
        '<ol start="x"><li>One</li></ol><ol start="0"><li>Zero</li></ol>'
        "<ul><li> <p>\n In a paragraph</p></li><li></li><li><div><b>Bold</b> item</div></ul>"
        "<ol><li> </li></ol><p>After</p>"
    )
    assert html_to_text(markup) == (
        "4. Four\n• Bullet\n1. Inner\n5. Five\n9. Nine\n10. Ten\nLoose\n1. One\n0. Zero\n"
        "• In a paragraph\n• Bold item\nAfter\n"
    )


def test_deeply_nested_html_does_not_recurse() -> None:
    depth = 20_000
    markup = "<html><body>" + "<div><span>" * depth + "Deep text" + "</span></div>" * depth
    assert html_to_text(markup) == "Deep text\n"
    unclosed = "<div><p><b><i>" * depth + "Still here"
    assert html_to_text(unclosed) == "Still here\n"


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ("<p>One</div></span></p></p><p>Two", "One\nTwo\n"),
        ("<p>Text <b>bold <i>both</b> after</i></p>", "Text bold both after\n"),
        ("<p>Before</p><!-- unterminated comment <p>lost</p>", "Before\n"),
        ("<p>Before</p><a href='unterminated", "Before\n"),
        ("<p>Before</p><script>never closed", "Before\n"),
        ("<p>A</p><![if !IE]><p>B</p><![endif]><![weird stuff]><p>C</p>", "A\nB\nC\n"),
        ("<p>5 < 6 & 7 > 3 &bogus; &#99999999;</p>", "5 < 6 & 7 > 3 &bogus; \ufffd\n"),
        ("<<<>>><p>x</p></>", "<<<>>>\nx\n"),
        ("<html><body></body></html>", ""),
    ],
)
def test_malformed_html(markup: str, expected: str) -> None:
    assert html_to_text(markup) == expected


@pytest.mark.parametrize(
    "markup", ["<!--" * 50_000, "<a" * 50_000, "</" * 50_000, "<?" * 50_000, "<![x" * 50_000]
)
def test_pathological_markup_is_fast(markup: str) -> None:
    started = time.perf_counter()
    html_to_text("<html><p>x</p>" + markup)
    assert time.perf_counter() - started < 5


def test_page_with_no_text_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_text("<!DOCTYPE html><html><head><title>T</title></head><body> </body></html>")
    with pytest.raises(InputError, match=r"empty\.html: no text found in the HTML"):
        read_source(str(path))
