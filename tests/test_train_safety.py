"""Training never loses the previous model: locks, kills mid-run, concurrent runs."""

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from classifier.errors import ModelError
from classifier.persistence import MODEL_FILE, model_dir_lock, save_model_dir
from classifier.trained import load_trained_model
from classifier.training_data import default_train_path
from tests.conftest import first_documents


@pytest.fixture()
def old_model(tmp_path, shipped_model):
    out = tmp_path / "model"
    save_model_dir(shipped_model.faults.estimators(), shipped_model.card, out)
    return out


def _subset(tmp_path, n_docs=40):
    return first_documents(default_train_path(), n_docs, tmp_path / "train.jsonl")


def test_second_writer_is_refused_while_the_lock_is_held(tmp_path, old_model):
    from classifier.train import train_model

    with model_dir_lock(old_model):
        with pytest.raises(ModelError, match="another `classify train`"):
            train_model(data=_subset(tmp_path), out_dir=old_model)
    assert load_trained_model(old_model).card == json.loads((old_model / "model.json").read_text())


def test_killed_training_leaves_the_old_model_intact(tmp_path, old_model):
    before = (old_model / MODEL_FILE).read_bytes()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "classifier.cli",
            "train",
            "--data",
            str(_subset(tmp_path, 120)),
            "--out",
            str(old_model),
            "--quiet",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    time.sleep(4)
    assert proc.poll() is None, "training finished before it could be killed"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert (old_model / MODEL_FILE).read_bytes() == before
    load_trained_model(old_model)  # still loads
    # The lock died with the process: a new run may start at once.
    with model_dir_lock(old_model):
        pass
