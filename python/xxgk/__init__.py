"""xxgk: Chinese government information-disclosure annual reports
(政府信息公开工作年度报告) as normalized records, with their arithmetic audited.

    import xxgk
    df = xxgk.dataset(["archive/"], jobs=4)     # one row per report (pandas.DataFrame)
    df.groupby("template")["n_findings"].sum()

parse() gives one record as a dict (the fields of `xxgk parse`'s JSON, schema
xxgk/2), audit() the findings of a batch, dataset() the dataset of a batch (the
columns of `xxgk dataset`'s CSV). Batches run on `jobs` threads (0: all cores)
with the GIL released; results are always in input order. Directories are
walked recursively (sorted, hidden files skipped), as the command line does.

Each document has a time budget, `time_budget=` seconds (default 60, as the
command line's --time-budget; 0 for none): a document that takes longer gives
a failed record (input.time_budget) and the batch goes on.

Grammars are found as the command line finds them: `grammars=` if given, else
$XXGK_GRAMMARS, else share/xxgk/grammars of the prefix the module is installed
in, else the source tree's.
"""

import csv
import io
import json
import os
import warnings

from . import _xxgk

__version__ = _xxgk.__version__
__all__ = ["parse", "audit", "dataset", "files", "grammars_dir"]


def grammars_dir(grammars=None):
    """The grammar directory the engine uses."""
    return _xxgk.grammars_dir(_dir(grammars))


def _dir(grammars):
    return os.fspath(grammars) if grammars is not None else ""


def _hidden(name):
    return name.startswith(".")


def files(paths):
    """The files named by `paths` (a path, or a list of paths): files as given,
    directories walked recursively (sorted, hidden files and folders skipped).
    Raises FileNotFoundError for a path that does not exist."""
    if isinstance(paths, (str, bytes, os.PathLike)):
        paths = [paths]
    out = []
    for p in paths:
        p = os.fsdecode(os.fspath(p))
        p = "./-" if p == "-" else p  # the engine reads "-" as standard input
        if os.path.isdir(p):
            found = []
            for root, dirs, names in os.walk(p):
                dirs[:] = [d for d in dirs if not _hidden(d)]
                found.extend(os.path.join(root, n) for n in names if not _hidden(n))
            out.extend(sorted(f for f in found if os.path.isfile(f)))
        elif os.path.exists(p):
            out.append(p)
        else:
            raise FileNotFoundError(p)
    return out


def _warn(errors):
    if errors:
        warnings.warn("xxgk: some inputs could not be read as reports:\n" + errors.rstrip(), stacklevel=3)


def parse(source, *, name=None, grammars=None, time_budget=60.0):
    """The record of one report as a dict: `source` is a path (str or
    os.PathLike) or the document's bytes (any encoding, HTML, DOCX, PDF).
    A document that cannot be read still gives a record: its "diagnostics"
    say why."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        text, _ = _xxgk.parse_bytes(bytes(source), name or "<bytes>", _dir(grammars), float(time_budget))
    else:
        path = os.fsdecode(os.fspath(source))
        path = "./-" if path == "-" else path  # the engine reads "-" as standard input
        if not os.path.exists(path):
            raise FileNotFoundError(path)
        text, _ = _xxgk.parse_path(path, _dir(grammars), float(time_budget))
    return json.loads(text)


def audit(paths, *, jobs=0, grammars=None, time_budget=60.0):
    """The findings of every report under `paths`, in input order: a list of
    dicts (the objects of `xxgk audit --format jsonl`). The batch is linked
    across years first, as the command line links the inputs it names: the
    same agency's report of the year before gives the cross-report findings
    (cross.carry_over, cross.in_force, cross.copied_*, cross.jump)."""
    out, errors = [], ""
    for lines, error in _xxgk.audit_paths(files(paths), jobs, _dir(grammars), float(time_budget)):
        out.extend(json.loads(line) for line in lines.splitlines() if line)
        errors += error
    _warn(errors)
    return out


def _number(text):
    if text == "":
        return None
    try:
        return int(text)
    except ValueError:
        return float(text)


_TEXT_COLUMNS = ("file", "template", "agency", "agency_key", "diagnosis")


def dataset(paths, *, jobs=0, grammars=None, time_budget=60.0):
    """The dataset of every readable report under `paths`, one row per report
    in input order, with the columns of `xxgk dataset` (the batch linked across
    years, as for audit(): m.yoy.*, cross findings counted): a pandas.DataFrame
    when pandas is installed, else a list of dicts (None for an empty cell)."""
    text, errors = _xxgk.dataset_paths(files(paths), jobs, _dir(grammars), float(time_budget))
    _warn(errors)
    try:
        import pandas
    except ImportError:
        pandas = None
    if pandas is not None:
        return _frame(pandas, text)
    rows = []
    for row in csv.DictReader(io.StringIO(text)):
        rows.append({k: (v if k in _TEXT_COLUMNS else _number(v)) for k, v in row.items()})
    return rows


def _frame(pandas, text):
    # Text columns stay text (an agency is never NaN); every other column is a
    # number, empty meaning NaN (pandas' own missing value).
    frame = pandas.read_csv(io.StringIO(text), dtype={c: str for c in _TEXT_COLUMNS}, keep_default_na=False,
                            na_values={c: [""] for c in _header(text) if c not in _TEXT_COLUMNS})
    # Counts are integers: a column whose values are all whole numbers is
    # pandas' nullable Int64 (a blank cell is <NA>, not a float NaN).
    for column in frame.columns:
        if column in _TEXT_COLUMNS:
            continue
        values = frame[column]
        if values.dtype.kind == "f" and (values.dropna() % 1 == 0).all():
            frame[column] = values.astype("Int64")
    frame["year"] = frame["year"].astype("Int64")
    return frame


def _header(text):
    return next(csv.reader(io.StringIO(text[: text.find("\n") + 1])))
