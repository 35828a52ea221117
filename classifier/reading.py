"""Read and decode input sources into text."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from classifier.errors import InputError

STDIN = "-"


@dataclass(frozen=True)
class SourceText:
    """A decoded input: where it came from, its text and the encoding used."""

    source: str
    text: str
    encoding: str


def decode_bytes(data: bytes, source: str) -> tuple[str, str]:
    """Decode ``data`` as UTF-8 (a BOM is dropped); return ``(text, encoding)``."""
    if data.startswith(b"\xef\xbb\xbf"):
        data, encoding = data[3:], "utf-8-sig"
    else:
        encoding = "utf-8"
    try:
        return data.decode("utf-8"), encoding
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{source}: not valid UTF-8 text ({exc.reason} at byte {exc.start})"
        ) from None


def read_source(path: str) -> SourceText:
    """Read one file (or ``-`` for standard input) and decode it."""
    if path == STDIN:
        data = sys.stdin.buffer.read()
        source = "<stdin>"
    else:
        file = Path(path)
        if not file.exists():
            raise InputError(f"{path}: no such file")
        if file.is_dir():
            raise InputError(f"{path}: is a directory")
        data = file.read_bytes()
        source = path
    text, encoding = decode_bytes(data, source)
    if not text.strip():
        raise InputError(f"{source}: empty file")
    return SourceText(source=source, text=text, encoding=encoding)


def expand_paths(paths: list[str]) -> list[str]:
    """Expand directories to their sorted ``*.txt`` files; keep files and ``-`` as given."""
    expanded: list[str] = []
    for path in paths:
        p = Path(path)
        if path != STDIN and p.is_dir():
            files = sorted(str(f) for f in p.glob("*.txt") if f.is_file())
            if not files:
                raise InputError(f"{path}: directory has no *.txt files")
            expanded.extend(files)
        else:
            expanded.append(path)
    return expanded


def iter_sources(paths: list[str]) -> Iterator[SourceText]:
    """Read each of ``paths`` (after directory expansion) in order."""
    for path in expand_paths(paths):
        yield read_source(path)
