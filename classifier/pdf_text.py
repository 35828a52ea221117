"""Extract the text of a decision from a PDF with pypdf (an optional dependency).

Text is extracted page by page. A PDF has no paragraphs, only lines placed on a page, so the
lines of a paragraph wrapped by the layout are joined back with a conservative rule: a line is
joined to the next one only when it is long (at least 60% of the page's longest line) and the
next line neither starts a list item ("1.", "•", "-", "(a)") nor, after a line that ends a
sentence, starts with a capital, digit or quote. When in doubt lines stay separate: a
paragraph split in two is less harmful to paragraph tagging than two paragraphs run together.
Afterwards amounts under a million that extraction split after the thousands comma
(``£1, 500``) are rejoined (``£1,500``). Offsets refer to this extracted text.
"""

from __future__ import annotations

import io
import re

from classifier.errors import InputError, input_error

_WRAP_RATIO = 0.6
_LIST_ITEM = re.compile(r"(\d{1,3}[.)]|[•▪◦·*\-–]|\(?[a-z]{1,4}\)|\([0-9]{1,3}\))\s")
_SENTENCE_END = re.compile(r"[.!?:;)\"”’]$")
_NEW_SENTENCE = re.compile(r"[A-Z0-9\"“‘'(£]")
_SPLIT_AMOUNT = re.compile(r"(£\d{1,3}), (\d{3})(?![\d,])")


def _continues(line: str, following: str, width: int) -> bool:
    """Whether ``following`` continues the paragraph that ``line`` is part of."""
    if not line or not following or len(line) < _WRAP_RATIO * width:
        return False
    if _LIST_ITEM.match(following):
        return False
    return not (_SENTENCE_END.search(line) and _NEW_SENTENCE.match(following))


def join_wrapped_lines(page_text: str) -> str:
    """Join the lines of ``page_text`` that a page layout broke inside a paragraph."""
    lines = [" ".join(line.split()) for line in page_text.splitlines()]
    width = max((len(line) for line in lines), default=0)
    joined: list[str] = []
    previous = ""
    for line in lines:
        if _continues(previous, line, width):
            joined[-1] += line if previous.endswith("-") else " " + line
        else:
            joined.append(line)
        previous = line
    return "\n".join(line for line in joined if line)


def repair_split_amounts(text: str) -> str:
    """Rejoin money amounts split after a thousands comma: ``£1, 500`` -> ``£1,500``."""
    return _SPLIT_AMOUNT.sub(r"\1,\2", text)


def pdf_to_text(data: bytes, source: str, max_chars: int) -> str:
    """Return the text of the PDF in ``data``, one paragraph per line."""
    try:
        from pypdf import PdfReader
    except ImportError:
        raise input_error(
            source, "reading PDF files needs pypdf (pip install 'lgsco-classify[pdf]')"
        ) from None
    pages: list[str] = []
    size = 0
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise input_error(source, "the PDF is encrypted")
        for page in reader.pages:
            text = join_wrapped_lines(page.extract_text() or "")
            size += len(text)
            if size > max_chars:
                raise input_error(source, f"text of the PDF exceeds {max_chars:,} characters")
            pages.append(text)
    except InputError:
        raise
    except Exception as exc:  # pypdf raises many exception types on damaged files
        problem = str(exc)[:200].strip() or type(exc).__name__
        raise input_error(source, f"unreadable PDF ({problem})") from None
    text = repair_split_amounts("\n".join(page for page in pages if page))
    if not text.strip():
        raise input_error(source, "no extractable text in the PDF (a scanned image?)")
    return text + "\n"
