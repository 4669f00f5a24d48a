package espidf

import (
	"bytes"
	"embed"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
)

// The tables in data/ are facts taken from ESP-IDF's sources at a release
// tag, in lwiplint's own format (no ESP-IDF text is copied): the Kconfig
// symbols lwIP's configuration reads, the #define lines of ESP-IDF's
// components/lwip/port/include/lwipopts.h, the renames of sdkconfig.rename
// files that concern them, and the few macros of other ESP-IDF headers
// that those defines use. Each entry cites its file and line; the tag is
// the file's "idf" field. mirror_test.go checks every table against an
// ESP-IDF git mirror when one is present and rewrites them with
// LWIPLINT_UPDATE=1.
//
//go:embed data/*.yaml
var dataFS embed.FS

// table is one ESP-IDF release: data/idf-<tag>.yaml.
type table struct {
	// IDF is the release tag, such as "v5.1.2"; Commit its commit.
	IDF    string `yaml:"idf"`
	Commit string `yaml:"commit"`
	// EspLwip is the esp-lwip commit the release pins as the submodule
	// components/lwip/lwip.
	EspLwip string `yaml:"esp_lwip"`
	// Lwipopts is the path of ESP-IDF's lwipopts.h in the tree.
	Lwipopts string `yaml:"lwipopts"`
	// SysNow cites the line of the lwIP port's sys_now(), which counts
	// FreeRTOS ticks times portTICK_PERIOD_MS.
	SysNow string `yaml:"sys_now,omitempty"`
	// Defines are lwipopts.h's #define, #undef and #error lines in file
	// order, each with the preprocessor condition it sits under.
	Defines []define `yaml:"defines"`
	// Context are macros of other ESP-IDF headers that the defines use.
	Context []define `yaml:"context"`
	// BuildFlags are the -D flags ESP-IDF's build adds to every
	// compilation for sdkconfig values (its CMakeLists.txt), such as NDEBUG
	// for CONFIG_COMPILER_OPTIMIZATION_ASSERTIONS_DISABLE.
	BuildFlags []define `yaml:"build_flags,omitempty"`
	// Port are the LWIP_ object-like macros of the lwIP port's arch/cc.h
	// (which lwIP's arch.h includes), such as LWIP_NOASSERT.
	Port []define `yaml:"port,omitempty"`
	// Symbols are the Kconfig symbols: every symbol of
	// components/lwip/Kconfig, and the symbols of other components that
	// they, lwipopts.h or Context refer to (External).
	Symbols []symbol `yaml:"symbols"`
	Choices []choice `yaml:"choices"`
	// Renames are the sdkconfig.rename lines whose old or new name is one
	// of Symbols.
	Renames []rename `yaml:"renames"`
	// Undefined are the symbols that Kconfig lines of the table name but
	// that no Kconfig file of the release defines when read for the
	// target esp32 (SOC_WIRELESS_HOST_SUPPORTED is only in esp32p4's
	// Kconfig.soc_caps.in; LWIP_ICMP6 nowhere). Kconfig takes an undefined
	// symbol as n.
	Undefined []string `yaml:"undefined,omitempty"`
	// Targets are how the Kconfig tree read for each other target (its
	// Kconfig.soc_caps.in and the other files sourced by $IDF_TARGET)
	// differs from esp32's; forTarget applies them.
	Targets []targetTable `yaml:"targets,omitempty"`

	mu      sync.Mutex
	derived map[string]*table
	target  string // the target the symbols are for: "" is esp32

	syms    map[string]*symbol
	choices map[string]*choice
	renames map[string]*rename
}

// define is one line of a header: a #define (object-like with Value, or
// function-like with Params and no recorded body), a #define NAME 1 / 0
// pair selected by whether the CONFIG symbol Bool is defined, an #undef,
// or an #error.
type define struct {
	Name string `yaml:"name,omitempty"`
	// If is the C preprocessor condition the line sits under ("" =
	// always), conditions of nested blocks joined with &&.
	If string `yaml:"if,omitempty"`
	// Value is the replacement text of an object-like macro, white space
	// collapsed.
	Value *string `yaml:"value,omitempty"`
	// Bool names a CONFIG_ symbol: the line stands for "#ifdef Bool /
	// #define Name 1 / #else / #define Name 0 / #endif".
	Bool   string `yaml:"bool,omitempty"`
	Params string `yaml:"params,omitempty"`
	Undef  bool   `yaml:"undef,omitempty"`
	Error  bool   `yaml:"error,omitempty"`
	// At is the file and line of the directive in the ESP-IDF tree.
	At string `yaml:"at"`

	cond kexprC // parsed If
	file string // At's file and line
	line int
}

// symbol is a Kconfig symbol. Conditions and defaults are Kconfig
// expressions; the dependencies of enclosing menus, if blocks and
// menuconfig entries are folded into Depends, those of an enclosing choice
// are the choice's.
type symbol struct {
	Name string `yaml:"name"`
	Type string `yaml:"type"`
	// At is the file and line of the "config" line (the first one when
	// the symbol is defined more than once).
	At string `yaml:"at"`
	// Prompt is set when the symbol has a prompt, so a user value counts;
	// PromptIf is the prompt's extra condition ("if" of the prompt,
	// "visible if" of enclosing menus).
	Prompt   bool   `yaml:"prompt,omitempty"`
	PromptIf string `yaml:"prompt_if,omitempty"`
	Depends  string `yaml:"depends,omitempty"`
	Choice   string `yaml:"choice,omitempty"`
	// Defaults are tried in order; the first whose If holds gives the
	// value. A default's Value is an expression for bools and a constant
	// or symbol name otherwise.
	Defaults []condValue `yaml:"defaults,omitempty"`
	// Ranges: the first whose If holds is the active range.
	Ranges []valueRange `yaml:"ranges,omitempty"`
	// SelectedBy are the reverse dependencies of "select" lines of other
	// symbols (selector && condition), ImpliedBy those of "imply".
	SelectedBy []string `yaml:"selected_by,omitempty"`
	ImpliedBy  []string `yaml:"implied_by,omitempty"`
	// External is set for symbols outside components/lwip/Kconfig. The
	// symbols their lines name are in the table too, or in Undefined.
	External bool `yaml:"external,omitempty"`

	dep, promptIf kexpr
	defaults      []condValueC
	ranges        []valueRangeC
	rev, weakRev  []kexpr
}

type condValue struct {
	Value string `yaml:"value"`
	If    string `yaml:"if,omitempty"`
}

type valueRange struct {
	Min string `yaml:"min"`
	Max string `yaml:"max"`
	If  string `yaml:"if,omitempty"`
}

type condValueC struct {
	val  kexpr
	cond kexpr
	src  condValue
}

type valueRangeC struct {
	min, max *kref
	cond     kexpr
	src      valueRange
}

// choice is a Kconfig choice.
type choice struct {
	Name     string      `yaml:"name"`
	At       string      `yaml:"at"`
	Prompt   bool        `yaml:"prompt,omitempty"`
	PromptIf string      `yaml:"prompt_if,omitempty"`
	Depends  string      `yaml:"depends,omitempty"`
	Defaults []condValue `yaml:"defaults,omitempty"`
	Symbols  []string    `yaml:"symbols"`

	dep, promptIf kexpr
	defaults      []condValueC
}

// rename is a line of an sdkconfig.rename file.
type rename struct {
	Old string `yaml:"old"`
	New string `yaml:"new"`
	// Invert is set for "CONFIG_OLD !CONFIG_NEW" (esp-idf-kconfig ≥ 2.3).
	Invert bool `yaml:"invert,omitempty"`
	// Target is set for sdkconfig.rename.<target> files, which ESP-IDF
	// only reads for that target (tools/cmake/kconfig.cmake).
	Target string `yaml:"target,omitempty"`
	At     string `yaml:"at"`
}

// kexprC is a parsed C preprocessor condition.
type kexprC = *cexpr

var (
	tablesOnce sync.Once
	tables     map[string]*table
	tablesErr  error
)

// Versions returns the ESP-IDF releases lwiplint has tables for, oldest
// first, such as "v5.1.2".
func Versions() []string {
	ts, err := loadTables()
	if err != nil {
		return nil
	}
	var r []string
	for v := range ts {
		r = append(r, v)
	}
	sort.Slice(r, func(i, j int) bool { return versionLess(r[i], r[j]) })
	return r
}

func loadTables() (map[string]*table, error) {
	tablesOnce.Do(func() {
		tables, tablesErr = decodeTables()
	})
	return tables, tablesErr
}

func decodeTables() (map[string]*table, error) {
	ents, err := dataFS.ReadDir("data")
	if err != nil {
		return nil, err
	}
	r := map[string]*table{}
	for _, e := range ents {
		if !strings.HasPrefix(e.Name(), "idf-") {
			continue
		}
		b, err := dataFS.ReadFile("data/" + e.Name())
		if err != nil {
			return nil, err
		}
		t, err := decodeTable(b)
		if err != nil {
			return nil, fmt.Errorf("data/%s: %w", e.Name(), err)
		}
		r[t.IDF] = t
	}
	return r, nil
}

func decodeTable(b []byte) (*table, error) {
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	t := &table{}
	if err := dec.Decode(t); err != nil {
		return nil, err
	}
	if err := t.compile(); err != nil {
		return nil, err
	}
	return t, nil
}

// targetTable is the difference of one target's table from esp32's.
type targetTable struct {
	Target string `yaml:"target"`
	// Symbols and Choices are those that differ or exist only for the
	// target; Absent and AbsentChoices those esp32 has and it lacks.
	Symbols       []symbol `yaml:"symbols,omitempty"`
	Absent        []string `yaml:"absent,omitempty"`
	Choices       []choice `yaml:"choices,omitempty"`
	AbsentChoices []string `yaml:"absent_choices,omitempty"`
	Undefined     []string `yaml:"undefined,omitempty"`
}

// forTarget returns the table for the target: t itself for esp32 or a
// target without a difference recorded, else t with the target's
// differences applied (computed once).
func (t *table) forTarget(target string) *table {
	var d *targetTable
	for i := range t.Targets {
		if t.Targets[i].Target == target {
			d = &t.Targets[i]
		}
	}
	if d == nil {
		return t
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if x := t.derived[target]; x != nil {
		return x
	}
	x := &table{IDF: t.IDF, Commit: t.Commit, EspLwip: t.EspLwip, Lwipopts: t.Lwipopts, SysNow: t.SysNow,
		Defines: t.Defines, Context: t.Context, BuildFlags: t.BuildFlags, Port: t.Port, Renames: t.Renames, Undefined: d.Undefined, target: target}
	over := map[string]symbol{}
	for _, s := range d.Symbols {
		over[s.Name] = s
	}
	for _, s := range t.Symbols {
		if slices.Contains(d.Absent, s.Name) {
			continue
		}
		if o, ok := over[s.Name]; ok {
			s = o
			delete(over, s.Name)
		}
		x.Symbols = append(x.Symbols, symbol{Name: s.Name, Type: s.Type, At: s.At, Prompt: s.Prompt, PromptIf: s.PromptIf, Depends: s.Depends, Choice: s.Choice,
			Defaults: s.Defaults, Ranges: s.Ranges, SelectedBy: s.SelectedBy, ImpliedBy: s.ImpliedBy, External: s.External})
	}
	for _, s := range d.Symbols {
		if _, ok := over[s.Name]; ok {
			x.Symbols = append(x.Symbols, s)
		}
	}
	overC := map[string]choice{}
	for _, c := range d.Choices {
		overC[c.Name] = c
	}
	for _, c := range t.Choices {
		if slices.Contains(d.AbsentChoices, c.Name) {
			continue
		}
		if o, ok := overC[c.Name]; ok {
			c = o
			delete(overC, c.Name)
		}
		x.Choices = append(x.Choices, choice{Name: c.Name, At: c.At, Prompt: c.Prompt, PromptIf: c.PromptIf, Depends: c.Depends, Defaults: c.Defaults, Symbols: c.Symbols})
	}
	for _, c := range d.Choices {
		if _, ok := overC[c.Name]; ok {
			x.Choices = append(x.Choices, c)
		}
	}
	// The defines were compiled with t; copy them so that compile can
	// parse them again without sharing state.
	for _, list := range []*[]define{&x.Defines, &x.Context, &x.BuildFlags, &x.Port} {
		*list = append([]define(nil), (*list)...)
	}
	if err := x.compile(); err != nil {
		// The data are checked for every target by TestTargetTables.
		return t
	}
	if t.derived == nil {
		t.derived = map[string]*table{}
	}
	t.derived[target] = x
	return x
}

// compile parses the expressions of a decoded table and indexes it.
func (t *table) compile() error {
	t.syms = map[string]*symbol{}
	t.choices = map[string]*choice{}
	t.renames = map[string]*rename{}
	kx := func(s, what string) (kexpr, error) {
		if s == "" {
			return nil, nil
		}
		x, err := parseKexpr(s)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		return x, nil
	}
	var err error
	for i := range t.Symbols {
		s := &t.Symbols[i]
		if t.syms[s.Name] != nil {
			return fmt.Errorf("symbol %s listed twice", s.Name)
		}
		t.syms[s.Name] = s
		switch s.Type {
		case "bool", "int", "hex", "string":
		default:
			return fmt.Errorf("symbol %s: unknown type %q", s.Name, s.Type)
		}
		if s.dep, err = kx(s.Depends, s.Name+" depends"); err != nil {
			return err
		}
		if s.promptIf, err = kx(s.PromptIf, s.Name+" prompt_if"); err != nil {
			return err
		}
		for _, d := range s.Defaults {
			c := condValueC{src: d}
			if c.val, err = kx(d.Value, s.Name+" default"); err != nil {
				return err
			}
			if c.cond, err = kx(d.If, s.Name+" default if"); err != nil {
				return err
			}
			s.defaults = append(s.defaults, c)
		}
		for _, rg := range s.Ranges {
			c := valueRangeC{src: rg, min: constRef(rg.Min), max: constRef(rg.Max)}
			if c.cond, err = kx(rg.If, s.Name+" range if"); err != nil {
				return err
			}
			s.ranges = append(s.ranges, c)
		}
		for _, e := range s.SelectedBy {
			x, err := kx(e, s.Name+" selected_by")
			if err != nil {
				return err
			}
			s.rev = append(s.rev, x)
		}
		for _, e := range s.ImpliedBy {
			x, err := kx(e, s.Name+" implied_by")
			if err != nil {
				return err
			}
			s.weakRev = append(s.weakRev, x)
		}
	}
	for i := range t.Choices {
		c := &t.Choices[i]
		t.choices[c.Name] = c
		if c.dep, err = kx(c.Depends, c.Name+" depends"); err != nil {
			return err
		}
		if c.promptIf, err = kx(c.PromptIf, c.Name+" prompt_if"); err != nil {
			return err
		}
		for _, d := range c.Defaults {
			cv := condValueC{src: d}
			if cv.val, err = kx(d.Value, c.Name+" default"); err != nil {
				return err
			}
			if cv.cond, err = kx(d.If, c.Name+" default if"); err != nil {
				return err
			}
			c.defaults = append(c.defaults, cv)
		}
		for _, n := range c.Symbols {
			s := t.syms[n]
			if s == nil {
				return fmt.Errorf("choice %s: symbol %s not in the table", c.Name, n)
			}
			if s.Choice != c.Name {
				return fmt.Errorf("choice %s: symbol %s names choice %q", c.Name, n, s.Choice)
			}
		}
	}
	for i := range t.Symbols {
		if c := t.Symbols[i].Choice; c != "" && t.choices[c] == nil {
			return fmt.Errorf("symbol %s: choice %s not in the table", t.Symbols[i].Name, c)
		}
	}
	for i := range t.Renames {
		r := &t.Renames[i]
		key := r.Old + "\x00" + r.Target
		if t.renames[key] != nil {
			return fmt.Errorf("rename of %s listed twice", r.Old)
		}
		t.renames[key] = r
	}
	for _, list := range [][]define{t.Defines, t.Context, t.BuildFlags, t.Port} {
		for i := range list {
			d := &list[i]
			d.file, d.line = atFile(d.At), atLine(d.At)
			if d.If != "" {
				if d.cond, err = parseCexpr(d.If); err != nil {
					return fmt.Errorf("%s: if %q: %w", d.At, d.If, err)
				}
			}
			n := 0
			for _, set := range []bool{d.Value != nil, d.Bool != "", d.Params != "", d.Undef, d.Error} {
				if set {
					n++
				}
			}
			if n != 1 {
				return fmt.Errorf("%s: a define needs exactly one of value, bool, params, undef, error", d.At)
			}
		}
	}
	return nil
}

func constRef(s string) *kref {
	if strings.HasPrefix(s, "\"") {
		return &kref{name: strings.Trim(s, "\""), quoted: true}
	}
	return &kref{name: s}
}

// rename returns the rename of the old name for the target, or nil.
func (t *table) rename(old, target string) *rename {
	if r := t.renames[old+"\x00"+target]; r != nil && target != "" {
		return r
	}
	return t.renames[old+"\x00"]
}

// kconfigFile returns the file part of an "at" citation.
func atFile(at string) string {
	if i := strings.LastIndexByte(at, ':'); i > 0 {
		return at[:i]
	}
	return at
}

func atLine(at string) int {
	if i := strings.LastIndexByte(at, ':'); i > 0 {
		n := 0
		for _, c := range at[i+1:] {
			if c < '0' || c > '9' {
				return 0
			}
			n = n*10 + int(c-'0')
		}
		return n
	}
	return 0
}
