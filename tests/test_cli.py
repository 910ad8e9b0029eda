"""The command line: output formats, rule commands, exit codes and error messages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import SEED, expected_path

from cleaner.tools.cli import main


def test_clean_prints_the_body(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["clean", str(SEED)]) == 0
    assert capsys.readouterr().out == expected_path(SEED).read_text(encoding="utf-8")


def test_clean_json_and_explain(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["clean", str(SEED), "--format", "json", "--explain"]) == 0
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert data["text"] == expected_path(SEED).read_text(encoding="utf-8").rstrip("\n")
    assert data["metadata"]["author"] == "Brian Berletic"
    assert data["decisions"][0]["reason"] == "rule:globalresearch.ca/title"
    assert "rule:globalresearch.ca/note-to-readers" in captured.err


def test_clean_reads_stdin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"Share this article\n\nThe vote was close.")))
    assert main(["clean", "-", "--format", "markdown"]) == 0
    assert capsys.readouterr().out == "The vote was close.\n"


def test_missing_file_is_an_io_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["clean", "no/such/file.txt"]) == 3
    assert capsys.readouterr().err == "error: no/such/file.txt: No such file or directory\n"


def test_rules_check_passes_on_shipped_rules(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "check"]) == 0
    assert " failed" in capsys.readouterr().out


def test_rules_check_reports_every_problem(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.yaml").write_text("pack: a\nrules:\n  - id: x\n    descripton: X.\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("pack: b\nrules: [\n", encoding="utf-8")
    assert main(["rules", "check", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "a.yaml:4: rule 'x': unknown key 'descripton', did you mean 'description'?" in err
    assert "b.yaml:3: malformed YAML" in err
    assert "Traceback" not in err


def test_rules_list(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "list"]) == 0
    out = capsys.readouterr().out
    assert "site globalresearch.ca (globalresearch.ca, *.globalresearch.ca)" in out
    assert "globalresearch.ca/note-to-readers" in out


def test_unknown_site_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["clean", str(SEED), "--site", "nowhere.example"]) == 2
    assert capsys.readouterr().err.startswith("error: --site: no rule file for site 'nowhere.example' (known: ")


def test_usage_error_exit_code() -> None:
    with pytest.raises(SystemExit) as caught:
        main(["clean", "--format", "pdf"])
    assert caught.value.code == 2
