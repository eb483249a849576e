#include "base/decimal.h"

#include <charconv>
#include <cstdint>
#include <cstdlib>

namespace xxgk {

namespace {
int64_t pow10(int n) {
  int64_t p = 1;
  while (n-- > 0) p *= 10;
  return p;
}
// Brings both to the same scale (the larger).
void align(Decimal& a, Decimal& b) {
  while (a.scale < b.scale) {
    a.mantissa *= 10;
    ++a.scale;
  }
  while (b.scale < a.scale) {
    b.mantissa *= 10;
    ++b.scale;
  }
}
}  // namespace

std::optional<Decimal> Decimal::parse(std::string_view s) {
  if (s.empty()) return std::nullopt;
  bool negative = false;
  size_t i = 0;
  if (s[0] == '+' || s[0] == '-') {
    negative = s[0] == '-';
    i = 1;
  }
  Decimal d;
  bool digits = false, point = false;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (c >= '0' && c <= '9') {
      // 18 significant digits fit an int64_t; longer figures are not counts.
      if (d.mantissa > (INT64_MAX - 9) / 10) return std::nullopt;
      d.mantissa = d.mantissa * 10 + (c - '0');
      digits = true;
      if (point) ++d.scale;
    } else if (c == '.' && !point) {
      point = true;
    } else {
      return std::nullopt;
    }
  }
  if (!digits) return std::nullopt;
  if (negative) d.mantissa = -d.mantissa;
  return d;
}

Decimal Decimal::shifted(int digits) const {
  Decimal d = *this;
  if (digits >= 0) {
    d.scale += digits;
  } else {
    int up = -digits;
    while (up > 0 && d.scale > 0) {
      --d.scale;
      --up;
    }
    d.mantissa *= pow10(up);
  }
  return d;
}

Decimal Decimal::trimmed() const {
  Decimal d = *this;
  while (d.scale > 0 && d.mantissa % 10 == 0) {
    d.mantissa /= 10;
    --d.scale;
  }
  return d;
}

void append_decimal(std::string& out, const Decimal& d) {
  char digits[24];  // |INT64_MIN| has 19 digits
  uint64_t magnitude = d.mantissa < 0 ? 0 - static_cast<uint64_t>(d.mantissa) : static_cast<uint64_t>(d.mantissa);
  auto res = std::to_chars(digits, digits + sizeof digits, magnitude);
  const size_t n = static_cast<size_t>(res.ptr - digits);
  if (d.mantissa < 0) out.push_back('-');
  if (d.scale <= 0) {
    out.append(digits, n);
    return;
  }
  const size_t scale = static_cast<size_t>(d.scale);
  if (n <= scale) {  // 0.05: zeros before the digits
    out += "0.";
    out.append(scale - n, '0');
    out.append(digits, n);
    return;
  }
  out.append(digits, n - scale);
  out.push_back('.');
  out.append(digits + n - scale, scale);
}

std::string Decimal::str() const {
  std::string out;
  append_decimal(out, *this);
  return out;
}

bool operator==(const Decimal& a, const Decimal& b) {
  Decimal x = a, y = b;
  align(x, y);
  return x.mantissa == y.mantissa;
}

Decimal operator+(const Decimal& a, const Decimal& b) {
  Decimal x = a, y = b;
  align(x, y);
  return Decimal{x.mantissa + y.mantissa, x.scale};
}

Decimal operator-(const Decimal& a, const Decimal& b) {
  Decimal x = a, y = b;
  align(x, y);
  return Decimal{x.mantissa - y.mantissa, x.scale};
}

}  // namespace xxgk
