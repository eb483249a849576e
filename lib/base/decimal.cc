#include "base/decimal.h"

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

std::string Decimal::str() const {
  std::string digits = std::to_string(std::llabs(mantissa));
  if (scale > 0) {
    if (digits.size() <= static_cast<size_t>(scale))
      digits.insert(0, static_cast<size_t>(scale) + 1 - digits.size(), '0');
    digits.insert(digits.size() - static_cast<size_t>(scale), 1, '.');
  }
  return (mantissa < 0 ? "-" : "") + digits;
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
