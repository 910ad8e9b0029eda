"""The first hour of a new user: the README's set-up, HTML out of the box, and the command line's
messages, exit codes, version, help and batch progress."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from cleaner.batch.run import BatchOptions, run_batch
from cleaner.tools.cli import build_parser, main
from conftest import CORPUS, ROOT, SEED

README_COMMANDS = ["pip install . && cleaner clean corpus/globalresearch/seed-airstrike-diplomacy.md",
                   "pip install -e '.[test]' && pytest"]
HTML_PAGE = CORPUS / "html" / "harbour-ferry.html"


def test_readme_starts_with_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"^```sh\n(.*?)^```$", readme, re.S | re.M)
    assert block is not None and block.start() < readme.index("\n## ")
    assert block.group(1).splitlines() == README_COMMANDS


def test_ci_runs_the_readme_commands_first_with_the_stock_pip() -> None:
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    first_pip = min(m.start() for m in re.finditer(r"^[^#\n]*\bpip install", script, re.M))
    readme_run = script.index('bash -euo pipefail -c "$command"')
    assert script.index("python3 -m venv .venv") < readme_run < first_pip
    assert "--upgrade pip" not in script and "pip install -U" not in script
    # the line that reads the commands out of the README reads exactly the two
    extract = next(line for line in script.splitlines() if "readme-commands.sh" in line and "README.md" in line)
    command = extract.split(" > ")[0]
    done = subprocess.run(["bash", "-c", command], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.splitlines() == README_COMMANDS


def test_html_and_the_fast_scanner_are_default_dependencies() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = {re.split(r"[<>=\[ ]", d)[0] for d in project["dependencies"]}
    # lxml_html_clean by name: pip < 23.3 skips jusText's lxml[html_clean] (see pyproject.toml).
    assert {"trafilatura", "cssselect", "pyahocorasick", "lxml_html_clean", "tqdm"} <= names


def test_html_page_cleans_after_the_first_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["clean", str(HTML_PAGE)]) == 0
    assert capsys.readouterr().out == HTML_PAGE.with_name("harbour-ferry.expected.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", [["clean"], ["explain"], ["explain", "--html", "report.html"]])
def test_html_without_trafilatura_says_why_in_one_line(command: list[str], monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # makes "import trafilatura" fail
    monkeypatch.chdir(tmp_path)
    assert main([command[0], str(HTML_PAGE), *command[1:]]) == 3
    assert capsys.readouterr().err == ("error: HTML input needs trafilatura, and importing it failed: "
                                       "import of trafilatura halted; None in sys.modules\n")
    assert not (tmp_path / "report.html").exists()


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    import cleaner
    from cleaner.compiled import core

    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out == f"cleaner {cleaner.__version__} ({core()} core)\n"


def test_help_names_every_rules_command_and_the_formats() -> None:
    parser = build_parser()
    assert "rules rule files: check, list, new (start a site's file), test (on a page)" in " ".join(parser.format_help().split())
    clean_help = " ".join(parser._subparsers._group_actions[0].choices["clean"].format_help().split())  # type: ignore[union-attr]
    assert "json: text, metadata and every decision (default: text)" in clean_help


def test_batch_and_eval_share_the_jobs_default() -> None:
    parser = build_parser()
    batch = parser.parse_args(["batch", "in.jsonl", "out.jsonl"])
    evaluate = parser.parse_args(["eval", "dir"])
    assert batch.jobs == evaluate.jobs >= 1


def test_progress_bar_has_total_percentage_and_rate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    for n in range(3):
        (pages / f"{n}.md").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    summary = run_batch(str(pages), str(tmp_path / "out.jsonl"), BatchOptions(), progress=True)
    assert summary.records == 3
    bar = capsys.readouterr().err.split("\r")[-1]
    assert re.fullmatch(r"100%\|\S+\| 3/3 \[\d\d:\d\d<00:00, +\S+ ?rec/s\]\n", bar), bar


def test_progress_bar_counts_bytes_of_a_jsonl_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": 1, "text": "Share this\n\nThe vote was close."}) + "\n", encoding="utf-8")
    run_batch(str(source), str(tmp_path / "out.jsonl"), BatchOptions(), progress=True)
    bar = capsys.readouterr().err.split("\r")[-1]
    size = source.stat().st_size
    assert re.fullmatch(rf"100%\|\S+\| {size}.0/{size}.0 \[\d\d:\d\d<00:00, +\S+ ?B/s, 1 records, 0 errors\]\n", bar), bar


def test_rerun_onto_a_partial_output_refuses(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": 1, "text": "The vote was close."}\n', encoding="utf-8")
    out, partial = tmp_path / "out.jsonl", tmp_path / ".out.jsonl.partial"
    partial.write_text("", encoding="utf-8")
    assert main(["batch", str(source), str(out)]) == 2
    assert capsys.readouterr().err == (f"error: {out}: an earlier run left a partial output ({partial}): "
                                       "continue it with --resume, or start again with --overwrite\n")
    assert main(["batch", str(source), str(out), "--overwrite"]) == 0
    assert out.exists() and not partial.exists()
    assert main(["batch", str(source), str(out), "--resume"]) == 0
    assert capsys.readouterr().err.endswith(
        "nothing to do: the output is complete (run without --resume to clean everything again)\n")
    assert main(["batch", str(source), str(out), "--resume", "--force"]) == 2


def test_batch_into_head_ends_quietly(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps({"id": n, "text": SEED.read_text(encoding="utf-8")}) + "\n"
                              for n in range(300)), encoding="utf-8")
    done = subprocess.run(f"'{sys.executable}' -m cleaner batch '{source}' - --jobs 1 --quiet | head -c 10",
                          shell=True, cwd=ROOT, capture_output=True, check=False, executable="/bin/bash")
    assert (done.stdout, done.stderr) == (b'{"id": 0, ', b"")


def test_spark_without_pandas_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    from cleaner.batch.spark import clean_column

    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ModuleNotFoundError, match=re.escape(
            "cleaner.batch.spark.clean_column needs pandas (import of pandas halted; None in sys.modules): "
            "pip install 'cleaner[spark]'")):
        clean_column(io.StringIO(), "text")  # type: ignore[arg-type]


def test_readme_examples_run_on_the_corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    import glob
    import shlex

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^```sh\n(.*?)^```$", readme[readme.index("\n## "):], re.S | re.M)
    commands = [line.split("  #")[0] for block in blocks for line in block.splitlines() if line.startswith("cleaner ")]
    assert len(commands) >= 10
    (tmp_path / "corpus").symlink_to(CORPUS)
    monkeypatch.chdir(tmp_path)
    for command in commands:
        words = shlex.split(command.split(" | ")[0])
        assert all(w.startswith("corpus/") or not re.match(r"[\w.-]+/", w) or w == "my_rules/" for w in words), command
        if words[1] != "batch":  # batch reads its own globs; the shell expands the others
            words = [m for w in words for m in (sorted(glob.glob(w)) if "*" in w else [w])]
        assert main(words[1:]) == 0, command
    capsys.readouterr()
