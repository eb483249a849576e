#!/usr/bin/env python3
"""Generate xxgk's own sample corpus (invented agencies, invented numbers).

Every sample is a complete 政府信息公开工作年度报告 in one of the layouts the
project must read (cell per line, TAB rows, markdown pipes, ' | ' rows with
letter-spaced labels, pdftotext -layout, crawler text with glued cells, saved
web pages in GBK and UTF-8, DOCX).  None of the agencies exists and none of the
numbers comes from a real report.

For each sample the script also writes, under expected/:
  <file>.tsv           every canonical key of the template (value, raw)
  <file>.findings.tsv  the arithmetic findings the sample must produce
  <file>.meta.tsv      agency, year, template

Standard library only; fully deterministic (no randomness, fixed zip times).
Run:  python3 corpus/make_samples.py            (writes next to this script)
      python3 corpus/make_samples.py --check    (regenerate in memory, compare)
If ../shared/spec/fields.tsv (or $XXGK_FIELDS) exists, the embedded key list
and labels are checked against it.
"""

import io
import os
import sys
import unicodedata
import zipfile
from itertools import product

HERE = os.path.dirname(os.path.abspath(__file__))

# --------------------------------------------------------------------------
# Template: keys and printed labels (mirrors spec/fields.tsv)
# --------------------------------------------------------------------------

APPLICANTS = ["natural", "commercial", "research", "public_interest",
              "legal_services", "other_org"]
T3_COLS = APPLICANTS + ["total"]
ORG_LABELS = ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
COL_LABEL = {"natural": "自然人", "total": "总计"}
for _c, _l in zip(APPLICANTS[1:], ORG_LABELS):
    COL_LABEL[_c] = "法人或其他组织/" + _l

T3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
SAN = "三、本年度办理结果"
PARTIAL = "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"

WITHHELD = [("state_secret", "1.属于国家秘密"),
            ("law_prohibited", "2.其他法律行政法规禁止公开"),
            ("three_safety", "3.危及“三安全一稳定”"),
            ("third_party", "4.保护第三方合法权益"),
            ("internal_affairs", "5.属于三类内部事务信息"),
            ("process_info", "6.属于四类过程性信息"),
            ("enforcement_file", "7.属于行政执法案卷"),
            ("admin_query", "8.属于行政查询事项")]
UNABLE = [("not_held", "1.本机关不掌握相关政府信息"),
          ("needs_creation", "2.没有现成信息需要另行制作"),
          ("unclear", "3.补正后申请内容仍不明确")]
DECLINED = [("petition", "1.信访举报投诉类申请"),
            ("repeated", "2.重复申请"),
            ("publication", "3.要求提供公开出版物"),
            ("excessive", "4.无正当理由大量反复申请"),
            ("confirm_reissue", "5.要求行政机关确认或重新出具已获取信息")]
OTHER21 = [("no_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
           ("unpaid_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
           ("other", "3.其他")]
GROUPS = [("withheld", "（三）不予公开", WITHHELD),
          ("unable", "（四）无法提供", UNABLE),
          ("declined", "（五）不予处理", DECLINED)]


def t3_rows(tpl):
    """[(row_id, row_label_path)] in printed order."""
    rows = [("new_received", "一、本年新收政府信息公开申请数量"),
            ("carried_over", "二、上年结转政府信息公开申请数量"),
            ("granted", SAN + "/（一）予以公开"),
            ("partial", SAN + "/" + PARTIAL)]
    for gid, glab, subs in GROUPS:
        for sid, slab in subs:
            rows.append((gid + "." + sid, "三/" + glab + "/" + slab))
    if tpl == "gov-2019":
        rows.append(("other", "三/（六）其他处理"))
    else:
        for sid, slab in OTHER21:
            rows.append(("other." + sid, "三/（六）其他处理/" + slab))
    rows.append(("total_processed", "三/（七）总计"))
    rows.append(("carried_forward", "四、结转下年度继续办理"))
    return rows


def result_rows(tpl):
    return [r for r, _ in t3_rows(tpl)
            if r not in ("new_received", "carried_over", "total_processed", "carried_forward")]


# t2: (section marker, [column labels], [(row_id, row label, [(col_id, kind)])])
T2 = {
    "gov-2019": [
        ("第二十条第（一）项", ["本年新制作数量", "本年新公开数量", "对外公开总数量"],
         [("regulations", "规章", [("new_made", "count"), ("new_published", "count"), ("total_published", "count")]),
          ("normative_docs", "规范性文件", [("new_made", "count"), ("new_published", "count"), ("total_published", "count")])]),
        ("第二十条第（五）项", ["上一年项目数量", "本年增/减", "处理决定数量"],
         [("licensing", "行政许可", [("prev_items", "count"), ("change", "signed"), ("decisions", "count")]),
          ("other_services", "其他对外管理服务事项", [("prev_items", "count"), ("change", "signed"), ("decisions", "count")])]),
        ("第二十条第（六）项", ["上一年项目数量", "本年增/减", "处理决定数量"],
         [("penalty", "行政处罚", [("prev_items", "count"), ("change", "signed"), ("decisions", "count")]),
          ("coercion", "行政强制", [("prev_items", "count"), ("change", "signed"), ("decisions", "count")])]),
        ("第二十条第（八）项", ["上一年项目数量", "本年增/减"],
         [("fees", "行政事业性收费", [("prev_items", "count"), ("change", "signed")])]),
        ("第二十条第（九）项", ["采购项目数量", "采购总金额"],
         [("procurement", "政府集中采购", [("projects", "count"), ("amount", "amount")])]),
    ],
    "gov-2021": [
        ("第二十条第（一）项", ["本年制发件数", "本年废止件数", "现行有效件数"],
         [("regulations", "规章", [("made", "count"), ("repealed", "count"), ("in_force", "count")]),
          ("normative_docs", "行政规范性文件", [("made", "count"), ("repealed", "count"), ("in_force", "count")])]),
        ("第二十条第（五）项", ["本年处理决定数量"],
         [("licensing", "行政许可", [("decisions", "count")])]),
        ("第二十条第（六）项", ["本年处理决定数量"],
         [("penalty", "行政处罚", [("decisions", "count")]),
          ("coercion", "行政强制", [("decisions", "count")])]),
        ("第二十条第（八）项", ["本年收费金额（单位：万元）"],
         [("fees", "行政事业性收费", [("amount", "amount")])]),
    ],
}
T4_GROUPS = [("review", "行政复议"), ("suit_direct", "行政诉讼/未经复议直接起诉"),
             ("suit_after_review", "行政诉讼/复议后起诉")]
T4_COLS = [("upheld", "结果维持"), ("corrected", "结果纠正"), ("other", "其他结果"),
           ("pending", "尚未审结"), ("total", "总计")]


def field_list(tpl):
    """[(key, table, row_label, column_label, kind)] in fields.tsv order."""
    out = []
    for _m, cols, rows in T2[tpl]:
        for rid, rlab, cells in rows:
            for (cid, kind), clab in zip(cells, cols):
                out.append(("t2.%s.%s" % (rid, cid), "t2", rlab, clab, kind))
    for rid, rlab in t3_rows(tpl):
        for c in T3_COLS:
            out.append(("t3.%s.%s" % (rid, c), "t3", rlab, COL_LABEL[c], "count"))
    for gid, glab in T4_GROUPS:
        for cid, clab in T4_COLS:
            out.append(("t4.%s.%s" % (gid, cid), "t4", glab, clab, "count"))
    return out


KIND = {tpl: {k: kind for k, _t, _r, _c, kind in field_list(tpl)} for tpl in T2}


def check_against_fields_tsv():
    cands = [os.environ.get("XXGK_FIELDS", ""),
             os.path.join(HERE, "..", "..", "shared", "spec", "fields.tsv"),
             "/work/shared/spec/fields.tsv"]
    path = next((p for p in cands if p and os.path.exists(p)), None)
    if not path:
        print("note: fields.tsv not found; embedded key list not cross-checked")
        return
    spec = {"gov-2019": [], "gov-2021": []}
    with open(path, encoding="utf-8") as f:
        next(f)
        for line in f:
            t, key, table, rl, cl, kind = line.rstrip("\n").split("\t")
            spec[t].append((key, table, rl, cl, kind))
    for tpl in spec:
        mine = field_list(tpl)
        assert mine == spec[tpl], "field list differs from %s for %s" % (path, tpl)
    print("fields.tsv cross-check OK (%s)" % path)


# --------------------------------------------------------------------------
# Values: normalization as the spec defines it (independent of the C++ code)
# --------------------------------------------------------------------------

BLANK_TOKENS = {"", "/", "／", "—", "——", "-", "－", "无", "\\"}


def normalize(raw, kind):
    """Printed cell text -> canonical value string ('' for null)."""
    s = raw.replace("\u00a0", "").replace("\u3000", "").strip()
    if s in BLANK_TOKENS:
        return ""
    s = unicodedata.normalize("NFKC", s).replace(",", "")
    for unit in ("万元", "元", "件", "个", "条", "项"):
        if s.endswith(unit):
            s = s[: -len(unit)]
    if kind == "signed":
        return str(int(s))          # '+5' -> '5', '-3' -> '-3'
    if kind == "count":
        assert s.isdigit(), raw
        return str(int(s))
    float(s)                        # amount: keep the printed decimal form
    return s


def num(report, key):
    """Value used by arithmetic: null -> 0."""
    v = normalize(report.raw[key], KIND[report.tpl][key])
    return 0 if v == "" else (float(v) if "." in v else int(v))


# --------------------------------------------------------------------------
# Arithmetic (independent audit of what a sample prints)
# --------------------------------------------------------------------------

def audit(rep):
    tpl, n = rep.tpl, (lambda k: num(rep, k))
    out = []
    for rid, _l in t3_rows(tpl):
        lhs = n("t3.%s.total" % rid)
        rhs = sum(n("t3.%s.%s" % (rid, c)) for c in APPLICANTS)
        if lhs != rhs:
            out.append(("t3.row_total", rid, lhs, rhs))
    for c in T3_COLS:
        lhs = n("t3.total_processed.%s" % c)
        rhs = sum(n("t3.%s.%s" % (r, c)) for r in result_rows(tpl))
        if lhs != rhs:
            out.append(("t3.results_total", c, lhs, rhs))
    for c in T3_COLS:
        lhs = n("t3.new_received.%s" % c) + n("t3.carried_over.%s" % c)
        rhs = n("t3.total_processed.%s" % c) + n("t3.carried_forward.%s" % c)
        if lhs != rhs:
            out.append(("t3.balance", c, lhs, rhs))
    for g, _l in T4_GROUPS:
        lhs = n("t4.%s.total" % g)
        rhs = sum(n("t4.%s.%s" % (g, c)) for c, _ in T4_COLS[:4])
        if lhs != rhs:
            out.append(("t4.group_total", g, lhs, rhs))
    return out


# --------------------------------------------------------------------------
# Sample definitions (all invented)
# --------------------------------------------------------------------------

class Report:
    pass


def build(spec):
    """spec -> Report with .raw (key -> printed text) for every key."""
    r = Report()
    r.__dict__.update(spec)
    tpl = r.tpl
    raw = {}
    # t2
    for k, v in spec["t2"].items():
        raw["t2." + k] = v
    # t3: results, carried_over, carried_forward given per applicant column
    vals = {}
    res = spec["t3"]
    for rid in result_rows(tpl) + ["carried_over", "carried_forward"]:
        vals[rid] = list(res.get(rid, [0] * 6)) + [0] * (6 - len(res.get(rid, [])))
    vals["total_processed"] = [sum(vals[x][j] for x in result_rows(tpl)) for j in range(6)]
    vals["new_received"] = [vals["total_processed"][j] + vals["carried_forward"][j]
                            - vals["carried_over"][j] for j in range(6)]
    assert all(x >= 0 for x in vals["new_received"]), (r.file, vals["new_received"])
    for rid, row in vals.items():
        for c, x in zip(APPLICANTS, row):
            raw["t3.%s.%s" % (rid, c)] = str(x)
        raw["t3.%s.total" % rid] = str(sum(row))
    # t4
    for g, _l in T4_GROUPS:
        parts = list(spec["t4"].get(g, [0, 0, 0, 0]))
        for (c, _), x in zip(T4_COLS[:4], parts):
            raw["t4.%s.%s" % (g, c)] = str(x)
        raw["t4.%s.total" % g] = str(sum(parts))
    # zero cells printed blank (value 0 -> blank text)
    for k, blank in spec.get("blanks", {}).items():
        assert raw[k] == "0", (r.file, k, raw[k])
        raw[k] = blank
    for pattern, blank in spec.get("blank_zero_rows", []):
        for k in raw:
            if k.startswith(pattern) and raw[k] == "0":
                raw[k] = blank
    keys = [f[0] for f in field_list(tpl)]
    assert sorted(keys) == sorted(raw), (r.file, set(keys) ^ set(raw))
    r.raw = raw
    r.consistent = audit(r)
    assert r.consistent == [], (r.file, r.consistent)   # the true tables add up
    # deliberate damage (only in the samples that say so)
    for k, v in spec.get("override", {}).items():
        raw[k] = v
    r.findings = audit(r)
    return r


SAMPLES = [
    dict(file="gov2019-cell-per-line.txt", tpl="gov-2019", layout="cell-per-line",
         agency="云栖市白鹭区人民政府", year=2019, signed="2020年1月20日", kind="district",
         enc="utf-8", active=1863, train=4, phone="0791-8650 2231", addr="云栖市白鹭区鹭洲大道88号",
         t2={"regulations.new_made": "0", "regulations.new_published": "0", "regulations.total_published": "0",
             "normative_docs.new_made": "7", "normative_docs.new_published": "7", "normative_docs.total_published": "43",
             "licensing.prev_items": "215", "licensing.change": "+5", "licensing.decisions": "1204",
             "other_services.prev_items": "36", "other_services.change": "-3", "other_services.decisions": "418",
             "penalty.prev_items": "58", "penalty.change": "+12", "penalty.decisions": "326",
             "coercion.prev_items": "9", "coercion.change": "0", "coercion.decisions": "17",
             "fees.prev_items": "14", "fees.change": "-2",
             "procurement.projects": "23", "procurement.amount": "4386200元"},
         t3={"carried_over": [3],
             "granted": [21, 4, 0, 0, 1, 0], "partial": [6, 1],
             "withheld.third_party": [2], "withheld.process_info": [1, 1],
             "unable.not_held": [14, 2, 0, 0, 0, 1], "unable.needs_creation": [3], "unable.unclear": [2],
             "declined.petition": [5], "declined.repeated": [2], "other": [1],
             "carried_forward": [4, 1]},
         t4={"review": [2, 1, 0, 1], "suit_direct": [1, 0, 0, 0], "suit_after_review": [0, 0, 0, 1]},
         note="seed layout: each cell on its own TAB-indented line, blank-line row separators, "
              "rowspan continuations as empty cells; signed 本年增/减, 采购总金额 with 元"),
    dict(file="gov2021-cell-per-line.txt", tpl="gov-2021", layout="cell-per-line",
         agency="青禾县市场监督管理局", year=2021, signed="2022年1月20日", kind="market",
         enc="utf-8", active=642, train=3, phone="0736-5521 0098", addr="青禾县禾丰路16号",
         t2={"regulations.made": "0", "regulations.repealed": "0", "regulations.in_force": "0",
             "normative_docs.made": "3", "normative_docs.repealed": "1", "normative_docs.in_force": "12",
             "licensing.decisions": "3862", "penalty.decisions": "128", "coercion.decisions": "46",
             "fees.amount": "0"},
         t3={"carried_over": [2, 1],
             "granted": [18, 6], "partial": [4, 2], "withheld.third_party": [0, 1],
             "withheld.enforcement_file": [2], "withheld.admin_query": [3],
             "unable.not_held": [9, 3], "unable.needs_creation": [2], "unable.unclear": [1],
             "declined.petition": [7], "declined.repeated": [3], "declined.confirm_reissue": [1],
             "other.no_correction": [2], "other.other": [1],
             "carried_forward": [3]},
         t4={"review": [3, 0, 1, 0], "suit_direct": [1, 0, 0, 1]},
         note="seed layout for the 2021 template: （六）其他处理 with three sub-rows, 22-row 办理结果 block"),
    dict(file="gov2021-tab-rows.txt", tpl="gov-2021", layout="tab-rows",
         agency="云栖市生态环境局", year=2022, signed="2023年1月16日", kind="eco",
         enc="utf-8-sig", newline="\r\n", active=975, train=5, phone="0791-8633 1470", addr="云栖市湖滨东路203号",
         t2={"regulations.made": "0", "regulations.repealed": "0", "regulations.in_force": "0",
             "normative_docs.made": "5", "normative_docs.repealed": "2", "normative_docs.in_force": "31",
             "licensing.decisions": "264", "penalty.decisions": "87", "coercion.decisions": "12",
             "fees.amount": "12.5"},
         t3={"carried_over": [1, 0, 0, 1],
             "granted": [27, 5, 0, 2, 1], "partial": [8, 2], "withheld.law_prohibited": [1],
             "withheld.third_party": [0, 2], "withheld.internal_affairs": [1], "withheld.process_info": [3, 0, 0, 1],
             "unable.not_held": [11, 1], "unable.needs_creation": [4], "unable.unclear": [2, 0, 0, 0, 0, 1],
             "declined.petition": [6], "declined.repeated": [2], "declined.publication": [1],
             "other.no_correction": [3], "other.other": [1],
             "carried_forward": [2, 1]},
         t4={"review": [2, 1, 0, 0], "suit_direct": [0, 0, 0, 1], "suit_after_review": [1, 0, 0, 0]},
         note="one table row per line, TAB-separated, merged labels only on the first row of their group; "
              "CRLF line endings, UTF-8 with BOM; 收费金额 12.5 (万元)"),
    dict(file="gov2019-pipe.md", tpl="gov-2019", layout="md",
         agency="青禾县人民政府办公室", year=2020, signed="2021年1月28日", kind="office",
         enc="utf-8", active=1127, train=2, phone="0736-5520 1001", addr="青禾县人民路1号",
         t2={"regulations.new_made": "0", "regulations.new_published": "0", "regulations.total_published": "0",
             "normative_docs.new_made": "12", "normative_docs.new_published": "12", "normative_docs.total_published": "64",
             "licensing.prev_items": "0", "licensing.change": "0", "licensing.decisions": "0",
             "other_services.prev_items": "3", "other_services.change": "+1", "other_services.decisions": "15",
             "penalty.prev_items": "0", "penalty.change": "0", "penalty.decisions": "0",
             "coercion.prev_items": "0", "coercion.change": "0", "coercion.decisions": "0",
             "fees.prev_items": "0", "fees.change": "0",
             "procurement.projects": "6", "procurement.amount": "386500元"},
         t3={"granted": [31, 3, 1], "partial": [5], "withheld.state_secret": [1],
             "withheld.internal_affairs": [2], "withheld.process_info": [2, 1],
             "unable.not_held": [16, 2, 0, 0, 1], "unable.needs_creation": [3], "unable.unclear": [1],
             "declined.petition": [4], "declined.repeated": [3, 1], "declined.publication": [1],
             "other": [2], "carried_forward": [2]},
         t4={"review": [1, 0, 0, 0], "suit_direct": [0, 1, 0, 0]},
         blanks={"t3.carried_over.natural": "", "t3.carried_over.commercial": "", "t3.carried_over.research": "",
                 "t3.carried_over.public_interest": "", "t3.carried_over.legal_services": "",
                 "t3.carried_over.other_org": "",
                 "t4.suit_after_review.upheld": "", "t4.suit_after_review.corrected": "",
                 "t4.suit_after_review.other": "", "t4.suit_after_review.pending": "",
                 "t4.suit_after_review.total": ""},
         note="markdown: ## headings, t2 as one pipe table per 第二十条 item, t3/t4 as full-grid pipe tables "
              "(merged cells expanded to empty cells); empty cells in 上年结转 and 复议后起诉"),
    dict(file="gov2021-pipe-spaced.txt", tpl="gov-2021", layout="pipe-spaced",
         agency="云栖市白鹭区桐溪镇人民政府", year=2023, signed="2024年1月25日", kind="town",
         enc="utf-8", active=236, train=2, phone="0791-8671 3302", addr="云栖市白鹭区桐溪镇桐溪街12号",
         t2={"regulations.made": "0", "regulations.repealed": "0", "regulations.in_force": "0",
             "normative_docs.made": "0", "normative_docs.repealed": "0", "normative_docs.in_force": "2",
             "licensing.decisions": "36", "penalty.decisions": "5", "coercion.decisions": "0",
             "fees.amount": "0"},
         t3={"granted": [3, 1], "partial": [1], "unable.not_held": [2], "declined.repeated": [1],
             "other.no_correction": [1]},
         t4={"review": [1, 0, 0, 0]},
         note="` | `-separated rows like the fragments: letter-spaced column labels (`自 然 人`), trailing "
              "empty cells `| |`, half-width brackets in prose references; a small town with few requests"),
    dict(file="gov2021-layout.txt", tpl="gov-2021", layout="layout",
         agency="云栖市交通运输局", year=2021, signed="2022年1月18日", kind="transport",
         enc="utf-8", active=1388, train=6, phone="0791-8612 5506", addr="云栖市通衢路58号",
         t2={"regulations.made": "0", "regulations.repealed": "0", "regulations.in_force": "0",
             "normative_docs.made": "4", "normative_docs.repealed": "0", "normative_docs.in_force": "27",
             "licensing.decisions": "1,204", "penalty.decisions": "1862", "coercion.decisions": "143",
             "fees.amount": "8.76"},
         t3={"carried_over": [4, 1],
             "granted": [35, 9, 1], "partial": [7, 3], "withheld.third_party": [2, 1],
             "withheld.internal_affairs": [1], "withheld.process_info": [4], "withheld.enforcement_file": [2],
             "withheld.admin_query": [5],
             "unable.not_held": [12, 2, 0, 1], "unable.needs_creation": [6, 1], "unable.unclear": [3],
             "declined.petition": [9], "declined.repeated": [4], "declined.excessive": [6],
             "declined.confirm_reissue": [1],
             "other.no_correction": [2], "other.unpaid_fee": [1], "other.other": [1, 0, 0, 0, 1],
             "carried_forward": [5, 2]},
         t4={"review": [4, 1, 0, 2], "suit_direct": [2, 0, 1, 0], "suit_after_review": [1, 0, 0, 1]},
         note="pdftotext -layout: space-aligned columns (2+ spaces), long labels wrapped onto following "
              "lines without numbers, wrapped column headers, page footers and form feeds; '1,204'"),
    dict(file="gov2019-glued.txt", tpl="gov-2019", layout="glued",
         agency="青禾县自然资源局", year=2020, signed="2021年1月22日", kind="natres",
         enc="gb18030", active=517, train=3, phone="0736-5526 3318", addr="青禾县国土巷9号",
         url="https://www.qinghe.example/zwgk/xxgknb/202101/t20210122_3318.html",
         t2={"regulations.new_made": "0", "regulations.new_published": "0", "regulations.total_published": "0",
             "normative_docs.new_made": "2", "normative_docs.new_published": "2", "normative_docs.total_published": "19",
             "licensing.prev_items": "48", "licensing.change": "+6", "licensing.decisions": "312",
             "other_services.prev_items": "12", "other_services.change": "-3", "other_services.decisions": "57",
             "penalty.prev_items": "26", "penalty.change": "+4", "penalty.decisions": "133",
             "coercion.prev_items": "3", "coercion.change": "0", "coercion.decisions": "5",
             "fees.prev_items": "8", "fees.change": "0",
             "procurement.projects": "17", "procurement.amount": "2865300元"},
         t3={"carried_over": [2],
             "granted": [12, 3], "partial": [4, 1], "withheld.third_party": [1], "withheld.process_info": [2],
             "unable.not_held": [8, 2], "unable.needs_creation": [3], "unable.unclear": [1],
             "declined.petition": [5], "declined.repeated": [2], "other": [1],
             "carried_forward": [1, 1]},
         t4={"review": [6, 2, 1, 3], "suit_direct": [1, 0, 0, 0]},
         note="crawler text: header lines, then the whole body on one line, table cells glued with no "
              "separators (a space only where a crawler leaves one); GB18030 bytes; every glued run has "
              "exactly one split that satisfies the template arithmetic"),
    dict(file="gov2021-glued.txt", tpl="gov-2021", layout="glued",
         agency="云栖市人力资源和社会保障局", year=2022, signed="2023年1月30日", kind="hrss",
         enc="utf-8", active=1526, train=4, phone="0791-8640 7712", addr="云栖市民安路31号",
         url="https://www.yunqi.example/zwgk/xxgknb/202301/t20230130_7712.html",
         t2={"regulations.made": "0", "regulations.repealed": "0", "regulations.in_force": "0",
             "normative_docs.made": "6", "normative_docs.repealed": "2", "normative_docs.in_force": "48",
             "licensing.decisions": "2187", "penalty.decisions": "64", "coercion.decisions": "0",
             "fees.amount": "0"},
         t3={"carried_over": [3],
             "granted": [22, 2, 0, 0, 0, 1], "partial": [6], "withheld.law_prohibited": [1],
             "withheld.third_party": [2], "withheld.internal_affairs": [1], "withheld.admin_query": [4],
             "unable.not_held": [15, 1], "unable.needs_creation": [2], "unable.unclear": [3],
             "declined.petition": [11], "declined.repeated": [5], "declined.confirm_reissue": [2],
             "other.no_correction": [3], "other.other": [1],
             "carried_forward": [2]},
         t4={"review": [9, 2, 0, 1], "suit_direct": [3, 0, 1, 1], "suit_after_review": [1, 0, 0, 0]},
         note="crawler text like real/008 for the 2021 template, UTF-8; multi-digit glued runs (新收 773000181, "
              "the 16-digit run for the 15 cells of table 4) are split uniquely only by the arithmetic"),
    dict(file="gov2021-page-gbk.html", tpl="gov-2021", layout="html-gbk",
         agency="澄川市教育局", year=2021, signed="2022年1月24日", kind="edu",
         enc="gbk", active=884, train=3, phone="0577-6615 2040", addr="澄川市文昌路66号",
         t2={"regulations.made": "0", "regulations.repealed": "0", "regulations.in_force": "0",
             "normative_docs.made": "9", "normative_docs.repealed": "3", "normative_docs.in_force": "58",
             "licensing.decisions": "41", "penalty.decisions": "3", "coercion.decisions": "0",
             "fees.amount": "3.86"},
         t3={"carried_over": [1],
             "granted": [26, 1, 0, 1], "partial": [3], "withheld.third_party": [1], "withheld.process_info": [2],
             "unable.not_held": [10], "unable.needs_creation": [1], "unable.unclear": [2],
             "declined.petition": [8], "declined.repeated": [2], "declined.publication": [1],
             "other.no_correction": [1],
             "carried_forward": [2]},
         t4={"review": [1, 0, 0, 1], "suit_direct": [0, 0, 1, 0]},
         blank_zero_rows=[("t3.", ""), ("t4.", "")],
         note="whole saved page (meta charset=gb2312, nav bar, breadcrumbs, script, footer with 网站标识码) in "
              "GBK bytes; report in a content div; rowspan/colspan tables, every zero t3/t4 cell `&nbsp;`; "
              "`本年制发<br/>件数`"),
    dict(file="gov2019-page.html", tpl="gov-2019", layout="html-utf8",
         agency="雁汀县卫生健康局", year=2019, signed="2020年1月15日", kind="health",
         enc="utf-8", active=733, train=2, phone="0577-6802 1206", addr="雁汀县康宁路20号",
         t2={"regulations.new_made": "0", "regulations.new_published": "0", "regulations.total_published": "0",
             "normative_docs.new_made": "4", "normative_docs.new_published": "4", "normative_docs.total_published": "21",
             "licensing.prev_items": "132", "licensing.change": "+8", "licensing.decisions": "96",
             "other_services.prev_items": "25", "other_services.change": "0", "other_services.decisions": "64",
             "penalty.prev_items": "18", "penalty.change": "-3", "penalty.decisions": "47",
             "coercion.prev_items": "2", "coercion.change": "0", "coercion.decisions": "1",
             "fees.prev_items": "6", "fees.change": "0",
             "procurement.projects": "9", "procurement.amount": "1682000元"},
         t3={"granted": [14, 2], "partial": [2], "withheld.third_party": [1],
             "unable.not_held": [6, 1], "unable.needs_creation": [1],
             "declined.petition": [3], "declined.repeated": [1], "carried_forward": [1]},
         t4={"review": [1, 0, 0, 0]},
         note="UTF-8 page with no charset declaration; Shanghai-like 5-column table 2 whose data rows of "
              "（五）（六） use 1+2+1+1 colspans under a 1+1+2+1 header; `本年新<br />制作数量`"),
    dict(file="gov2021-broken-sums.txt", tpl="gov-2021", layout="tab-rows",
         agency="云栖市白鹭区民政局", year=2022, signed="2023年1月19日", kind="civil",
         enc="utf-8", newline="\n", active=412, train=2, phone="0791-8652 6619", addr="云栖市白鹭区福泽路7号",
         t2={"regulations.made": "0", "regulations.repealed": "0", "regulations.in_force": "0",
             "normative_docs.made": "2", "normative_docs.repealed": "1", "normative_docs.in_force": "15",
             "licensing.decisions": "58", "penalty.decisions": "0", "coercion.decisions": "0",
             "fees.amount": "0"},
         t3={"carried_over": [1],
             "granted": [19, 1], "partial": [3], "withheld.third_party": [2], "withheld.internal_affairs": [1],
             "unable.not_held": [7], "unable.needs_creation": [1], "unable.unclear": [1],
             "declined.petition": [4], "declined.repeated": [2], "other.no_correction": [1],
             "carried_forward": [1]},
         t4={"review": [2, 0, 1, 0]},
         # deliberate errors: 予以公开/自然人 printed 21 (true 19); 行政复议 总计 printed 4 (parts 3)
         override={"t3.granted.natural": "21", "t4.review.total": "4"},
         expect_findings=[("t3.row_total", "granted", 20, 22), ("t3.results_total", "natural", 41, 43),
                          ("t4.group_total", "review", 4, 3)],
         note="TAB rows (UTF-8, LF, no BOM) with deliberate arithmetic errors: one t3 cell (予以公开/自然人) "
              "breaks its row total and its column's results total; the 行政复议 total is off by one"),
    dict(file="gov2019-blank-totals.txt", tpl="gov-2019", layout="cell-per-line",
         agency="澄川市人民政府办公室", year=2019, signed="2020年1月21日", kind="office",
         enc="utf-8", active=2954, train=5, phone="0577-6600 1180", addr="澄川市府前街1号",
         no_breakdown=True,
         t2={"regulations.new_made": "3", "regulations.new_published": "3", "regulations.total_published": "57",
             "normative_docs.new_made": "16", "normative_docs.new_published": "16", "normative_docs.total_published": "212",
             "licensing.prev_items": "0", "licensing.change": "0", "licensing.decisions": "0",
             "other_services.prev_items": "0", "other_services.change": "0", "other_services.decisions": "0",
             "penalty.prev_items": "0", "penalty.change": "0", "penalty.decisions": "0",
             "coercion.prev_items": "0", "coercion.change": "0", "coercion.decisions": "0",
             "fees.prev_items": "0", "fees.change": "0",
             "procurement.projects": "0", "procurement.amount": "0"},
         t3={"carried_over": [12, 1],
             "granted": [186, 9, 0, 0, 2, 1], "partial": [14, 1], "withheld.state_secret": [3],
             "withheld.third_party": [4, 1], "withheld.internal_affairs": [6], "withheld.process_info": [5, 0, 1],
             "withheld.admin_query": [8],
             "unable.not_held": [173, 6, 0, 0, 1], "unable.needs_creation": [28, 2], "unable.unclear": [15],
             "declined.petition": [97, 1], "declined.repeated": [11], "declined.publication": [2],
             "declined.confirm_reissue": [3], "other": [6],
             "carried_forward": [35, 2]},
         t4={"review": [9, 2, 1, 3], "suit_direct": [4, 0, 1, 2]},
         blanks={"t2.licensing.prev_items": "/", "t2.licensing.change": "/", "t2.licensing.decisions": "/",
                 "t2.penalty.prev_items": "—", "t2.penalty.change": "—", "t2.penalty.decisions": "—",
                 "t2.fees.prev_items": "无", "t2.fees.change": "无",
                 "t2.procurement.projects": "", "t2.procurement.amount": "",
                 "t3.carried_over.research": "—", "t3.carried_over.public_interest": "—",
                 "t3.carried_over.legal_services": "—", "t3.carried_over.other_org": "—",
                 "t4.suit_after_review.upheld": "无", "t4.suit_after_review.corrected": "无",
                 "t4.suit_after_review.other": "无", "t4.suit_after_review.pending": "无",
                 "t4.suit_after_review.total": "无"},
         blank_zero_rows=[("t3.", "/")],
         blank_result_totals=True,
         note="seed layout, 总计 column left blank for every result row (only 一/二/（七）/四 carry a total, "
              "as in the Shanghai 2019 report); blanks written as '/', '—', '无' and empty"),
    dict(file="gov2021-report.docx", tpl="gov-2021", layout="docx",
         agency="青禾县松岚镇人民政府", year=2022, signed="2023年1月12日", kind="town",
         enc="utf-8", active=158, train=1, phone="0736-5580 2217", addr="青禾县松岚镇松岚街3号",
         t2={"regulations.made": "0", "regulations.repealed": "0", "regulations.in_force": "0",
             "normative_docs.made": "1", "normative_docs.repealed": "0", "normative_docs.in_force": "6",
             "licensing.decisions": "27", "penalty.decisions": "3", "coercion.decisions": "0",
             "fees.amount": "0.45"},
         t3={"granted": [4], "partial": [1], "unable.not_held": [3, 1], "declined.petition": [2],
             "other.other": [1], "carried_forward": [1]},
         t4={"review": [0, 1, 0, 0]},
         note="DOCX built with zipfile: w:tbl/w:tr/w:tc, w:gridSpan for merged columns, w:vMerge "
              "restart/continue for 三、本年度办理结果 and its groups, w:br inside 本年制发件数"),
]


def prepare(spec):
    spec = dict(spec)
    if spec.get("blank_result_totals"):
        # the total column left blank for the result rows (三 block) only
        spec.setdefault("override", {})
    rep = build(spec)
    if spec.get("blank_result_totals"):
        for rid in result_rows(rep.tpl):
            rep.raw["t3.%s.total" % rid] = ""
        rep.findings = audit(rep)
    expect = spec.get("expect_findings")
    if expect is not None:
        assert rep.findings == expect, (rep.file, rep.findings)
    elif spec.get("blank_result_totals"):
        want = []
        for rid in result_rows(rep.tpl):
            s = sum(num(rep, "t3.%s.%s" % (rid, c)) for c in APPLICANTS)
            if s:
                want.append(("t3.row_total", rid, 0, s))
        want.append(("t3.results_total", "total", num(rep, "t3.total_processed.total"), 0))
        assert rep.findings == want, (rep.file, rep.findings)
    else:
        assert rep.findings == [], (rep.file, rep.findings)
    return rep


# --------------------------------------------------------------------------
# Tables as grids with merged cells
# --------------------------------------------------------------------------

class Cell:
    def __init__(self, text, cs=1, rs=1, key=None, br=None, head=False):
        self.text, self.cs, self.rs, self.key, self.br, self.head = text, cs, rs, key, br, head

    @property
    def is_value(self):
        return self.key is not None


BR = {"本年新制作数量": "本年新|制作数量", "本年新公开数量": "本年新|公开数量",
      "本年制发件数": "本年制发|件数", "本年废止件数": "本年废止|件数", "现行有效件数": "现行有效|件数"}


def t2_grid(rep, variant="plain"):
    tpl, raw = rep.tpl, rep.raw
    rows = []
    ncols = 5 if variant == "shanghai5" else 4
    for marker, cols, trows in T2[tpl]:
        rows.append([Cell(marker, cs=ncols, head=True)])
        head = [Cell("信息内容", head=True)]
        if len(cols) == 3 and variant == "shanghai5":
            spans = [1, 2, 1]
        elif len(cols) == 3:
            spans = [1, 1, 1]
        elif len(cols) == 2:
            spans = [1, 2] if ncols == 4 else [2, 2]
        else:
            spans = [ncols - 1]
        for c, s in zip(cols, spans):
            head.append(Cell(c, cs=s, head=True, br=BR.get(c)))
        rows.append(head)
        for rid, rlab, cells in trows:
            dspans = spans
            if variant == "shanghai5" and marker in ("第二十条第（五）项", "第二十条第（六）项"):
                dspans = [2, 1, 1]          # misaligned under the 1+2+1 header, as in real/001
            row = [Cell(rlab)]
            for (cid, _k), s in zip(cells, dspans):
                key = "t2.%s.%s" % (rid, cid)
                row.append(Cell(raw[key], cs=s, key=key))
            rows.append(row)
    return ncols, rows


def t3_grid(rep):
    tpl, raw = rep.tpl, rep.raw
    vals = lambda rid: [Cell(raw["t3.%s.%s" % (rid, c)], key="t3.%s.%s" % (rid, c)) for c in T3_COLS]
    rows = [[Cell(T3_NOTE, cs=3, rs=3, head=True), Cell("申请人情况", cs=7, head=True)],
            [Cell("自然人", rs=2, head=True), Cell("法人或其他组织", cs=5, head=True), Cell("总计", rs=2, head=True)],
            [Cell(x, head=True) for x in ORG_LABELS]]
    rows.append([Cell("一、本年新收政府信息公开申请数量", cs=3)] + vals("new_received"))
    rows.append([Cell("二、上年结转政府信息公开申请数量", cs=3)] + vals("carried_over"))
    nres = len(result_rows(tpl)) + 1
    rows.append([Cell(SAN, rs=nres), Cell("（一）予以公开", cs=2)] + vals("granted"))
    rows.append([Cell(PARTIAL, cs=2)] + vals("partial"))
    groups = list(GROUPS)
    if tpl == "gov-2021":
        groups.append(("other", "（六）其他处理", OTHER21))
    for gid, glab, subs in groups:
        for i, (sid, slab) in enumerate(subs):
            lead = [Cell(glab, rs=len(subs))] if i == 0 else []
            rows.append(lead + [Cell(slab)] + vals(gid + "." + sid))
    if tpl == "gov-2019":
        rows.append([Cell("（六）其他处理", cs=2)] + vals("other"))
    rows.append([Cell("（七）总计", cs=2)] + vals("total_processed"))
    rows.append([Cell("四、结转下年度继续办理", cs=3)] + vals("carried_forward"))
    return 10, rows


def t4_grid(rep):
    raw = rep.raw
    rows = [[Cell("行政复议", cs=5, head=True), Cell("行政诉讼", cs=10, head=True)],
            [Cell(l, rs=2, head=True) for _c, l in T4_COLS]
            + [Cell("未经复议直接起诉", cs=5, head=True), Cell("复议后起诉", cs=5, head=True)],
            [Cell(l, head=True) for _c, l in T4_COLS] * 2,
            [Cell(raw["t4.%s.%s" % (g, c)], key="t4.%s.%s" % (g, c)) for g, _ in T4_GROUPS for c, _ in T4_COLS]]
    return 15, rows


def place(ncols, rows):
    """-> per row: [(col, cell, is_continuation)] covering every grid column once."""
    occ = {}
    for r, row in enumerate(rows):
        col = 0
        for cell in row:
            while (r, col) in occ:
                col += 1
            for dr in range(cell.rs):
                for dc in range(cell.cs):
                    assert (r + dr, col + dc) not in occ, "overlap"
                    occ[(r + dr, col + dc)] = (cell, r, col)
            col += cell.cs
    out = []
    for r in range(len(rows)):
        entries = []
        c = 0
        while c < ncols:
            assert (r, c) in occ, ("hole in grid", r, c)
            cell, r0, c0 = occ[(r, c)]
            if c0 == c:
                entries.append((c, cell, r0 != r))
            c += 1
        out.append(entries)
    return out


def dwidth(s):
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


# --------------------------------------------------------------------------
# Report text (prose), shared by all layouts
# --------------------------------------------------------------------------

KINDS = {
    "district": dict(focus="财政预决算、重大建设项目、社会公益事业建设", site="区人民政府门户网站",
                     key_areas="财政预决算、重大建设项目批准和实施、征地拆迁"),
    "office": dict(focus="政府常务会议、政策文件、人事任免", site="政府门户网站",
                   key_areas="政府常务会议议定事项、政府规章和规范性文件、政府工作报告"),
    "market": dict(focus="食品安全抽检、“双随机、一公开”监管、企业信用信息", site="县人民政府门户网站市场监管专栏",
                   key_areas="食品安全监督抽检结果、行政处罚案件信息、特种设备安全"),
    "eco": dict(focus="环境质量状况、排污许可、建设项目环境影响评价", site="市生态环境局网站",
                key_areas="空气和水环境质量、建设项目环评审批、重点排污单位名录"),
    "transport": dict(focus="道路运输许可、交通建设项目、公路养护", site="市交通运输局网站",
                      key_areas="重点交通工程建设进度、道路运输经营许可、客运班线调整"),
    "natres": dict(focus="国土空间规划、土地征收、不动产登记", site="县人民政府门户网站",
                   key_areas="土地征收成片开发方案、建设用地审批、矿业权出让"),
    "hrss": dict(focus="就业创业、社会保险、根治欠薪", site="市人力资源和社会保障局网站",
                 key_areas="就业补贴发放、社会保险待遇调整、职称评审结果"),
    "edu": dict(focus="招生入学、教育收费、校园安全", site="澄川教育网",
                key_areas="义务教育招生入学政策、民办学校收费标准、教育经费使用"),
    "health": dict(focus="医疗机构执业、公共卫生、疫苗接种", site="雁汀县人民政府网站卫生健康专栏",
                   key_areas="医疗机构和医护人员执业信息、传染病防控、家庭医生签约服务"),
    "civil": dict(focus="最低生活保障、临时救助、养老服务", site="白鹭区人民政府门户网站民政专栏",
                  key_areas="城乡低保对象和特困人员救助供养、临时救助、养老机构备案"),
    "town": dict(focus="惠农补贴、村务财务、乡村振兴项目", site="镇政务公开栏和区县政府网站乡镇专栏",
                 key_areas="惠农惠民资金发放、村级财务收支、农村危房改造"),
}


def prose(rep):
    """-> list of blocks: ('title'|'p'|'h1'|'h2', text), ('table', 't2'|'t3'|'t4'), ('sign', agency, date)."""
    Y, A, k, tpl = rep.year, rep.agency, KINDS[rep.kind], rep.tpl
    n = lambda key: num(rep, key)
    half = rep.layout in ("pipe-spaced",)          # half-width brackets like the fragments
    lb, rb = ("(", ")") if half else ("（", "）")
    item = lambda s: lb + s + rb
    title = "%s%d年%s政府信息公开工作年度报告" % (A, Y, "度" if rep.file.endswith(("docx", "glued.txt")) else "")
    if tpl == "gov-2019":
        notice = "《国务院办公厅政府信息与政务公开办公室关于政府信息公开工作年度报告有关事项的通知》（国办公开办函〔2019〕60号）"
    else:
        notice = "《国务院办公厅政府信息与政务公开办公室关于印发<中华人民共和国政府信息公开工作年度报告格式>的通知》（国办公开办函〔2021〕30号）"
    B = [("title", title)]
    B.append(("p", "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和%s要求，由%s编制。全文包括总体情况、"
                   "主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议及行政诉讼情况、存在的主要问题及改进情况、"
                   "其他需要报告的事项。本报告所列数据的统计期限自%d年1月1日起至%d年12月31日止。如对本报告有疑问，请与%s办公室联系"
                   "（地址：%s；电话：%s）。" % (notice, A, Y, Y, A, rep.addr, rep.phone)))
    B.append(("h1", "一、总体情况"))
    B.append(("p", "%d年，%s坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《条例》和上级关于全面推进政务公开工作的部署要求，"
                   "围绕%s等重点工作，坚持“公开为常态、不公开为例外”，不断提升政务公开的质量和实效。" % (Y, A, k["focus"])))
    B.append(("h2", "（一）主动公开"))
    B.append(("p", "全年通过%s等渠道主动公开政府信息%d条。" % (k["site"], rep.active)))
    if tpl == "gov-2021":
        B.append(("p", "1.做好政策文件公开。本年度制发行政规范性文件%d件，废止%d件，现行有效%d件，均按照《条例》第二十条第%s项要求"
                       "在政府信息公开专栏集中公开。" % (n("t2.normative_docs.made"), n("t2.normative_docs.repealed"),
                                                   n("t2.normative_docs.in_force"), item("一"))))
    else:
        B.append(("p", "1.做好政策文件公开。本年新制作规范性文件%d件，新公开%d件，对外公开规范性文件总数达到%d件，均按照《条例》第二十条第%s项"
                       "要求集中公开。" % (n("t2.normative_docs.new_made"), n("t2.normative_docs.new_published"),
                                         n("t2.normative_docs.total_published"), item("一"))))
    lic, pen = n("t2.licensing.decisions"), n("t2.penalty.decisions")
    if lic or pen:
        B.append(("p", "2.做好权力运行信息公开。依据《条例》第二十条第(五)项、第%s项规定，及时公开行政许可决定%d件、行政处罚决定%d件，"
                       "做到“谁执法谁公示”。" % (item("六"), lic, pen)))
    else:
        B.append(("p", "2.做好决策信息公开。依据《条例》第二十条第(五)项、第%s项规定，本机关无行政许可、行政处罚事项，重点做好重大行政决策"
                       "预公开和政策解读，全年发布解读材料%d篇。" % (item("六"), rep.train * 7 + 3)))
    B.append(("p", "3.深化重点领域信息公开。围绕%s，及时发布工作动态和办事指南，主动回应社会关切。" % k["key_areas"]))
    B.append(("h2", "（二）依申请公开"))
    new_t, co_t = n("t3.new_received.total"), n("t3.carried_over.total")
    proc, cf = n("t3.total_processed.total"), n("t3.carried_forward.total")
    nat = n("t3.new_received.natural")
    s = "全年共收到政府信息公开申请%d件，其中自然人申请%d件，法人或其他组织申请%d件；上年结转%d件。" % (new_t, nat, new_t - nat, co_t)
    if rep.__dict__.get("no_breakdown"):
        s += "本年度办结%d件，结转下年度继续办理%d件。" % (proc, cf)
    else:
        tot = lambda rids: sum(n("t3.%s.total" % r) for r in rids)
        rr = result_rows(tpl)
        s += ("本年度办结%d件，其中予以公开%d件，部分公开%d件，不予公开%d件，无法提供%d件，不予处理%d件，其他处理%d件；"
              "结转下年度继续办理%d件。" % (proc, tot(["granted"]), tot(["partial"]),
                                         tot([r for r in rr if r.startswith("withheld")]),
                                         tot([r for r in rr if r.startswith("unable")]),
                                         tot([r for r in rr if r.startswith("declined")]),
                                         tot([r for r in rr if r.startswith("other")]), cf))
    rev = n("t4.review.total")
    suit = n("t4.suit_direct.total") + n("t4.suit_after_review.total")
    if rev or suit:
        s += "全年因政府信息公开工作被申请行政复议%d件，被提起行政诉讼%d件。" % (rev, suit)
    else:
        s += "全年未发生因政府信息公开工作被申请行政复议或提起行政诉讼的情况。"
    B.append(("p", s))
    B.append(("p", "(1)严格办理时限。对涉及第三方合法权益的申请，依据《条例》第三十二条书面征求第三方意见；确需延长答复期限的，"
                   "依据《条例》第三十三条第二款经政府信息公开工作机构负责人同意后延长，并书面告知申请人。"))
    B.append(("p", "(2)规范答复文书。对决定不予公开的，依据《条例》第三十六条第%s项告知申请人并说明理由；对经检索没有所申请公开信息的，"
                   "依据《条例》第三十六条第%s项告知申请人该政府信息不存在；对申请内容不明确的，依据《条例》第二十九条第三款一次性"
                   "告知申请人作出补正。" % (item("三"), item("四"))))
    B.append(("h2", "（三）政府信息管理"))
    B.append(("p", "严格落实《条例》第十七条规定，健全政府信息公开审查机制，坚持“先审查、后公开”和“一事一审”，全年未发生泄密事件。"
                   "及时开展政策文件清理，对不再适用的文件在公开平台作出失效标注。"))
    B.append(("h2", "（四）平台建设"))
    B.append(("p", "持续优化政府信息公开专栏栏目设置，规范政务新媒体管理，做到发布及时、内容准确、运行安全。"))
    B.append(("h2", "（五）监督保障"))
    B.append(("p", "将政务公开工作纳入年度目标考核，全年组织政务公开业务培训%d次，对照《条例》和年度工作要点开展自查，"
                   "发现问题及时整改。" % rep.train))
    B.append(("h1", "二、主动公开政府信息情况"))
    B.append(("table", "t2"))
    B.append(("h1", "三、收到和处理政府信息公开申请情况"))
    B.append(("table", "t3"))
    B.append(("h1", "四、政府信息公开行政复议、行政诉讼情况"))
    B.append(("table", "t4"))
    B.append(("h1", "五、存在的主要问题及改进情况"))
    B.append(("p", "%d年，%s政府信息公开工作取得一定成效，但也存在一些不足：一是政策解读形式还不够丰富，图表图解、视频解读等形式运用较少；"
                   "二是依申请公开答复的规范化水平有待进一步提高。" % (Y, A)))
    B.append(("p", "下一步，我们将重点做好以下工作：一是丰富政策解读形式，提高解读的针对性和可读性；二是加强业务培训，"
                   "严格按照《条例》规定的程序和时限办理政府信息公开申请；三是强化%s等领域信息公开，持续提升公开实效。" % k["focus"].split("、")[0]))
    B.append(("h1", "六、其他需要报告的事项"))
    if tpl == "gov-2021":
        B.append(("p", "依据《政府信息公开信息处理费管理办法》和《条例》第四十二条第一款规定，本年度未收取信息处理费。"
                       "本年度无其他需要报告的事项。"))
    else:
        B.append(("p", "本年度未收取政府信息公开相关费用，无其他需要报告的事项。"))
    B.append(("sign", A, rep.signed))
    return B


# --------------------------------------------------------------------------
# Layout: cell per line (seed)
# --------------------------------------------------------------------------

def grid_of(rep, which, variant="plain"):
    if which == "t2":
        return t2_grid(rep, variant)
    return t3_grid(rep) if which == "t3" else t4_grid(rep)


def render_cell_per_line(rep):
    out = []
    for b in prose(rep):
        if b[0] == "title":
            out.append(b[1])
        elif b[0] == "h1":
            out += ["", b[1], ""]
        elif b[0] in ("h2", "p"):
            out.append(("    " if b[0] == "h2" else "") + b[1])
        elif b[0] == "table":
            ncols, rows = grid_of(rep, b[1])
            for entries in place(ncols, rows):
                for _c, cell, cont in entries:
                    out.append("\t" + ("" if cont else cell.text))
                out.append("")
        elif b[0] == "sign":
            out += ["", " " * 16 + b[1], b[2]]
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------
# Layout: TAB rows
# --------------------------------------------------------------------------

def render_tab_rows(rep):
    out = []
    for b in prose(rep):
        if b[0] in ("title", "h1", "h2", "p"):
            out.append(b[1])
        elif b[0] == "table":
            ncols, rows = grid_of(rep, b[1])
            for entries in place(ncols, rows):
                out.append("\t".join(cell.text for _c, cell, cont in entries if not cont))
        elif b[0] == "sign":
            out += ["", b[1], b[2]]
    return rep.newline.join(out) + rep.newline


# --------------------------------------------------------------------------
# Layout: markdown pipe tables
# --------------------------------------------------------------------------

def md_row(cells):
    return "| " + " | ".join(cells) + " |"


def render_md(rep):
    out = []
    for b in prose(rep):
        if b[0] == "title":
            out += ["# " + b[1], ""]
        elif b[0] == "h1":
            out += ["## " + b[1], ""]
        elif b[0] == "h2":
            out += ["### " + b[1], ""]
        elif b[0] == "p":
            out += [b[1], ""]
        elif b[0] == "table" and b[1] == "t2":
            for marker, cols, trows in T2[rep.tpl]:
                out += [marker, ""]
                out.append(md_row(["信息内容"] + cols))
                out.append("|" + "---|" * (len(cols) + 1))
                for rid, rlab, cells in trows:
                    out.append(md_row([rlab] + [rep.raw["t2.%s.%s" % (rid, c)] for c, _k in cells]))
                out.append("")
        elif b[0] == "table":
            ncols, rows = grid_of(rep, b[1])
            for i, entries in enumerate(place(ncols, rows)):
                line = []
                for _c, cell, cont in entries:
                    line.append("" if cont else cell.text)
                    line += [""] * (cell.cs - 1)
                out.append(md_row(line))
                if i == 0:
                    out.append("|" + "---|" * ncols)
            out.append("")
        elif b[0] == "sign":
            out += [b[1], "", b[2]]
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------
# Layout: ' | ' rows with letter-spaced labels (fragments style)
# --------------------------------------------------------------------------

SPACED = {"自然人", "总计", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"}


def render_pipe_spaced(rep):
    out = []
    for b in prose(rep):
        if b[0] in ("title", "h1", "h2", "p"):
            out.append(b[1])
        elif b[0] == "table":
            ncols, rows = grid_of(rep, b[1])
            for entries in place(ncols, rows):
                cells = []
                for _c, cell, cont in entries:
                    if cont:
                        continue
                    t = cell.text
                    if b[1] == "t3" and cell.head and t in SPACED:
                        t = " ".join(t)
                    cells.append(t)
                out.append(" | ".join(cells) + " | |")
        elif b[0] == "sign":
            out += [b[1], b[2]]
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------
# Layout: pdftotext -layout
# --------------------------------------------------------------------------

NO_LINE_START = "，。、；：？！）》〕”’」"


def chunks(text, width):
    """Split text into pieces of display width <= width (a closing mark never starts a line:
    it stays on the previous line, which may then run one character long, as typeset text does)."""
    out, cur = [], ""
    for ch in text:
        if cur and dwidth(cur + ch) > width and ch not in NO_LINE_START:
            out.append(cur)
            cur = ""
        cur += ch
    if cur:
        out.append(cur)
    return out or [""]


def put(items):
    """items: [(pos, text)] -> one line; asserts >=2 spaces between items."""
    line, end = "", -2
    for pos, text in sorted(items):
        if not text:
            continue
        assert pos >= end + 2 or end < 0, ("layout overlap", items)
        line += " " * (pos - dwidth(line)) + text
        end = dwidth(line)
    return line.rstrip()


def center(text, start, width):
    return (start + max(0, (width - dwidth(text)) // 2), text)


def layout_t2(rep):
    W = [24, 20, 20, 20]
    starts = [sum(W[:i]) for i in range(4)]
    lines = []
    for marker, cols, trows in T2[rep.tpl]:
        lines.append(put([center(marker, 0, sum(W))]))
        spans = [[1], [2], [3]] if len(cols) == 3 else ([[1, 2, 3]] if len(cols) == 1 else [[1], [2, 3]])
        span_pos = [(starts[s[0]], sum(W[i] for i in s)) for s in spans]
        lines.append(put([center("信息内容", 0, W[0])] + [center(c, p, w) for c, (p, w) in zip(cols, span_pos)]))
        for rid, rlab, cells in trows:
            vals = [rep.raw["t2.%s.%s" % (rid, c)] for c, _k in cells]
            lines.append(put([center(rlab, 0, W[0])] + [center(v, p, w) for v, (p, w) in zip(vals, span_pos)]))
    return lines


def layout_t3(rep):
    A, Bw, Cw, V = 20, 18, 22, 10
    L = A + Bw + Cw
    vpos = [L + i * V for i in range(7)]
    lines = []
    note1, note2 = T3_NOTE[:22], T3_NOTE[22:]
    lines.append(put([(0, note1), center("申请人情况", L, 7 * V)]))
    lines.append(put([(0, note2), center("自然人", vpos[0], V), center("法人或其他组织", vpos[1], 5 * V),
                      center("总计", vpos[6], V)]))
    heads = [chunks(x, 8) for x in ORG_LABELS]
    for i in range(2):
        lines.append(put([center(h[i], vpos[1 + j], V) for j, h in enumerate(heads) if i < len(h)]))

    def row(labels, rid):
        # labels: [(pos, width, text)] ; numbers go on the first line, wrapped label rest below
        pieces = [(p, chunks(t, w - 2)) for p, w, t in labels]
        vals = [rep.raw["t3.%s.%s" % (rid, c)] for c in T3_COLS]
        first = [(p, c[0]) for p, c in pieces] + [center(v, vpos[i], V) for i, v in enumerate(vals)]
        lines.append(put(first))
        for k in range(1, max(len(c) for _p, c in pieces)):
            lines.append(put([(p, c[k]) for p, c in pieces if k < len(c)]))

    row([(0, L, "一、本年新收政府信息公开申请数量")], "new_received")
    row([(0, L, "二、上年结转政府信息公开申请数量")], "carried_over")
    row([(0, A, SAN), (A, Bw + Cw, "（一）予以公开")], "granted")
    row([(A, Bw + Cw, PARTIAL)], "partial")
    groups = list(GROUPS) + ([("other", "（六）其他处理", OTHER21)] if rep.tpl == "gov-2021" else [])
    for gid, glab, subs in groups:
        for i, (sid, slab) in enumerate(subs):
            lab = [(A, Bw, glab)] if i == 0 else []
            row(lab + [(A + Bw, Cw, slab)], gid + "." + sid)
    if rep.tpl == "gov-2019":
        row([(A, Bw + Cw, "（六）其他处理")], "other")
    row([(A, Bw + Cw, "（七）总计")], "total_processed")
    row([(0, L, "四、结转下年度继续办理")], "carried_forward")
    return lines


def layout_t4(rep):
    V = 8
    pos = [i * V for i in range(15)]
    lines = [put([center("行政复议", 0, 5 * V), center("行政诉讼", 5 * V, 10 * V)]),
             put([center("未经复议直接起诉", 5 * V, 5 * V), center("复议后起诉", 10 * V, 5 * V)])]
    labs = [l for _c, l in T4_COLS] * 3
    for i in range(2):
        lines.append(put([center(l[2 * i:2 * i + 2], p, V) for l, p in zip(labs, pos)]))
    vals = [rep.raw["t4.%s.%s" % (g, c)] for g, _ in T4_GROUPS for c, _ in T4_COLS]
    lines.append(put([center(v, p, V) for v, p in zip(vals, pos)]))
    return lines


def render_layout(rep):
    out, page = [], [1]

    def pagebreak():
        out.append("")
        out.append(put([center("- %d -" % page[0], 0, 76)]))
        out.append("\f")
        page[0] += 1

    for b in prose(rep):
        if b[0] == "title":
            out += [put([center(b[1], 0, 80)]), ""]
        elif b[0] in ("h1", "h2"):
            if b[1].startswith(("三、", "五、")):
                pagebreak()
            out.append("    " + b[1])
        elif b[0] == "p":
            for i, c in enumerate(chunks(b[1], 76 - 4)):
                out.append(("    " if i == 0 else "") + c)
        elif b[0] == "table":
            out.append("")
            out += {"t2": layout_t2, "t3": layout_t3, "t4": layout_t4}[b[1]](rep)
            out.append("")
        elif b[0] == "sign":
            out += ["", " " * 48 + b[1], " " * 50 + b[2]]
    pagebreak()
    text = "\n".join(out)
    return text.replace("\n\f\n", "\n\f").rstrip("\n") + "\n"


# --------------------------------------------------------------------------
# Layout: crawler text with glued cells (+ uniqueness of the split)
# --------------------------------------------------------------------------

def cell_candidates(s, pos, kind):
    """All printed numbers of this kind starting at s[pos] -> [(raw, value, end)]."""
    out = []
    sign = ""
    p = pos
    if kind == "signed" and p < len(s) and s[p] in "+-":
        sign, p = s[p], p + 1
    if p >= len(s) or not s[p].isdigit():
        return out
    q = p
    while q < len(s) and s[q].isdigit():
        q += 1
    ends = [p + 1] if s[p] == "0" else list(range(p + 1, q + 1))
    for e in ends:
        if kind == "amount":
            forms = [e]
            if e == q and q < len(s) and s[q] == ".":
                r = q + 1
                while r < len(s) and s[r].isdigit():
                    r += 1
                forms += list(range(q + 2, r + 1))
            for f in forms:
                out.append((s[pos:f], float(s[p:f]) if "." in s[p:f] else int(s[p:f]), f))
                if f < len(s) and s[f] == "元":
                    out.append((s[pos:f + 1], float(s[p:f]) if "." in s[p:f] else int(s[p:f]), f + 1))
        else:
            v = int(s[p:e])
            out.append((s[pos:e], -v if sign == "-" else v, e))
    return out


def segmentations(s, kinds, limit=100000):
    """Every way to read s as len(kinds) cells; spaces are hard boundaries."""
    res = []

    def rec(pos, i, acc):
        if len(res) >= limit:
            return
        while pos < len(s) and s[pos] == " ":
            pos += 1
        if i == len(kinds):
            if pos == len(s):
                res.append(list(acc))
            return
        for raw, val, end in cell_candidates(s, pos, kinds[i]):
            acc.append((raw, val))
            rec(end, i + 1, acc)
            acc.pop()

    rec(0, 0, [])
    return res


def join_run(raws, spaces):
    return "".join((" " if i in spaces else "") + r for i, r in enumerate(raws))


def glued_plan(rep):
    """Decide where a crawler-like space must separate cells so that every run has one reading.
    Returns {row_id: set(indices with a space before them)} and asserts uniqueness."""
    tpl, raw = rep.tpl, rep.raw
    spaces = {}
    # t2: rows have no arithmetic, so each run must be unambiguous on its own
    for _m, _cols, trows in T2[tpl]:
        for rid, _l, cells in trows:
            keys = ["t2.%s.%s" % (rid, c) for c, _k in cells]
            kinds = [KIND[tpl][k] for k in keys]
            raws = [raw[k] for k in keys]
            sp = set()
            while True:
                segs = segmentations(join_run(raws, sp), kinds)
                assert raws in [[r for r, _v in sg] for sg in segs], (rep.file, rid, segs)
                if len(segs) == 1:
                    break
                # the one extra space that leaves the fewest readings
                _n, i = min((len(segmentations(join_run(raws, sp | {j}), kinds)), j)
                            for j in range(1, len(raws)) if j not in sp and not raws[j].startswith(("+", "-")))
                sp.add(i)
            spaces["t2." + rid] = sp
    # t3: per-row readings that satisfy the row total, then the column rules
    rows = [r for r, _l in t3_rows(tpl)]
    sp3 = {r: set() for r in rows}
    while True:
        cand = {}
        for r in rows:
            raws = [raw["t3.%s.%s" % (r, c)] for c in T3_COLS]
            segs = segmentations(join_run(raws, sp3[r]), ["count"] * 7)
            cand[r] = [tuple(v for _r, v in sg) for sg in segs if sum(v for _r, v in sg[:6]) == sg[6][1]]
        sols = []
        for combo in product(*[cand[r] for r in rows]):
            m = dict(zip(rows, combo))
            ok = all(m["total_processed"][j] == sum(m[x][j] for x in result_rows(tpl)) and
                     m["new_received"][j] + m["carried_over"][j] == m["total_processed"][j] + m["carried_forward"][j]
                     for j in range(7))
            if ok:
                sols.append(m)
                if len(sols) > 1:
                    break
        assert sols, (rep.file, "no reading of t3")
        if len(sols) == 1:
            break
        bad = next(r for r in rows if sols[0][r] != sols[1][r])
        sp3[bad].add(6 if 6 not in sp3[bad] else min(set(range(1, 7)) - sp3[bad]))
    truth = {r: tuple(int(raw["t3.%s.%s" % (r, c)]) for c in T3_COLS) for r in rows}
    assert sols[0] == truth, (rep.file, "t3 reading differs from the truth")
    for r in rows:
        spaces["t3." + r] = sp3[r]
    # t4: one run of 15 cells, three group totals
    keys = ["t4.%s.%s" % (g, c) for g, _ in T4_GROUPS for c, _ in T4_COLS]
    raws = [raw[k] for k in keys]
    sp4 = set()
    while True:
        segs = segmentations(join_run(raws, sp4), ["count"] * 15)
        good = [sg for sg in segs if all(sum(v for _r, v in sg[5 * g:5 * g + 4]) == sg[5 * g + 4][1] for g in range(3))]
        assert good, (rep.file, "no reading of t4")
        if len(good) == 1:
            break
        sp4.add(min({5, 10, 4, 9, 14} - sp4))
    assert [r for r, _v in good[0]] == raws
    spaces["t4"] = sp4
    return spaces


def render_glued(rep):
    spaces = glued_plan(rep)
    rep.glued_spaces = {k: sorted(v) for k, v in spaces.items() if v}
    body = []
    Y = rep.year
    for b in prose(rep):
        if b[0] == "title":
            title = b[1]
        elif b[0] in ("h1", "h2", "p"):
            body.append(b[1])
        elif b[0] == "table" and b[1] == "t2":
            for marker, cols, trows in T2[rep.tpl]:
                body.append(marker + "信息内容" + "".join(cols))
                for rid, rlab, cells in trows:
                    raws = [rep.raw["t2.%s.%s" % (rid, c)] for c, _k in cells]
                    body.append(rlab + join_run(raws, spaces["t2." + rid]))
            body.append(" ")
        elif b[0] == "table" and b[1] == "t3":
            ncols, rows = t3_grid(rep)
            for entries in place(ncols, rows):
                labels = "".join(cell.text for _c, cell, cont in entries if not cont and not cell.is_value)
                vals = [cell for _c, cell, cont in entries if cell.is_value]
                if vals:
                    rid = vals[0].key.split(".", 1)[1].rsplit(".", 1)[0]
                    labels += join_run([v.text for v in vals], spaces["t3." + rid])
                body.append(labels)
            body.append(" ")
        elif b[0] == "table" and b[1] == "t4":
            ncols, rows = t4_grid(rep)
            for entries in place(ncols, rows)[:3]:
                body.append("".join(cell.text for _c, cell, cont in entries if not cont))
            body.append(join_run([c.text for c in rows[3]], spaces["t4"]))
        elif b[0] == "sign":
            body.append(b[1] + b[2])
    m, d = rep.signed.split("年")[1].split("月")
    stamp = "%d-%02d-%02d" % (Y + 1, int(m), int(d.rstrip("日")))
    head = ["标题: " + title, "发布时间: %s 09:30" % stamp, "文号: ", "发布机构: " + rep.agency,
            "栏目: 政府信息公开年报", "原文链接: " + rep.url, "==================== 正文 ===================="]
    crumbs = "当前位置： 首页政务公开政府信息公开年报 %s 来源：%s 时间：%s 【字体：大 中 小】 打印 " % (title, rep.agency, stamp)
    return "\n".join(head) + "\n" + crumbs + "".join(body) + " 附件下载\n"


# --------------------------------------------------------------------------
# Layout: HTML pages
# --------------------------------------------------------------------------

def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def html_table(rep, which, variant="plain", br_tag="<br/>", vwrap=False):
    ncols, rows = grid_of(rep, which, variant)
    out = ['<table border="1" cellspacing="0" cellpadding="0" align="center" style="border-collapse:collapse;width:600px">', "<tbody>"]
    for row in rows:
        out.append("<tr>")
        for cell in row:
            attrs = ""
            if cell.cs > 1:
                attrs += ' colspan="%d"' % cell.cs
            if cell.rs > 1:
                attrs += ' rowspan="%d"' % cell.rs
            if cell.br:
                inner = br_tag.join(esc(x) for x in cell.br.split("|"))
            else:
                inner = esc(cell.text) if cell.text.strip() else "&nbsp;"
            if cell.head or (cell.is_value and vwrap):
                inner = '<p align="center">%s</p>' % inner
            elif not cell.is_value:
                inner = "<p>%s</p>" % inner
            out.append('<td%s>%s</td>' % (attrs, inner))
        out.append("</tr>")
    out += ["</tbody>", "</table>"]
    return "\n".join(out)


def html_body(rep, variant="plain", br_tag="<br/>", vwrap=False):
    out = []
    for b in prose(rep):
        if b[0] == "title":
            pass
        elif b[0] == "h1":
            out.append('<p style="text-indent:2em"><strong>%s</strong></p>' % esc(b[1]))
        elif b[0] == "h2":
            out.append('<p style="text-indent:2em"><strong>%s</strong></p>' % esc(b[1]))
        elif b[0] == "p":
            out.append('<p style="text-indent:2em">%s</p>' % esc(b[1]))
        elif b[0] == "table":
            out.append(html_table(rep, b[1], variant if b[1] == "t2" else "plain", br_tag, vwrap))
        elif b[0] == "sign":
            out.append('<p style="text-align:right">%s</p>' % esc(b[1]))
            out.append('<p style="text-align:right">%s</p>' % esc(b[2]))
    return "\n".join(out)


def title_of(rep):
    return prose(rep)[0][1]


def render_html_gbk(rep):
    t = title_of(rep)
    m, d = rep.signed.split("年")[1].split("月")
    stamp = "%d-%02d-%02d" % (rep.year + 1, int(m), int(d.rstrip("日")))
    page = """<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />
<meta name="SiteName" content="澄川市教育局" />
<meta name="ArticleTitle" content="%(t)s" />
<meta name="PubDate" content="%(stamp)s 10:12" />
<title>%(t)s_澄川市教育局</title>
<link href="/images/2019/style.css" rel="stylesheet" type="text/css" />
<script type="text/javascript">
var _hits = 2047; var columnId = 1396;
function setFont(size){ document.getElementById('zoom').style.fontSize = size + 'px'; }
</script>
</head>
<body>
<div class="top"><div class="logo"><img src="/images/2019/logo.png" alt="澄川市教育局" /></div>
<div class="search"><form action="/search" method="get"><input type="text" name="q" value="请输入关键字" /><input type="submit" value="搜索" /></form></div></div>
<div class="nav"><ul>
<li><a href="/">首页</a></li><li><a href="/jyxw/">教育新闻</a></li><li><a href="/zwgk/">政务公开</a></li>
<li><a href="/bszn/">办事服务</a></li><li><a href="/hdjl/">互动交流</a></li><li><a href="/ztzl/">专题专栏</a></li>
</ul></div>
<div class="location">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/zwgk/xxgknb/">政府信息公开年报</a> &gt; 正文</div>
<div class="main">
<div class="article">
<h1 class="title">%(t)s</h1>
<div class="info">发布时间：%(stamp)s　来源：澄川市教育局　浏览次数：<span id="hits">2047</span>　【字体：<a href="javascript:setFont(18)">大</a> <a href="javascript:setFont(16)">中</a> <a href="javascript:setFont(14)">小</a>】</div>
<div class="TRS_Editor" id="zoom">
%(body)s
</div>
<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a>　<a href="javascript:window.print()">【打印本页】</a>　<a href="javascript:window.close()">【关闭窗口】</a></div>
</div>
</div>
<div class="footer">
<p><a href="/about/">关于我们</a> | <a href="/sitemap/">网站地图</a> | <a href="/contact/">联系我们</a></p>
<p>主办单位：澄川市教育局　承办单位：澄川市教育信息中心　地址：%(addr)s　电话：%(phone)s</p>
<p>网站标识码：9900000417　浙ICP备00000000号-1　公安机关备案号：99000002000417</p>
</div>
</body>
</html>
""" % dict(t=esc(t), stamp=stamp, body=html_body(rep, br_tag="<br/>"), addr=rep.addr, phone=rep.phone)
    return page


def render_html_utf8(rep):
    t = title_of(rep)
    return """<html>
<head>
<title>%(t)s</title>
<style>body{font-family:SimSun;} .con td{border:1px solid #000;}</style>
</head>
<body>
<div id="header"><a href="/">雁汀县人民政府</a> | <a href="/xxgk/">信息公开</a> | <a href="/xxgk/nb/">年度报告</a></div>
<div class="crumb">您现在的位置：首页 &gt;&gt; 信息公开 &gt;&gt; 政府信息公开年报 &gt;&gt; 部门年报</div>
<div class="con">
<p style="text-align: center;font-weight: bold;">%(t)s</p>
%(body)s
</div>
<div id="footer">雁汀县人民政府办公室主办　技术支持：雁汀县大数据中心</div>
</body>
</html>
""" % dict(t=esc(t), body=html_body(rep, variant="shanghai5", br_tag="<br />", vwrap=True))


# --------------------------------------------------------------------------
# Layout: DOCX
# --------------------------------------------------------------------------

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def xesc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def w_par(text, bold=False, center=False, right=False, br=None):
    ppr = ""
    if center or right:
        ppr = '<w:pPr><w:jc w:val="%s"/></w:pPr>' % ("center" if center else "right")
    rpr = "<w:rPr><w:b/></w:rPr>" if bold else ""
    if br:
        parts = br.split("|")
        runs = "".join('<w:r>%s%s<w:t>%s</w:t></w:r>' % (rpr, "<w:br/>" if i else "", xesc(p))
                       for i, p in enumerate(parts))
    elif text:
        runs = '<w:r>%s<w:t xml:space="preserve">%s</w:t></w:r>' % (rpr, xesc(text))
    else:
        runs = ""
    return "<w:p>%s%s</w:p>" % (ppr, runs)


def w_table(rep, which):
    ncols, rows = grid_of(rep, which)
    width = 9000 // ncols
    out = ['<w:tbl><w:tblPr><w:tblW w:w="9000" w:type="dxa"/><w:jc w:val="center"/><w:tblBorders>'
           + "".join('<w:%s w:val="single" w:sz="4" w:space="0" w:color="000000"/>' % s
                     for s in ("top", "left", "bottom", "right", "insideH", "insideV"))
           + '</w:tblBorders></w:tblPr><w:tblGrid>' + ('<w:gridCol w:w="%d"/>' % width) * ncols + "</w:tblGrid>"]
    for entries in place(ncols, rows):
        out.append("<w:tr>")
        for _c, cell, cont in entries:
            pr = '<w:tcW w:w="%d" w:type="dxa"/>' % (width * cell.cs)
            if cell.cs > 1:
                pr += '<w:gridSpan w:val="%d"/>' % cell.cs
            if cell.rs > 1:
                pr += '<w:vMerge/>' if cont else '<w:vMerge w:val="restart"/>'
            pr += '<w:vAlign w:val="center"/>'
            body = w_par("") if cont else w_par(cell.text, center=cell.head or cell.is_value,
                                                br=cell.br if which == "t2" else None)
            out.append("<w:tc><w:tcPr>%s</w:tcPr>%s</w:tc>" % (pr, body))
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def render_docx(rep):
    parts = []
    for b in prose(rep):
        if b[0] == "title":
            parts.append(w_par(b[1], bold=True, center=True))
        elif b[0] in ("h1", "h2"):
            parts.append(w_par(b[1], bold=True))
        elif b[0] == "p":
            parts.append(w_par(b[1]))
        elif b[0] == "table":
            parts.append(w_table(rep, b[1]))
            parts.append(w_par(""))
        elif b[0] == "sign":
            parts.append(w_par(b[1], right=True))
            parts.append(w_par(b[2], right=True))
    doc = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<w:document xmlns:w="%s"><w:body>%s<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>'
           '<w:pgMar w:top="1440" w:right="1247" w:bottom="1440" w:left="1247" w:header="851" w:footer="992" w:gutter="0"/>'
           '</w:sectPr></w:body></w:document>' % (W_NS, "".join(parts)))
    ctypes = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
              '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
              '<Default Extension="xml" ContentType="application/xml"/>'
              '<Override PartName="/word/document.xml" '
              'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
              '</Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="word/document.xml"/></Relationships>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in (("[Content_Types].xml", ctypes), ("_rels/.rels", rels), ("word/document.xml", doc)):
            info = zipfile.ZipInfo(name, date_time=(2023, 1, 12, 9, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, data.encode("utf-8"))
    return buf.getvalue()


# --------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------

RENDER = {"cell-per-line": render_cell_per_line, "tab-rows": render_tab_rows, "md": render_md,
          "pipe-spaced": render_pipe_spaced, "layout": render_layout, "glued": render_glued,
          "html-gbk": render_html_gbk, "html-utf8": render_html_utf8, "docx": render_docx}


def encode(rep, text):
    if isinstance(text, bytes):
        return text
    if rep.enc == "gbk":
        text.encode("gb2312")           # the page declares gb2312: stay inside it
        return text.encode("gbk")
    if rep.enc == "utf-8-sig":
        return b"\xef\xbb\xbf" + text.encode("utf-8")
    return text.encode(rep.enc)


def expected_files(rep):
    name = rep.file
    lines = ["# template: " + rep.tpl, "key\tvalue\traw"]
    for key, _t, _r, _c, kind in field_list(rep.tpl):
        raw = rep.raw[key]
        lines.append("%s\t%s\t%s" % (key, normalize(raw, kind), raw))
    cells = "\n".join(lines) + "\n"
    f = ["rule\tscope\tlhs\trhs"] + ["%s\t%s\t%s\t%s" % x for x in rep.findings]
    meta = "agency\t%s\nyear\t%d\ntemplate\t%s\n" % (rep.agency, rep.year, rep.tpl)
    return {"expected/%s.tsv" % name: cells, "expected/%s.findings.tsv" % name: "\n".join(f) + "\n",
            "expected/%s.meta.tsv" % name: meta}


def self_check(rep, data):
    """Cheap independent re-reading: every printed t3/t4 number must occur in the file text."""
    if rep.layout == "docx":
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            text = z.read("word/document.xml").decode("utf-8")
            assert z.namelist()[0] == "[Content_Types].xml"
        assert '<w:vMerge w:val="restart"/>' in text and "<w:vMerge/>" in text and "w:gridSpan" in text
    else:
        text = data.decode({"gbk": "gbk", "utf-8-sig": "utf-8-sig"}.get(rep.enc, rep.enc))
    assert rep.agency in text and rep.signed in text
    for key, _t, _r, _c, _k in field_list(rep.tpl):
        raw = rep.raw[key]
        if raw.strip() and rep.layout != "glued":
            assert esc(raw) in text or raw in text, (rep.file, key, raw)
    if rep.layout == "glued":
        lines = text.split("\n")
        assert len(lines) == 9 and lines[-1] == "", "body must be one line"
    if rep.enc == "utf-8-sig":
        assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")


def readme(reps):
    out = ["# xxgk sample corpus",
           "",
           "The project's own sample reports, written by `make_samples.py` (run `python3 corpus/make_samples.py`).",
           "**Every agency and every number here is invented**: the issuing bodies (in 青禾县, 云栖市 and its 白鹭区,",
           "澄川市, 雁汀县, 桐溪镇, 松岚镇) are made up, any likeness to a real place name is accidental, and no figure,",
           "sentence, address, telephone number or site identifier is copied from a published report. Real reports",
           "for reading live in `../shared/corpus` and are not copied here.",
           "",
           "For each sample `expected/` holds `<file>.tsv` (every canonical key of the template with `value` and",
           "`raw`, in `fields.tsv` order, same format as `shared/corpus/truth`), `<file>.findings.tsv`",
           "(`rule scope lhs rhs`; empty body = the tables add up; `t3.row_total` scope is the row id such as",
           "`granted` or `withheld.state_secret`, `t3.results_total` scope is the column id, lhs is the printed",
           "total, rhs the computed sum, blanks counted as 0) and `<file>.meta.tsv` (agency, year, template).",
           "",
           "| file | layout | template | encoding | exercises |",
           "|---|---|---|---|---|"]
    enc_name = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8 with BOM, CRLF", "gb18030": "GB18030",
                "gbk": "GBK bytes (declared gb2312)"}
    for r in reps:
        enc = "zip of UTF-8 XML" if r.layout == "docx" else enc_name[r.enc]
        if r.layout == "tab-rows" and r.enc == "utf-8":
            enc = "UTF-8, LF"
        out.append("| `%s` | %s | %s | %s | %s |" % (r.file, r.layout, r.tpl, enc, r.note.replace("|", "\\|")))
    out += ["",
            "Consistent samples satisfy every rule exactly (t3 row totals, results totals, 一+二=（七）+四, t4 group",
            "totals); the generator asserts this before writing. `gov2021-broken-sums.txt` and",
            "`gov2019-blank-totals.txt` are the only samples with findings. In the glued samples a space separates",
            "two cells only where the run would otherwise have more than one reading (the generator proves each",
            "run has exactly one reading under the template arithmetic)."]
    return "\n".join(out) + "\n"


def generate():
    files = {}
    reps = []
    for spec in SAMPLES:
        rep = prepare(spec)
        rep.newline = spec.get("newline", "\n")
        data = encode(rep, RENDER[rep.layout](rep))
        self_check(rep, data)
        files["reports/" + rep.file] = data
        for k, v in expected_files(rep).items():
            files[k] = v.encode("utf-8")
        reps.append(rep)
    files["README.md"] = readme(reps).encode("utf-8")
    return files, reps


def main():
    check_against_fields_tsv()
    files, reps = generate()
    if "--check" in sys.argv:
        bad = [n for n, d in files.items()
               if not os.path.exists(os.path.join(HERE, n)) or open(os.path.join(HERE, n), "rb").read() != d]
        print("stale: " + ", ".join(bad) if bad else "all %d files up to date" % len(files))
        return 1 if bad else 0
    for name, data in sorted(files.items()):
        path = os.path.join(HERE, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)
    for r in reps:
        extra = (" glued spaces: %s" % r.glued_spaces) if getattr(r, "glued_spaces", None) else ""
        print("%-28s %-8s %-13s %6d bytes  findings=%d%s" % (r.file, r.tpl, r.layout, len(files["reports/" + r.file]),
                                                              len(r.findings), extra))
    return 0


if __name__ == "__main__":
    sys.exit(main())
