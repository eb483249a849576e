#include "write/spool.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <type_traits>

namespace xxgk {

namespace {

// Each struct's fields are listed once, in fields(), and walked by both the
// Encoder and the Decoder, so the two can never disagree on the order.
template <class A> void fields(A& a, Decimal& d) { a(d.mantissa, d.scale); }
template <class A> void fields(A& a, Diagnostic& d) { a(d.code, d.severity, d.offset, d.line, d.column, d.message); }
template <class A> void fields(A& a, CellValue& c) {
  a(c.key, c.value, c.raw, c.offset, c.status, c.unit, c.candidates);
}
template <class A> void fields(A& a, Section& s) {
  a(s.level, s.number, s.title, s.offset, s.end, s.numbered, s.in_template);
}
template <class A> void fields(A& a, Reference& r) { a(r.text, r.article, r.paragraph, r.item, r.offset); }
template <class A> void fields(A& a, Suspect& s) { a(s.cell, s.label, s.printed, s.value, s.explains); }
template <class A> void fields(A& a, UncheckedRule& u) { a(u.rule, u.reason); }
template <class A> void fields(A& a, Explanation& e) { a(e.problem, e.suspects); }
template <class A> void fields(A& a, Diagnosis& d) { a(d.verdict, d.explanations, d.unchecked); }
template <class A> void fields(A& a, Metric& m) { a(m.id, m.unit, m.value); }
template <class A> void fields(A& a, PreviousLink& p) { a(p.file, p.agency, p.year, p.why); }
template <class A> void fields(A& a, Paragraph& p) { a(p.text, p.offset); }
template <class A> void fields(A& a, Finding& f) {
  a(f.rule, f.severity, f.scope, f.cells, f.blank, f.lhs, f.rhs, f.delta, f.message, f.suspects, f.previous);
}
template <class A> void fields(A& a, Unplaced& u) { a(u.text, u.offset, u.reason); }
template <class A> void fields(A& a, Record& r) {
  a(r.file, r.kind, r.encoding, r.template_id, r.agency, r.year, r.title, r.sections, r.references, r.cells);
  a(r.findings, r.unplaced, r.diagnostics, r.diagnosis, r.metrics, r.agency_key, r.previous, r.paragraphs, r.failed);
}

class Encoder {
 public:
  explicit Encoder(std::string& out) : out_(out) {}
  template <class... T> void operator()(const T&... v) { (put(v), ...); }

 private:
  void varint(uint64_t v) {
    for (; v >= 0x80; v >>= 7) out_.push_back(static_cast<char>(v | 0x80));
    out_.push_back(static_cast<char>(v));
  }
  template <class T> void put(const T& v) {
    if constexpr (std::is_same_v<T, bool>) {
      out_.push_back(v ? 1 : 0);
    } else if constexpr (std::is_enum_v<T>) {
      varint(static_cast<uint64_t>(v));
    } else if constexpr (std::is_same_v<T, double>) {
      uint64_t bits;
      std::memcpy(&bits, &v, sizeof bits);
      varint(bits);
    } else if constexpr (std::is_signed_v<T>) {
      // Zigzag: small negative numbers stay short.
      const auto u = static_cast<uint64_t>(v);
      varint((u << 1) ^ (v < 0 ? ~uint64_t{0} : 0));
    } else if constexpr (std::is_unsigned_v<T>) {
      varint(v);
    } else {
      put_compound(v);
    }
  }
  void put_compound(std::string_view s) {
    varint(s.size());
    out_.append(s);
  }
  void put_compound(const std::string& s) { put_compound(std::string_view(s)); }
  template <class T> void put_compound(const std::optional<T>& o) {
    put(o.has_value());
    if (o) put(*o);
  }
  template <class T> void put_compound(const std::vector<T>& v) {
    varint(v.size());
    for (auto& e : v) put(e);
  }
  template <class T> void put_compound(const T& v) { fields(*this, const_cast<T&>(v)); }

  std::string& out_;
};

class Decoder {
 public:
  explicit Decoder(std::string_view in) : in_(in) {}
  template <class... T> void operator()(T&... v) { (get(v), ...); }
  bool whole() const { return ok_ && at_ == in_.size(); }
  bool ok() const { return ok_; }
  std::string_view rest() const { return in_.substr(at_); }

 private:
  uint64_t varint() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (at_ >= in_.size()) return fail();
      const auto byte = static_cast<unsigned char>(in_[at_++]);
      v |= uint64_t{byte & 0x7Fu} << shift;
      if (!(byte & 0x80)) return v;
    }
    return fail();
  }
  uint64_t fail() {
    ok_ = false;
    at_ = in_.size();
    return 0;
  }
  // A length that the bytes left cannot hold is damage, not a huge vector.
  size_t length() {
    const uint64_t n = varint();
    return n <= in_.size() - at_ ? static_cast<size_t>(n) : static_cast<size_t>(fail());
  }
  template <class T> void get(T& v) {
    if constexpr (std::is_same_v<T, bool>) {
      v = varint() != 0;
    } else if constexpr (std::is_enum_v<T>) {
      v = static_cast<T>(varint());
    } else if constexpr (std::is_same_v<T, double>) {
      const uint64_t bits = varint();
      std::memcpy(&v, &bits, sizeof v);
    } else if constexpr (std::is_signed_v<T>) {
      const uint64_t u = varint();
      v = static_cast<T>(static_cast<int64_t>((u >> 1) ^ (~(u & 1) + 1)));
    } else if constexpr (std::is_unsigned_v<T>) {
      v = static_cast<T>(varint());
    } else {
      get_compound(v);
    }
  }
  void get_compound(std::string& s) {
    const size_t n = length();
    s.assign(in_.substr(at_, n));
    at_ += n;
  }
  template <class T> void get_compound(std::optional<T>& o) {
    bool present = false;
    get(present);
    if (!present) return o.reset();
    o.emplace();
    get(*o);
  }
  template <class T> void get_compound(std::vector<T>& v) {
    const size_t n = length();  // every element takes a byte at least
    v.assign(n, T{});
    for (auto& e : v) get(e);
  }
  template <class T> void get_compound(T& v) { fields(*this, v); }

  std::string_view in_;
  size_t at_ = 0;
  bool ok_ = true;
};

std::string temp_folder() {
  const char* dir = std::getenv("TMPDIR");
  return dir && *dir ? dir : "/tmp";
}

std::string errno_text(int err) {
  return std::strerror(err);
}

}  // namespace

void encode_record(const Record& r, std::string& out) {
  Encoder encoder(out);
  encoder(r);
}

bool decode_record(std::string_view bytes, Record& out) {
  out = Record{};
  Decoder d(bytes);
  d(out);
  return d.whole();
}

// ---- RecordSpool -----------------------------------------------------------

RecordSpool::RecordSpool() {
  std::string path = temp_folder() + "/xxgk-spool-XXXXXX";
  fd_ = ::mkstemp(path.data());
  if (fd_ < 0) {
    error_ = "cannot create a temporary file in " + temp_folder() + ": " + errno_text(errno);
    return;
  }
  // Unnamed from now on: nothing is left behind, whatever ends the process.
  ::unlink(path.c_str());
}

RecordSpool::~RecordSpool() {
  if (fd_ >= 0) ::close(fd_);
}

bool RecordSpool::add(const Record& r, std::string_view tag) {
  if (!ok()) return false;
  buffer_.clear();
  Encoder prefix(buffer_);
  prefix(tag);
  encode_record(r, buffer_);
  for (size_t done = 0; done < buffer_.size();) {
    const ssize_t n = ::pwrite(fd_, buffer_.data() + done, buffer_.size() - done, static_cast<off_t>(end_ + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      error_ = "cannot write the temporary file of records: " + errno_text(n < 0 ? errno : ENOSPC);
      return false;
    }
    done += static_cast<size_t>(n);
  }
  spans_.emplace_back(end_, static_cast<uint32_t>(buffer_.size()));
  end_ += buffer_.size();
  return true;
}

bool RecordSpool::get(size_t i, Record& out, std::string* tag) {
  if (fd_ < 0 || i >= spans_.size()) return false;
  const auto [offset, length] = spans_[i];
  buffer_.resize(length);
  for (size_t done = 0; done < length;) {
    const ssize_t n = ::pread(fd_, buffer_.data() + done, length - done, static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      error_ = "cannot read back the temporary file of records: " + errno_text(n < 0 ? errno : EIO);
      return false;
    }
    done += static_cast<size_t>(n);
  }
  Decoder prefix(buffer_);
  std::string kept;
  prefix(kept);
  if (prefix.ok() && decode_record(prefix.rest(), out)) {
    if (tag) *tag = std::move(kept);
    return true;
  }
  error_ = "the temporary file of records is damaged (record " + std::to_string(i) + ")";
  return false;
}

}  // namespace xxgk
