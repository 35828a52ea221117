"""Benchmark ``classify`` on this machine and print a table of results and ratios.

Run from the repository root (a few minutes; plain Python, nothing to install beyond the
project)::

    python benchmarks/bench.py

It builds a corpus of at least 5,000 documents by repeating and varying the seed texts and
the committed training documents (other names, numbers and dates; a paragraph dropped and
one borrowed from another document), then measures, in one run:

1. floor: spaCy ``blank("en")`` tokenisation alone of the corpus (docs/s, in memory); also
   with ``nlp.pipe(n_process=2)``, how much faster two processes tokenising at once are
   than one (what the machine can give a two-process run at that moment), and the rate of
   the spaCy pipeline the project requires (tokeniser, lookup lemmatizer, sentencizer)
   with no features, model or analysis after it: the most ``--jobs 1`` could reach;
2. ``classify predict DIR --output FILE`` throughput with ``--jobs 1`` and ``--jobs 2``:
   docs/s between a run of the first ``--small`` documents and a run of all of them, so
   that start-up (imports, model, worker processes) is left out; the CPU time per document
   (all processes) the same way; end-to-end times too;
3. cold start of ``classify predict one.txt`` (a 29,000-character seed decision; also a
   2,900-character one) against ``python -c "import spacy, sklearn"``;
4. ``classify --help`` wall time;
5. ``classify train`` on the committed training data;
6. peak RSS of the ``--jobs 1`` run over the whole corpus (and of the small run, to show
   memory does not grow with the number of documents).

Each ``classify`` command runs as a fresh process of this checkout (``PYTHONPATH`` is set
to the repository root). Start-up times are medians of 5 runs; batch runs are repeated
``--repeats`` times (default 1, so that the whole benchmark stays under 5 minutes) and the
median is taken.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "tests" / "data" / "seeds"
DOCUMENTS = ROOT / "training_data" / "documents.jsonl"
LETTERS = "BCDEFGHJKLMNPQRSTUVWXYZ"


def load_pool() -> list[str]:
    """The texts the corpus is made from: the seeds and the training documents."""
    pool = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    with DOCUMENTS.open(encoding="utf-8") as lines:
        pool += [json.loads(line)["text"] for line in lines]
    return pool


def vary(text: str, pool: list[str], rng: random.Random) -> str:
    """Another document like ``text``: new party letters and numbers, one paragraph swapped."""
    text = re.sub(
        r"\b(Mr|Mrs|Ms|Miss|Dr) [A-Z]\b",
        lambda m: f"{rng.choice(['Mr', 'Mrs', 'Ms', 'Miss'])} {rng.choice(LETTERS)}",
        text,
    )
    text = re.sub(r"\d+", lambda m: str(rng.randrange(10 ** len(m.group()))), text)
    lines = text.split("\n")
    if len(lines) > 8:
        del lines[rng.randrange(3, len(lines))]
        borrowed = [line for line in rng.choice(pool).split("\n") if len(line) > 80]
        if borrowed:
            lines.insert(rng.randrange(3, len(lines)), rng.choice(borrowed))
    return "\n".join(lines)


def make_corpus(directory: Path, n_docs: int) -> list[Path]:
    """Write ``n_docs`` documents: the pool once as is, then varied copies."""
    pool = load_pool()
    directory.mkdir(parents=True)
    paths = []
    for i in range(n_docs):
        base = pool[i % len(pool)]
        text = base if i < len(pool) else vary(base, pool, random.Random(i))
        path = directory / f"doc{i:05d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def classify_command() -> list[str]:
    """The ``classify`` console script of this interpreter, or an equivalent command."""
    script = Path(sys.executable).with_name("classify")
    if script.exists():
        return [sys.executable, str(script)]
    return [sys.executable, "-c", "import sys; from classifier.cli import main; sys.exit(main())"]


class Run(NamedTuple):
    """A finished command: wall time, CPU time (with its worker processes), peak RSS."""

    wall: float
    cpu: float
    rss_mb: float


def run(command: list[str], env: dict[str, str]) -> Run:
    """Run ``command`` to completion and measure it."""
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)  # usage includes reaped worker processes
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"command failed ({process.returncode}): {' '.join(command)}")
    return Run(elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def tokenise(texts: list[str], n_process: int = 1, required: bool = False) -> float:
    """Docs/s of a fresh ``spacy.blank("en")`` tokenising ``texts``.

    With ``required``, a fresh copy of the whole spaCy pipeline the project must run instead
    (blank English with the lookup lemmatizer and the sentencizer,
    :func:`classifier.preprocess.get_nlp`), and nothing after it.
    """
    import spacy

    if required:
        from classifier.preprocess import get_nlp

        get_nlp.cache_clear()  # a new pipeline, with an empty tokeniser cache like the floor's
        nlp = get_nlp()
    else:
        nlp = spacy.blank("en")
    start = time.perf_counter()
    for _doc in nlp.pipe(texts, batch_size=256, n_process=n_process):
        pass
    return len(texts) / (time.perf_counter() - start)


def _tokenise_files(directory: str) -> float:
    return tokenise([p.read_text(encoding="utf-8") for p in sorted(Path(directory).iterdir())])


def parallel_capacity(directory: Path) -> float:
    """Docs/s of two processes tokenising at once over one process alone, right now.

    The most any two-process run can gain on this machine at this moment (other programs
    may be using a core).
    """
    with ProcessPoolExecutor(2) as pool:
        alone = pool.submit(_tokenise_files, str(directory)).result()
        both = list(pool.map(_tokenise_files, [str(directory)] * 2))
    return sum(both) / alone


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=5000, help="corpus size (default 5000)")
    parser.add_argument("--small", type=int, default=500, help="small run size (default 500)")
    parser.add_argument("--repeats", type=int, default=1, help="runs per batch measurement")
    parser.add_argument("--skip-train", action="store_true", help="do not time training")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))  # this checkout's package, as the commands below use

    work = Path(tempfile.mkdtemp(prefix="classify-bench-"))
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CLASSIFY_CACHE_DIR": str(work / "cache")}
    classify = classify_command()
    load_before = os.getloadavg()
    started = time.perf_counter()
    try:
        paths = make_corpus(work / "all", args.docs)
        small = work / "small"
        small.mkdir()
        for path in paths[: args.small]:
            os.link(path, small / path.name)
        one = str(paths[2])  # a seed decision of 29,000 characters
        short = str(paths[1])  # a seed decision of 2,900 characters
        texts = [p.read_text(encoding="utf-8") for p in paths]

        floor = statistics.median(tokenise(texts) for _ in range(max(args.repeats, 3)))
        required = statistics.median(
            tokenise(texts, required=True) for _ in range(max(args.repeats, 3))
        )
        floor_n2 = tokenise(texts, n_process=2)
        capacity = parallel_capacity(work / "all")

        cold, cold_short, imports, helps = [], [], [], []
        for _ in range(max(args.repeats, 5)):
            imports.append(run([sys.executable, "-c", "import spacy, sklearn"], env).wall)
            cold.append(run([*classify, "predict", one, "--format", "jsonl"], env).wall)
            cold_short.append(run([*classify, "predict", short, "--format", "jsonl"], env).wall)
            helps.append(run([*classify, "--help"], env).wall)

        runs: dict[tuple[int, str], list[Run]] = {}
        for _ in range(args.repeats):
            for jobs in (1, 2):
                for name, directory in (("small", small), ("all", work / "all")):
                    out = work / f"out-{jobs}-{name}.jsonl"
                    command = [*classify, "predict", str(directory), "-o", str(out)]
                    result = run([*command, "--jobs", str(jobs), "--quiet"], env)
                    runs.setdefault((jobs, name), []).append(result)
        if (work / "out-1-all.jsonl").read_bytes() != (work / "out-2-all.jsonl").read_bytes():
            raise SystemExit("--jobs 2 output differs from --jobs 1")

        train = None
        if not args.skip_train:
            command = [*classify, "train", "--out", str(work / "model"), "--quiet"]
            train = run(command, env).wall
    finally:
        shutil.rmtree(work, ignore_errors=True)

    wall = {key: statistics.median(r.wall for r in rs) for key, rs in runs.items()}
    cpu = {key: statistics.median(r.cpu for r in rs) for key, rs in runs.items()}
    rss = {key: max(r.rss_mb for r in rs) for key, rs in runs.items()}
    extra = args.docs - args.small
    rate = {j: extra / (wall[(j, "all")] - wall[(j, "small")]) for j in (1, 2)}
    cpu_ms = {j: 1000 * (cpu[(j, "all")] - cpu[(j, "small")]) / extra for j in (1, 2)}
    end_to_end = {j: args.docs / wall[(j, "all")] for j in (1, 2)}
    cold_ratio = statistics.median(cold) / statistics.median(imports)
    rows = [
        ("tokenisation floor, spacy.blank('en')", f"{floor:.0f} docs/s", "", ""),
        ("  same with nlp.pipe(n_process=2)", f"{floor_n2:.0f} docs/s", "", ""),
        ("  2 processes tokenising at once", "", f"{capacity:.2f}x 1 process", ""),
        (
            "  required spaCy pipeline alone (+ lemmatizer, sentencizer)",
            f"{required:.0f} docs/s",
            f"{required / floor:.2f}x floor",
            "",
        ),
        (
            "predict --jobs 1 throughput",
            f"{rate[1]:.0f} docs/s",
            f"{rate[1] / floor:.2f}x floor",
            _check(rate[1] / floor >= 0.5, ">= 0.5x"),
        ),
        (
            "predict --jobs 2 throughput",
            f"{rate[2]:.0f} docs/s",
            f"{rate[2] / rate[1]:.2f}x jobs 1",
            _check(rate[2] / rate[1] >= 1.6, ">= 1.6x"),
        ),
        (
            "  CPU time per document, --jobs 1 / 2",
            f"{cpu_ms[1]:.2f} / {cpu_ms[2]:.2f} ms",
            f"{cpu_ms[2] / cpu_ms[1]:.2f}x",
            "",
        ),
        (
            f"  end to end, {args.docs} docs, --jobs 1",
            f"{wall[(1, 'all')]:.1f} s ({end_to_end[1]:.0f} docs/s)",
            f"{end_to_end[1] / floor:.2f}x floor",
            "",
        ),
        (
            f"  end to end, {args.docs} docs, --jobs 2",
            f"{wall[(2, 'all')]:.1f} s ({end_to_end[2]:.0f} docs/s)",
            f"{end_to_end[2] / end_to_end[1]:.2f}x jobs 1",
            "",
        ),
        ("import spacy, sklearn", f"{statistics.median(imports):.2f} s", "", ""),
        (
            "cold predict one.txt",
            f"{statistics.median(cold):.2f} s",
            f"{cold_ratio:.2f}x import",
            _check(cold_ratio < 1.3, "< 1.3x"),
        ),
        (
            "  cold predict, a 2,900-character decision",
            f"{statistics.median(cold_short):.2f} s",
            f"{statistics.median(cold_short) / statistics.median(imports):.2f}x import",
            "",
        ),
        (
            "classify --help",
            f"{statistics.median(helps):.2f} s",
            "",
            _check(statistics.median(helps) < 0.3, "< 0.3 s"),
        ),
        ("classify train", f"{train:.1f} s" if train else "skipped", "", ""),
        (
            f"peak RSS, --jobs 1, {args.docs} docs",
            f"{rss[(1, 'all')]:.0f} MB",
            f"{args.small} docs: {rss[(1, 'small')]:.0f} MB",
            _check(rss[(1, "all")] < 500, "< 500 MB"),
        ),
    ]
    print(f"\n{platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} CPUs")
    print(
        f"load average before/after: {load_before[0]:.2f} / {os.getloadavg()[0]:.2f}; "
        f"corpus {args.docs} docs, small run {args.small}, medians of {args.repeats}; "
        f"benchmark took {time.perf_counter() - started:.0f} s\n"
    )
    print("| measurement | value | ratio | target |")
    print("|---|---|---|---|")
    for measurement, value, ratio, target in rows:
        print(f"| {measurement} | {value} | {ratio} | {target} |")


def _check(ok: bool, target: str) -> str:
    return f"{target} {'met' if ok else 'NOT met'}"


if __name__ == "__main__":
    main()
