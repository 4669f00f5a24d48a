package espidf

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/lwiplint/lwiplint/lwipopts/internal/stackver"
)

// Translation is an ESP-IDF configuration turned into lwIP options.
type Translation struct {
	// Version is the ESP-IDF release whose lwipopts.h and Kconfig were
	// used ("v5.1.2"); VersionFrom and Detected are those of [Values].
	Version     string
	VersionFrom string
	Detected    string
	// Found is how the version was found (FindVersion).
	Found  stackver.Found
	Target string
	// Files are the paths read, in layering order.
	Files []string
	// Texts maps each of Files to its text as read (File.Text).
	Texts map[string][]byte
	// Header is C text with one "#define NAME VALUE" line for every
	// object-like macro ESP-IDF's lwipopts.h defines for these values,
	// after a comment block. Lines[i] describes header line
	// Lines[i].HeaderLine.
	Header string
	Lines  []Line
	// Context are macros of other ESP-IDF headers that the lwIP port
	// uses (portTICK_PERIOD_MS, configTICK_RATE_HZ, ESP_TASK_TCPIP_STACK,
	// …); in Header only with Options.ContextInHeader.
	Context []Line
	// Symbols are the computed Kconfig values of the symbols of the
	// table, by name without CONFIG_.
	Symbols map[string]*Symbol
	// Lwip lists how the release's esp-lwip differs from upstream lwIP.
	Lwip []LwipFact
	// LwipBase is the upstream lwIP release esp-lwip is based on, such as
	// "2.1.3", to choose lwIP's own defaults.
	LwipBase string
	// LwipCommit is the esp-lwip commit the release pins; LwipTable the
	// commit whose opt.h and option headers stand for it (lwipopts'
	// built-in esp-lwip tables): the same commit, or when that commit was
	// not available, the nearest one of the same esp-lwip branch that a
	// release pins, which LwipTableNote then names.
	LwipCommit, LwipTable, LwipTableNote string
	Diags                                []Diagnostic
}

// Line is a macro of the translated header.
type Line struct {
	Name string
	// Value is the replacement text written: a number when it could be
	// computed, the text with CONFIG_ symbols replaced otherwise.
	Value string
	// HeaderLine is the line of Translation.Header, 0 when not in it.
	HeaderLine int
	// Define is the line of ESP-IDF's lwipopts.h (or of the header for a
	// Context macro) in the ESP-IDF tree; DefineSource cites it with the
	// tag.
	Define       Position
	DefineSource string
	// Origin is where the value comes from: the sdkconfig line of the
	// CONFIG symbol that decides it, its Kconfig default, or
	// OriginFixed for a value ESP-IDF hard-codes.
	Origin Origin
	// Symbols are the CONFIG symbols (without CONFIG_) the value and the
	// conditions that selected it depend on.
	Symbols []string
	// Expr is the replacement text in lwipopts.h.
	Expr string
	// Note explains a value that is not a plain number (not computable,
	// an unset CONFIG symbol read as 0).
	Note string
}

// Translate layers files (see [Layer]) and translates the result.
func Translate(files []*File, opts Options) *Translation {
	return Layer(files, opts).Translate(opts)
}

// Translate computes the Kconfig values and the lwIP options.
func (v *Values) Translate(opts Options) *Translation {
	tr := &Translation{Version: v.Version, VersionFrom: v.VersionFrom, Detected: v.Detected, Found: v.Found, Target: v.Target, Symbols: map[string]*Symbol{}}
	tr.Diags = append(tr.Diags, v.Diags...)
	for _, f := range v.Files {
		tr.Files = append(tr.Files, f.Path)
		if f.Text != nil {
			if tr.Texts == nil {
				tr.Texts = map[string][]byte{}
			}
			tr.Texts[f.Path] = f.Text
		}
	}
	if v.table == nil {
		return tr
	}
	ev := newEvaluator(v, opts.IDFPath)
	for _, s := range v.table.Symbols {
		tr.Symbols[s.Name] = ev.sym(s.Name)
	}
	ev.checkUser()
	x := &translator{ev: ev, tr: tr, macros: map[string]*hmacro{}, ctx: map[string]*hmacro{}, lwipopts: v.table.Lwipopts}
	x.run(opts)
	tr.Diags = append(tr.Diags, ev.diags...)
	tr.Diags = append(tr.Diags, x.diags...)
	if c := espLwipFor(v.Version); c != nil {
		tr.LwipBase = c.Base
		tr.LwipCommit, tr.LwipTable, tr.LwipTableNote = c.Commit, c.Table, c.TableNote
		for _, f := range c.Facts {
			tr.Lwip = append(tr.Lwip, LwipFact{ID: f.ID, Holds: f.Holds, Text: f.Text, Source: "esp-lwip " + c.Commit[:min(len(c.Commit), 12)] + " " + f.At, Verified: c.Verified})
		}
	}
	if v.unversionedOnly() {
		tr.Diags = dropReleaseSpecific(tr.Diags)
	}
	sortDiags(tr.Diags, v.Files)
	return tr
}

// unversionedOnly reports whether the release was read from a header line
// without a version: kconfgen wrote such lines up to ESP-IDF 4.4, so the
// files are from 4.4 or an older release lwiplint has no table for.
func (v *Values) unversionedOnly() bool {
	if v.VersionFrom != "sdkconfig" {
		return false
	}
	unversioned := false
	for _, f := range v.Files {
		if f.Version != "" {
			return false
		}
		unversioned = unversioned || f.Unversioned
	}
	return unversioned
}

// dropReleaseSpecific removes the diagnostics whose truth depends on the
// exact release's Kconfig: a name renamed, unknown or without effect in
// 4.4 may be the option itself, or have no dependency, in the older
// release the files may come from (squeezelite-esp32 builds on a
// pre-4.2 ESP-IDF: CONFIG_LWIP_IP_FRAG and CONFIG_ESP32_PANIC_PRINT_HALT
// are its options). Unknown is not wrong; the version note (LW3009) says
// which release was read.
func dropReleaseSpecific(ds []Diagnostic) []Diagnostic {
	out := ds[:0]
	for _, d := range ds {
		switch d.Code {
		case CodeRenamed, CodeDeprecated, CodeUnknown, CodeNoEffect:
			continue
		}
		out = append(out, d)
	}
	return out
}

// hmacro is a macro defined while replaying lwipopts.h.
type hmacro struct {
	name     string
	toks     []ctok
	funcLike bool
	d        *define
	order    int
}

type translator struct {
	ev         *evaluator
	tr         *Translation
	macros     map[string]*hmacro // defined by lwipopts.h
	ctx        map[string]*hmacro // Context macros
	order      int
	diags      []Diagnostic
	assumed    map[string]bool
	unknownHit bool // a CONFIG symbol of unknown value was read
	lwipopts   string
}

// configMacro is CONFIG_<name> as sdkconfig.h defines it. An old name of
// a renamed symbol is an alias of the new one, defined when the new one
// is y or has a value (kconfgen DeprecatedOptions.append_header).
func (x *translator) configMacro(name string) (cmacro, bool) {
	if x.ev.t.syms[name] == nil && x.ev.v.Set[name] == nil {
		if r := x.ev.t.rename(name, x.ev.v.Target); r != nil && x.ev.t.syms[r.New] != nil {
			n := x.ev.sym(r.New)
			if !n.Known || n.Value == "n" || n.Value == "" {
				return x.configMacro(r.New)
			}
			toks := []ctok{{ctIdent, "CONFIG_" + r.New}}
			if r.Invert {
				toks = append([]ctok{{ctPunct, "!"}}, toks...)
			}
			return cmacro{toks: toks}, true
		}
	}
	s := x.ev.sym(name)
	if !s.Known {
		x.unknownHit = true
		if x.assumed == nil {
			x.assumed = map[string]bool{}
		}
		if !x.assumed[name] {
			x.assumed[name] = true
			x.diags = append(x.diags, Diagnostic{Severity: Info, Code: CodeAssumed, Symbol: "CONFIG_" + name,
				Message: fmt.Sprintf("the value of CONFIG_%s is not in the sdkconfig files and cannot be computed here (%s); it is taken as not set", name, s.Origin.Note)})
		}
		return cmacro{}, false
	}
	if !s.Defined {
		return cmacro{}, false
	}
	var body string
	switch s.Type {
	case "bool":
		body = "1"
	case "string":
		body = `"` + escapeKconfig(s.Value) + `"`
	case "hex":
		body = s.Value
		if !strings.HasPrefix(strings.ToLower(body), "0x") {
			body = "0x" + body // Kconfiglib write_autoconf adds the prefix
		}
	case "int":
		body = s.Value
	default:
		if s.Value == "y" {
			body = "1"
		} else if s.Value == "n" {
			return cmacro{}, false
		} else {
			body = s.Value
		}
	}
	toks, err := ctokenize(body)
	if err != nil {
		toks = []ctok{{ctIdent, "__lwiplint_bad_value__"}}
	}
	return cmacro{toks: toks}, true
}

func (x *translator) env(name string) (cmacro, bool) {
	if m := x.macros[name]; m != nil {
		return cmacro{toks: m.toks, funcLike: m.funcLike}, true
	}
	if strings.HasPrefix(name, "CONFIG_") {
		if m := x.macros[name]; m != nil {
			return cmacro{toks: m.toks}, true
		}
		return x.configMacro(name[len("CONFIG_"):])
	}
	if m := x.ctx[name]; m != nil {
		return cmacro{toks: m.toks, funcLike: m.funcLike}, true
	}
	return cmacro{}, false
}

func (x *translator) cite(file string, line int) string {
	return fmt.Sprintf("esp-idf %s %s:%d", x.ev.v.Version, file, line)
}

func (x *translator) holds(d *define, file string) bool {
	if d.cond == nil {
		return true
	}
	v, _, err := evalIf(d.cond, x.env)
	if err != nil {
		x.diags = append(x.diags, Diagnostic{Severity: Warning, Code: CodeLwipopts,
			Message: fmt.Sprintf("cannot evaluate the condition %q of %s: %v", d.If, x.cite(file, d.line), err)})
		return false
	}
	return v.v != 0
}

func (x *translator) run(opts Options) {
	t := x.ev.t
	// The build's -D flags (NDEBUG), then the context headers: lwipopts.h
	// includes them.
	for i := range t.BuildFlags {
		d := &t.BuildFlags[i]
		if d.Name != "" && d.Value != nil && x.holds(d, d.file) {
			toks, _ := ctokenize(*d.Value)
			x.ctx[d.Name] = &hmacro{name: d.Name, toks: toks, d: d}
		}
	}
	for i := range t.Context {
		d := &t.Context[i]
		if d.Name == "" || !x.holds(d, d.file) {
			continue
		}
		toks, _ := ctokenize(*d.Value)
		x.ctx[d.Name] = &hmacro{name: d.Name, toks: toks, d: d}
	}
	// lwipopts.h, then the port's arch/cc.h, which lwIP's arch.h
	// includes after it (through lwip/debug.h).
	all := make([]*define, 0, len(t.Defines)+len(t.Port))
	for i := range t.Defines {
		all = append(all, &t.Defines[i])
	}
	for i := range t.Port {
		all = append(all, &t.Port[i])
	}
	for _, d := range all {
		x.unknownHit = false
		if !x.holds(d, d.file) {
			continue
		}
		switch {
		case d.Error:
			sev, what := Error, "stops"
			if x.unknownHit {
				sev, what = Info, "may stop"
			}
			x.diags = append(x.diags, Diagnostic{Severity: sev, Code: CodeLwipopts,
				Message: fmt.Sprintf("with these values ESP-IDF's lwipopts.h %s the build with an #error (%s, under %s)", what, x.cite(x.lwipopts, d.line), d.If)})
		case d.Undef:
			delete(x.macros, d.Name)
		case d.Params != "":
			x.macros[d.Name] = &hmacro{name: d.Name, funcLike: true, d: d}
		default:
			body := ""
			if d.Bool != "" {
				body = "0"
				if _, ok := x.env(d.Bool); ok {
					body = "1"
				}
			} else {
				body = *d.Value
			}
			toks, err := ctokenize(body)
			if err != nil {
				continue
			}
			x.order++
			x.macros[d.Name] = &hmacro{name: d.Name, toks: toks, d: d, order: x.order}
		}
	}
	var ms []*hmacro
	for _, m := range x.macros {
		if !m.funcLike && !strings.HasPrefix(m.name, "CONFIG_") {
			ms = append(ms, m)
		}
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].order < ms[j].order })
	var b strings.Builder
	fmt.Fprintf(&b, "/* lwIP options of ESP-IDF %s's %s for these sdkconfig values,\n", t.IDF, t.Lwipopts)
	b.WriteString(" * computed by lwiplint (lwipopts/espidf). The origin of each line is in\n")
	b.WriteString(" * Translation.Lines. Function-like macros are left out. */\n")
	n := 3
	for _, m := range ms {
		l := x.line(m)
		n++
		l.HeaderLine = n
		fmt.Fprintf(&b, "#define %s %s\n", l.Name, l.Value)
		x.tr.Lines = append(x.tr.Lines, l)
	}
	var cs []*hmacro
	for _, m := range x.ctx {
		cs = append(cs, m)
	}
	sort.Slice(cs, func(i, j int) bool {
		return cs[i].d.line < cs[j].d.line || cs[i].d.line == cs[j].d.line && cs[i].name < cs[j].name
	})
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].d.file < cs[j].d.file })
	for _, m := range cs {
		l := x.line(m)
		if opts.ContextInHeader {
			n++
			l.HeaderLine = n
			fmt.Fprintf(&b, "#define %s %s\n", l.Name, l.Value)
		}
		x.tr.Context = append(x.tr.Context, l)
	}
	x.tr.Header = b.String()
	x.tickCheck()
	// ESP-IDF 5.5 can leave lwIP out (components/lwip/CMakeLists.txt
	// builds it only if(CONFIG_LWIP_ENABLE)).
	if s := x.tr.Symbols["LWIP_ENABLE"]; s != nil && s.Known && s.Value == "n" {
		pos := Position{}
		if s.Origin.Kind == OriginSdkconfig {
			pos = s.Origin.Pos
		}
		x.diags = append(x.diags, Diagnostic{Pos: pos, Severity: Warning, Code: CodeNoEffect, Symbol: "CONFIG_LWIP_ENABLE",
			Message: "CONFIG_LWIP_ENABLE is not set: ESP-IDF leaves lwIP out of the build (components/lwip/CMakeLists.txt), so none of these lwIP options is used"})
	}
}

// line computes a header line: its value and where it comes from.
func (x *translator) line(m *hmacro) Line {
	d := m.d
	l := Line{Name: m.name, Define: x.ev.treePos(d.At), DefineSource: x.ev.v.cite(d.At)}
	if d.Bool != "" {
		l.Expr = "defined(" + d.Bool + ") ? 1 : 0"
	} else {
		l.Expr = *d.Value
	}
	// The CONFIG symbols behind the value: those in the body (through
	// other macros) first, then those of the condition.
	var syms []string
	seen := map[string]bool{}
	var collect func(toks []ctok, depth int)
	collect = func(toks []ctok, depth int) {
		if depth > 32 {
			return
		}
		for _, t := range toks {
			if t.kind != ctIdent || seen[t.s] {
				continue
			}
			seen[t.s] = true
			if strings.HasPrefix(t.s, "CONFIG_") {
				syms = append(syms, t.s[len("CONFIG_"):])
				continue
			}
			if o := x.macros[t.s]; o != nil && !o.funcLike {
				collect(o.toks, depth+1)
				if o.d != nil && o.d.cond != nil {
					collect(o.d.cond.toks, depth+1)
				}
				if o.d != nil && o.d.Bool != "" {
					collect([]ctok{{ctIdent, o.d.Bool}}, depth+1)
				}
			} else if o := x.ctx[t.s]; o != nil {
				collect(o.toks, depth+1)
				if o.d != nil && o.d.cond != nil {
					collect(o.d.cond.toks, depth+1)
				}
			}
		}
	}
	// Order: CONFIG symbols named in the body, then those of the
	// condition that chose this definition, then those reached through
	// other macros.
	var direct []ctok
	if d.Bool != "" {
		direct = append(direct, ctok{ctIdent, d.Bool})
	}
	for _, t := range m.toks {
		if t.kind == ctIdent && strings.HasPrefix(t.s, "CONFIG_") {
			direct = append(direct, t)
		}
	}
	collect(direct, 0)
	if d.cond != nil {
		var cs []ctok
		for _, t := range d.cond.toks {
			if t.kind == ctIdent && strings.HasPrefix(t.s, "CONFIG_") {
				cs = append(cs, t)
			}
		}
		collect(cs, 0)
	}
	collect(m.toks, 0)
	if d.cond != nil {
		collect(d.cond.toks, 0)
	}
	l.Symbols = syms
	// The value.
	if v, err := evalValue(m.toks, x.env); err == nil {
		l.Value = v.String()
	} else {
		l.Value, l.Note = x.textValue(m.toks)
	}
	// The origin: the first CONFIG symbol in the table.
	l.Origin = Origin{Kind: OriginFixed, Pos: l.Define, Source: l.DefineSource}
	for _, s := range syms {
		if x.ev.t.syms[s] == nil && x.ev.v.Set[s] == nil {
			continue
		}
		r := x.ev.sym(s)
		l.Origin = r.Origin
		if r.Origin.Kind == OriginSdkconfig && r.Origin.Note == "" {
			l.Origin.Source = ""
		}
		break
	}
	return l
}

// textValue writes a value that is not a constant: CONFIG symbols and the
// Context macros are replaced by their values, the names of other macros
// are kept; a CONFIG symbol that is not set stays an undefined name,
// which an #if reads as 0 and which is written as 0.
func (x *translator) textValue(toks []ctok) (string, string) {
	var out []ctok
	var unset []string
	var walk func(toks []ctok, depth int)
	walk = func(toks []ctok, depth int) {
		for _, t := range toks {
			if t.kind == ctIdent && depth < 32 {
				if strings.HasPrefix(t.s, "CONFIG_") {
					if m, ok := x.env(t.s); ok {
						walk(m.toks, depth+1)
					} else {
						unset = append(unset, t.s)
						out = append(out, ctok{ctNumber, "0"})
					}
					continue
				}
				if m := x.ctx[t.s]; m != nil && x.macros[t.s] == nil {
					if v, err := evalValue(m.toks, x.env); err == nil {
						out = append(out, ctok{ctNumber, v.String()})
						continue
					}
				}
			}
			out = append(out, t)
		}
	}
	walk(toks, 0)
	note := ""
	if len(unset) > 0 {
		note = strings.Join(unset, ", ") + " not set: the undefined name reads as 0 in #if"
	}
	if v, err := evalValue(out, x.env); err == nil {
		return v.String(), note
	}
	if note == "" {
		note = "not a constant: kept as text"
	}
	return ctext(out), note
}

// tickCheck reports a FreeRTOS tick rate that makes lwIP's clock inexact:
// ESP-IDF's sys_now() returns xTaskGetTickCount() * portTICK_PERIOD_MS,
// and portTICK_PERIOD_MS is 1000 / configTICK_RATE_HZ in integers.
func (x *translator) tickCheck() {
	hz := x.ev.sym("FREERTOS_HZ")
	if !hz.Known || x.ev.t.syms["FREERTOS_HZ"] == nil {
		return
	}
	n, ok := pyInt(hz.Value, 10)
	if !ok || n <= 0 || 1000%n == 0 {
		return
	}
	per := 1000 / n
	pos := hz.Origin.Pos
	if hz.Origin.Kind != OriginSdkconfig {
		pos = Position{}
	}
	msg := ""
	if per == 0 {
		msg = fmt.Sprintf("CONFIG_FREERTOS_HZ=%d: portTICK_PERIOD_MS is 1000/%d = 0, so lwIP's sys_now() stays at 0 and its timers do not run", n, n)
	} else {
		real := 1000.0 / float64(n)
		slow := (real/float64(per) - 1) * 100
		msg = fmt.Sprintf("CONFIG_FREERTOS_HZ=%d: lwIP's sys_now() counts %d ms per tick (portTICK_PERIOD_MS = 1000/%d) but a tick lasts %.2f ms, so lwIP's clock and all its timeouts run %.0f%% slow", n, per, n, real, slow)
	}
	if x.ev.t.SysNow != "" {
		msg += " (" + x.ev.v.cite(x.ev.t.SysNow) + ")"
	}
	x.diags = append(x.diags, Diagnostic{Pos: pos, Severity: Warning, Code: CodeTick, Symbol: "CONFIG_FREERTOS_HZ", Message: msg})
}

// OriginAt returns the line of the header at the 1-based line number, or
// nil for a comment line.
func (t *Translation) OriginAt(headerLine int) *Line {
	for i := range t.Lines {
		if t.Lines[i].HeaderLine == headerLine {
			return &t.Lines[i]
		}
	}
	for i := range t.Context {
		if t.Context[i].HeaderLine == headerLine {
			return &t.Context[i]
		}
	}
	return nil
}

// Line returns the header line defining name, or nil.
func (t *Translation) Line(name string) *Line {
	for i := range t.Lines {
		if t.Lines[i].Name == name {
			return &t.Lines[i]
		}
	}
	return nil
}

// sortDiags orders diagnostics by file (in layering order) and line,
// keeping the order of those at the same place; diagnostics without a
// file come first.
func sortDiags(ds []Diagnostic, files []*File) {
	rank := map[string]int{}
	for i, f := range files {
		if _, ok := rank[f.Path]; !ok {
			rank[f.Path] = i + 1
		}
	}
	key := func(p Position) int {
		r, ok := rank[p.File]
		if !ok && p.File != "" {
			r = len(files) + 1
		}
		return r
	}
	sort.SliceStable(ds, func(i, j int) bool {
		a, b := ds[i].Pos, ds[j].Pos
		if key(a) != key(b) {
			return key(a) < key(b)
		}
		if a.File != b.File {
			return filepath.ToSlash(a.File) < filepath.ToSlash(b.File)
		}
		return a.Line < b.Line
	})
}
