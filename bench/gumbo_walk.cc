// The floor for the side-by-side bench (bench/sidebyside.sh): what a bare
// HTML parse costs. For each path (arguments, or one a line on stdin with
// `-`): read the file, parse it with gumbo, walk the whole tree and gather
// the text of every table cell, as a table reader must at the least. Prints
// pages, cells and bytes of cell text (so the work cannot be optimized away).
// No charset handling: gumbo reads the bytes as UTF-8 (a GBK page parses
// into the same tree shape, with replacement characters).
#include <gumbo.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace {

struct Totals {
  size_t pages = 0, cells = 0, text_bytes = 0;
};

void text_of(const GumboNode* n, std::string& out) {
  if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE) {
    out += n->v.text.text;
    return;
  }
  if (n->type != GUMBO_NODE_ELEMENT) return;
  const GumboVector& kids = n->v.element.children;
  for (unsigned i = 0; i < kids.length; ++i) text_of(static_cast<const GumboNode*>(kids.data[i]), out);
}

// Walks iteratively (deep pages must not overflow the stack).
void walk(const GumboNode* root, Totals& t) {
  std::vector<const GumboNode*> stack{root};
  std::string cell;
  while (!stack.empty()) {
    const GumboNode* n = stack.back();
    stack.pop_back();
    if (n->type != GUMBO_NODE_ELEMENT) continue;
    const GumboTag tag = n->v.element.tag;
    if (tag == GUMBO_TAG_TD || tag == GUMBO_TAG_TH) {
      cell.clear();
      text_of(n, cell);
      ++t.cells;
      t.text_bytes += cell.size();
      continue;
    }
    const GumboVector& kids = n->v.element.children;
    for (unsigned i = kids.length; i-- > 0;) stack.push_back(static_cast<const GumboNode*>(kids.data[i]));
  }
}

bool parse_file(const std::string& path, Totals& t) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  const std::string bytes = ss.str();
  GumboOutput* out = gumbo_parse_with_options(&kGumboDefaultOptions, bytes.data(), bytes.size());
  walk(out->root, t);
  gumbo_destroy_output(&kGumboDefaultOptions, out);
  ++t.pages;
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  Totals t;
  int bad = 0;
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) == "-") {
      for (std::string line; std::getline(std::cin, line);)
        if (!line.empty()) bad += !parse_file(line, t);
    } else {
      bad += !parse_file(argv[i], t);
    }
  }
  std::printf("pages %zu cells %zu text_bytes %zu\n", t.pages, t.cells, t.text_bytes);
  return bad ? 2 : 0;
}
