#include <algorithm>
#include <pugixml.hpp>
#include <sstream>

#include "base/utf8.h"
#include "write/writers.h"

namespace xxgk {

namespace {

// XML text must be valid UTF-8 (a file name may hold any bytes). Control
// characters other than tab and line ends are not allowed in XML 1.0 at all:
// they become U+FFFD as well.
std::string clean(std::string_view raw) {
  std::string s = utf8::sanitize(raw);
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r')
      out += "\xEF\xBF\xBD";
    else
      out.push_back(c);
  }
  return out;
}

void add_suspect(pugi::xml_node parent, const Suspect& s) {
  auto n = parent.append_child("suspect");
  n.append_attribute("cell") = clean(s.cell).c_str();
  n.append_attribute("label") = clean(s.label).c_str();
  if (s.printed) n.append_attribute("printed") = s.printed->str().c_str();
  n.append_attribute("value") = s.value.str().c_str();
  for (auto& x : s.explains) n.append_child("explains").text() = clean(x).c_str();
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
    x.append_attribute("rule") = clean(u.rule).c_str();
    x.text() = clean(u.reason).c_str();
  }
}

void add_record(pugi::xml_node parent, const Record& r) {
  auto rec = parent.append_child("record");
  rec.append_attribute("schema") = kRecordSchema;
  rec.append_attribute("file") = clean(r.file).c_str();
  rec.append_attribute("kind") = clean(r.kind).c_str();
  rec.append_attribute("encoding") = clean(r.encoding).c_str();
  rec.append_attribute("template") = clean(r.template_id).c_str();
  rec.append_attribute("agency") = clean(r.agency).c_str();
  rec.append_attribute("agency_key") = clean(r.agency_key).c_str();
  if (r.year) rec.append_attribute("year") = *r.year;
  if (!r.title.empty()) rec.append_child("title").text() = clean(r.title).c_str();
  if (r.previous) {
    auto p = rec.append_child("previous");
    p.append_attribute("file") = clean(r.previous->file).c_str();
    p.append_attribute("agency") = clean(r.previous->agency).c_str();
    p.append_attribute("year") = r.previous->year;
    p.text() = clean(r.previous->why).c_str();
  }
  auto sections = rec.append_child("sections");
  for (auto& s : r.sections) {
    auto n = sections.append_child("section");
    n.append_attribute("level") = s.level;
    n.append_attribute("number") = clean(s.number).c_str();
    n.append_attribute("offset") = s.offset;
    n.append_attribute("end") = s.end;
    n.append_attribute("numbered") = s.numbered;
    n.append_attribute("in_template") = s.in_template;
    n.text() = clean(s.title).c_str();
  }
  auto refs = rec.append_child("references");
  for (auto& ref : r.references) {
    auto n = refs.append_child("reference");
    n.append_attribute("article") = ref.article;
    if (ref.paragraph) n.append_attribute("paragraph") = *ref.paragraph;
    if (ref.item) n.append_attribute("item") = *ref.item;
    n.append_attribute("offset") = ref.offset;
    n.text() = clean(ref.text).c_str();
  }
  auto cells = rec.append_child("cells");
  for (auto& c : r.cells) {
    auto n = cells.append_child("cell");
    n.append_attribute("key") = clean(c.key).c_str();
    n.append_attribute("status") = to_string(c.status);
    if (c.value) n.append_attribute("value") = c.value->str().c_str();
    if (c.offset) n.append_attribute("offset") = *c.offset;
    if (!c.unit.empty()) n.append_attribute("unit") = clean(c.unit).c_str();
    if (c.raw) n.append_attribute("raw") = clean(*c.raw).c_str();
    for (auto& v : c.candidates) n.append_child("candidate").text() = v.str().c_str();
  }
  auto findings = rec.append_child("findings");
  for (auto& f : r.findings) {
    auto n = findings.append_child("finding");
    n.append_attribute("rule") = clean(f.rule).c_str();
    n.append_attribute("severity") = to_string(f.severity);
    n.append_attribute("scope") = clean(f.scope).c_str();
    n.append_attribute("lhs") = f.lhs.str().c_str();
    n.append_attribute("rhs") = f.rhs.str().c_str();
    n.append_attribute("delta") = f.delta.str().c_str();
    for (auto& k : f.cells) {
      auto c = n.append_child("cell");
      c.append_attribute("key") = clean(k).c_str();
      if (std::find(f.blank.begin(), f.blank.end(), k) != f.blank.end()) c.append_attribute("blank") = true;
    }
    n.append_child("message").text() = clean(f.message).c_str();
    if (!f.previous.empty()) n.append_attribute("previous") = clean(f.previous).c_str();
    for (auto& x : f.suspects) add_suspect(n, x);
  }
  add_diagnosis(rec, r.diagnosis);
  auto metrics = rec.append_child("metrics");
  for (auto& m : r.metrics) {
    auto n = metrics.append_child("metric");
    n.append_attribute("id") = clean(m.id).c_str();
    n.append_attribute("unit") = clean(m.unit).c_str();
    if (m.value) n.append_attribute("value") = metric_text(*m.value).c_str();
  }
  auto unplaced = rec.append_child("unplaced");
  for (auto& u : r.unplaced) {
    auto n = unplaced.append_child("item");
    n.append_attribute("offset") = u.offset;
    n.append_attribute("reason") = clean(u.reason).c_str();
    n.text() = clean(u.text).c_str();
  }
  auto diags = rec.append_child("diagnostics");
  for (auto& d : r.diagnostics) {
    auto n = diags.append_child("diagnostic");
    n.append_attribute("code") = clean(d.code).c_str();
    n.append_attribute("severity") = to_string(d.severity);
    n.append_attribute("line") = d.line;
    n.append_attribute("column") = d.column;
    n.append_attribute("offset") = d.offset;
    n.text() = clean(d.message).c_str();
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

// The pieces of the document records_xml saves: the declaration and the root
// (<records> open, or <records /> when empty, as pugixml writes it), each
// <record> at depth 1, and the closing tag.
std::string records_xml_head() {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
}

std::string records_xml_element(const Record& r, bool first) {
  pugi::xml_document doc;
  auto root = doc.append_child("records");
  add_record(root, r);
  std::ostringstream out;
  if (first) out << "<records>\n";
  doc.first_child().first_child().print(out, "  ", pugi::format_default, pugi::encoding_utf8, 1);
  return out.str();
}

std::string records_xml_tail(bool any) {
  return any ? "</records>\n" : "<records />\n";
}

}  // namespace xxgk
