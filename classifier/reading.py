"""Read input sources (plain text, HTML or PDF files, or standard input) and decode them.

Plain text is decoded as UTF-8 (with or without a BOM), as UTF-16 when it starts with a
UTF-16 BOM, and otherwise as Windows-1252 (Latin-1 if it has bytes Windows-1252 leaves
undefined). Other line breaks that ``str.splitlines`` knows (a lone CR, form feed, U+2028...)
are replaced by ``\\n`` one character for one (CRLF is kept), so paragraph offsets found in
``SourceText.text`` are also offsets into the decoded text. HTML (decoded the same way; a
``<meta charset>`` is not consulted) is reduced to its decision text by
:mod:`classifier.html_text`, PDF by :mod:`classifier.pdf_text`; for those, offsets refer to
the extracted text in ``SourceText.text``.

Every problem is an :class:`InputError` with a one-line message naming the source.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from classifier.errors import InputError, input_error

STDIN = "-"
STDIN_NAME = "<stdin>"
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
SUFFIXES = (".txt", ".html", ".htm", ".pdf")
HTML_SUFFIXES = (".html", ".htm")

_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_UTF32_BOMS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")
_TRUNCATED_UTF8 = "truncated UTF-8 file (incomplete character at the end)"
_TRUNCATED_UTF16 = "truncated UTF-16 file (incomplete character at the end)"
_DECODED_NON_ASCII = re.compile("[\u0080-\udc7f\udd00-\U0010ffff]")
_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")
_CP1252_UNDEFINED = re.compile(b"[\x81\x8d\x8f\x90\x9d]")
_LINE_BREAKS = re.compile("[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_LONE_CR = re.compile("\r(?!\n)")
_HTML_START = re.compile(
    r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html[\s>])",
    re.IGNORECASE | re.DOTALL,
)


@dataclass(frozen=True)
class SourceText:
    """A decoded input: where it came from, its text, the encoding used and its format.

    ``encoding`` is the character encoding of the bytes ("utf-8", "utf-8-sig", "utf-16",
    "cp1252" or "latin-1"), or "pdf" for text extracted from a PDF. ``format`` is "text",
    "html" or "pdf".
    """

    source: str
    text: str
    encoding: str
    format: str = "text"


@dataclass(frozen=True)
class ReadError:
    """A source that could not be read, as reported by :func:`iter_sources_safe`."""

    source: str
    message: str


def _truncated_utf8(data: bytes, error: UnicodeDecodeError) -> bool:
    """Whether the first UTF-8 error is an incomplete sequence at the very end of a file that
    is otherwise UTF-8: it has other multi-byte characters, or the fragment is 2+ bytes long.
    A single lead byte ending an ASCII file is more likely Windows-1252 (``café`` as E9)."""
    if error.end != len(data) or error.reason != "unexpected end of data":
        return False
    return len(data) - error.start > 1 or any(byte >= 0x80 for byte in data[: error.start])


def _mostly_utf8(data: bytes) -> bool:
    """Whether ``data`` has more well-formed multi-byte UTF-8 characters than invalid bytes:
    then it is UTF-8 text with damaged or foreign bytes rather than Windows-1252 text."""
    escaped = data.decode("utf-8", "surrogateescape")  # invalid bytes become U+DC80-U+DCFF
    invalid = sum(1 for _ in _ESCAPED_BYTE.finditer(escaped))
    return sum(1 for _ in _DECODED_NON_ASCII.finditer(escaped)) > invalid


def _decode_utf16(data: bytes, source: str) -> str:
    if len(data) % 2:
        raise input_error(source, "truncated UTF-16 file (odd number of bytes)")
    try:
        return data.decode("utf-16")
    except UnicodeDecodeError as exc:
        if exc.reason in ("unexpected end of data", "truncated data"):
            raise input_error(source, _TRUNCATED_UTF16) from None
        problem = f"undecodable UTF-16 ({exc.reason} at byte {exc.start})"
        raise input_error(source, problem) from None


def decode_bytes(data: bytes, source: str) -> tuple[str, str]:
    """Decode ``data``; return ``(text, encoding)``. A leading BOM is not part of ``text``."""
    if data.startswith(_UTF32_BOMS):
        raise input_error(source, "UTF-32 text is not supported (save it as UTF-8)")
    if data.startswith(_UTF16_BOMS):
        text = _decode_utf16(data, source)
        if "\x00" in text:
            raise input_error(source, "binary file (UTF-16 with NUL characters)")
        return text, "utf-16"
    if b"\x00" in data:
        raise input_error(source, "binary file (contains NUL bytes; UTF-16 text needs a BOM)")
    if data.startswith(_UTF8_BOM):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            if exc.reason == "unexpected end of data":
                raise input_error(source, _TRUNCATED_UTF8) from None
            problem = f"undecodable UTF-8 after BOM ({exc.reason} at byte {exc.start + 3})"
            raise input_error(source, problem) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        if _truncated_utf8(data, exc):
            raise input_error(source, _TRUNCATED_UTF8) from None
        if _mostly_utf8(data):
            byte = f"0x{data[exc.start]:02X} at byte {exc.start}"
            problem = f"undecodable: mixed encodings (UTF-8 text with invalid byte {byte})"
            raise input_error(source, problem) from None
    if _CP1252_UNDEFINED.search(data):
        return data.decode("latin-1"), "latin-1"
    return data.decode("cp1252"), "cp1252"


def normalise_line_breaks(text: str) -> str:
    """Replace lone CRs and other line separators by ``\\n``, keeping every offset."""
    return _LINE_BREAKS.sub("\n", _LONE_CR.sub("\n", text))


def looks_like_html(text: str) -> bool:
    """Whether ``text`` starts like an HTML document (``<!DOCTYPE html`` or ``<html``)."""
    return _HTML_START.match(text[:4096]) is not None


def _read_limited(stream: BinaryIO, source: str, max_bytes: int) -> bytes:
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise input_error(source, f"larger than the size limit of {max_bytes:,} bytes")
    return data


def _read_bytes(path: str, max_bytes: int) -> tuple[bytes, str]:
    """Return the raw bytes of ``path`` (or standard input) and the name to report."""
    if path == STDIN:
        return _read_limited(sys.stdin.buffer, STDIN_NAME, max_bytes), STDIN_NAME
    file = Path(path)
    if not file.exists():
        raise input_error(path, "no such file")
    if file.is_dir():
        raise input_error(path, "is a directory")
    try:
        with file.open("rb") as stream:
            return _read_limited(stream, path, max_bytes), path
    except OSError as exc:
        raise input_error(path, f"cannot read ({exc.strerror or exc})") from None


def source_from_bytes(
    data: bytes, source: str, suffix: str = "", max_bytes: int = DEFAULT_MAX_BYTES
) -> SourceText:
    """Turn the raw bytes of one input into a :class:`SourceText`.

    The format comes from the content (``%PDF-``, a leading ``<!DOCTYPE html``/``<html``) or
    else from ``suffix`` (".pdf", ".html", ".htm"); anything else is plain text.
    """
    if not data:
        raise input_error(source, "empty file")
    if suffix == ".pdf" or data.startswith(b"%PDF-"):
        from classifier.pdf_text import pdf_to_text

        text = pdf_to_text(data, source, max_bytes)
        return SourceText(source=source, text=text, encoding="pdf", format="pdf")
    text, encoding = decode_bytes(data, source)
    text = normalise_line_breaks(text.lstrip("\ufeff"))
    if suffix in HTML_SUFFIXES or looks_like_html(text):
        from classifier.html_text import html_to_text

        text = html_to_text(text)
        if not text.strip():
            raise input_error(source, "no text found in the HTML")
        return SourceText(source=source, text=text, encoding=encoding, format="html")
    if not text.strip():
        raise input_error(source, "file contains only whitespace")
    return SourceText(source=source, text=text, encoding=encoding)


def read_source(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> SourceText:
    """Read one file (or ``-`` for standard input) of at most ``max_bytes`` and decode it."""
    data, source = _read_bytes(path, max_bytes)
    suffix = "" if path == STDIN else Path(path).suffix.lower()
    return source_from_bytes(data, source, suffix, max_bytes)


def _expand(path: str) -> list[str]:
    """A directory's sorted input files (not hidden ones); any other path as given."""
    directory = Path(path)
    if path == STDIN or not directory.is_dir():
        return [path]
    files = sorted(
        str(file)
        for file in directory.iterdir()
        if file.suffix.lower() in SUFFIXES and not file.name.startswith(".") and file.is_file()
    )
    if not files:
        raise input_error(path, "directory has no *.txt, *.html, *.htm or *.pdf files")
    return files


def expand_paths(paths: Iterable[str]) -> list[str]:
    """Expand directories to their sorted ``*.txt``/``*.html``/``*.htm``/``*.pdf`` files."""
    return [file for path in paths for file in _expand(path)]


def iter_sources(paths: Iterable[str], max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[SourceText]:
    """Read each of ``paths`` (after directory expansion) in order; stop at the first error."""
    for path in expand_paths(paths):
        yield read_source(path, max_bytes)


def iter_sources_safe(
    paths: Iterable[str], max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[SourceText | ReadError]:
    """Like :func:`iter_sources`, but yield a :class:`ReadError` for each path (or directory)
    that cannot be read and go on with the rest."""
    for path in paths:
        try:
            files = _expand(path)
        except InputError as exc:
            yield ReadError(source=path, message=str(exc))
            continue
        for file in files:
            try:
                yield read_source(file, max_bytes)
            except InputError as exc:
                yield ReadError(source=STDIN_NAME if file == STDIN else file, message=str(exc))
