"""The Python module against the command line: the same records, findings and
dataset as `xxgk parse`, `xxgk audit --format jsonl` and `xxgk dataset`.
Run by ctest (PYTHONPATH is the build tree's python/, XXGK the binary)."""

import csv
import io
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import xxgk

SOURCE = Path(os.environ.get("XXGK_SOURCE_DIR", Path(__file__).resolve().parents[2]))
SHARED = SOURCE.parent / "shared" / "corpus"
SEED = sorted((SHARED / "seed").glob("*.txt"))[0]
REAL = SHARED / "real"
SAMPLES = SOURCE / "corpus" / "reports"
XXGK = os.environ.get("XXGK", str(SOURCE / "build" / "xxgk"))


def cli(*args):
    return subprocess.run([XXGK, *map(str, args)], capture_output=True, check=False).stdout.decode()


def test_parse_path_is_the_cli_record():
    record = xxgk.parse(SEED)
    assert record == json.loads(cli("parse", SEED))
    assert record["template"] == "gov-2019"
    assert record["agency"] == "鹤岗市南山区人民政府"
    assert record["cells"]["t3.granted.natural"]["status"] == "read"


def test_parse_str_path_and_bytes_agree():
    by_path = xxgk.parse(str(SEED))
    by_bytes = xxgk.parse(SEED.read_bytes(), name=str(SEED))
    assert by_bytes == by_path
    assert xxgk.parse(SEED.read_bytes())["file"] == "<bytes>"


def test_parse_html_in_gbk_from_bytes():
    page = SAMPLES / "gov2021-page-gbk.html"
    record = xxgk.parse(page.read_bytes(), name=str(page))
    assert record == json.loads(cli("parse", page))
    assert record["template"] == "gov-2021"


def test_parse_docx_from_path_and_bytes_is_the_cli_record():
    docx = SAMPLES / "gov2021-report.docx"
    record = xxgk.parse(docx)
    assert record == json.loads(cli("parse", docx))
    assert record["kind"] == "docx"
    assert record["template"] == "gov-2021"
    assert record["cells"]["t3.granted.natural"]["status"] == "read"
    assert xxgk.parse(docx.read_bytes(), name=str(docx)) == record


def test_parse_missing_file_raises():
    with pytest.raises(FileNotFoundError):
        xxgk.parse(SOURCE / "no-such-report.txt")


def test_parse_of_garbage_is_a_record_with_diagnostics():
    record = xxgk.parse(b"\x00\x01 not a report")
    assert record["diagnostics"]


def cli_audit(*paths):
    return [json.loads(line) for line in cli("audit", "--format", "jsonl", *paths).splitlines()]


def test_audit_is_the_cli_findings():
    broken = SAMPLES / "gov2021-broken-sums.txt"
    findings = xxgk.audit([broken])
    assert findings, "the broken sums are found"
    assert findings == cli_audit(broken)
    assert xxgk.audit(SEED) == []


def two_years(folder):
    """tab-rows.txt (云栖市生态环境局, 2022) and the same report a year later,
    copied with its figures unchanged: two reports of one agency."""
    folder.mkdir()
    report = (SAMPLES / "gov2021-tab-rows.txt").read_bytes()
    (folder / "2022.txt").write_bytes(report)
    (folder / "2023.txt").write_bytes(report.replace(b"2023", b"2024").replace(b"2022", b"2023"))
    return folder / "2022.txt", folder / "2023.txt"


def cross_rules(findings):
    return {f["finding"]["rule"] for f in findings if f["finding"]["rule"].startswith("cross.")}


def test_audit_links_a_batch_across_years_like_the_cli(tmp_path):
    earlier, later = two_years(tmp_path / "eco")
    findings = xxgk.audit([tmp_path / "eco"], jobs=2)
    # Last year's closing figures are not this year's opening ones, and the
    # tables and paragraphs are last year's: found on the later report, naming
    # the earlier one.
    assert {"cross.carry_over", "cross.in_force", "cross.copied_table", "cross.copied_text"} <= cross_rules(findings)
    for f in findings:
        if f["finding"]["rule"].startswith("cross."):
            assert f["file"] == str(later)
            assert f["finding"]["previous"] == str(earlier)
    assert findings == cli_audit(tmp_path / "eco")
    # Each report alone has no year before it: no cross rule.
    assert cross_rules(xxgk.audit([later])) == set()
    assert cross_rules(xxgk.audit([earlier])) == set()


def test_dataset_links_a_batch_across_years(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)  # rows as dicts
    earlier, later = two_years(tmp_path / "eco")
    rows = xxgk.dataset([tmp_path / "eco"])
    assert [r["file"] for r in rows] == [str(earlier), str(later)]
    # Year on year against the linked report (the same table: no change), and
    # the cross findings counted; the earliest year has nothing to compare.
    assert rows[0]["m.yoy.requests"] is None and rows[1]["m.yoy.requests"] == 0
    assert rows[1]["n_findings"] == len([f for f in xxgk.audit([tmp_path / "eco"]) if f["file"] == str(later)])
    assert [r["m.yoy.requests"] for r in xxgk.dataset([later])] == [None]
    assert [r["n_findings"] for r in rows] == [int(r["n_findings"]) for r in cli_dataset(tmp_path / "eco")]


def cli_dataset(*paths):
    return list(csv.DictReader(io.StringIO(cli("dataset", "-q", *paths, "-o", "-"))))


def test_dataset_dataframe_is_the_cli_csv():
    pandas = pytest.importorskip("pandas")
    frame = xxgk.dataset([REAL], jobs=2)
    assert isinstance(frame, pandas.DataFrame)
    expected = cli_dataset(REAL)
    assert frame.shape[0] == len(expected) > 10
    assert list(frame.columns) == list(expected[0].keys())
    assert list(frame["file"]) == [r["file"] for r in expected]
    assert list(frame["agency"].fillna("")) == [r["agency"] for r in expected]
    seed = xxgk.dataset(SEED)
    truth = cli_dataset(SEED)[0]
    assert int(seed["t3.granted.natural"][0]) == int(truth["t3.granted.natural"])
    assert int(seed["year"][0]) == int(truth["year"])
    assert frame["t3.granted.natural"].dtype.kind == "i"  # counts stay integers, blanks <NA>


def test_dataset_without_pandas_is_a_list_of_dicts(monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas now fails
    rows = xxgk.dataset([SAMPLES], jobs=2)
    expected = cli_dataset(SAMPLES)
    assert isinstance(rows, list) and len(rows) == len(expected)
    for got, want in zip(rows, expected):
        assert got["file"] == want["file"] and got["template"] == want["template"]
        for key, text in want.items():
            if key in ("file", "template", "agency", "agency_key", "diagnosis"):
                continue
            assert got[key] == (None if text == "" else (int(text) if "." not in text else float(text))), key


def test_dataset_is_the_same_whatever_jobs():
    pytest.importorskip("pandas")
    one = xxgk.dataset([SAMPLES, REAL], jobs=1)
    two = xxgk.dataset([SAMPLES, REAL], jobs=3)
    assert one.equals(two)


def test_unreadable_input_warns_and_is_left_out(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "seed.txt").write_bytes(SEED.read_bytes())
    with pytest.warns(UserWarning, match="empty.txt"):
        rows = xxgk.dataset(tmp_path)
    assert len(rows) == 1


def test_files_walks_directories_like_the_cli(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    for name in ("b/2.txt", "b/1.txt", "a.txt", ".x.txt", ".hidden/c.txt"):
        (tmp_path / name).write_text("x")
    assert xxgk.files(tmp_path) == [str(tmp_path / n) for n in ("a.txt", "b/1.txt", "b/2.txt")]
    with pytest.raises(FileNotFoundError):
        xxgk.files([tmp_path / "nowhere"])


def test_batches_run_with_the_gil_released():
    # Another Python thread gets the GIL while the C++ batch runs. Were the GIL
    # held, it could tick at most once or twice, at the call's edges.
    from xxgk import _xxgk

    paths = xxgk.files([SAMPLES, REAL]) * 8
    ticks = []
    stop = threading.Event()

    def ticker():
        while not stop.is_set():
            ticks.append(1)
            stop.wait(0.001)

    t = threading.Thread(target=ticker)
    t.start()
    before = len(ticks)
    _xxgk.dataset_paths(paths, 2, "")
    during = len(ticks) - before
    stop.set()
    t.join()
    assert during >= 5


def test_version_and_grammars():
    assert xxgk.__version__.count(".") == 2
    assert Path(xxgk.grammars_dir(), "common.xml").is_file()


def diagnostic_codes(record):
    return {d["code"] for d in record["diagnostics"]}


def test_time_budget_fails_a_document_that_takes_longer_and_the_batch_goes_on(tmp_path):
    report = SAMPLES / "gov2021-tab-rows.txt"
    # A budget no parse can meet: the record fails, saying so; none: it reads.
    spent = xxgk.parse(report, time_budget=1e-9)
    assert "input.time_budget" in diagnostic_codes(spent)
    assert xxgk.parse(report.read_bytes(), time_budget=1e-9)["diagnostics"][0]["code"] == "input.time_budget"
    assert "input.time_budget" not in diagnostic_codes(xxgk.parse(report, time_budget=0))
    assert "input.time_budget" not in diagnostic_codes(xxgk.parse(report))
    with pytest.warns(UserWarning, match="input.time_budget"):
        assert xxgk.dataset([report], time_budget=1e-9, jobs=1) is not None
    with pytest.warns(UserWarning, match="input.time_budget"):
        assert xxgk.audit([report], time_budget=1e-9) == []
    # The default engine is untouched by the other budgets.
    assert xxgk.audit([SAMPLES / "gov2021-broken-sums.txt"]) != []
