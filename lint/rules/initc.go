package rules

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/lwiplint/lwiplint/lint"
)

// initcRow is one compile-time check of lwIP, replayed on the resolved
// configuration: each form is the check as one or more lwIP versions spell
// it.
type initcRow struct {
	ID, Fact, Name, Title string
	// At lists the options to report at, in order of preference. An entry
	// "NAME:expr" is only used when expr holds.
	At []string
	// What explains the check in our words; Detail is the message template:
	// {NAME} is replaced by "NAME = value (origin)", {=expr} by the value of
	// the preprocessor expression.
	What, Detail string
	// Needs lists macros whose default the resolver does not know (they come
	// from lwIP's application files); the row only runs when they are defined.
	Needs []string
	// Helpers gives the definitions of macros of lwIP's headers that the
	// condition uses, for when the resolver does not define them.
	Helpers           map[string]string
	Bad, Good, Ignore string
	Advice            []string
	Forms             []initcForm
}

// versionLines gives a line number per lwIP version (a slice, not a map:
// static data, nothing built at start-up).
type versionLines []versionLine

type versionLine struct {
	Version string
	Line    int
}

func (vl versionLines) get(v string) (int, bool) {
	for _, l := range vl {
		if l.Version == v {
			return l.Line, true
		}
	}
	return 0, false
}

func (vl versionLines) at(v string) int { l, _ := vl.get(v); return l }

// initcForm is one spelling of a check: the #if condition and the guards of
// the enclosing #if blocks, copied from lwIP, and the #error text.
type initcForm struct {
	Versions []string
	File     string
	Line     versionLines
	Guards   []string
	Cond     string
	Error    string
	// Detail overrides the row's message template for this form.
	Detail string
}

// hiders are the guard terms that switch a check off without making the
// configuration correct (init.c; all versions).
var hiders = map[string]string{
	"!MEMP_MEM_MALLOC":                 "MEMP_MEM_MALLOC",
	"!LWIP_DISABLE_TCP_SANITY_CHECKS":  "LWIP_DISABLE_TCP_SANITY_CHECKS",
	"!LWIP_DISABLE_MEMP_SANITY_CHECKS": "LWIP_DISABLE_MEMP_SANITY_CHECKS",
}

const adviceSanity = "embedded/lwip-compile-time-sanity-checks"
const adviceMempMalloc = "embedded/lwip-memp-mem-malloc-disables-pool-checks"

func findInitcRow(id string) *initcRow {
	for i := range initcTable {
		if initcTable[i].ID == id {
			return &initcTable[i]
		}
	}
	return nil
}

// initcRule builds the rule of the row with the given ID.
func initcRule(id string) *lint.Rule {
	row := findInitcRow(id)
	if row == nil {
		return &lint.Rule{ID: id}
	}
	var vs []string
	for _, f := range row.Forms {
		for _, v := range f.Versions {
			if !slices.Contains(vs, v) {
				vs = append(vs, v)
			}
		}
	}
	slices.Sort(vs)
	if len(vs) == len(versionsAll) {
		vs = nil
	}
	return &lint.Rule{
		ID: row.ID, Name: row.Name, Title: row.Title,
		Severity: lint.Error, Since: "0.1.0", Versions: vs,
		DocFunc: row.doc, // built when shown: 88 rules' text at start-up took 0.3 ms
		Advice:  append(slices.Clone(row.Advice), adviceSanity),
		Check:   row.check,
	}
}

// doc is the documentation of the row's rule.
func (row *initcRow) doc() lint.Doc {
	var why []string
	for _, f := range row.Forms {
		why = append(why, fmt.Sprintf("lwIP %s: %s stops the build with `#error \"%s\"` (%s).",
			strings.Join(f.Versions, ", "), f.File, f.Error, formLines(f)))
	}
	ignore := row.Ignore
	if ignore == "" {
		ignore = "Never: lwIP does not build with this configuration."
	}
	ignore += " The check stays silent when a value it reads depends on a header that was not read (LW9001 names the " +
		"header), and when a guard that skips it (MEMP_MEM_MALLOC, LWIP_DISABLE_*_SANITY_CHECKS) is not the user's choice; " +
		"a guard the user set turns the finding into info (\"hidden by\")."
	return lint.Doc{
		What:   row.What + " This is one of lwIP's own compile-time checks (fact " + row.Fact + "), replayed so that it is reported with the values and their origins.",
		Bad:    row.Bad,
		Good:   row.Good,
		Why:    strings.Join(why, "\n"),
		Ignore: ignore,
	}
}

var versionsAll = []string{"2.0.3", "2.1.3", "2.2.0", "2.2.1"}

func formLines(f initcForm) string {
	var s []string
	for _, v := range versionsAll {
		if l, ok := f.Line.get(v); ok {
			s = append(s, fmt.Sprintf("%s line %d", v, l))
		}
	}
	return strings.Join(s, ", ")
}

// check replays the row's forms for the configured version.
func (row *initcRow) check(p *lint.Pass) {
	for _, n := range row.Needs {
		if !p.Config.Option(n).Defined {
			return
		}
	}
	for _, f := range row.Forms {
		if !slices.Contains(f.Versions, p.Config.Version) {
			continue
		}
		fires, hidden, ok := row.eval(p, f)
		if !ok || !fires {
			continue
		}
		if len(hidden) > 0 && !slices.ContainsFunc(hidden, func(h string) bool { return chosen(p, h) }) {
			continue // hidden by a vendor's setting: nothing the user can act on
		}
		row.report(p, f, hidden)
	}
}

// eval evaluates the guards one by one, as the nested #if blocks do, then
// the condition. A hiding guard that is false is remembered and skipped.
func (row *initcRow) eval(p *lint.Pass, f initcForm) (fires bool, hidden []string, ok bool) {
	guards := slices.Clone(f.Guards)
	cond := f.Cond
	if rest, cut := strings.CutPrefix(cond, "!MEMP_MEM_MALLOC && "); cut {
		guards = append(guards, "!MEMP_MEM_MALLOC")
		cond = rest
	}
	for _, g := range append(guards, cond) {
		if exprUnknown(p, row.expand(p, g)) {
			return false, nil, false // unknown is not zero
		}
		v, err := p.Config.Eval(row.expand(p, g))
		if err != nil {
			return false, nil, false
		}
		if v.Int != 0 {
			continue
		}
		if h, isHider := hiders[g]; isHider {
			hidden = append(hidden, h)
			continue
		}
		return false, nil, true
	}
	return true, hidden, true
}

var identRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\b[A-Za-z_]\w*\b`) })

// expand replaces the row's helper macros that the configuration does not
// define by their lwIP definitions.
func (row *initcRow) expand(p *lint.Pass, expr string) string {
	if len(row.Helpers) == 0 {
		return expr
	}
	return identRE().ReplaceAllStringFunc(expr, func(id string) string {
		if def, ok := row.Helpers[id]; ok && !p.Config.Option(id).Defined {
			return "(" + def + ")"
		}
		return id
	})
}

var templateRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\{(=?)([^{}]+)\}`) })

// render fills in a message template.
func (row *initcRow) render(p *lint.Pass, tmpl string) string {
	return templateRE().ReplaceAllStringFunc(tmpl, func(m string) string {
		sm := templateRE().FindStringSubmatch(m)
		if sm[1] == "" {
			return p.Describe(sm[2])
		}
		v, err := p.Config.Eval(row.expand(p, sm[2]))
		if err != nil {
			return "?"
		}
		return v.String()
	})
}

// where picks the options to report at.
func (row *initcRow) where(p *lint.Pass) []string {
	var names []string
	for _, a := range row.At {
		name, expr, conditional := strings.Cut(a, ":")
		if conditional {
			if v, ok := evalKnown(p, expr); !ok || v.Int == 0 {
				continue
			}
		}
		names = append(names, name)
	}
	return names
}

func (row *initcRow) report(p *lint.Pass, f initcForm, hidden []string) {
	tmpl := row.Detail
	if f.Detail != "" {
		tmpl = f.Detail
	}
	f2 := p.At(row.where(p), "")
	_, at := p.Where(row.where(p)...)
	detail := row.render(p, tmpl)
	if at != "" && !strings.Contains(tmpl, "{"+at+"}") {
		detail += ", with " + p.Describe(at)
	}
	loc := fmt.Sprintf("lwIP %s %s:%d", p.Config.Version, f.File, f.Line.at(p.Config.Version))
	what := lowerFirst(strings.TrimSuffix(row.What, "."))
	if len(hidden) == 0 {
		text := f.Error
		f2.Message = fmt.Sprintf("%s; %s (%s)", detail, what, loc)
		f2.LwipError = &text
	} else {
		var by []string
		kb := slices.Clone(p.Rule.Advice)
		for _, h := range hidden {
			by = append(by, p.Describe(h))
			if h == "MEMP_MEM_MALLOC" {
				kb = append(kb, adviceMempMalloc)
			}
		}
		f2.Severity = lint.Info
		f2.KB = kb
		f2.Message = fmt.Sprintf("hidden by %s: %s; %s (%s skips this check)", strings.Join(by, " and "), detail, what, loc)
	}
	f2.Related = append(f2.Related, row.related(p, f, at)...)
	if name, ok := strings.CutPrefix(f.Cond, "defined("); ok && len(hidden) == 0 && strings.HasSuffix(f.Error, "Remove it from your lwipopts.h.") {
		// A deprecated option: lwIP's own #error says what to do.
		name = strings.TrimSuffix(name, ")")
		f2.Fix = p.RemoveDefinitions(name, "remove "+name+", as lwIP's init.c asks")
	}
	p.Report(f2)
}

// related lists the other user-set options of the condition.
func (row *initcRow) related(p *lint.Pass, f initcForm, at string) []lint.Related {
	var r []lint.Related
	seen := map[string]bool{at: true, "defined": true}
	for _, id := range identRE().FindAllString(f.Cond, -1) {
		if seen[id] || len(r) >= 4 {
			continue
		}
		seen[id] = true
		if p.UserSet(id) {
			o := p.Config.Option(id)
			r = append(r, lint.Related{Pos: o.Origin.Pos, Message: p.Describe(id)})
		}
	}
	return r
}

func lowerFirst(s string) string {
	if len(s) < 2 {
		return strings.ToLower(s)
	}
	// Keep macro names such as TCP_WND as they are.
	if s[1] >= 'A' && s[1] <= 'Z' || s[1] == '_' {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}
