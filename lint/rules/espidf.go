package rules

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/lwiplint/lwiplint/internal/fileio"

	"github.com/lwiplint/lwiplint/lint"
	"github.com/lwiplint/lwiplint/lwipopts"
	"github.com/lwiplint/lwiplint/lwipopts/espidf"
)

// The LW3xxx rules report what package espidf found while reading an ESP-IDF
// project's sdkconfig files and translating them into ESP-IDF's lwipopts.h:
// Kconfig's silent dead ends (out-of-range values, unmet dependencies),
// unknown and renamed names, and the platform facts that change lwIP's
// behaviour. The lwIP rules (LW1, LW2, LW4) run on the translated values.

const adviceKconfig = "embedded/lwip-esp-idf-kconfig-dead-ends"

func espRule(id, name, title string, sev lint.Severity, doc lint.Doc, codes ...string) *lint.Rule {
	return &lint.Rule{
		ID: id, Name: name, Title: title, Severity: sev, Since: "0.1.0", Doc: doc,
		Advice: []string{adviceKconfig},
		Check: func(p *lint.Pass) {
			if p.Config.ESPIDF == nil {
				return
			}
			for _, d := range p.Config.ESPIDF.Translation.Diags {
				if !slices.Contains(codes, d.Code) {
					continue
				}
				pos := lwipopts.Position{File: d.Pos.File, Line: d.Pos.Line}
				if pos.File == "" {
					pos = lwipopts.Position{File: p.Config.File, Line: 1} // about the whole configuration
				}
				if pos.Line > 0 {
					pos.Col = 1
				}
				p.Report(lint.Finding{Pos: pos, Message: d.Message})
			}
		},
	}
}

var lw3001 = espRule("LW3001", "kconfig-value-out-of-range",
	"An sdkconfig value outside its Kconfig range is ignored and the default used", lint.Warning, lint.Doc{
		What:   "A CONFIG_LWIP_* value lies outside the `range` of its Kconfig symbol. kconfgen does not stop the build: it prints a note, ignores the value and uses the symbol's default.",
		Bad:    "CONFIG_LWIP_MAX_SOCKETS=99",
		Good:   "CONFIG_LWIP_MAX_SOCKETS=16",
		Why:    "The firmware runs with the default, not with the value in the file; the difference only shows at run time (esp-idf-kconfig kconfgen, ESP-IDF components/lwip/Kconfig ranges).",
		Ignore: "Never: the line has no effect.",
	}, espidf.CodeOutOfRange)

var lw3002 = espRule("LW3002", "kconfig-depends-not-met",
	"An sdkconfig option has no effect because its Kconfig dependencies are not met", lint.Warning, lint.Doc{
		What:   "A CONFIG_LWIP_* option whose `depends on` is false (or that has no prompt) is set; Kconfig drops it.",
		Bad:    "# CONFIG_LWIP_IPV6 is not set\nCONFIG_LWIP_IPV6_AUTOCONFIG=y",
		Good:   "CONFIG_LWIP_IPV6=y\nCONFIG_LWIP_IPV6_AUTOCONFIG=y",
		Why:    "The line looks like configuration but changes nothing (ESP-IDF components/lwip/Kconfig `depends on`).",
		Ignore: "When the line is kept for another target or build variant on purpose. Not reported when the value is the symbol's own default (dropping it changes nothing), nor for an sdkconfig whose header line has no version (ESP-IDF 4.4 or older: the older release's Kconfig may differ).",
	}, espidf.CodeNoEffect)

var lw3003 = &lint.Rule{
	ID: "LW3003", Name: "sdkconfig-duplicate",
	Title: "An sdkconfig symbol is assigned more than once", Severity: lint.Warning, Since: "0.1.0",
	Doc: lint.Doc{
		What: "The same CONFIG_ symbol appears twice in one sdkconfig file; kconfgen uses the later line.",
		Bad:  "CONFIG_LWIP_TCP_MSS=1440\nCONFIG_LWIP_TCP_MSS=536",
		Good: "CONFIG_LWIP_TCP_MSS=536",
		Why:  "Readers of the file see the first value; the build uses the last.",
		Ignore: "Never: delete the line that does not apply. A later line with the same value is not reported: it changes nothing. " +
			"The fix (--fix, --diff) deletes the earlier line, which kconfgen " +
			"overrides, so the build keeps the value it has now; check that the later value is the one you meant.",
	},
	Advice: []string{adviceKconfig},
	Check:  checkDuplicate,
}

// checkDuplicate reports each later assignment of a symbol, with a fix
// that deletes the earlier one: kconfgen reads a file top to bottom, so
// the earlier line has no effect and the build is the same without it.
func checkDuplicate(p *lint.Pass) {
	if p.Config.ESPIDF == nil {
		return
	}
	for _, d := range p.Config.ESPIDF.Translation.Diags {
		if d.Code != espidf.CodeDuplicate || d.Pos.File == "" {
			continue
		}
		f := lint.Finding{Pos: lwipopts.Position{File: d.Pos.File, Line: d.Pos.Line, Col: 1}, Message: d.Message}
		if o := d.Overridden; o.File == d.Pos.File && o.Line > 0 {
			f.Related = []lint.Related{{Pos: lwipopts.Position{File: o.File, Line: o.Line, Col: 1}, Message: "the earlier assignment, which has no effect"}}
			if e, ok := deleteAssignment(o.File, o.Line); ok {
				f.Fix = &lint.Fix{Message: fmt.Sprintf("delete line %d, which line %d overrides", o.Line, d.Pos.Line), Edits: []lint.Edit{e}}
			}
		}
		p.Report(f)
	}
}

// deleteAssignment returns the edit that deletes an sdkconfig line that
// assigns a symbol ("CONFIG_X=…" or "# CONFIG_X is not set").
func deleteAssignment(file string, line int) (lint.Edit, bool) {
	data, err := fileio.ReadFile(file, fileio.MaxSource)
	if err != nil {
		return lint.Edit{}, false
	}
	lines := strings.SplitAfter(string(data), "\n")
	if line > len(lines) {
		return lint.Edit{}, false
	}
	off := 0
	for _, l := range lines[:line-1] {
		off += len(l)
	}
	text := lines[line-1]
	t := strings.TrimSpace(text)
	if !strings.HasPrefix(t, "CONFIG_") && !(strings.HasPrefix(t, "# CONFIG_") && strings.HasSuffix(t, " is not set")) {
		return lint.Edit{}, false
	}
	return lint.Edit{File: file, Line: line, Start: off, End: off + len(text), OldText: text}, true
}

var lw3004 = &lint.Rule{
	ID: "LW3004", Name: "sdkconfig-renamed-option",
	Title: "An sdkconfig line uses a deprecated name", Severity: lint.Info, Since: "0.1.0",
	Doc: lint.Doc{
		What: "CONFIG_ names ESP-IDF renamed (sdkconfig.rename). kconfgen maps them to the new names in sdkconfig.defaults, and ignores old names inside the deprecated block of a generated sdkconfig. " +
			"One finding per file lists every such name; the lines are its related positions.",
		Bad:  "CONFIG_TCP_MSS=1440",
		Good: "CONFIG_LWIP_TCP_MSS=1440",
		Why:  "Old names disappear in later ESP-IDF releases; the new name keeps working.",
		Ignore: "When the file must also build with an older ESP-IDF. The fix (--fix, --diff) renames each line to the new name of the " +
			"rename list, inverting the value where the list says so (CONFIG_OLD !CONFIG_NEW), and keeps the rest of the file as it is. " +
			"It is offered only when the ESP-IDF release was found in the project (not assumed, and not read from a kconfgen header without " +
			"a version, which releases up to 4.4 wrote), and it leaves alone a rename that " +
			"ESP-IDF applies for one target only (sdkconfig.rename.<target>) in a file every target reads. " +
			"Not reported for an sdkconfig whose header line has no version (4.4 or older, where the old name may be the option itself).",
	},
	Advice: []string{adviceKconfig},
	Check:  checkRenamed,
}

// checkRenamed reports the deprecated names of each sdkconfig file as one
// finding (issue 16: one stale sdkconfig gave 45 findings), with a fix
// that renames them, and the edits of kconfgen's deprecated block that
// have no effect as another.
func checkRenamed(p *lint.Pass) {
	if p.Config.ESPIDF == nil {
		return
	}
	tr := p.Config.ESPIDF.Translation
	for _, code := range []string{espidf.CodeRenamed, espidf.CodeDeprecated} {
		var files []string
		byFile := map[string][]espidf.Diagnostic{}
		for _, d := range tr.Diags {
			if d.Code != code || d.Pos.File == "" || d.Pos.Line == 0 {
				continue
			}
			if byFile[d.Pos.File] == nil {
				files = append(files, d.Pos.File)
			}
			byFile[d.Pos.File] = append(byFile[d.Pos.File], d)
		}
		for _, file := range files {
			ds := byFile[file]
			f := lint.Finding{Pos: lwipopts.Position{File: file, Line: ds[0].Pos.Line, Col: 1}, Message: ds[0].Message}
			if len(ds) > 1 {
				f.Message = renamedSummary(code, ds)
				for _, d := range ds {
					f.Related = append(f.Related, lint.Related{Pos: lwipopts.Position{File: file, Line: d.Pos.Line, Col: 1}, Message: d.Message})
				}
			}
			if code == espidf.CodeRenamed && versionKnown(tr) {
				f.Fix = renameFix(file, ds)
			}
			p.Report(f)
		}
	}
}

// versionKnown reports whether the ESP-IDF release was found in the
// project: not assumed, and not read from a kconfgen header without a
// version (written up to 4.4, so possibly by an older release, whose
// Kconfig may have the old names as the options themselves).
func versionKnown(tr *espidf.Translation) bool {
	if tr.Found.Assumed {
		return false
	}
	for _, d := range tr.Diags {
		if d.Code == espidf.CodeVersion && d.Severity >= espidf.Warning {
			return false
		}
	}
	return true
}

// renamedSummary is the message of several renamed or deprecated-block
// lines of one file: the first name leads, so that the finding keeps the
// subject (and the line) it had when it was the file's only one.
func renamedSummary(code string, ds []espidf.Diagnostic) string {
	var parts, lists []string
	for _, d := range ds {
		if r := d.Rename; r != nil {
			parts = append(parts, fmt.Sprintf("CONFIG_%s → CONFIG_%s (line %d)", r.Old, r.New, d.Pos.Line))
			l := atFile(r.At)
			if len(lists) > 0 {
				// "esp-idf v5.1.2 " once, before the first list.
				if i := strings.Index(l, " components/"); i >= 0 && strings.HasPrefix(lists[0], l[:i+1]) {
					l = l[i+1:]
				}
			}
			if !slices.Contains(lists, l) && !(len(lists) > 0 && strings.HasSuffix(lists[0], " "+l)) {
				lists = append(lists, l)
			}
		} else {
			name, _, _ := strings.Cut(d.Message, " ")
			parts = append(parts, fmt.Sprintf("%s (line %d)", name, d.Pos.Line))
		}
	}
	if code == espidf.CodeDeprecated {
		return fmt.Sprintf("%d lines inside kconfgen's deprecated-options block, which kconfgen neither renames nor reads, set values that have no effect: the new names decide, %s",
			len(ds), strings.Join(parts, ", "))
	}
	first, _, _ := strings.Cut(parts[0], " →")
	names := "names"
	if len(ds) == 2 {
		names = "name"
	}
	return fmt.Sprintf("%s and %d more deprecated %s, which kconfgen reads as their new names (%s): %s",
		first, len(ds)-1, names, strings.Join(lists, ", "), strings.Join(parts, ", "))
}

// atFile drops the line number of a citation ("esp-idf v5.1.2
// components/lwip/sdkconfig.rename:14").
func atFile(at string) string {
	if i := strings.LastIndexByte(at, ':'); i > 0 && strings.Trim(at[i+1:], "0123456789") == "" {
		return at[:i]
	}
	return at
}

// renameFix renames the lines of ds in file, or returns nil when none can
// be renamed safely.
func renameFix(file string, ds []espidf.Diagnostic) *lint.Fix {
	data, err := fileio.ReadFile(file, fileio.MaxSource)
	if err != nil {
		return nil
	}
	lines := strings.SplitAfter(string(data), "\n")
	starts := make([]int, len(lines)+1)
	for i, l := range lines {
		starts[i+1] = starts[i] + len(l)
	}
	base := filepath.Base(file)
	var edits []lint.Edit
	for _, d := range ds {
		r := d.Rename
		if r == nil || d.Pos.Line > len(lines) {
			continue
		}
		if r.Target != "" && base != "sdkconfig" && base != "sdkconfig.old" && base != "sdkconfig.defaults."+r.Target {
			continue // a rename of one target, in a file every target reads
		}
		line := strings.TrimRight(lines[d.Pos.Line-1], "\r\n")
		if e, ok := renameLine(line, r); ok {
			e.File, e.Line = file, d.Pos.Line
			e.Start += starts[d.Pos.Line-1]
			e.End += starts[d.Pos.Line-1]
			edits = append(edits, e)
		}
	}
	if len(edits) == 0 {
		return nil
	}
	msg := "rename CONFIG_" + ds[0].Rename.Old + " to CONFIG_" + ds[0].Rename.New
	if len(ds) > 1 {
		msg = fmt.Sprintf("rename %d deprecated names to their new names", len(edits))
	}
	return &lint.Fix{Message: msg, Edits: edits}
}

// renameLine returns the edit that renames the assignment on line (offsets
// within the line). Without inversion only the name changes, so the value
// and any comment stay; an inverted rename rewrites a plain "CONFIG_OLD=y",
// "CONFIG_OLD=n" or "# CONFIG_OLD is not set" line and leaves any other
// spelling alone.
func renameLine(line string, r *espidf.Rename) (lint.Edit, bool) {
	oldName, newName := "CONFIG_"+r.Old, "CONFIG_"+r.New
	if r.Invert {
		var repl string
		switch strings.TrimSpace(line) {
		case oldName + "=y":
			repl = "# " + newName + " is not set"
		case oldName + "=n", oldName + "=", "# " + oldName + " is not set":
			repl = newName + "=y"
		default:
			return lint.Edit{}, false
		}
		return lint.Edit{Start: 0, End: len(line), OldText: line, NewText: repl}, true
	}
	i := strings.Index(line, oldName)
	if i < 0 {
		return lint.Edit{}, false
	}
	before, after := strings.TrimSpace(line[:i]), line[i+len(oldName):]
	if before != "" && before != "#" || !(strings.HasPrefix(after, "=") || strings.HasPrefix(after, " is not set")) {
		return lint.Edit{}, false
	}
	return lint.Edit{Start: i, End: i + len(oldName), OldText: oldName, NewText: newName}, true
}

var lw3005 = espRule("LW3005", "sdkconfig-unknown-lwip-option",
	"An sdkconfig line names a CONFIG_LWIP_ symbol the Kconfig does not define", lint.Warning, lint.Doc{
		What:   "A CONFIG_LWIP_* name that ESP-IDF's components/lwip/Kconfig of the detected release does not have (a typo or a name from another release).",
		Bad:    "CONFIG_LWIP_TCP_SYN_MAXRTX=6",
		Good:   "CONFIG_LWIP_TCP_SYNMAXRTX=6",
		Why:    "kconfgen ignores unknown symbols (with at most a warning), so the setting never reaches lwIP.",
		Ignore: "When the file is shared with a release that has the symbol. Not reported for an sdkconfig whose header line has no version (4.4 or older, whose Kconfig may have the name).",
	}, espidf.CodeUnknown)

var lw3006 = espRule("LW3006", "sdkconfig-malformed",
	"An sdkconfig line is malformed or its value invalid for the symbol's type", lint.Warning, lint.Doc{
		What:   "A line kconfgen skips: bad syntax, a value of the wrong type (text for an int, an unquoted string), several options of one choice, or a file that is not readable text.",
		Bad:    "CONFIG_LWIP_TCP_MSS=fourteen-forty",
		Good:   "CONFIG_LWIP_TCP_MSS=1440",
		Why:    "The symbol keeps its default and nothing says so at build time.",
		Ignore: "Never.",
	}, espidf.CodeSyntax, espidf.CodeInvalidValue, espidf.CodeChoice, espidf.CodeFile)

var lw3007 = espRule("LW3007", "freertos-tick-inexact",
	"CONFIG_FREERTOS_HZ does not divide 1000: lwIP's clock and timeouts run slow", lint.Warning, lint.Doc{
		What:   "ESP-IDF's sys_now() counts ticks × portTICK_PERIOD_MS, and portTICK_PERIOD_MS is 1000 / configTICK_RATE_HZ in integer arithmetic.",
		Bad:    "CONFIG_FREERTOS_HZ=300",
		Good:   "CONFIG_FREERTOS_HZ=1000",
		Why:    "With 300 Hz a tick counts as 3 ms instead of 3.33 ms, so every lwIP timeout (retransmission, TIME_WAIT, DHCP) takes about 11 % longer (ESP-IDF components/freertos portmacro.h portTICK_PERIOD_MS, components/lwip/port/freertos/sys_arch.c sys_now).",
		Ignore: "When exact lwIP timing does not matter.",
	}, espidf.CodeTick)

var lw3008 = espRule("LW3008", "esp-idf-lwipopts-error",
	"ESP-IDF's lwipopts.h stops the build with an #error for these values", lint.Error, lint.Doc{
		What:   "A Kconfig-legal combination of values that ESP-IDF's own components/lwip/port/include/lwipopts.h rejects with #error.",
		Bad:    "# CONFIG_LWIP_IPV4 is not set\n# CONFIG_LWIP_IPV6 is not set",
		Good:   "CONFIG_LWIP_IPV4=y",
		Why:    "The build fails in the lwIP component; lwiplint says which values lead there before the build does.",
		Ignore: "Never.",
	}, espidf.CodeLwipopts)

var lw3009 = note(espRule("LW3009", "esp-idf-assumption",
	"The ESP-IDF release or a symbol value had to be assumed", lint.Info, lint.Doc{
		What:   "The ESP-IDF release was not found in the project (or has no table), or a symbol outside the lwIP component could not be computed and was taken as not set.",
		Bad:    "sdkconfig without the \"# Espressif IoT Development Framework (ESP-IDF) 5.1.2 Project Configuration\" header",
		Good:   "an sdkconfig written by idf.py, or IDF_PATH set",
		Why:    "Ranges, defaults and ESP-IDF's lwipopts.h differ between releases; findings are only as exact as the release chosen.",
		Ignore: "When the release named in the finding is the one you build with.",
	}, espidf.CodeVersion, espidf.CodeAssumed))

// note marks r as a rule of environment notes (lint.Rule.Note).
func note(r *lint.Rule) *lint.Rule {
	r.Note = true
	return r
}
