package rules

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/lwiplint/lwiplint/internal/fileio"
	"github.com/lwiplint/lwiplint/lint"
	"github.com/lwiplint/lwiplint/lwipopts"
)

var lw9001 = &lint.Rule{
	ID: "LW9001", Name: "load-note",
	Title:    "Something could not be read while resolving the configuration",
	Severity: lint.Info, Since: "0.1.0", Note: true,
	Doc: lint.Doc{
		What: "A note of the resolver: a header that was not found (for example the port's arch/cc.h or a vendor header), C library headers that are not read, and similar.",
		Bad:  "#include \"vendor_board.h\" /* not on the include path */",
		Good: "/* pass the include directory: lwiplint -I path/to/vendor ... */",
		Why: "Macros that a missing header would define are treated as undefined, so values that depend on them may differ from the real build. " +
			"Unknown is not zero: the options whose values depend on such a macro are listed in this one finding, with the -I " +
			"that would read the header, and the other rules stay silent on them instead of reporting values gcc would not compute " +
			"(`lwiplint show` still prints the value with the macro read as 0).",
		Ignore: "When the header defines nothing lwIP reads, as arch/cc.h usually does not.",
	},
	Check: checkLoadNotes,
}

func checkLoadNotes(p *lint.Pass) {
	for _, n := range p.Config.Notes {
		// lwiplint never reads the C library; that note is not news.
		if strings.HasPrefix(n.Text, "C library headers are not read") {
			continue
		}
		// Without an lwIP tree (built-in tables) no port headers are
		// expected.
		if p.Config.LwipDir == "" && strings.Contains(n.Text, `"arch/`) {
			continue
		}
		p.Report(noteFinding(p, n, n.Text+unknownNote(p, n)))
	}
}

// unknownNote completes the note of a header that was not found with the
// options whose values it leaves unknown (the rules that read them stay
// silent) and the -I that would read it.
func unknownNote(p *lint.Pass, n lwipopts.Note) string {
	m := missingRE().FindStringSubmatch(n.Text)
	if m == nil {
		return ""
	}
	list, more, derived := unknownOptions(p.Config, 8)
	if len(list) == 0 {
		return ""
	}
	s := "; it leaves unknown " + strings.Join(list, ", ")
	if more > 0 {
		s += fmt.Sprintf(" and %d more options", more)
	}
	if derived > 0 {
		s += fmt.Sprintf(", and %d of lwIP's defaults derived from them", derived)
	}
	s += ", which the rules do not check"
	return s + "; " + includeHint(p, m[1]) + " would read it"
}

// noteFinding positions a resolver note: at its position when that is a
// file on disk, else at the configuration's first line, naming the place.
func noteFinding(p *lint.Pass, n lwipopts.Note, msg string) lint.Finding {
	pos := n.Pos
	if _, err := p.Config.StatInput(pos.File); !pos.IsValid() || err != nil {
		if pos.IsValid() {
			msg = p.Rel(pos) + ": " + msg
		}
		pos = lwipopts.Position{File: p.Config.File, Line: 1, Col: 1}
	}
	return lint.Finding{Pos: pos, Message: msg}
}

var lw9002 = &lint.Rule{
	ID: "LW9002", Name: "preprocessor-error",
	Title:    "An #error is reached while reading the configuration",
	Severity: lint.Error, Since: "0.1.0",
	Doc: lint.Doc{
		What: "The configuration itself, a header it includes or one of lwIP's option headers reaches an #error directive.",
		Bad:  "#define BOARD_REV 1\n#if BOARD_REV < 2\n#error \"board revision 1 has no Ethernet\"\n#endif",
		Good: "#define BOARD_REV 2",
		Why:  "The same #error stops every compilation unit that includes lwip/opt.h.",
		Ignore: "When the macro that avoids the error is passed on the compiler's command line and was not given to lwiplint (-D). " +
			"An #error whose #if tests a macro that nothing defines is therefore info, naming the macro; it is not reported when " +
			"a header the configuration includes was not found (the macro may come from it; LW9001 names the header). The same holds when the " +
			"macros of that #if have only the fallback a header gives them under #ifndef (#ifndef ARDUINO / #define ARDUINO 0), and " +
			"for #include MACRO with MACRO undefined: one info finding names the macro and the -D and -I to give.",
	},
	Advice: []string{adviceSanity},
	Check:  checkPreprocessorErrors,
}

func checkPreprocessorErrors(p *lint.Pass) {
	fr := frErrors(p)
	missing := headerNotRead(p.Config)
	for _, n := range p.Config.Errors {
		if slices.Contains(fr, n) {
			continue // LW5101/LW5102
		}
		if n.Diagnostic {
			if m := computedIncludeMacro(p, n); m != "" {
				// #include MACRO with MACRO undefined: the build defines it
				// (-D, or a header it includes first). Unknown is not an
				// error: one note names the macro and what to give.
				f := noteFinding(p, n, fmt.Sprintf("#include %s: %s is not defined here, so the header it names was not read and the options it sets are unknown (the build defines %s, with -D or in a header it includes first): give lwiplint the same -D%s=<header> and the -I of that header", m, m, m, m))
				f.Severity = lint.Info
				p.Report(f)
				continue
			}
			p.Report(noteFinding(p, n, n.Text))
			continue
		}
		undef := undefinedInIf(p, n.Pos)
		fallback := false
		if len(undef) == 0 && !n.Lwip {
			undef = fallbackInIf(p, n.Pos)
			fallback = len(undef) > 0
		}
		if len(undef) > 0 && missing {
			continue // unknown is not zero: a header that was not read may define them (LW9001)
		}
		f := noteFinding(p, n, "#error "+n.Text)
		if len(undef) > 0 {
			// The #error tests macros nothing defines: the build may pass
			// them with -D, which lwiplint was not given.
			f.Severity = lint.Info
			if fallback {
				f.Message += fmt.Sprintf(" (reached because %s %s only the fallback value of an #ifndef: if the build passes %s with -D, give lwiplint the same -D)",
					strings.Join(undef, ", "), map[bool]string{true: "has", false: "have"}[len(undef) == 1], strings.Join(undef, ", "))
			} else {
				f.Message += fmt.Sprintf(" (reached because %s %s not defined: if the build passes %s with -D, give lwiplint the same -D)",
					strings.Join(undef, ", "), isAre(undef), strings.Join(undef, ", "))
			}
		}
		// lwip_error is the text of an #error lwIP itself reports; the
		// user's own #error lines are theirs.
		if n.Lwip {
			text := unquote(n.Text)
			f.LwipError = &text
		}
		p.Report(f)
	}
}

func unquote(s string) string {
	s = strings.TrimSpace(s)
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		return s[1 : len(s)-1]
	}
	return s
}

var lw9003 = &lint.Rule{
	ID: "LW9003", Name: "initc-error-not-replayed",
	Title:    "The lwIP tree's init.c reaches an #error the built-in checks did not report",
	Severity: lint.Error, Since: "0.1.0",
	Doc: lint.Doc{
		What: "When the lwIP tree holds src/core/init.c, lwiplint preprocesses it with the configuration and reports every #error it reaches that no replayed check (LW11xx, LW21xx, LW41xx) reported.",
		Bad:  "/* a patched or newer init.c with a check lwiplint does not know */",
		Good: "/* the configuration passes init.c */",
		Why:  "lwIP forks and newer releases add checks; preprocessing the user's own init.c catches them, and shows the exact text the compiler will print.",
		Ignore: "Never: the build stops at this #error. The rule stays silent on an #error whose #if tests a macro that is " +
			"not defined while a header the configuration or lwIP includes was not found (the port's arch/cc.h, a vendor " +
			"header): the macro may come from that header, and LW9001 names it.",
	},
	Advice: []string{adviceSanity},
	Check:  checkInitC,
}

// initcPath returns src/core/init.c of the configuration's lwIP tree, or "".
func initcPath(cfg *lwipopts.Config) string {
	if cfg.LwipDir == "" {
		return ""
	}
	for _, rel := range []string{"../core/init.c", "../src/core/init.c", "src/core/init.c", "../../src/core/init.c"} {
		f := filepath.Join(cfg.LwipDir, rel)
		// Recorded: which init.c is read is part of the result.
		if st, err := cfg.StatInput(f); err == nil && !st.IsDir() {
			return f
		}
	}
	return ""
}

func checkInitC(p *lint.Pass) {
	file := initcPath(p.Config)
	if file == "" {
		return
	}
	missing := headerNotRead(p.Config)
	errs, err := p.Config.Preprocess(file)
	if err != nil {
		p.Report(lint.Finding{Pos: lwipopts.Position{File: file}, Message: "could not preprocess " + p.Rel(lwipopts.Position{File: file}) + ": " + err.Error()})
		return
	}
	known := replayedErrors(p)
	for _, e := range errs {
		// The #error lines of the user's files and those the load
		// reached already are LW9002's.
		if !e.Lwip || slices.ContainsFunc(p.Config.Errors, func(n lwipopts.Note) bool { return n.Pos == e.Pos && n.Text == e.Text }) {
			continue
		}
		if e.Diagnostic {
			p.Report(lint.Finding{Pos: e.Pos, Message: "lwIP's " + p.Rel(e.Pos) + " stops the build: " + e.Text})
			continue
		}
		text := unquote(e.Text)
		if slices.Contains(known, text) {
			continue
		}
		if missing && len(undefinedInIf(p, e.Pos)) > 0 {
			// Unknown is not zero: the #error (BYTE_ORDER, LWIP_RAND,
			// SO_x != SOF_x) tests a macro that a header lwiplint did
			// not read (arch/cc.h, a vendor header) may define; LW9001
			// names the header.
			continue
		}
		f := lint.Finding{Pos: e.Pos, Message: "lwIP's " + p.Rel(e.Pos) + " stops the build: #error " + e.Text}
		f.LwipError = &text
		p.Report(f)
	}
}

// replayedErrors returns the #error texts of the replayed init.c checks
// that fire for the configuration.
func replayedErrors(p *lint.Pass) []string {
	var out []string
	for i := range initcTable {
		row := &initcTable[i]
		for _, f := range row.Forms {
			if f.File != "src/core/init.c" || !slices.Contains(f.Versions, p.Config.Version) {
				continue
			}
			if fires, hidden, ok := row.eval(p, f); ok && fires && len(hidden) == 0 {
				out = append(out, f.Error)
			}
		}
	}
	return out
}

var lw9004 = &lint.Rule{
	ID: lint.RuleBadSuppression, Name: "malformed-suppression",
	Title:    "A lwiplint:ignore comment has no reason or a malformed rule list",
	Severity: lint.Error, Since: "0.1.0",
	Doc: lint.Doc{
		What:   "A `lwiplint:ignore` or `lwiplint:file-ignore` comment without a reason after ` -- `, without rule IDs, or with something that is not a rule ID. Such a comment suppresses nothing.",
		Bad:    "#define TCP_SYNMAXRTX 12 /* lwiplint:ignore LW1001 */",
		Good:   "#define TCP_SYNMAXRTX 12 /* lwiplint:ignore LW1001 -- the gateway answers SYNs late after boot */",
		Why:    "A suppression without a reason cannot be reviewed later; the reason is what tells the next reader whether the finding still does not matter.",
		Ignore: "Never: add the reason.",
	},
	Check: func(*lint.Pass) {}, // reported by lint.Run while it applies suppressions
}

var lw9005 = &lint.Rule{
	ID: lint.RuleUnusedSuppression, Name: "unused-suppression",
	Title:    "A lwiplint:ignore comment suppresses nothing",
	Severity: lint.Warning, Since: "0.1.0",
	Doc: lint.Doc{
		What: "A suppression comment whose rules report nothing on its line (or, for `lwiplint:file-ignore`, in its file) with the current configuration.",
		Bad:  "#define TCP_SYNMAXRTX 6 /* lwiplint:ignore LW1001 -- raised for the gateway */",
		Good: "#define TCP_SYNMAXRTX 6",
		Why:  "Stale suppressions hide the next real finding on the same line; removing them keeps every suppression meaningful.",
		Ignore: "When the suppression is for a build variant whose -D options lwiplint was not given: pass them (-D, compile_commands.json) instead. " +
			"The fix (--fix, --diff) deletes the comment, and its line when the comment is all the line holds.",
	},
	Check: func(*lint.Pass) {}, // reported by lint.Run while it applies suppressions
}

// undefinedInIf returns the macros that the conditionals leading to the
// #error at pos name and that are not defined in the configuration: the
// #if, #elif and #else chain the #error is in (walking up over nested
// blocks), up to its #if.
func undefinedInIf(p *lint.Pass, pos lwipopts.Position) []string {
	var out []string
	enclosingConds(p.Config, pos, func(d string) { // lines come bottom-up: put this one's names first
		var line []string
		for _, id := range identRE().FindAllString(strings.TrimLeft(d, "ifdefnl"), -1) {
			if id != "defined" && (!p.Config.Option(id).Defined || kernelStub(p, id)) && !slices.Contains(out, id) && !slices.Contains(line, id) {
				line = append(line, id)
			}
		}
		out = append(line, out...)
	})
	return out
}

// enclosingConds calls collect with each #if and #elif line (the text after
// '#') of the chain that encloses line pos.Line, walking up over nested
// blocks, from the nearest up to the chain's #if. The file's text is the
// loader's (Config.Source) when it read the file, else read from disk.
func enclosingConds(cfg *lwipopts.Config, pos lwipopts.Position, collect func(d string)) {
	if !pos.IsValid() || strings.HasPrefix(pos.File, "<") {
		return
	}
	data, ok := cfg.Source(pos.File)
	if !ok {
		var err error
		if data, err = fileio.ReadFile(pos.File, 4<<20); err != nil {
			return
		}
	}
	lines := strings.Split(string(data), "\n")
	depth := 0
	for i := min(pos.Line-2, len(lines)-1); i >= 0; i-- {
		t := strings.TrimSpace(lines[i])
		if !strings.HasPrefix(t, "#") {
			continue
		}
		d := strings.TrimSpace(t[1:])
		switch {
		case strings.HasPrefix(d, "endif"):
			depth++
		case strings.HasPrefix(d, "if"):
			if depth > 0 {
				depth--
				continue
			}
			collect(d)
			return
		case depth > 0:
		case strings.HasPrefix(d, "elif"):
			collect(d)
		}
	}
}

// kernelStub reports whether name is defined only by the FreeRTOS kernel
// headers lwiplint serves for a FreeRTOS+TCP configuration (the
// "<FreeRTOS+TCP …>/FreeRTOS-Kernel/…" stand-ins, such as portmacro.h's
// portBYTE_ALIGNMENT). They say nothing about the project's own kernel
// headers: an #error of those that tests the name was reached without the
// project's portmacro.h (echo-server: FreeRTOS-Kernel/include/portable.h
// "Invalid portBYTE_ALIGNMENT definition").
func kernelStub(p *lint.Pass, name string) bool {
	f := p.Config.Option(name).Origin.Pos.File
	return p.Config.FreeRTOS != nil && strings.HasPrefix(f, "<FreeRTOS+TCP") && strings.Contains(f, "/FreeRTOS-Kernel/")
}

// computedIncludeMacro returns MACRO when the diagnostic n is gcc's
// "#include expects" for a line #include MACRO of the user's files whose
// MACRO is not defined (MicroPython's #include STM32_HAL_H), or "".
func computedIncludeMacro(p *lint.Pass, n lwipopts.Note) string {
	if n.Lwip || !strings.HasPrefix(n.Text, "#include expects") || !n.Pos.IsValid() {
		return ""
	}
	line := sourceLine(n.Pos)
	rest, ok := strings.CutPrefix(strings.TrimSpace(line), "#")
	if !ok {
		return ""
	}
	rest, ok = strings.CutPrefix(strings.TrimSpace(rest), "include")
	if !ok {
		return ""
	}
	m := identRE().FindString(rest)
	if m == "" || !strings.HasPrefix(strings.TrimSpace(rest), m) || p.Config.Option(m).Defined {
		return ""
	}
	return m
}

// sourceLine returns line pos.Line of pos.File, or "".
func sourceLine(pos lwipopts.Position) string {
	data, err := fileio.ReadFile(pos.File, 4<<20)
	if err != nil {
		return ""
	}
	lines := strings.Split(string(data), "\n")
	if pos.Line < 1 || pos.Line > len(lines) {
		return ""
	}
	return lines[pos.Line-1]
}

// fallbackInIf returns the macros of the #if (and #elif) lines that lead
// to the #error at pos whose only definition is a fallback: a #define
// right under #ifndef NAME (or #if !defined NAME) in the user's or a
// vendor's header, as in esp8266 Arduino's glue.h ("#ifndef ARDUINO /
// #define ARDUINO 0", then "#if !ARDUINO && !OPENSDK / #error"). Such a
// check asks for a -D of the build; lwiplint, not given it, cannot tell.
// It returns nil unless every macro of those lines is such a fallback or
// undefined, and at least one is a fallback.
func fallbackInIf(p *lint.Pass, pos lwipopts.Position) []string {
	names := ifNamesBefore(p.Config, pos)
	var out []string
	for _, id := range names {
		o := p.Config.Option(id)
		if !o.Defined {
			continue
		}
		op := o.Origin.Pos
		if o.Origin.Kind == lwipopts.OriginDefault || !op.IsValid() || strings.HasPrefix(op.File, "<") || !guardedByIfndef(op, id) {
			return nil
		}
		out = append(out, id)
	}
	return out
}

// ifNamesBefore returns the identifiers of the #if and #elif lines that
// enclose line pos.Line, as undefinedInIf reads them.
func ifNamesBefore(cfg *lwipopts.Config, pos lwipopts.Position) []string {
	var out []string
	enclosingConds(cfg, pos, func(d string) {
		for _, id := range identRE().FindAllString(strings.TrimLeft(d, "ifdefnl"), -1) {
			if id != "defined" && !slices.Contains(out, id) {
				out = append(out, id)
			}
		}
	})
	return out
}

// guardedByIfndef reports whether the directive line before the #define
// of name at pos is #ifndef name or #if !defined name.
func guardedByIfndef(pos lwipopts.Position, name string) bool {
	data, err := fileio.ReadFile(pos.File, 4<<20)
	if err != nil {
		return false
	}
	lines := strings.Split(string(data), "\n")
	for i := pos.Line - 2; i >= 0 && i < len(lines); i-- {
		t := strings.TrimSpace(lines[i])
		if t == "" || strings.HasPrefix(t, "//") || strings.HasPrefix(t, "/*") || strings.HasPrefix(t, "*") {
			continue
		}
		d, ok := strings.CutPrefix(t, "#")
		if !ok {
			return false
		}
		f := strings.Fields(strings.NewReplacer("(", " ", ")", " ", "!", " ! ").Replace(d))
		switch {
		case len(f) >= 2 && f[0] == "ifndef":
			return f[1] == name
		case len(f) >= 4 && f[0] == "if" && f[1] == "!" && f[2] == "defined":
			return f[3] == name
		}
		return false
	}
	return false
}

// headerNotRead reports whether a header the configuration or lwIP includes
// was not found: a vendor header, or the port's arch/*.h when an lwIP tree
// is used (with the built-in tables no port is expected).
func headerNotRead(cfg *lwipopts.Config) bool {
	for _, n := range cfg.Notes {
		if m := missingRE().FindStringSubmatch(n.Text); m != nil && (cfg.LwipDir != "" || !strings.HasPrefix(m[1], "arch/")) {
			return true
		}
	}
	return false
}

// IsNote reports whether f is an environment note: a finding of a rule
// marked lint.Rule.Note (what lwiplint could not read or had to assume),
// except an LW9001 finding that carries a #warning of the user's own files,
// which is theirs to read (gcc prints it at every build).
func IsNote(f lint.Finding) bool {
	r := ByID(f.Rule)
	if r == nil || !r.Note {
		return false
	}
	if f.Rule == lw9001.ID && (strings.HasPrefix(f.Message, "#warning") || strings.Contains(f.Message, ": #warning")) {
		return false
	}
	return true
}
