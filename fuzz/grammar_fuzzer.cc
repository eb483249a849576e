// The grammar loader on any bytes: a grammar is accepted or refused with a
// GrammarError naming a line, nothing else. An accepted one must expand its
// rules and serve a parse without failing.
#include <cstdint>
#include <cstdlib>

#include "engine.h"
#include "grammar/grammar.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view xml(reinterpret_cast<const char*>(data), size);
  try {
    xxgk::Grammar g = xxgk::parse_grammar(xml, "fuzz.xml");
    (void)g.instances();
    (void)g.keys();
  } catch (const xxgk::GrammarError& e) {
    if (e.message.empty()) std::abort();
  }
  try {
    (void)xxgk::parse_common(xml, "common.xml");
  } catch (const xxgk::GrammarError&) {
  }
  return 0;
}
