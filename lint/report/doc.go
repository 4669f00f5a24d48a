// Package report writes lint findings in the output formats of lwiplint.
//
// [Write] is the entry point: it takes a format name from [Formats] (text,
// concise, json, sarif, github, checkstyle, junit) and [Options]. [Text]
// and [JSON] are the older entry points; JSON is the json format, and Text
// the text format without source excerpts, links and summary.
//
// Decisions that callers and users can rely on:
//
//   - The text format keeps every line [Text] writes, so scripts matching
//     "file:line:col: severity LWxxxx message", "= lwip error:" and
//     "= see: ID" keep working. It adds the source line with a ^ marker,
//     a "For more information:" list with one web link per knowledge-base
//     entry (at the end, each entry once, as ShellCheck does), and a last
//     line such as "2 errors, 1 warning in 1 file". No findings print
//     nothing, so a clean pre-commit run is silent.
//   - Colour is on only when [Options].Color says so; the package never
//     looks at the terminal or the environment. Control characters in
//     messages and source lines are shown escaped in the text, concise and
//     github formats, so a hostile header cannot drive the terminal.
//   - The json format is version [JSONVersion]; [JSONSchema] returns its
//     JSON Schema (draft 2020-12), which is closed: a new field makes a new
//     version.
//   - The sarif and github formats give paths relative to [Options].Root.
//     A finding outside it, such as one at lwIP's built-in default
//     "<lwIP 2.1.3>/lwip/opt.h", is shown at its first related position
//     under the root (the configuration file, where [lint.Pass.At] adds
//     one), naming its own position in the message; with none, SARIF uses a
//     logical location and github an annotation without a file.
//   - SARIF fingerprints hash the rule, the file and the macro the
//     finding's line defines, so that moving a #define or changing its
//     value keeps a GitHub alert open rather than opening a new one.
//
// The golden files under testdata are rewritten with
// LWIPLINT_UPDATE=1 go test ./lint/report.
package report
