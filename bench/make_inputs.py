#!/usr/bin/env python3
"""Generate synthetic 政府信息公开工作年度报告 inputs for the xxgk benchmark.

Templates are the project's sample reports (corpus/reports/*, or corpus/* in
older trees) plus the seed report(s) in /work/shared/corpus/seed/*.txt when
present.  Every generated report is one template with

  * its place names (青禾县, 云栖市, 白鹭区, ... and the seed's 鹤岗市/南山区)
    replaced by invented names of the same length and the same suffix
    (县/市/区/镇), consistently over the whole file;
  * its report year (and the publication year after it) shifted to another
    year that the same template format was in force for (gov-2019 format:
    report years 2019-2020; gov-2021 format: 2021-2024), i.e. every
    'YYYY年' / 'YYYY-' for YYYY in {report year, report year + 1};
  * 0..N filler paragraphs of neutral prose inserted after the heading of
    section 一 (no digits, no table labels, no statute references).

**Table numbers are kept as they are** (no scaling): the templates are
arithmetically consistent (except the two samples that carry deliberate
findings) and the glued crawler layouts rely on the arithmetic having exactly
one reading, which any rescaling could break.  So every generated report must
give the same cells and the same findings as its template; `--verify BIN`
checks that on a sample.

Encodings are preserved: the text is decoded with the template's encoding
(UTF-8, with BOM/CRLF kept, GBK for the gb2312-declared page, GB18030 for the
glued crawler file), edited, and encoded back; DOCX parts are edited inside
the zip and rewritten with fixed timestamps.

Mix (normal mode, default N=2000): 40% HTML (half GBK, half UTF-8),
30% glued crawler text (GB18030 and UTF-8), ~28% other text layouts
(cell-per-line, TAB rows, markdown and ' | ' pipes, pdftotext -layout,
the two samples with findings, the seed), 2% DOCX.  Reports are written to
OUTDIR/<template-stem>/<index>-<stem>.<ext>, one folder per template, so that
a run over a single folder times one layout.

Large mode (--large): a few very long reports, the prose repeated until the
file reaches each size of --sizes (default 0.25 and 1 MiB), written to
OUTDIR/<size>/..., to check that time per MB stays flat.

Standard library only; deterministic for a given --seed (same bytes every run).

Usage:
  python3 bench/make_inputs.py OUTDIR [-n 2000] [--seed 20240601]
          [--manifest FILE] [--verify XXGK_BINARY [--verify-sample 60]]
  python3 bench/make_inputs.py OUTDIR --large [--sizes 0.25,1]
"""

import argparse
import hashlib
import io
import json
import os
import random
import re
import subprocess
import sys
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

# ---------------------------------------------------------------------------
# Templates
# ---------------------------------------------------------------------------

# stem -> (group, layout).  group drives the mix; unknown templates found in
# the corpus directory are put in "text".
KNOWN = {
    "gov2021-page-gbk": ("html", "html-gbk"),
    "gov2019-page": ("html", "html-utf8"),
    "gov2019-glued": ("glued", "glued-gb18030"),
    "gov2021-glued": ("glued", "glued-utf8"),
    "gov2021-report": ("docx", "docx"),
    "gov2019-cell-per-line": ("text", "cell-per-line"),
    "gov2021-cell-per-line": ("text", "cell-per-line"),
    "gov2021-tab-rows": ("text", "tab-rows-crlf-bom"),
    "gov2019-pipe": ("text", "md-pipe"),
    "gov2021-pipe-spaced": ("text", "pipe-spaced"),
    "gov2021-layout": ("text", "pdftotext-layout"),
    "gov2021-broken-sums": ("text", "tab-rows-findings"),
    "gov2019-blank-totals": ("text", "cell-per-line-findings"),
}
# share of each group in normal mode
MIX = [("html", 0.40), ("glued", 0.30), ("text", 0.28), ("docx", 0.02)]

# template format -> report years it was in force for
YEARS = {"gov-2019": [2019, 2020], "gov-2021": [2021, 2022, 2023, 2024]}

PLACES = ["青禾县", "云栖市", "白鹭区", "澄川市", "雁汀县", "桐溪镇", "松岚镇",
          "鹤岗市", "南山区"]
# characters for invented names: common, in GB2312, no numerals or words the
# parser treats specially
NAME_CHARS = ("安宁平和丰清河山江湖林石泉阳永新长明兴华青白金玉桃柳松竹梅兰凤"
              "龙鹤雁溪川岭峰源春秋晴岚霞珠翠枫杉榆桐荷莲芦苇沙滨港浦洲汀渚"
              "嘉禾瑞福康泰吉祥宜乐富昌盛隆广远通达")

CLAUSES = [
    "坚持以人民为中心的发展思想",
    "持续深化政务公开标准化规范化建设",
    "推动公开内容更加全面、公开渠道更加多元、政策解读更加精准",
    "围绕群众关注关切的热点问题及时发布权威信息",
    "健全信息发布、政策解读、回应关切联动机制",
    "加强政务新媒体日常监管和内容保障",
    "推进决策、执行、管理、服务、结果全过程公开",
    "注重运用图解、视频等多种形式开展政策解读",
    "畅通意见建议征集渠道，广泛听取社会各界意见",
    "强化政府网站集约化平台运行维护",
    "落实信息发布保密审查制度，做到应公开尽公开",
    "不断增强政务公开工作的针对性和实效性",
    "进一步规范公开目录和公开指南的编制更新",
    "加强业务培训，提升工作人员依法公开意识和能力",
    "把政务公开工作纳入年度绩效考核体系统筹推进",
    "积极探索基层政务公开的新做法新经验",
    "持续优化办事服务指南，方便企业和群众办事",
    "主动接受社会监督，及时回应社会关切",
]


def find_template_files():
    dirs = [os.path.join(ROOT, "corpus", "reports"), os.path.join(ROOT, "corpus")]
    found = {}
    for d in dirs:
        if not os.path.isdir(d):
            continue
        for name in sorted(os.listdir(d)):
            p = os.path.join(d, name)
            stem, ext = os.path.splitext(name)
            if not os.path.isfile(p) or ext not in (".txt", ".md", ".html", ".htm", ".docx"):
                continue
            if stem in ("README",) or stem in found:
                continue
            found[stem] = p
    seed_dir = os.environ.get("XXGK_SEED_DIR", "/work/shared/corpus/seed")
    if os.path.isdir(seed_dir):
        for name in sorted(os.listdir(seed_dir)):
            if name.endswith(".txt"):
                found["seed-" + os.path.splitext(name)[0][:12]] = os.path.join(seed_dir, name)
    return found


def decode(data):
    """bytes -> (text, encoding) with an exact round trip."""
    for enc in ("utf-8", "gbk", "gb18030"):
        try:
            s = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if s.encode(enc) == data:
            return s, enc
    raise ValueError("cannot decode template with a round trip")


def meta_year_template(path, text):
    """(report year, template format) from expected/<file>.meta.tsv, else the text."""
    name = os.path.basename(path)
    for d in (os.path.join(ROOT, "corpus", "expected"),):
        m = os.path.join(d, name + ".meta.tsv")
        if os.path.exists(m):
            kv = dict(line.rstrip("\n").split("\t", 1)
                      for line in open(m, encoding="utf-8") if "\t" in line)
            if "year" in kv and "template" in kv:
                return int(kv["year"]), kv["template"]
    plain = re.sub(r"<[^>]+>", "", text)
    y = re.search(r"(20[12][0-9])年(?:度)?(?:政府)?信息公开", plain[:6000])
    year = int(y.group(1)) if y else None
    tpl = "gov-2021" if ("本年制发件数" in plain or "（六）其他处理" in plain
                         and "3.其他" in plain) else "gov-2019"
    if year is None:
        raise ValueError("no report year in %s" % path)
    return year, tpl


class Template:
    def __init__(self, stem, path):
        self.stem = stem
        self.path = path
        self.ext = os.path.splitext(path)[1]
        self.group, self.layout = KNOWN.get(stem, ("text", "seed" if stem.startswith("seed-") else "text"))
        raw = open(path, "rb").read()
        self.docx_parts = None
        if self.ext == ".docx":
            z = zipfile.ZipFile(io.BytesIO(raw))
            self.docx_parts = [(i, z.read(i.filename)) for i in z.infolist()]
            body = dict((i.filename, d) for i, d in self.docx_parts)["word/document.xml"]
            self.text, self.encoding = body.decode("utf-8"), "utf-8"
        else:
            self.text, self.encoding = decode(raw)
        self.year, self.format = meta_year_template(path, self.text)
        self.crlf = "\r\n" in self.text
        self.places = [p for p in PLACES if p in self.text]


# ---------------------------------------------------------------------------
# Edits
# ---------------------------------------------------------------------------

def invent_names(rng, places, taken=()):
    out, used = {}, set(PLACES) | set(taken)
    for p in places:
        while True:
            n = "".join(rng.choice(NAME_CHARS) for _ in range(len(p) - 1)) + p[-1]
            if n not in used and n[0] != n[1]:
                break
        used.add(n)
        out[p] = n
    return out


def sub_places(text, mapping):
    if not mapping:
        return text
    rx = re.compile("|".join(re.escape(p) for p in mapping))
    return rx.sub(lambda m: mapping[m.group(0)], text)


def shift_years(text, year, delta):
    if delta == 0:
        return text
    targets = {str(year): str(year + delta), str(year + 1): str(year + 1 + delta)}
    rx = re.compile(r"(?<![0-9])(%s)(?=年|-)" % "|".join(targets))
    return rx.sub(lambda m: targets[m.group(1)], text)


def filler_paragraph(rng):
    k = rng.randint(3, 6)
    return "，".join(rng.sample(CLAUSES, k)) + "。"


def wrap(s, width):
    return [s[i:i + width] for i in range(0, len(s), width)]


def insert_prose(t, text, paras):
    """Insert paragraphs after the heading of section 一, in the template's idiom."""
    if not paras:
        return text
    nl = "\r\n" if t.crlf else "\n"
    if t.ext == ".docx":
        i = text.find("一、")
        j = text.find("</w:p>", i) + len("</w:p>")
        xml = "".join('<w:p><w:r><w:t xml:space="preserve">%s</w:t></w:r></w:p>' % p for p in paras)
        return text[:j] + xml + text[j:]
    if t.group == "html":
        i = text.find("一、总体情况")
        if i < 0:
            i = text.find("一、")
        j = text.find("</p>", i) + len("</p>")
        html = "".join('\n<p style="text-indent:2em">%s</p>' % p for p in paras)
        return text[:j] + html + text[j:]
    if t.group == "glued":
        i = text.find("一、总体情况")
        j = i + len("一、总体情况")
        return text[:j] + "".join(paras) + text[j:]
    # line-based text layouts: after the first line that starts section 一
    m = re.search(r"^[ \t#]*一、[^\r\n]*\r?\n", text, re.M)
    j = m.end()
    if t.layout == "pdftotext-layout":
        lines = []
        for p in paras:
            w = wrap(p, 38)
            lines.append("    " + w[0])
            lines.extend(w[1:])
        block = nl.join(lines) + nl
    elif t.layout == "md-pipe":
        block = nl + (nl + nl).join(paras) + nl
    else:
        block = nl.join(paras) + nl
    return text[:j] + block + text[j:]


def render(t, rng, paras_n, target_bytes=None):
    """-> (bytes, agency place mapping, year)."""
    mapping = invent_names(rng, t.places)
    years = YEARS.get(t.format, [t.year])
    new_year = rng.choice(years)
    text = shift_years(sub_places(t.text, mapping), t.year, new_year - t.year)
    paras = [filler_paragraph(rng) for _ in range(paras_n)]
    out = insert_prose(t, text, paras)
    while target_bytes and len(encode(t, out)) < target_bytes:
        # grow in steps estimated from the bytes one paragraph added so far
        have = len(encode(t, out))
        if not paras:
            more = 20                       # a trial batch to measure a paragraph
        else:
            per = (have - len(encode(t, text))) / len(paras)
            more = max(1, int((target_bytes - have) / per) + 1)
        paras.extend(filler_paragraph(rng) for _ in range(more))
        out = insert_prose(t, text, paras)
    text = out
    data = encode(t, text)
    if t.docx_parts is not None:
        data = docx_bytes(t, mapping, t.year, new_year - t.year, text)
    return data, mapping, new_year


def encode(t, text):
    return text.encode(t.encoding)


def docx_bytes(t, mapping, year, delta, document_xml):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for info, data in t.docx_parts:
            if info.filename == "word/document.xml":
                data = document_xml.encode("utf-8")
            elif info.filename.endswith(".xml"):
                data = shift_years(sub_places(data.decode("utf-8"), mapping), year, delta).encode("utf-8")
            zi = zipfile.ZipInfo(info.filename, date_time=(2023, 1, 12, 9, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = info.external_attr
            z.writestr(zi, data)
    return buf.getvalue()


def prose_count(rng):
    """Filler paragraphs for a normal report: most add little, some a lot."""
    r = rng.random()
    if r < 0.35:
        return 0
    if r < 0.75:
        return rng.randint(1, 6)
    if r < 0.95:
        return rng.randint(7, 25)
    return rng.randint(26, 80)


# ---------------------------------------------------------------------------
# Modes
# ---------------------------------------------------------------------------

def plan(templates, n, rng):
    by_group = {}
    for t in templates:
        by_group.setdefault(t.group, []).append(t)
    groups = [(g, w) for g, w in MIX if g in by_group]
    tot = sum(w for _, w in groups)
    counts = [int(round(n * w / tot)) for _, w in groups]
    fix = [g for g, _ in groups].index("text") if "text" in by_group else 0
    counts[fix] += n - sum(counts)          # rounding goes to the text layouts
    seq = []
    for (g, _), c in zip(groups, counts):
        ts = by_group[g]
        seq.extend(ts[i % len(ts)] for i in range(c))
    rng.shuffle(seq)
    return seq


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def make_normal(templates, outdir, n, rng):
    rows = []
    for i, t in enumerate(plan(templates, n, rng)):
        data, mapping, year = render(t, rng, prose_count(rng))
        rel = os.path.join(t.stem, "%05d-%s%s" % (i, t.stem, t.ext))
        write(os.path.join(outdir, rel), data)
        rows.append((rel, t.stem, t.group, t.layout, t.encoding if t.ext != ".docx" else "docx",
                     t.format, str(year), json.dumps(mapping, ensure_ascii=False), str(len(data))))
    return rows


LARGE_STEMS = ["gov2021-tab-rows", "gov2019-cell-per-line", "gov2021-layout",
               "gov2021-glued", "gov2019-glued", "gov2021-page-gbk", "gov2019-page",
               "gov2019-pipe"]


def make_large(templates, outdir, sizes, rng):
    by_stem = {t.stem: t for t in templates}
    stems = [s for s in LARGE_STEMS if s in by_stem] or [t.stem for t in templates if t.ext != ".docx"][:6]
    rows = []
    for size in sizes:
        label = ("%gM" % size).replace(".", "p")
        for k, s in enumerate(stems):
            t = by_stem[s]
            data, mapping, year = render(t, rng, 0, target_bytes=int(size * 1024 * 1024))
            rel = os.path.join(label, "%02d-%s%s" % (k, s, t.ext))
            write(os.path.join(outdir, rel), data)
            rows.append((rel, t.stem, t.group, t.layout, t.encoding, t.format, str(year),
                         json.dumps(mapping, ensure_ascii=False), str(len(data))))
    return rows


# ---------------------------------------------------------------------------
# Verification against the binary (optional)
# ---------------------------------------------------------------------------

def parse_records(binary, paths):
    out = subprocess.run([binary, "parse", *paths, "--format", "jsonl", "-q", "-j", "2"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    recs = [json.loads(l) for l in out.stdout.decode("utf-8").splitlines() if l.strip()]
    return {os.path.abspath(r.get("file", "")): r for r in recs}


def summary(rec):
    cells = {k: (v.get("value") if isinstance(v, dict) else v) for k, v in (rec.get("cells") or {}).items()}
    findings = sorted(json.dumps(f, sort_keys=True, ensure_ascii=False) for f in rec.get("findings") or [])
    return rec.get("template"), cells, findings


def verify(binary, templates, outdir, rows, sample, rng):
    tmap = {t.stem: t for t in templates}
    base = parse_records(binary, [os.path.abspath(t.path) for t in templates])
    pick = rows if sample <= 0 or sample >= len(rows) else rng.sample(rows, sample)
    # at least one of each template
    seen = {r[1] for r in pick}
    pick = list(pick) + [r for r in rows if r[1] not in seen and not seen.add(r[1])]
    got = parse_records(binary, [os.path.abspath(os.path.join(outdir, r[0])) for r in pick])
    bad = 0
    for r in pick:
        p = os.path.abspath(os.path.join(outdir, r[0]))
        t = tmap[r[1]]
        b = base.get(os.path.abspath(t.path))
        g = got.get(p)
        problems = []
        if g is None:
            problems.append("no record")
        elif b is not None:
            if summary(g) != summary(b):
                problems.append("cells/findings differ from template")
            if str(g.get("year")) != r[6]:
                problems.append("year %s != %s" % (g.get("year"), r[6]))
            mapping = json.loads(r[7])
            want = sub_places(b.get("agency") or "", mapping)
            if (g.get("agency") or "") != want:
                problems.append("agency %r != %r" % (g.get("agency"), want))
        if problems:
            bad += 1
            print("verify: %s: %s" % (r[0], "; ".join(problems)), file=sys.stderr)
    print("verify: %d/%d generated reports match their template (cells, findings, year, agency)"
          % (len(pick) - bad, len(pick)), file=sys.stderr)
    return bad == 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("outdir")
    ap.add_argument("-n", type=int, default=2000, help="number of reports (normal mode)")
    ap.add_argument("--seed", type=int, default=20240601)
    ap.add_argument("--large", action="store_true", help="write a few very long reports instead")
    ap.add_argument("--sizes", default="0.25,1", help="large mode: sizes in MiB, comma-separated")
    ap.add_argument("--manifest", help="write a TSV manifest here (keep it outside OUTDIR)")
    ap.add_argument("--verify", metavar="XXGK", help="parse a sample with this binary and compare with the templates")
    ap.add_argument("--verify-sample", type=int, default=60)
    ap.add_argument("--fingerprint", action="store_true",
                    help="print a hash of this script, the templates and the options, and exit")
    a = ap.parse_args()

    found = find_template_files()
    if a.fingerprint:
        h = hashlib.sha256(open(os.path.abspath(__file__), "rb").read())
        for s, p in sorted(found.items()):
            h.update(s.encode() + b"\0" + open(p, "rb").read())
        h.update(("%s|%d|%d|%s" % (a.large, a.n, a.seed, a.sizes)).encode())
        print(h.hexdigest()[:16])
        return
    templates = [Template(s, p) for s, p in sorted(found.items())]
    if not templates:
        sys.exit("make_inputs: no templates found under %s/corpus" % ROOT)
    rng = random.Random(a.seed + (1 if a.large else 0))
    if a.large:
        rows = make_large(templates, a.outdir, [float(x) for x in a.sizes.split(",")], rng)
    else:
        rows = make_normal(templates, a.outdir, a.n, rng)
    total = sum(int(r[8]) for r in rows)
    if a.manifest:
        with open(a.manifest, "w", encoding="utf-8") as f:
            f.write("file\ttemplate\tgroup\tlayout\tencoding\tformat\tyear\tplaces\tbytes\n")
            for r in rows:
                f.write("\t".join(r) + "\n")
    mix = {}
    for r in rows:
        mix[r[3]] = mix.get(r[3], 0) + 1
    print("make_inputs: %d reports, %.2f MB in %s (%s)" % (
        len(rows), total / 1e6, a.outdir, ", ".join("%s %d" % kv for kv in sorted(mix.items()))),
        file=sys.stderr)
    if a.verify:
        if not verify(a.verify, templates, a.outdir, rows, a.verify_sample, random.Random(a.seed)):
            sys.exit(1)


if __name__ == "__main__":
    main()
