// xxgk: read Chinese government information-disclosure annual reports into
// records, and audit their arithmetic. The header a program embedding xxgk
// includes (installed as <xxgk/xxgk.h>; link with `pkg-config --libs xxgk` or
// CMake's `find_package(xxgk)` and `xxgk::xxgk`).
//
//   #include <xxgk/xxgk.h>
//
//   xxgk::Engine engine(xxgk::load_grammars(xxgk::locate_grammars("", "")));
//   xxgk::Record r = engine.parse(bytes, "report.html");  // no file I/O
//   std::string json = xxgk::record_json(r, /*pretty=*/true);
//   for (const xxgk::Finding& f : r.findings) ...          // the audit
//
// - Engine (pipeline.h): the grammars, compiled once; read-only afterwards, so
//   one Engine serves every thread. parse() takes the document's bytes (text
//   in any encoding, HTML, DOCX, PDF; the kind is sniffed) and never throws for
//   a bad document: Record::failed and Record::diagnostics say what went wrong.
// - Record (record.h): template, agency, year, sections, references, every
//   cell of the template under its canonical key, findings, unplaced figures,
//   diagnostics (schema xxgk/1).
// - Writers (writers.h): JSON, XML, CSV rows, findings, diagnostics.
// - Grammars (grammar.h): load_grammars(dir) throws GrammarError
//   ("file:line: problem"); locate_grammars (locate.h) finds the installed ones.
//
// The other headers of include/xxgk are the stages' own; they are installed
// for now, but only this one is meant to be stable.
#pragma once

#include "grammar/grammar.h"
#include "engine/locate.h"
#include "engine/pipeline.h"
#include "base/record.h"
#include "write/writers.h"
