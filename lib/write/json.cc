#include <charconv>
#include <cstdio>

#include "base/utf8.h"
#include "write/writers.h"

namespace xxgk {

std::string json_escape(std::string_view raw) {
  const std::string s = utf8::sanitize(raw);  // JSON text must be valid UTF-8
  std::string out;
  out.reserve(s.size() + 2);
  out.push_back('"');
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out.push_back(c);
        }
    }
  }
  out.push_back('"');
  return out;
}

std::string metric_text(double v) {
  if (v == 0) return "0";  // never "-0"
  char buf[32];
  auto res = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, res.ptr);
}

namespace {

// A tiny streaming JSON builder: objects and arrays, pretty or compact.
class Json {
 public:
  explicit Json(bool pretty) : pretty_(pretty) {}

  Json& open(char bracket) {
    out_.push_back(bracket);
    first_.push_back(true);
    return *this;
  }
  Json& close(char bracket) {
    bool empty = first_.back();
    first_.pop_back();
    if (!empty) newline();
    out_.push_back(bracket);
    return *this;
  }
  // Starts an element of the current array, or a "key": of the current object.
  Json& key(std::string_view k) {
    element();
    out_ += json_escape(k);
    out_ += pretty_ ? ": " : ":";
    return *this;
  }
  Json& element() {
    if (!first_.back()) out_.push_back(',');
    first_.back() = false;
    newline();
    return *this;
  }
  Json& str(std::string_view s) {
    out_ += json_escape(s);
    return *this;
  }
  Json& raw(std::string_view s) {
    out_ += s;
    return *this;
  }
  Json& num(int64_t v) {
    out_ += std::to_string(v);
    return *this;
  }
  Json& null() {
    out_ += "null";
    return *this;
  }
  Json& boolean(bool b) {
    out_ += b ? "true" : "false";
    return *this;
  }
  std::string take() { return std::move(out_); }

 private:
  void newline() {
    if (!pretty_) return;
    out_.push_back('\n');
    out_.append(first_.size() * 2, ' ');
  }
  bool pretty_;
  std::string out_;
  std::vector<bool> first_;
};

void write_cell(Json& j, const CellValue& c) {
  j.open('{');
  j.key("value");
  c.value ? j.raw(c.value->str()) : j.null();
  j.key("raw");
  c.raw ? j.str(*c.raw) : j.null();
  j.key("offset");
  c.offset ? j.num(*c.offset) : j.null();
  j.key("status").str(to_string(c.status));
  if (!c.unit.empty()) j.key("unit").str(c.unit);
  if (!c.candidates.empty()) {
    j.key("candidates").open('[');
    for (auto& v : c.candidates) j.element().raw(v.str());
    j.close(']');
  }
  j.close('}');
}

void write_suspect(Json& j, const Suspect& s) {
  j.open('{');
  j.key("cell").str(s.cell);
  j.key("label").str(s.label);
  j.key("printed");
  s.printed ? j.raw(s.printed->str()) : j.null();
  j.key("value").raw(s.value.str());
  j.key("explains").open('[');
  for (auto& x : s.explains) j.element().str(x);
  j.close(']');
  j.close('}');
}

void write_diagnosis(Json& j, const Diagnosis& d) {
  j.open('{');
  j.key("verdict").str(d.verdict);
  j.key("explanations").open('[');
  for (auto& e : d.explanations) {
    j.element().open('{');
    j.key("problem").num(static_cast<int64_t>(e.problem));
    j.key("suspects").open('[');
    for (auto& s : e.suspects) {
      j.element();
      write_suspect(j, s);
    }
    j.close(']');
    j.close('}');
  }
  j.close(']');
  j.key("unchecked").open('[');
  for (auto& u : d.unchecked) {
    j.element().open('{');
    j.key("rule").str(u.rule);
    j.key("reason").str(u.reason);
    j.close('}');
  }
  j.close(']');
  j.close('}');
}

void write_metrics(Json& j, const std::vector<Metric>& metrics) {
  j.open('{');
  for (auto& m : metrics) {
    j.key(m.id);
    m.value ? j.raw(metric_text(*m.value)) : j.null();
  }
  j.close('}');
}

void write_finding(Json& j, const Finding& f) {
  j.open('{');
  j.key("rule").str(f.rule);
  j.key("severity").str(to_string(f.severity));
  j.key("scope").str(f.scope);
  j.key("cells").open('[');
  for (auto& k : f.cells) j.element().str(k);
  j.close(']');
  j.key("blank").open('[');
  for (auto& k : f.blank) j.element().str(k);
  j.close(']');
  j.key("lhs").raw(f.lhs.str());
  j.key("rhs").raw(f.rhs.str());
  j.key("delta").raw(f.delta.str());
  j.key("message").str(f.message);
  if (!f.previous.empty()) j.key("previous").str(f.previous);
  j.key("suspects").open('[');
  for (auto& x : f.suspects) {
    j.element();
    write_suspect(j, x);
  }
  j.close(']');
  j.close('}');
}

void write_record(Json& j, const Record& r) {
  j.open('{');
  j.key("schema").str(kRecordSchema);
  j.key("file").str(r.file);
  j.key("kind").str(r.kind);
  j.key("encoding").str(r.encoding);
  j.key("template");
  r.template_id.empty() ? j.null() : j.str(r.template_id);
  j.key("agency");
  r.agency.empty() ? j.null() : j.str(r.agency);
  j.key("agency_key");
  r.agency_key.empty() ? j.null() : j.str(r.agency_key);
  j.key("year");
  r.year ? j.num(*r.year) : j.null();
  j.key("previous");
  if (r.previous) {
    j.open('{');
    j.key("file").str(r.previous->file);
    j.key("agency").str(r.previous->agency);
    j.key("year").num(r.previous->year);
    j.key("why").str(r.previous->why);
    j.close('}');
  } else {
    j.null();
  }
  j.key("title");
  r.title.empty() ? j.null() : j.str(r.title);
  j.key("sections").open('[');
  for (auto& s : r.sections) {
    j.element().open('{');
    j.key("level").num(s.level);
    j.key("number").str(s.number);
    j.key("title").str(s.title);
    j.key("offset").num(s.offset);
    j.key("end").num(s.end);
    j.key("numbered").boolean(s.numbered);
    j.key("in_template").boolean(s.in_template);
    j.close('}');
  }
  j.close(']');
  j.key("references").open('[');
  for (auto& ref : r.references) {
    j.element().open('{');
    j.key("text").str(ref.text);
    j.key("article").num(ref.article);
    j.key("paragraph");
    ref.paragraph ? j.num(*ref.paragraph) : j.null();
    j.key("item");
    ref.item ? j.num(*ref.item) : j.null();
    j.key("offset").num(ref.offset);
    j.close('}');
  }
  j.close(']');
  j.key("cells").open('{');
  for (auto& c : r.cells) {
    j.key(c.key);
    write_cell(j, c);
  }
  j.close('}');
  j.key("findings").open('[');
  for (auto& f : r.findings) {
    j.element();
    write_finding(j, f);
  }
  j.close(']');
  j.key("diagnosis");
  write_diagnosis(j, r.diagnosis);
  j.key("metrics");
  write_metrics(j, r.metrics);
  j.key("unplaced").open('[');
  for (auto& u : r.unplaced) {
    j.element().open('{');
    j.key("text").str(u.text);
    j.key("offset").num(u.offset);
    j.key("reason").str(u.reason);
    j.close('}');
  }
  j.close(']');
  j.key("diagnostics").open('[');
  for (auto& d : r.diagnostics) {
    j.element().open('{');
    j.key("code").str(d.code);
    j.key("severity").str(to_string(d.severity));
    j.key("line").num(d.line);
    j.key("column").num(d.column);
    j.key("offset").num(d.offset);
    j.key("message").str(d.message);
    j.close('}');
  }
  j.close(']');
  j.close('}');
}

}  // namespace

std::string record_json(const Record& r, bool pretty) {
  Json j(pretty);
  write_record(j, r);
  return j.take() + "\n";
}

std::string findings_jsonl(const Record& r) {
  std::string out;
  for (auto& f : r.findings) {
    Json j(false);
    j.open('{');
    j.key("file").str(r.file);
    j.key("template").str(r.template_id);
    j.key("agency").str(r.agency);
    j.key("agency_key").str(r.agency_key);
    j.key("year");
    r.year ? j.num(*r.year) : j.null();
    j.key("finding");
    write_finding(j, f);
    j.close('}');
    out += j.take() + "\n";
  }
  return out;
}

}  // namespace xxgk
