// Decimal: an exact decimal number (mantissa * 10^-scale). Report figures such
// as 73802895.90 or 24252.311082 must round-trip exactly into JSON and CSV, and
// unit conversion (元 -> 万元) must not introduce binary floating-point noise.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace xxgk {

struct Decimal {
  int64_t mantissa = 0;
  int scale = 0;  // number of digits after the decimal point

  static Decimal of(int64_t whole) { return Decimal{whole, 0}; }
  // Parses "-12", "+36", "1,204", "73802895.90". Nothing else: no units.
  static std::optional<Decimal> parse(std::string_view ascii);

  // Divides by 10^digits exactly (shifts the point), used for 元 -> 万元.
  Decimal shifted(int digits) const;
  // Drops trailing zero decimals (1.2500 -> 1.25).
  Decimal trimmed() const;
  bool is_integer() const { return scale == 0; }
  // Text as printed in JSON/CSV: "-18", "73802895.90".
  std::string str() const;

  friend bool operator==(const Decimal& a, const Decimal& b);
  friend Decimal operator+(const Decimal& a, const Decimal& b);
  friend Decimal operator-(const Decimal& a, const Decimal& b);
};

}  // namespace xxgk
