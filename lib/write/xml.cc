#include <algorithm>
#include <pugixml.hpp>
#include <sstream>

#include "xxgk/writers.h"

namespace xxgk {

namespace {

void add_suspect(pugi::xml_node parent, const Suspect& s) {
  auto n = parent.append_child("suspect");
  n.append_attribute("cell") = s.cell.c_str();
  n.append_attribute("label") = s.label.c_str();
  if (s.printed) n.append_attribute("printed") = s.printed->str().c_str();
  n.append_attribute("value") = s.value.str().c_str();
  for (auto& x : s.explains) n.append_child("explains").text() = x.c_str();
}

void add_diagnosis(pugi::xml_node rec, const Diagnosis& d) {
  auto n = rec.append_child("diagnosis");
  n.append_attribute("verdict") = d.verdict.c_str();
  for (auto& e : d.explanations) {
    auto x = n.append_child("explanation");
    x.append_attribute("problem") = static_cast<unsigned>(e.problem);
    for (auto& s : e.suspects) add_suspect(x, s);
  }
  for (auto& u : d.unchecked) {
    auto x = n.append_child("unchecked");
    x.append_attribute("rule") = u.rule.c_str();
    x.text() = u.reason.c_str();
  }
}

void add_record(pugi::xml_node parent, const Record& r) {
  auto rec = parent.append_child("record");
  rec.append_attribute("schema") = kSchema;
  rec.append_attribute("file") = r.file.c_str();
  rec.append_attribute("kind") = r.kind.c_str();
  rec.append_attribute("encoding") = r.encoding.c_str();
  rec.append_attribute("template") = r.template_id.c_str();
  rec.append_attribute("agency") = r.agency.c_str();
  rec.append_attribute("agency_key") = r.agency_key.c_str();
  if (r.year) rec.append_attribute("year") = *r.year;
  if (!r.title.empty()) rec.append_child("title").text() = r.title.c_str();
  if (r.previous) {
    auto p = rec.append_child("previous");
    p.append_attribute("file") = r.previous->file.c_str();
    p.append_attribute("agency") = r.previous->agency.c_str();
    p.append_attribute("year") = r.previous->year;
    p.text() = r.previous->why.c_str();
  }
  auto sections = rec.append_child("sections");
  for (auto& s : r.sections) {
    auto n = sections.append_child("section");
    n.append_attribute("level") = s.level;
    n.append_attribute("number") = s.number.c_str();
    n.append_attribute("offset") = s.offset;
    n.append_attribute("end") = s.end;
    n.append_attribute("numbered") = s.numbered;
    n.append_attribute("in_template") = s.in_template;
    n.text() = s.title.c_str();
  }
  auto refs = rec.append_child("references");
  for (auto& ref : r.references) {
    auto n = refs.append_child("reference");
    n.append_attribute("article") = ref.article;
    if (ref.paragraph) n.append_attribute("paragraph") = *ref.paragraph;
    if (ref.item) n.append_attribute("item") = *ref.item;
    n.append_attribute("offset") = ref.offset;
    n.text() = ref.text.c_str();
  }
  auto cells = rec.append_child("cells");
  for (auto& c : r.cells) {
    auto n = cells.append_child("cell");
    n.append_attribute("key") = c.key.c_str();
    n.append_attribute("status") = to_string(c.status);
    if (c.value) n.append_attribute("value") = c.value->str().c_str();
    if (c.offset) n.append_attribute("offset") = *c.offset;
    if (!c.unit.empty()) n.append_attribute("unit") = c.unit.c_str();
    if (c.raw) n.append_attribute("raw") = c.raw->c_str();
    for (auto& v : c.candidates) n.append_child("candidate").text() = v.str().c_str();
  }
  auto findings = rec.append_child("findings");
  for (auto& f : r.findings) {
    auto n = findings.append_child("finding");
    n.append_attribute("rule") = f.rule.c_str();
    n.append_attribute("severity") = to_string(f.severity);
    n.append_attribute("scope") = f.scope.c_str();
    n.append_attribute("lhs") = f.lhs.str().c_str();
    n.append_attribute("rhs") = f.rhs.str().c_str();
    n.append_attribute("delta") = f.delta.str().c_str();
    for (auto& k : f.cells) {
      auto c = n.append_child("cell");
      c.append_attribute("key") = k.c_str();
      if (std::find(f.blank.begin(), f.blank.end(), k) != f.blank.end()) c.append_attribute("blank") = true;
    }
    n.append_child("message").text() = f.message.c_str();
    if (!f.previous.empty()) n.append_attribute("previous") = f.previous.c_str();
    for (auto& x : f.suspects) add_suspect(n, x);
  }
  add_diagnosis(rec, r.diagnosis);
  auto metrics = rec.append_child("metrics");
  for (auto& m : r.metrics) {
    auto n = metrics.append_child("metric");
    n.append_attribute("id") = m.id.c_str();
    n.append_attribute("unit") = m.unit.c_str();
    if (m.value) n.append_attribute("value") = metric_text(*m.value).c_str();
  }
  auto unplaced = rec.append_child("unplaced");
  for (auto& u : r.unplaced) {
    auto n = unplaced.append_child("item");
    n.append_attribute("offset") = u.offset;
    n.append_attribute("reason") = u.reason.c_str();
    n.text() = u.text.c_str();
  }
  auto diags = rec.append_child("diagnostics");
  for (auto& d : r.diagnostics) {
    auto n = diags.append_child("diagnostic");
    n.append_attribute("code") = d.code.c_str();
    n.append_attribute("severity") = to_string(d.severity);
    n.append_attribute("line") = d.line;
    n.append_attribute("column") = d.column;
    n.append_attribute("offset") = d.offset;
    n.text() = d.message.c_str();
  }
}

}  // namespace

std::string records_xml(const std::vector<const Record*>& records) {
  pugi::xml_document doc;
  auto decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "UTF-8";
  auto root = doc.append_child("records");
  for (auto* r : records) add_record(root, *r);
  std::ostringstream out;
  doc.save(out, "  ", pugi::format_default, pugi::encoding_utf8);
  return out.str();
}

}  // namespace xxgk
