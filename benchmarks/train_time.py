"""How long `classify train` takes to retrain on the whole committed training data.

Runs the real command (interpreter start, imports, preprocessing, both model choices with
5-fold grouped cross-validation, held-out evaluation of the new and the current model, saving)
in a subprocess pinned to ``--cpus`` CPUs, first with an empty preprocessing cache and then
with a warm one. The output goes to a copy of the shipped model, so the shipped model is never
touched; ``--force`` makes sure the run always finishes with a save.

Training is single-process, so on an otherwise idle machine the wall time is about the CPU
time; when other work competes for the CPUs (see the load average printed) the wall time is
longer and the CPU time is the better measure of the cost.

    python benchmarks/train_time.py [--cpus 2] [--budget 30]

Exits with status 1 when a run takes longer than the budget (wall time).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRAIN = "from classifier.cli import main; main()"


def timed_train(model_dir: Path, cache: Path, cpus: int) -> tuple[float, float]:
    """Wall and CPU seconds of one `classify train --out model_dir --force -q` on ``cpus``."""
    env = {**os.environ, "CLASSIFY_CACHE_DIR": str(cache), "PYTHONPATH": str(ROOT)}
    cpu_set = range(min(cpus, os.cpu_count() or cpus))
    pin = (lambda: os.sched_setaffinity(0, cpu_set)) if hasattr(os, "sched_setaffinity") else None
    command = [sys.executable, "-c", TRAIN, "train", "--out", str(model_dir), "--force", "-q"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL, preexec_fn=pin)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return wall, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cpus", type=int, default=2, help="CPUs to pin the run to")
    parser.add_argument("--budget", type=float, default=30.0, help="seconds allowed per run")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from classifier.persistence import DEFAULT_MODEL_DIR
    from classifier.training_data import DEFAULT_DIR, read_examples

    examples = read_examples(DEFAULT_DIR)
    documents = len({e.doc_id for e in examples if not e.synthetic})
    synthetic = sum(e.synthetic for e in examples)
    print(
        f"classify train on {DEFAULT_DIR.name}/ ({len(examples)} paragraphs: {documents} "
        f"documents and {synthetic} synthetic paragraphs) pinned to {args.cpus} of "
        f"{os.cpu_count()} CPUs"
    )
    with tempfile.TemporaryDirectory() as tmp:
        model_dir, cache = Path(tmp) / "model", Path(tmp) / "cache"
        shutil.copytree(DEFAULT_MODEL_DIR, model_dir)
        times = {
            "empty preprocessing cache": timed_train(model_dir, cache, args.cpus),
            "warm preprocessing cache": timed_train(model_dir, cache, args.cpus),
        }
    for name, (wall, cpu) in times.items():
        print(f"  {name:<26} wall {wall:5.1f} s   CPU {cpu:5.1f} s")
    print(f"load average during the runs: {os.getloadavg()[0]:.1f}")
    slowest = max(wall for wall, _ in times.values())
    verdict = "within" if slowest <= args.budget else "OVER"
    print(f"slowest {slowest:.1f} s: {verdict} the {args.budget:.0f} s budget")
    return 0 if slowest <= args.budget else 1


if __name__ == "__main__":
    sys.exit(main())
