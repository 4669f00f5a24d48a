package espidf

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
)

// This file computes the value of each Kconfig symbol from the layered
// user values the way kconfgen does: Kconfiglib's Symbol.str_value,
// Symbol.bool_value, Choice.selection and _propagate_deps (esp-idf-kconfig
// v2.5.4 kconfiglib/core.py lines 3933, 4075, 4785 and 3377, which ESP-IDF
// 5.x installs; the same rules in Kconfiglib 14.1.0 kconfiglib.py, line
// 4287 for str_value, which esp-idf-kconfig 1.x used and which ESP-IDF
// 5.1.2 came out with). TestKconfgenAgrees runs both kconfgen versions on
// the fixtures and compares. In short:
//
//   - A user value counts only when the symbol is visible: it has a
//     prompt whose condition holds and its dependencies are met.
//   - Otherwise the first default whose condition (and the symbol's
//     dependencies) holds gives the value; "select" forces a bool to y.
//   - An int or hex user value outside the active range (the first range
//     whose condition holds) is ignored with a warning and the default is
//     used instead ("ignored due to being outside the active range --
//     falling back on defaults"); a default outside the range is clamped.
//   - A symbol whose dependencies are not met has no value: a bool is n, an
//     int is not written to sdkconfig.h.

// OriginKind says where a value comes from.
type OriginKind string

// The origin kinds.
const (
	// OriginSdkconfig is an assignment in an sdkconfig file; Pos is its
	// line.
	OriginSdkconfig OriginKind = "sdkconfig"
	// OriginKconfigDefault is the symbol's Kconfig default (or a select);
	// Pos is the symbol's "config" line in the ESP-IDF tree.
	OriginKconfigDefault OriginKind = "kconfig-default"
	// OriginFixed is a value ESP-IDF's lwipopts.h sets without reading
	// any CONFIG symbol; Pos is the line of lwipopts.h.
	OriginFixed OriginKind = "esp-idf-fixed"
	// OriginAssumed is a symbol lwiplint knows nothing about and treats
	// as not set.
	OriginAssumed OriginKind = "assumed"
)

// Origin tells where a value comes from.
type Origin struct {
	Kind OriginKind
	// Pos is the sdkconfig line for OriginSdkconfig, and a path in the
	// ESP-IDF tree (relative, or under Options.IDFPath) otherwise.
	Pos Position
	// Source cites the ESP-IDF file for the non-sdkconfig kinds:
	// "esp-idf v5.1.2 components/lwip/Kconfig:550".
	Source string
	// Note explains a value that is not the plain user value: an
	// ignored out-of-range value, a select, a choice default, a clamp.
	Note string
}

func (o Origin) String() string {
	s := string(o.Kind)
	if o.Pos.IsValid() {
		s += " " + o.Pos.String()
	}
	if o.Source != "" && o.Kind != OriginSdkconfig {
		s += " (" + o.Source + ")"
	}
	return s
}

// Symbol is the computed value of a Kconfig symbol.
type Symbol struct {
	Name string // without CONFIG_
	Type string // bool, int, hex, string; "" when not in the table
	// Value is y or n for bools, the number as written for int and hex,
	// the unescaped text for strings; "" when the symbol has no value.
	Value string
	// Known is false when the value depends on symbols lwiplint cannot
	// evaluate.
	Known bool
	// Defined tells whether sdkconfig.h defines CONFIG_<Name>: a bool
	// that is y, or an int/hex/string that is visible or has a default
	// that applies.
	Defined bool
	Origin  Origin
	// Kconfig is the symbol's "config" line ("esp-idf v5.1.2
	// components/lwip/Kconfig:542"), Depends its dependencies and Range
	// the active range ("3..12"), for symbols of the table.
	Kconfig string
	Depends string
	Range   string
}

type evaluator struct {
	v     *Values
	t     *table
	memo  map[string]*Symbol
	busy  map[string]bool
	chSel map[string]*choiceSel
	diags []Diagnostic
	idf   string // IDFPath for positions
}

type choiceSel struct {
	sym    string
	known  bool
	origin Origin
}

func newEvaluator(v *Values, idfPath string) *evaluator {
	return &evaluator{v: v, t: v.table, memo: map[string]*Symbol{}, busy: map[string]bool{}, chSel: map[string]*choiceSel{}, idf: idfPath}
}

func (ev *evaluator) treePos(at string) Position {
	p := Position{File: atFile(at), Line: atLine(at)}
	if ev.idf != "" {
		p.File = filepath.Join(ev.idf, filepath.FromSlash(p.File))
	}
	return p
}

func (ev *evaluator) defaultOrigin(at, note string) Origin {
	return Origin{Kind: OriginKconfigDefault, Pos: ev.treePos(at), Source: ev.v.cite(at), Note: note}
}

// kv adapts a symbol for expression evaluation.
func (ev *evaluator) kv(name string) kvalue {
	s := ev.sym(name)
	if !s.Known {
		return kvalue{}
	}
	typ := s.Type
	if typ == "" {
		if ev.t.syms[name] == nil && ev.v.Set[name] == nil && !ev.v.Complete && !ev.v.Final {
			return kvalue{}
		}
		typ = "bool"
		if s.Value != "y" && s.Value != "n" {
			typ = "string"
		}
	}
	return kvalue{typ: typ, val: s.Value, known: true}
}

func (ev *evaluator) eval(x kexpr) tri {
	if x == nil {
		return triY
	}
	return keval(x, ev.kv)
}

// sym returns the computed value of a symbol.
func (ev *evaluator) sym(name string) *Symbol {
	if s := ev.memo[name]; s != nil {
		return s
	}
	if ev.busy[name] {
		return &Symbol{Name: name}
	}
	ev.busy[name] = true
	s := ev.compute(name)
	delete(ev.busy, name)
	ev.memo[name] = s
	return s
}

func (ev *evaluator) userOrigin(name string) Origin {
	e := ev.v.Set[name]
	return Origin{Kind: OriginSdkconfig, Pos: e.Pos}
}

func (ev *evaluator) compute(name string) *Symbol {
	s := ev.t.syms[name]
	r := &Symbol{Name: name}
	u, hasUser := ev.v.user[name]
	if s == nil || (s.External && name == "IDF_TARGET") {
		// Not in the table: the user value if any.
		if name == "IDF_TARGET" {
			r.Type, r.Value, r.Known, r.Defined = "string", ev.v.Target, true, true
			r.Origin = Origin{Kind: OriginSdkconfig, Note: "target " + ev.v.TargetFrom}
			return r
		}
		if strings.HasPrefix(name, "IDF_TARGET_") {
			r.Type, r.Known = "bool", true
			r.Value = map[bool]string{true: "y", false: "n"}[strings.EqualFold(strings.TrimPrefix(name, "IDF_TARGET_"), ev.v.Target)]
			r.Defined = r.Value == "y"
			r.Origin = Origin{Kind: OriginAssumed, Note: "from the target " + ev.v.Target}
			return r
		}
		switch {
		case hasUser:
			r.Value, r.Known, r.Defined = u, true, u != "n"
			r.Origin = ev.userOrigin(name)
		case slices.Contains(ev.t.Undefined, name) && (ev.t.target == ev.v.Target || ev.t.target == "" && ev.v.Target == "esp32"):
			// Kconfig reads a symbol no Kconfig file defines as n.
			r.Type, r.Value, r.Known = "bool", "n", true
			r.Origin = Origin{Kind: OriginAssumed, Note: "defined by no Kconfig file of ESP-IDF " + ev.v.Version + " for " + ev.v.Target + ", so n"}
		case ev.v.Complete || ev.v.Final:
			r.Value, r.Known = "n", true
			r.Origin = Origin{Kind: OriginAssumed, Note: "not in the kconfgen-written files, so not set"}
		default:
			r.Origin = Origin{Kind: OriginAssumed, Note: "not in the sdkconfig files and unknown to lwiplint"}
		}
		return r
	}
	r.Type = s.Type
	r.Kconfig, r.Depends = ev.v.cite(s.At), ev.depText(s)
	if lo, hi, rg, ok := ev.activeRange(s, ev.eval(s.dep)); ok && rg != nil {
		base := 10
		if s.Type == "hex" {
			base = 16
		}
		r.Range = fmtNum(lo, base) + ".." + fmtNum(hi, base)
	}
	if ev.v.Final {
		// sdkconfig.h holds kconfgen's output: take it as it is.
		r.Known = true
		if hasUser {
			r.Value, r.Defined = u, true
			r.Origin = ev.userOrigin(name)
		} else if s.Type == "bool" {
			r.Value = "n"
			r.Origin = Origin{Kind: OriginSdkconfig, Pos: Position{File: ev.v.Files[len(ev.v.Files)-1].Path}, Note: "no line in sdkconfig.h, so not set"}
		} else {
			r.Origin = Origin{Kind: OriginSdkconfig, Pos: Position{File: ev.v.Files[len(ev.v.Files)-1].Path}, Note: "no line in sdkconfig.h, so not defined"}
		}
		return r
	}
	dep := ev.eval(s.dep)
	vis := triN
	if s.Prompt {
		vis = triAnd(ev.eval(s.promptIf), dep)
	}
	var ch *choice
	if s.Choice != "" {
		ch = ev.t.choices[s.Choice]
		vis = triAnd(vis, ev.choiceVis(ch))
	}
	switch {
	case s.Type == "bool" && ch != nil:
		return ev.computeChoiceSym(r, s, ch, vis)
	case s.Type == "bool":
		return ev.computeBool(r, s, dep, vis, u, hasUser)
	case s.Type == "string":
		if vis == triY && hasUser {
			r.Value, r.Known, r.Defined = u, true, true
			r.Origin = ev.userOrigin(name)
			return r
		}
		if vis == triU && hasUser {
			return r
		}
		return ev.computeDefault(r, s, dep, vis)
	}
	return ev.computeNumber(r, s, dep, vis, u, hasUser)
}

func (ev *evaluator) choiceVis(ch *choice) tri {
	if ch == nil {
		return triY
	}
	vis := triN
	if ch.Prompt {
		vis = triAnd(ev.eval(ch.promptIf), ev.eval(ch.dep))
	}
	return vis
}

func (ev *evaluator) computeBool(r *Symbol, s *symbol, dep, vis tri, u string, hasUser bool) *Symbol {
	val, known, org := ev.boolDefault(s, dep)
	if hasUser && vis != triN {
		uv := triOf(u == "y")
		switch {
		case vis == triY:
			val, known, org = uv, true, ev.userOrigin(s.Name)
		case !known || val != uv:
			// Visible or not, lwiplint cannot tell.
			known = false
		}
	}
	for _, x := range s.rev {
		w := ev.eval(x)
		if w == triY {
			if val != triY || !known {
				org = ev.defaultOrigin(s.At, "selected by "+x.String())
			}
			val, known = triY, true
			break
		}
		if w == triU && val != triY {
			known = false
		}
	}
	r.Known = known
	if known {
		r.Value = map[tri]string{triY: "y", triN: "n"}[val]
		r.Defined = val == triY
		r.Origin = org
	}
	return r
}

// boolDefault is the value a bool gets without a user value: its first
// default that applies, raised by an imply.
func (ev *evaluator) boolDefault(s *symbol, dep tri) (tri, bool, Origin) {
	org := ev.defaultOrigin(s.At, "")
	val, known := triN, true
	for i, d := range s.defaults {
		c := triAnd(ev.eval(d.cond), dep)
		if c == triN {
			continue
		}
		v := triAnd(ev.eval(d.val), c)
		if c == triY {
			val, known = v, v != triU
			if d.src.If != "" {
				org.Note = "the default for " + d.src.If
			}
			break
		}
		// Unknown whether this default applies: the value is still known
		// when it and every later default give n.
		known = ev.eval(d.val) == triN
		for _, e := range s.defaults[i+1:] {
			if ev.eval(e.cond) != triN && ev.eval(e.val) != triN {
				known = false
			}
		}
		val = triN
		break
	}
	if known && len(s.weakRev) > 0 && dep != triN {
		for _, x := range s.weakRev {
			w := ev.eval(x)
			switch {
			case w == triY && dep == triY:
				if val != triY {
					org.Note = "implied by " + x.String()
				}
				val = triY
			case w != triN && val != triY:
				known = false
			}
		}
	}
	return val, known, org
}

// computeChoiceSym gives a choice member: y when it is the selection.
func (ev *evaluator) computeChoiceSym(r *Symbol, s *symbol, ch *choice, vis tri) *Symbol {
	sel := ev.selection(ch)
	if !sel.known || vis == triU {
		return r
	}
	r.Known = true
	if vis == triN && sel.sym != s.Name {
		r.Value = "n"
		r.Origin = ev.defaultOrigin(s.At, "")
		return r
	}
	if sel.sym == s.Name {
		r.Value, r.Defined, r.Origin = "y", true, sel.origin
	} else {
		r.Value = "n"
		r.Origin = sel.origin
		r.Origin.Note = "CONFIG_" + sel.sym + " is the selected option of the choice"
	}
	return r
}

// selection computes a choice's selected member (Kconfiglib
// Choice.selection / _selection): the user's selection if it is visible,
// else the first default whose condition holds and whose symbol is
// visible, else the first visible member.
func (ev *evaluator) selection(ch *choice) *choiceSel {
	if s := ev.chSel[ch.Name]; s != nil {
		return s
	}
	sel := &choiceSel{}
	ev.chSel[ch.Name] = sel
	cv := ev.choiceVis(ch)
	if cv != triY {
		sel.known = cv == triN
		return sel
	}
	memberVis := func(n string) tri {
		m := ev.t.syms[n]
		if m == nil || !m.Prompt {
			return triN
		}
		return triAnd(ev.eval(m.promptIf), ev.eval(m.dep))
	}
	if e := ev.v.choices[ch.Name]; e != nil {
		switch memberVis(e.Name) {
		case triY:
			sel.sym, sel.known = e.Name, true
			sel.origin = Origin{Kind: OriginSdkconfig, Pos: e.Pos}
			return sel
		case triU:
			return sel
		}
	}
	for _, d := range ch.defaults {
		c := ev.eval(d.cond)
		if c == triU {
			return sel
		}
		if c == triY {
			n := d.src.Value
			switch memberVis(n) {
			case triY:
				sel.sym, sel.known = n, true
				sel.origin = ev.defaultOrigin(ch.At, "default of the choice "+ch.Name)
				return sel
			case triU:
				return sel
			}
		}
	}
	for _, n := range ch.Symbols {
		switch memberVis(n) {
		case triY:
			sel.sym, sel.known = n, true
			sel.origin = ev.defaultOrigin(ch.At, "first option of the choice "+ch.Name)
			return sel
		case triU:
			return sel
		}
	}
	sel.known = true
	return sel
}

// activeRange returns the first range whose condition holds.
func (ev *evaluator) activeRange(s *symbol, dep tri) (lo, hi int64, rg *valueRangeC, known bool) {
	base := 10
	if s.Type == "hex" {
		base = 16
	}
	for i := range s.ranges {
		c := triAnd(ev.eval(s.ranges[i].cond), dep)
		if c == triU {
			return 0, 0, nil, false
		}
		if c == triY {
			rg = &s.ranges[i]
			lv, ok1 := ev.refNum(rg.min, base)
			hv, ok2 := ev.refNum(rg.max, base)
			if !ok1 || !ok2 {
				return 0, 0, nil, false
			}
			return lv, hv, rg, true
		}
	}
	return 0, 0, nil, true
}

// refNum is the value of a range bound: a number or a symbol.
func (ev *evaluator) refNum(r *kref, base int) (int64, bool) {
	if r.constant() {
		n, ok := pyInt(r.name, base)
		if !ok {
			return 0, true // strtoll() on a non-number gives 0
		}
		return n, true
	}
	s := ev.sym(r.name)
	if !s.Known {
		return 0, false
	}
	n, ok := pyInt(s.Value, base)
	if !ok {
		return 0, true
	}
	return n, true
}

func (ev *evaluator) computeNumber(r *Symbol, s *symbol, dep, vis tri, u string, hasUser bool) *Symbol {
	base := 10
	if s.Type == "hex" {
		base = 16
	}
	lo, hi, rg, rk := ev.activeRange(s, dep)
	if !rk {
		return r
	}
	if vis == triU && hasUser {
		return r
	}
	note := ""
	if vis == triY && hasUser {
		n, _ := pyInt(u, base)
		if rg == nil || lo <= n && n <= hi {
			r.Value, r.Known, r.Defined = u, true, true
			r.Origin = ev.userOrigin(s.Name)
			return r
		}
		note = fmt.Sprintf("the value %s at %s is outside the range %s..%s and ignored", u, ev.v.Set[s.Name].Pos, fmtNum(lo, base), fmtNum(hi, base))
		defer func() { ev.rangeDiag(s, u, lo, hi, base, r) }()
	}
	ev.computeDefault(r, s, dep, vis)
	if !r.Known {
		return r
	}
	if note != "" {
		r.Origin.Note = note
	}
	if rg != nil {
		n, ok := pyInt(r.Value, base)
		if !ok {
			n = 0
		}
		clamp := ""
		switch {
		case n < lo:
			clamp = fmtNum(lo, base)
		case n > hi:
			clamp = fmtNum(hi, base)
		}
		if clamp != "" {
			r.Value = clamp
			r.Origin.Note = strings.TrimPrefix(r.Origin.Note+"; the default is clamped to the range", "; ")
		}
	}
	return r
}

func fmtNum(n int64, base int) string {
	if base == 16 {
		return fmt.Sprintf("0x%x", n)
	}
	return fmt.Sprint(n)
}

// rangeDiag reports a user value outside the active range, with the
// default kconfgen uses instead.
func (ev *evaluator) rangeDiag(s *symbol, u string, lo, hi int64, base int, r *Symbol) {
	e := ev.v.Set[s.Name]
	def := "no value"
	if r.Known && r.Value != "" {
		def = r.Value
	} else if !r.Known {
		def = "(unknown)"
	}
	ev.diags = append(ev.diags, Diagnostic{Pos: e.Pos, Severity: Warning, Code: CodeOutOfRange, Symbol: "CONFIG_" + s.Name,
		Message: fmt.Sprintf("CONFIG_%s=%s is outside the range %s..%s (%s): kconfgen ignores it, default %s is used instead",
			s.Name, u, fmtNum(lo, base), fmtNum(hi, base), ev.v.cite(s.At), def)})
}

// computeDefault applies the first default whose condition holds.
func (ev *evaluator) computeDefault(r *Symbol, s *symbol, dep, vis tri) *Symbol {
	for _, d := range s.defaults {
		c := triAnd(ev.eval(d.cond), dep)
		if c == triU {
			return r
		}
		if c != triY {
			continue
		}
		r.Known, r.Defined = true, true
		r.Origin = ev.defaultOrigin(s.At, "")
		if d.src.If != "" {
			r.Origin.Note = "the default for " + d.src.If
		}
		if ref, ok := d.val.(*kref); ok {
			if ref.constant() {
				r.Value = ref.name
			} else {
				o := ev.sym(ref.name)
				if !o.Known {
					r.Known = false
					return r
				}
				r.Value = o.Value
				r.Origin.Note = strings.TrimPrefix(r.Origin.Note+"; the default is the value of "+ref.name, "; ")
			}
		} else {
			r.Known = false
		}
		return r
	}
	// No default applies: an empty value, written when visible.
	r.Known = dep != triU && vis != triU
	r.Defined = vis == triY
	r.Origin = ev.defaultOrigin(s.At, "no default applies")
	return r
}

// isVisibleDefault reports whether u is the value an int, hex or string
// symbol would take by default if its dependencies were met: a line that
// writes it (ESP-IDF examples copy whole blocks of defaults) changes
// nothing whether the dependency holds or not.
func (ev *evaluator) isVisibleDefault(s *symbol, u string) bool {
	if s.Type == "bool" || s.Type == "tristate" {
		return false
	}
	r := ev.computeDefault(&Symbol{Name: s.Name, Type: s.Type}, s, triY, triY)
	if !r.Known || !r.Defined {
		return false
	}
	if s.Type == "string" {
		return r.Value == u
	}
	base := 10
	if s.Type == "hex" {
		base = 16
	}
	a, ok1 := pyInt(r.Value, base)
	b, ok2 := pyInt(u, base)
	return ok1 && ok2 && a == b
}

// checkUser reports user values that have no effect: the symbol's
// dependencies are not met, or it has no prompt and the value differs
// from the computed one.
func (ev *evaluator) checkUser() {
	if ev.v.Final {
		return
	}
	for _, f := range ev.v.Files {
		for i := range f.Entries {
			e := &f.Entries[i]
			if ev.v.Set[e.Name] != e {
				continue
			}
			s := ev.t.syms[e.Name]
			if s == nil {
				continue
			}
			r := ev.sym(e.Name)
			u := ev.v.user[e.Name]
			name := "CONFIG_" + e.Name
			dep := ev.eval(s.dep)
			if s.Choice != "" {
				dep = triAnd(dep, ev.choiceVis(ev.t.choices[s.Choice]))
			}
			switch {
			case dep == triN:
				if s.Type == "bool" && u == "n" {
					continue // n is what it is anyway
				}
				if ev.isVisibleDefault(s, u) {
					continue // the value it would have anyway: dropping it changes nothing
				}
				ev.diags = append(ev.diags, Diagnostic{Pos: e.Pos, Severity: Warning, Code: CodeNoEffect, Symbol: name,
					Message: fmt.Sprintf("%s has no effect: it depends on %s, which is not met%s (%s)", name, ev.depText(s), ev.falseParts(s), ev.v.cite(s.At))})
			case dep == triY && !s.Prompt && r.Known && r.Value != u:
				ev.diags = append(ev.diags, Diagnostic{Pos: e.Pos, Severity: Warning, Code: CodeNoEffect, Symbol: name,
					Message: fmt.Sprintf("%s has no prompt in Kconfig, so kconfgen ignores the value %s and uses %s (%s)", name, u, showValue(r), ev.v.cite(s.At))})
			case dep == triY && s.Prompt && ev.eval(s.promptIf) == triN && r.Known && r.Value != u:
				ev.diags = append(ev.diags, Diagnostic{Pos: e.Pos, Severity: Warning, Code: CodeNoEffect, Symbol: name,
					Message: fmt.Sprintf("%s cannot be set here: its prompt needs %s, so kconfgen ignores the value %s and uses %s (%s)", name, s.PromptIf, u, showValue(r), ev.v.cite(s.At))})
			case s.Type == "bool" && r.Known && u == "n" && r.Value == "y" && dep == triY:
				ev.diags = append(ev.diags, Diagnostic{Pos: e.Pos, Severity: Warning, Code: CodeNoEffect, Symbol: name,
					Message: fmt.Sprintf("%s=n has no effect: %s", name, r.Origin.Note)})
			}
		}
	}
	// Choices: several members set to y, or the selection set to n.
	for _, ch := range ev.t.Choices {
		var ys []*Entry
		for _, f := range ev.v.Files {
			for i := range f.Entries {
				e := &f.Entries[i]
				if s := ev.t.syms[e.Name]; s != nil && s.Choice == ch.Name && ev.v.user[e.Name] != "" && !e.Unset && strings.HasPrefix(e.Value, "y") {
					ys = append(ys, e)
				}
			}
		}
		if len(ys) > 1 {
			last := ys[len(ys)-1]
			for _, e := range ys[:len(ys)-1] {
				if e.Name == last.Name || e.Pos.File != last.Pos.File {
					// A later file choosing another option (sdkconfig.defaults.<target>
					// over sdkconfig.defaults) is ESP-IDF's layering, not a conflict.
					continue
				}
				ev.diags = append(ev.diags, Diagnostic{Pos: e.Pos, Severity: Info, Code: CodeChoice, Symbol: "CONFIG_" + e.Name,
					Message: fmt.Sprintf("CONFIG_%s and CONFIG_%s (line %d) are options of the same choice %s: the later one is selected", e.Name, last.Name, last.Pos.Line, ch.Name)})
			}
		}
	}
}

func showValue(r *Symbol) string {
	if r.Value == "" {
		return "no value"
	}
	return r.Value
}

func (ev *evaluator) depText(s *symbol) string {
	d := s.Depends
	if s.Choice != "" {
		c := ev.t.choices[s.Choice]
		if c.Depends != "" {
			d = strings.TrimPrefix(d+" && "+c.Depends, " && ")
		}
	}
	return d
}

// falseParts lists the symbols of the dependency with their values.
func (ev *evaluator) falseParts(s *symbol) string {
	x := s.dep
	if s.Choice != "" {
		x = andExpr(x, ev.t.choices[s.Choice].dep)
	}
	var parts []string
	seen := map[string]bool{}
	for _, n := range symbols(x, nil) {
		if seen[n] {
			continue
		}
		seen[n] = true
		v := ev.sym(n)
		val := "unknown"
		if v.Known {
			val = v.Value
			if val == "" {
				val = "no value"
			}
		}
		parts = append(parts, n+"="+val)
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, ", ") + ")"
}

func andExpr(a, b kexpr) kexpr {
	switch {
	case a == nil:
		return b
	case b == nil:
		return a
	}
	return &kand{a, b}
}
