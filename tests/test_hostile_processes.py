"""Hostile batch processes: a worker killed mid-run, a record that swallows its timeout, a record
that hangs. Every run finishes with every record present, in input order, only the bad ones
marked. The workers are forked from this process, so a patched ``Cleaner._clean`` (what
``clean`` and ``clean_many`` both run) reaches them."""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from cleaner import Cleaner, Result
from cleaner.batch.run import BatchOptions, run_batch
from conftest import within

BOUND = 60.0
BODY = "The vote was close, said the clerk of the council."


@pytest.fixture
def hostile(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Pages that misbehave in the worker that cleans them: ``kill`` kills its worker every
    time, ``kill-once`` only the first time, ``swallow`` catches its timeout and goes on for
    20 s, ``hang`` sleeps past any limit, ``raise`` raises."""
    real = Cleaner._clean
    marker = tmp_path / "killed-once"

    def clean(self: Cleaner, text: str | bytes, **kwargs: Any) -> Result:
        if text == "kill" or (text == "kill-once" and not marker.exists()):
            marker.touch()
            os.kill(os.getpid(), signal.SIGKILL)
        if text == "swallow":
            end = time.monotonic() + 20
            while time.monotonic() < end:
                try:
                    time.sleep(0.05)
                except BaseException:  # as a careless extractor would: nothing gets out
                    pass
        if text == "hang":  # as code looping in C would: no alarm gets through
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
            time.sleep(3600)
        if text == "wait-for-kill" and not (tmp_path / "worker.pid").exists():
            (tmp_path / "worker.pid.tmp").write_text(str(os.getpid()))
            (tmp_path / "worker.pid.tmp").rename(tmp_path / "worker.pid")
            time.sleep(60)  # until the test kills this worker from outside
        if text == "raise":
            raise RuntimeError("no article here")
        return real(self, text, **kwargs)

    monkeypatch.setattr(Cleaner, "_clean", clean)
    return tmp_path


def _run(folder: Path, texts: list[str], **options: Any) -> list[dict[str, Any]]:
    source = folder / "in.jsonl"
    source.write_text("".join(json.dumps({"id": n, "text": t}) + "\n" for n, t in enumerate(texts)), encoding="utf-8")
    summary = within(BOUND, lambda: run_batch(str(source), str(folder / "out.jsonl"), BatchOptions(**options)))
    rows = [json.loads(line) for line in (folder / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert summary.records == len(texts) == len(rows)
    assert [row["id"] for row in rows] == list(range(len(texts)))
    return rows


def _errors(rows: list[dict[str, Any]]) -> dict[int, str]:
    for row in rows:
        if "error" not in row:
            assert row["clean_text"] == row["text"]
    return {row["id"]: row["error"] for row in rows if "error" in row}


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_killed_worker_costs_only_its_record(hostile: Path, jobs: int) -> None:
    texts = [BODY] * 40
    texts[5], texts[22] = "kill", "kill-once"
    rows = _run(hostile, texts, jobs=jobs)
    assert _errors(rows) == {5: "its worker process died (exit code -9) while cleaning it"}
    assert rows[22]["clean_text"] == "kill-once"


def test_a_worker_killed_from_outside_costs_nothing(hostile: Path) -> None:
    """As the OOM killer would: SIGKILL from another process. The chunk runs again, record by
    record, and this time the record is cleaned."""
    killed: list[int] = []

    def killer() -> None:
        pid_file = hostile / "worker.pid"
        end = time.monotonic() + BOUND
        while not pid_file.exists() and time.monotonic() < end:
            time.sleep(0.05)
        killed.append(int(pid_file.read_text()))
        os.kill(killed[0], signal.SIGKILL)

    thread = threading.Thread(target=killer, daemon=True)
    thread.start()
    texts = [BODY] * 40
    texts[20] = "wait-for-kill"
    rows = _run(hostile, texts, jobs=2, timeout=0)
    thread.join(1)
    assert killed and _errors(rows) == {}
    assert rows[20]["clean_text"] == "wait-for-kill"


def test_a_record_that_swallows_its_timeout_is_stopped_from_outside(hostile: Path) -> None:
    texts = [BODY] * 8
    texts[3], texts[6] = "swallow", "hang"
    start = time.monotonic()
    rows = _run(hostile, texts, jobs=2, timeout=1.5)
    assert _errors(rows) == {3: "timed out after 1.5 s (its worker was stopped)",
                             6: "timed out after 1.5 s (its worker was stopped)"}
    assert time.monotonic() - start < 19  # not the 20 s that the swallowing record wanted


def test_repeated_mode_loses_only_the_bad_records(hostile: Path) -> None:
    texts = [BODY] * 30
    texts[2], texts[9], texts[25] = "kill", "raise", "hang"
    rows = _run(hostile, texts, jobs=2, timeout=2, repeated=True)
    assert _errors(rows) == {2: "its worker process died (exit code -9) while cleaning it",
                             9: "cleaning failed: RuntimeError: no article here",
                             25: "timed out after 2 s (its worker was stopped)"}
