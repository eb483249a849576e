#!/usr/bin/env python3
"""Writes a batch of several agencies over several years, from the repo's
UTF-8 text samples, for the linking tests: each sample's report again for the
years after it (its figures unchanged, so the cross rules fire), some years
signed with the agency's short name (folded into the full one), in a folder
per agency, plus a second copy of each series under a region folder.

    make_years.py SAMPLES_DIR OUT_DIR [YEARS]
"""
import pathlib
import re
import sys

samples, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
years = int(sys.argv[3]) if len(sys.argv) > 3 else 4
for sample in sorted(samples.glob("*.txt")):
    if "glued" in sample.name:  # a year inside a run of glued digits is a figure too
        continue
    try:
        text = sample.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:  # the GB18030 sample: the others cover it
        continue
    base = int(re.search(r"(20\d\d)年", text).group(1))
    for shift in range(years):
        t = text
        # Highest year first, so a year is never shifted twice.
        for y in sorted({int(m) for m in re.findall(r"20\d\d", text)}, reverse=True):
            t = t.replace(str(y), str(y + shift))
        if shift == 2:  # the short form: 云栖市白鹭区民政局 -> 白鹭区民政局
            t = t.replace("云栖市", "")
        for top in ("a", "b"):
            folder = out / top / sample.stem
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{base + shift}.txt").write_text(t, encoding="utf-8")
