package lint

import (
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/lwiplint/lwiplint/internal/fileio"
	"github.com/lwiplint/lwiplint/lwipopts"
)

// Pass is what a rule's Check sees: the configuration and a way to report.
type Pass struct {
	Config *lwipopts.Config
	Rule   *Rule
	// RAMBudget is [Options.RAMBudget].
	RAMBudget int64
	report    func(Finding)
}

// Report records a finding. Empty Rule, Name, Severity and KB fields are
// filled in from the rule.
func (p *Pass) Report(f Finding) {
	if f.Rule == "" {
		f.Rule = p.Rule.ID
	}
	if f.Name == "" {
		f.Name = p.Rule.Name
	}
	if f.Severity == 0 {
		f.Severity = p.Rule.Severity
	}
	if f.KB == nil {
		f.KB = p.Rule.Advice
	}
	p.report(f)
}

// Reportf reports a finding at the position of the first of the named
// options that decides its value (see [Pass.Where]).
func (p *Pass) Reportf(names []string, format string, args ...any) {
	p.Report(p.At(names, format, args...))
}

// At builds a finding positioned with [Pass.Where]. When that position is
// an lwIP default, a related entry points at the configuration file.
func (p *Pass) At(names []string, format string, args ...any) Finding {
	pos, name := p.Where(names...)
	f := Finding{Pos: pos, Message: fmt.Sprintf(format, args...)}
	if name != "" && !p.UserSet(name) && p.Config.File != "" {
		f.Related = append(f.Related, Related{
			Pos:     lwipopts.Position{File: p.Config.File, Line: 1, Col: 1},
			Message: fmt.Sprintf("%s is not set here, so lwIP's default applies", name),
		})
	}
	return f
}

// Where returns the position to report a finding about the named options
// at, and the option it belongs to: the first option the user set, else
// the first user-set option one of them is derived from, else lwIP's
// default of the first option.
func (p *Pass) Where(names ...string) (lwipopts.Position, string) {
	for _, n := range names {
		if p.UserSet(n) {
			return p.Config.Option(n).Origin.Pos, n
		}
	}
	for _, n := range names {
		if d := p.userDepends(n, map[string]bool{}); d != "" {
			return p.Config.Option(d).Origin.Pos, d
		}
	}
	for _, n := range names {
		if o := p.Config.Option(n); o.Origin.Pos.IsValid() {
			return o.Origin.Pos, n
		}
	}
	return lwipopts.Position{File: p.Config.File, Line: 1, Col: 1}, ""
}

func (p *Pass) userDepends(name string, seen map[string]bool) string {
	if seen[name] {
		return ""
	}
	seen[name] = true
	o := p.Config.Option(name)
	deps := byAppearance(o.Expr, o.Depends)
	for _, d := range deps {
		if p.UserSet(d) {
			return d
		}
	}
	for _, d := range deps {
		if r := p.userDepends(d, seen); r != "" {
			return r
		}
	}
	return ""
}

// byAppearance orders names by their first appearance in expr, then the
// others in their order.
func byAppearance(expr string, names []string) []string {
	r := slices.Clone(names)
	pos := func(n string) int {
		for i := 0; ; {
			j := strings.Index(expr[i:], n)
			if j < 0 {
				return len(expr)
			}
			k := i + j + len(n)
			before := i+j == 0 || !isIdent(expr[i+j-1])
			after := k == len(expr) || !isIdent(expr[k])
			if before && after {
				return i + j
			}
			i = k
		}
	}
	slices.SortStableFunc(r, func(a, b string) int { return pos(a) - pos(b) })
	return r
}

func isIdent(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// UserSet reports whether the user defined or undefined the option
// (in the configuration, its includes, the command line or an sdkconfig).
func (p *Pass) UserSet(name string) bool {
	o := p.Config.Option(name)
	return o.Origin.Kind != lwipopts.OriginDefault && (o.Defined || o.Origin.Undef) && o.Origin.Kind != ""
}

// Int returns the evaluated value of the named macro, as [lwipopts.Config.Int].
func (p *Pass) Int(name string) (int64, bool) { return p.Config.Int(name) }

// Ints returns the values of all named macros, and false if one of them
// has no reliable value.
func (p *Pass) Ints(names ...string) ([]int64, bool) {
	r := make([]int64, len(names))
	for i, n := range names {
		v, ok := p.Config.Int(n)
		if !ok {
			return nil, false
		}
		r[i] = v
	}
	return r, true
}

// Eval evaluates a preprocessor expression; ok is false if it cannot be
// evaluated.
func (p *Pass) Eval(expr string) (lwipopts.Value, bool) {
	v, err := p.Config.Eval(expr)
	return v, err == nil
}

// Describe returns "NAME = value (origin)" for a message.
func (p *Pass) Describe(name string) string {
	o := p.Config.Option(name)
	switch {
	case !o.Defined:
		return name + " undefined"
	case o.HasValue && o.Evaluable:
		return fmt.Sprintf("%s = %s (%s)", name, o.Value, p.Origin(name))
	}
	return fmt.Sprintf("%s = %s (%s)", name, o.Expr, p.Origin(name))
}

// Origin describes where the option's value comes from: a relative
// file:line for a user definition, "default" for lwIP's own default, or
// "default via X" when the default follows options X the user set.
func (p *Pass) Origin(name string) string {
	o := p.Config.Option(name)
	if p.UserSet(name) {
		switch {
		case o.Origin.Pos.IsValid():
			return p.Rel(o.Origin.Pos)
		case o.Origin.Kind == lwipopts.OriginCmdline:
			return "command line"
		}
		return string(o.Origin.Kind)
	}
	var via []string
	for _, d := range byAppearance(o.Expr, o.Depends) {
		if p.UserSet(d) && !slices.Contains(via, d) {
			via = append(via, d)
		}
	}
	if len(via) > 3 {
		via = append(via[:3], "…")
	}
	if len(via) > 0 {
		return "default via " + strings.Join(via, ", ")
	}
	return "default"
}

// Rel formats a position for a message: relative to the configuration's
// directory, or to the lwIP include directory, else the base name.
func (p *Pass) Rel(pos lwipopts.Position) string {
	return RelPos(p.Config, pos)
}

// RelPos formats pos like [Pass.Rel].
func RelPos(cfg *lwipopts.Config, pos lwipopts.Position) string {
	f := relFile(cfg, pos.File)
	if pos.Line == 0 {
		return f
	}
	return fmt.Sprintf("%s:%d", f, pos.Line)
}

func relFile(cfg *lwipopts.Config, file string) string {
	for _, dir := range []string{filepath.Dir(cfg.File), cfg.LwipDir} {
		if dir == "" || filepath.IsAbs(dir) != filepath.IsAbs(file) {
			continue
		}
		if r, err := filepath.Rel(dir, file); err == nil && !strings.HasPrefix(r, "..") {
			return filepath.ToSlash(r)
		}
	}
	if filepath.IsAbs(file) {
		return filepath.Base(file)
	}
	return filepath.ToSlash(file)
}

var defineRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\s*#\s*define\s+(\w+)[ \t]+`) })

// ReplaceValue builds a fix that replaces the value of the user's
// #define of name with value. It returns nil when the definition cannot be
// edited safely (not in a readable file, continued lines, …).
func (p *Pass) ReplaceValue(name, value, message string) *Fix {
	o := p.Config.Option(name)
	if !p.UserSet(name) || o.Origin.Undef || !o.Origin.Pos.IsValid() {
		return nil
	}
	data, err := fileio.ReadFile(o.Origin.Pos.File, fileio.MaxSource)
	if err != nil {
		return nil
	}
	lines := strings.SplitAfter(string(data), "\n")
	ln := o.Origin.Pos.Line
	if ln < 1 || ln > len(lines) {
		return nil
	}
	off := 0
	for _, l := range lines[:ln-1] {
		off += len(l)
	}
	line := strings.TrimRight(lines[ln-1], "\r\n")
	m := defineRE().FindStringSubmatchIndex(line)
	if m == nil || line[m[2]:m[3]] != name || strings.HasSuffix(line, "\\") {
		return nil
	}
	start, end := m[1], len(line)
	for _, c := range []string{"//", "/*"} {
		if i := strings.Index(line[start:], c); i >= 0 && start+i < end {
			end = start + i
		}
	}
	for end > start && (line[end-1] == ' ' || line[end-1] == '\t') {
		end--
	}
	if end <= start {
		return nil
	}
	return &Fix{Message: message, Edits: []Edit{{
		File: o.Origin.Pos.File, Line: ln,
		Start: off + start, End: off + end,
		OldText: line[start:end], NewText: value,
	}}}
}
