"""Extract the text of a decision from an HTML page with the standard library's parser.

The result has one paragraph per line, like the text versions of decisions:

- block elements (``p``, ``div``, ``h1``-``h6``, ``li``, ``tr``...) and ``br`` end a line;
  other whitespace is collapsed to single spaces as a browser does (``pre`` keeps its breaks);
- list items get the marker a browser shows and the text versions carry: ``"1. "`` (counting
  from ``start``/``value``) in an ``ol``, ``"• "`` in a ``ul``, so a saved page and its text
  version give the same paragraphs;
- ``head``, ``script``, ``style``, ``nav``, ``header``, ``footer``, ``noscript``, ``form``,
  ``button`` and similar are dropped with everything inside them, as are elements that are
  hidden or whose ``id``/``class``/``role`` marks them as cookie banners, breadcrumbs, skip or
  share links, and ``#top``/``javascript:`` links; finally every line that
  :func:`classifier.boilerplate.is_boilerplate` recognises is dropped.

The parser works on a flat stream of tags with an explicit stack, so deeply nested or
malformed markup (unclosed or stray tags) cannot recurse or fail, and its time stays linear in
the input (see ``_TextExtractor.close``).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser

from classifier.boilerplate import is_boilerplate

_SKIP_TAGS = frozenset(
    {
        "head",
        "title",
        "script",
        "style",
        "template",
        "nav",
        "header",
        "footer",
        "noscript",
        "form",
        "button",
        "select",
        "textarea",
        "svg",
        "iframe",
        "object",
        "canvas",
    }
)
_VOID_TAGS = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    }
)
_BLOCK_TAGS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "caption",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hgroup",
        "hr",
        "html",
        "legend",
        "li",
        "main",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    }
)
_SKIP_ROLES = frozenset({"navigation", "banner", "contentinfo", "search", "alertdialog"})
_SKIP_WORDS = frozenset(
    {"cookie", "cookies", "consent", "gdpr", "breadcrumb", "breadcrumbs", "share", "sharing"}
)
_SKIP_NAMES = frozenset({"skiplink", "skiptocontent", "skiptomain", "backtotop"})
_NAME_SPLIT = re.compile(r"[-_:]+")
_SPACES = re.compile(r"[ \t\n\r\f]+")
_RUNS_OF_SPACES = re.compile(r" {2,}")
_NUMBER = re.compile(r"-?\d{1,9}")


@dataclass
class _Element:
    """An open element: its tag, whether it is dropped, and list state for ``ol``/``ul``."""

    tag: str
    skipped: bool
    ordered: bool = False
    next_number: int = 1


def _number(value: str | None) -> int | None:
    if value is None or not _NUMBER.fullmatch(value.strip()):
        return None
    return int(value.strip())


def _is_furniture(tag: str, attrs: dict[str, str | None]) -> bool:
    """Whether an element is page furniture to drop with its content."""
    if tag in _SKIP_TAGS or "hidden" in attrs:
        return True
    if (attrs.get("aria-hidden") or "").lower() == "true":
        return True
    if (attrs.get("role") or "").lower() in _SKIP_ROLES:
        return True
    href = (attrs.get("href") or "").strip().lower()
    if tag == "a" and (href == "#top" or href.startswith("javascript:")):
        return True
    for name in f"{attrs.get('id') or ''} {attrs.get('class') or ''}".lower().split():
        words = [word for word in _NAME_SPLIT.split(name) if word]
        if "".join(words) in _SKIP_NAMES or _SKIP_WORDS.intersection(words):
            return True
    return False


class _TextExtractor(HTMLParser):
    """Collects the visible decision text of a page as lines."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._stack: list[_Element] = []
        self._open = Counter[str]()
        self._skipping = 0
        self._pre = 0
        self._lists: list[_Element] = []
        self._marker = ""  # list marker waiting for the item's first text

    def _break(self) -> None:
        if not self._skipping:
            self.parts.append("\n")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        skipped = _is_furniture(tag, attributes)
        if tag in _BLOCK_TAGS or tag == "br":
            self._break()
        if tag in _VOID_TAGS:
            return
        element = _Element(tag, skipped)
        self._push(element)
        if self._skipping:
            return
        if tag in ("ol", "ul"):
            element.ordered = tag == "ol"
            start = _number(attributes.get("start"))
            element.next_number = 1 if start is None else start
            self._lists.append(element)
        elif tag == "li" and self._lists:
            self._list_marker(self._lists[-1], _number(attributes.get("value")))

    def _list_marker(self, owner: _Element, value: int | None) -> None:
        if not owner.ordered:
            self._marker = "• "
            return
        number = owner.next_number if value is None else value
        owner.next_number = number + 1
        self._marker = f"{number}. "

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS or tag == "br":
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if tag == "br":
            self._break()
            return
        if not self._open[tag]:
            return
        while True:
            element = self._pop()
            if element.tag == tag:
                break
        if tag in _BLOCK_TAGS:
            self._break()

    def handle_data(self, data: str) -> None:
        if self._skipping:
            return
        if self._marker and not data.isspace():
            self.parts.append(self._marker)
            self._marker = ""
        if self._pre:
            self.parts.append(data.replace("\r\n", "\n").replace("\r", "\n"))
        else:
            self.parts.append(_SPACES.sub(" ", data))

    def _push(self, element: _Element) -> None:
        self._stack.append(element)
        self._open[element.tag] += 1
        self._skipping += element.skipped
        self._pre += element.tag == "pre"

    def _pop(self) -> _Element:
        element = self._stack.pop()
        self._open[element.tag] -= 1
        self._skipping -= element.skipped
        self._pre -= element.tag == "pre"
        if self._lists and self._lists[-1] is element:
            self._lists.pop()
        if element.tag == "li":
            self._marker = ""
        return element

    def close(self) -> None:
        """End the input. An unterminated tag, comment or script left at the end is dropped,
        as an HTML5 parser drops it, rather than rescanned: ``HTMLParser.close`` rescans the
        rest of the input from each such ``<`` (quadratic in Python before 3.13.4)."""
        if self.rawdata.startswith("<") or self.cdata_elem:
            self.rawdata = ""
        super().close()

    def parse_marked_section(self, i: int, report: int = 1) -> int:
        """Treat an unknown ``<![...`` section as a bogus comment, as HTML5 does."""
        try:
            return super().parse_marked_section(i, report)
        except AssertionError:
            return self.parse_bogus_comment(i, report)


def html_to_text(html: str) -> str:
    """Return the decision text of ``html``: one paragraph per line, furniture removed."""
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    lines = (_RUNS_OF_SPACES.sub(" ", line.strip()) for line in "".join(parser.parts).split("\n"))
    kept = [line for line in lines if line and not is_boilerplate(line)]
    return "\n".join(kept) + "\n" if kept else ""
