"""Fuzz the input layer with random and mutated inputs; any failure but ``InputError`` is a crash.

Writes ``--count`` inputs (random bytes, truncated seeds, seeds in other or mixed encodings,
NUL bytes, byte mutations, huge lines, deeply nested and malformed HTML, damaged PDFs, files
over the size limit) to a temporary directory and calls ``TARGET`` on each path. A clean
:class:`classifier.errors.InputError` is the expected answer to bad input; any other exception
is counted as a crash. Prints a summary and exits 1 if anything crashed.

``TARGET`` (default :func:`read_and_predict`, the whole pipeline) is the function under test; pass
``--target module:function`` to fuzz another one, e.g. the whole predict pipeline.

Usage: ``PYTHONPATH=. python benchmarks/fuzz_inputs.py [--count 1000] [--seed 0] [--keep DIR]``
"""

from __future__ import annotations

import argparse
import functools
import importlib
import logging
import math
import random
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from classifier.analyse import Analyzer
from classifier.errors import InputError
from classifier.reading import DEFAULT_MAX_BYTES, read_source
from classifier.segment import segment
from classifier.trained import load_trained_model

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.pdf_fixtures import minimal_pdf  # noqa: E402

SEEDS = Path(__file__).resolve().parents[1] / "tests" / "data" / "seeds"


def read_and_segment(path: str) -> object:
    """Read ``path`` and split it into paragraphs, checking the offsets of every paragraph."""
    text = read_source(path).text
    paragraphs = segment(text)
    for paragraph in paragraphs:
        assert paragraph.text and paragraph.text == paragraph.text.strip()
        assert text[paragraph.start : paragraph.end] == paragraph.text
    return paragraphs


@functools.cache
def _analyzer() -> Analyzer:
    return Analyzer(load_trained_model())


def read_and_predict(path: str) -> object:
    """The whole predict pipeline on ``path``, checking offsets, scores and amounts."""
    source = read_source(path)
    result = _analyzer().analyse(source)
    for paragraph in result.paragraphs:
        assert source.text[paragraph.start : paragraph.end] == paragraph.text
        assert all(0.0 <= s <= 1.0 for s in paragraph.scores.values())
    for remedy in result.remedies:
        assert math.isfinite(remedy.amount) and remedy.amount >= 0
    return result


TARGET: Callable[[str], object] = read_and_predict

Generator = Callable[[random.Random, list[str]], tuple[bytes, str]]


def _seed(rng: random.Random, seeds: list[str]) -> str:
    return rng.choice(seeds)


def random_bytes(rng: random.Random, seeds: list[str]) -> tuple[bytes, str]:
    return rng.randbytes(rng.choice([0, 1, 2, 3, 17, 512, 4096, 65536])), ".txt"


def random_high_bytes(rng: random.Random, seeds: list[str]) -> tuple[bytes, str]:
    """Printable text with random bytes 0x80-0xFF: the Windows-1252/Latin-1 paths."""
    alphabet = list(range(32, 127)) + [10, 13] + list(range(0x80, 0x100))
    return bytes(rng.choice(alphabet) for _ in range(rng.randint(1, 3000))), ".txt"


def truncated_seed(rng: random.Random, seeds: list[str]) -> tuple[bytes, str]:
    data = _seed(rng, seeds).encode(rng.choice(["utf-8", "utf-8-sig", "utf-16"]))
    return data[: rng.randint(0, len(data))], ".txt"


def seed_in_encoding(rng: random.Random, seeds: list[str]) -> tuple[bytes, str]:
    codec = rng.choice(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1252"])
    return _seed(rng, seeds).encode(codec, errors="replace"), rng.choice([".txt", ".TXT", ""])


def mixed_encodings(rng: random.Random, seeds: list[str]) -> tuple[bytes, str]:
    text = _seed(rng, seeds)
    codecs = ["utf-8", "cp1252", "latin-1"] + (["utf-16"] if rng.random() < 0.1 else [])
    parts = [
        text[i : i + 200].encode(rng.choice(codecs), "replace") for i in range(0, len(text), 200)
    ]
    return b"".join(parts), ".txt"


def nul_bytes(rng: random.Random, seeds: list[str]) -> tuple[bytes, str]:
    data = bytearray(_seed(rng, seeds).encode())
    for _ in range(rng.randint(1, 5)):
        data.insert(rng.randint(0, len(data)), 0)
    return bytes(data), rng.choice([".txt", ".html"])


def mutated_seed(rng: random.Random, seeds: list[str]) -> tuple[bytes, str]:
    """A seed with random bytes replaced, inserted or deleted."""
    data = bytearray(_seed(rng, seeds).encode())
    for _ in range(rng.randint(1, 50)):
        position = rng.randrange(len(data))
        action = rng.randrange(3)
        if action == 0:
            data[position] = rng.randrange(256)
        elif action == 1:
            data.insert(position, rng.randrange(256))
        else:
            del data[position]
    return bytes(data), ".txt"


def odd_line_breaks(rng: random.Random, seeds: list[str]) -> tuple[bytes, str]:
    breaks = ["\r\n", "\r", "\x0c", "\u2028", "\x85", "\n\n\n", " \t \n"]
    text = "".join(rng.choice(breaks) if c == "\n" else c for c in _seed(rng, seeds))
    return text.encode(rng.choice(["utf-8", "utf-16"])), ".txt"


def boms_and_blanks(rng: random.Random, seeds: list[str]) -> tuple[bytes, str]:
    prefix = rng.choice([b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00"])
    body = rng.choice([b"", b" ", b"\n\n", b"\t \r\n", b"\xa0", b"x", b"\x00", b"\xef\xbb\xbf"])
    return prefix * rng.randint(1, 3) + body * rng.randint(0, 100), rng.choice([".txt", ".html"])


def huge_line(rng: random.Random, seeds: list[str]) -> tuple[bytes, str]:
    words = _seed(rng, seeds).split()
    size = rng.choice([100_000, 1_000_000, 4_000_000])
    line = " ".join(rng.choice(words) for _ in range(size // 6))
    return line.encode(), rng.choice([".txt", ".html"])


def deep_html(rng: random.Random, seeds: list[str]) -> tuple[bytes, str]:
    depth = rng.choice([100, 1_000, 10_000, 50_000])
    tags = ["div", "span", "li", "ol", "ul", "p", "b", "table", "tr", "td", "pre", "section"]
    opened = [rng.choice(tags) for _ in range(depth)]
    closing = [f"</{tag}>" for tag in reversed(opened)] if rng.random() < 0.5 else []
    rng.shuffle(closing)
    page = "<!DOCTYPE html><html><body>" + "".join(f"<{tag}>" for tag in opened)
    return (page + "Deep decision text." + "".join(closing)).encode(), ".html"


_HTML_PIECES = [
    "<div>", "</div>", "<p>", "</p>", "<ol start='3'>", "<li value='x'>", "</li>", "<ul>",
    "<script>", "</script>", "<style>", "<!--", "-->", "<![CDATA[", "]]>", "<![if IE]>",
    "<![bogus", "<?xml", "<!doctype html>", "<a href='#top'>", '<a href="', "'", '"', "<",
    ">", "</", "&", "&amp", "&#", "&#x110000;", "&nbsp;", "<br/>", "<nav>", "<div hidden>",
    "<pre>", "</pre>", "\n", "\r", " ", "Text", "£500", "’",
]  # fmt: skip


def malformed_html(rng: random.Random, seeds: list[str]) -> tuple[bytes, str]:
    pieces = [rng.choice(_HTML_PIECES) for _ in range(rng.randint(1, 5000))]
    if rng.random() < 0.5:
        pieces.insert(0, "<!DOCTYPE html><html><body>")
    return "".join(pieces).encode(rng.choice(["utf-8", "cp1252"]), "replace"), ".html"


def seed_page(rng: random.Random, seeds: list[str]) -> tuple[bytes, str]:
    """A seed as an HTML page, cut or with markup inserted at random places."""
    paragraphs = "".join(f"<p>{line}</p>\n" for line in _seed(rng, seeds).splitlines())
    page = bytearray(f"<!DOCTYPE html><html><body><main>{paragraphs}</main>".encode())
    for _ in range(rng.randint(0, 20)):
        page[rng.randint(0, len(page)) : 0] = rng.choice(_HTML_PIECES).encode()
    return bytes(page[: rng.randint(1, len(page))]), rng.choice([".html", ".htm", ".txt"])


def damaged_pdf(rng: random.Random, seeds: list[str]) -> tuple[bytes, str]:
    data = bytearray(minimal_pdf([_seed(rng, seeds).splitlines()[: rng.randint(0, 60)]]))
    mode = rng.randrange(3)
    if mode == 0:
        data = data[: rng.randint(0, len(data))]
    elif mode == 1:
        for _ in range(rng.randint(1, 20)):
            data[rng.randrange(len(data))] = rng.randrange(256)
    return bytes(data), rng.choice([".pdf", ".pdf", ".txt"])


def oversize(rng: random.Random, seeds: list[str]) -> tuple[bytes, str]:
    return b"x" * (DEFAULT_MAX_BYTES + rng.randint(1, 1000)), ".txt"


GENERATORS: list[tuple[Generator, int]] = [
    (random_bytes, 10),
    (random_high_bytes, 8),
    (truncated_seed, 10),
    (seed_in_encoding, 8),
    (mixed_encodings, 8),
    (nul_bytes, 6),
    (mutated_seed, 10),
    (odd_line_breaks, 5),
    (boms_and_blanks, 6),
    (huge_line, 2),
    (deep_html, 5),
    (malformed_html, 10),
    (seed_page, 8),
    (damaged_pdf, 8),
]


def _load_target(spec: str) -> Callable[[str], object]:
    module, _, name = spec.partition(":")
    return getattr(importlib.import_module(module), name)


def fuzz(target: Callable[[str], object], count: int, seed: int, folder: Path) -> int:
    """Run ``target`` on ``count`` generated inputs in ``folder``; return the number of crashes."""
    rng = random.Random(seed)
    seeds = [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]
    functions = [function for function, _ in GENERATORS]
    weights = [weight for _, weight in GENERATORS]
    big = min(2, count)  # two files over the size limit, at the end
    plan = [rng.choices(functions, weights)[0] for _ in range(count - big)] + [oversize] * big
    outcomes: Counter[tuple[str, str]] = Counter()
    crashes: list[str] = []
    slowest: list[tuple[float, str]] = []
    for number, generator in enumerate(plan):
        data, suffix = generator(rng, seeds)
        path = folder / f"{number:04d}_{generator.__name__}{suffix}"
        path.write_bytes(data)
        started = time.perf_counter()
        try:
            target(str(path))
            outcome = "ok"
        except InputError:
            outcome = "input_error"
        except Exception:  # anything else is what the fuzzer is looking for
            outcome = "crash"
            crashes.append(f"{path.name}: {traceback.format_exc(limit=-3)}")
        slowest.append((time.perf_counter() - started, path.name))
        outcomes[(generator.__name__, outcome)] += 1
        if generator is oversize or generator is huge_line:
            path.unlink()
    _report(outcomes, crashes, sorted(slowest, reverse=True)[:5], count)
    return len(crashes)


def _report(
    outcomes: Counter[tuple[str, str]],
    crashes: list[str],
    slowest: list[tuple[float, str]],
    count: int,
) -> None:
    print(f"{'generator':20} {'ok':>6} {'input_error':>12} {'crash':>6}")
    for name in sorted({name for name, _ in outcomes}):
        ok, errors, crashed = (outcomes[(name, kind)] for kind in ("ok", "input_error", "crash"))
        print(f"{name:20} {ok:6} {errors:12} {crashed:6}")
    totals = Counter()
    for (_, kind), number in outcomes.items():
        totals[kind] += number
    print(
        f"{count} inputs: {totals['ok']} read, {totals['input_error']} clean InputError, "
        f"{totals['crash']} crashes"
    )
    print("slowest: " + ", ".join(f"{name} {seconds:.2f}s" for seconds, name in slowest))
    for crash in crashes:
        print("CRASH " + crash, file=sys.stderr)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", type=Path, help="write the inputs here and keep them")
    parser.add_argument("--target", help="module:function to call instead of read_and_predict")
    args = parser.parse_args()
    target = _load_target(args.target) if args.target else TARGET
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)  # damaged PDFs make pypdf chatty
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        crashes = fuzz(target, args.count, args.seed, args.keep)
    else:
        with tempfile.TemporaryDirectory(prefix="fuzz_inputs_") as folder:
            crashes = fuzz(target, args.count, args.seed, Path(folder))
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
