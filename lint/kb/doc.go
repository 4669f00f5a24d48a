// Package kb is lwiplint's knowledge base: one entry per known lwIP
// configuration problem, stored as YAML under entries/<namespace>/<slug>.yaml
// and embedded into the binary.
//
// An entry's ID is its path without the entries/ prefix and the .yaml
// extension, for example "embedded/lwip-tcp-connect-gives-up-after-18s". Every
// entry carries English and Chinese prose, the versions it applies to, the
// error strings users search for, workarounds, dead ends and the public
// sources (lwIP, ESP-IDF or FreeRTOS+TCP source files at a release, or GitHub
// threads) its claims rest on. Rates such as [Entry.FixRate] are only filled
// in when a source gives one; the seed entry's own unverified figures are
// labelled so by [Entry.UnverifiedFigures] wherever they are shown.
//
// [SearchWith] ranks entries for a pasted symptom and says when none
// matches ([Answer.Confident], [MinScore]); it decodes error numbers with
// the table of the stack ([SearchOptions.Stack]). [SearchLog] does the same
// for each line of a pasted log.
//
// Entries are decoded lazily, on the first call to [Load], [All], [List],
// [Get] or [Search]; nothing happens at package initialisation. [Entry] marshals
// to JSON with encoding/json and renders itself with [Entry.Markdown] and
// [Entry.Text].
package kb
