package lwipopts

import (
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/lwiplint/lwiplint/lwipopts/internal/stackver"
)

// OriginKind says where the effective definition of a macro comes from.
type OriginKind string

// The origin kinds of the JSON contract of `lwiplint show`.
const (
	// OriginLwipopts is a #define or #undef in the configuration file itself.
	OriginLwipopts OriginKind = "lwipopts"
	// OriginInclude is a #define in a header that the configuration includes,
	// directly or indirectly, or in a port header such as arch/cc.h.
	OriginInclude OriginKind = "include"
	// OriginDefault is lwIP's own default (lwip/opt.h, lwip/priv/tcp_priv.h, …),
	// read from the lwIP tree or from the built-in tables.
	OriginDefault OriginKind = "default"
	// OriginCmdline is a -D option, a file named with --include, or a define
	// taken from compile_commands.json.
	OriginCmdline OriginKind = "cmdline"
	// OriginSdkconfig is a value mapped from an ESP-IDF sdkconfig.
	OriginSdkconfig OriginKind = "sdkconfig"
)

// Position is a place in a source file. Line and Col are 1-based; a zero Line
// means the position is unknown.
type Position struct {
	File string `json:"file"`
	Line int    `json:"line"`
	Col  int    `json:"col,omitempty"`
}

// IsValid reports whether p names a file.
func (p Position) IsValid() bool { return p.File != "" }

func (p Position) String() string {
	switch {
	case p.File == "":
		return "-"
	case p.Line == 0:
		return p.File
	case p.Col == 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Origin tells where the effective value of a macro was set.
type Origin struct {
	Kind OriginKind
	// Pos is the #define (or #undef) that decided the value. For an lwIP
	// default it is the line in the lwIP header, for a macro that no
	// definition reached it is the default that was skipped, if any.
	Pos Position
	// Chain lists the #include lines through which Pos.File was reached,
	// innermost first: Chain[0] includes Pos.File.
	Chain []Position
	// Undef is set when the effective state comes from an #undef at Pos.
	Undef bool
}

// Value is the integer value of a macro as the C preprocessor's #if sees it.
type Value struct {
	// Int holds the value's bits; read it as uint64 when Unsigned is set.
	Int      int64
	Unsigned bool
}

// Uint returns the value as an unsigned number.
func (v Value) Uint() uint64 { return uint64(v.Int) }

func (v Value) String() string {
	if v.Unsigned {
		return fmt.Sprintf("%d", uint64(v.Int))
	}
	return fmt.Sprintf("%d", v.Int)
}

// Option is the resolved state of one macro: an lwIP option or any other
// macro a rule asks about.
type Option struct {
	Name string
	// Known is set for the options lwIP reads (opt.h and the other option
	// headers of the resolved version) and for its knobs.
	Known bool
	// Knob is set for a macro lwIP reads outside its option headers, with
	// no default there: a switch such as LWIP_DEBUG, LWIP_NOASSERT (which
	// lwIP's debug.h asks arch/cc.h to set) or
	// LWIP_DISABLE_TCP_SANITY_CHECKS, or a port macro such as
	// LWIP_CHKSUM_ALGORITHM. The list is generated from lwIP's headers and
	// sources; [Config.Names] includes it.
	Knob bool
	// Overridable is false for macros lwIP defines unconditionally, such as
	// LWIP_NUM_SYS_TIMEOUT_INTERNAL: a definition in lwipopts.h is replaced.
	Overridable bool
	Defined     bool
	// FuncLike is set for function-like macros; Params lists their parameters.
	FuncLike bool
	Params   []string
	// Expr is the replacement text with comments removed and each run of
	// white space between tokens reduced to one space.
	Expr string
	// Value is valid when HasValue is set: the result of evaluating the
	// macro in an #if. Evaluable is false when that result is not what
	// lwIP's #if checks can rely on; Reason says why (a cast, sizeof, an
	// identifier that is not a macro and so reads as 0, an empty body, …).
	Value     Value
	HasValue  bool
	Evaluable bool
	Reason    string
	Origin    Origin
	// Depends lists the known options the value was derived from: those in
	// the expansion of Expr and those in the conditions that chose an lwIP
	// default.
	Depends []string
	// Default is lwIP's default for the option in the resolved version, nil
	// when the option has none.
	Default *Default
	// Redefined lists every user definition (#define or #undef) of the
	// macro in the order they appear, when there is more than one.
	Redefined []Position
}

// UserSet reports whether the value comes from the user rather than from
// lwIP's defaults.
func (o *Option) UserSet() bool { return o.Origin.Kind != OriginDefault }

// Default describes an lwIP default.
type Default struct {
	Expr string
	Pos  Position
	// Value and HasValue give the default evaluated in this configuration
	// (so the default of TCP_WND follows the configured TCP_MSS).
	Value    Value
	HasValue bool
}

// Note is a message about the loading of a configuration that is not an
// error, such as a vendor header that could not be found.
type Note struct {
	Pos  Position
	Text string
	// Diagnostic marks, in [Config.Errors] and the result of
	// [Config.Preprocess], an error the preprocessor reported and carried
	// on from, as gcc does, rather than an #error directive: a division by
	// zero in #if (Text is gcc's message, "division by zero in #if"), or,
	// in Config.Preprocess, an #if of lwIP's that cannot be evaluated
	// (gcc skips its group).
	Diagnostic bool
	// Lwip marks, in the same lists, an error in one of lwIP's own files
	// (its headers, the built-in tables, the file Config.Preprocess
	// reads), not in the configuration, a header it includes or the
	// port's headers.
	Lwip bool
}

func (n Note) String() string {
	if n.Pos.IsValid() {
		return n.Pos.String() + ": " + n.Text
	}
	return n.Text
}

// Config is a resolved lwIP configuration.
type Config struct {
	// File is the configuration file (lwipopts.h) as given or found.
	File string
	// Version is the lwIP version the options were resolved for, such as
	// "2.1.3". VersionFrom says how it was chosen: "tree" (lwip/init.h),
	// "flag" (--lwip-version) or "newest" (the newest built-in table).
	Version     string
	VersionFrom string
	// VersionAssumed is set when no version was found for the stack and
	// Version is a default: a finding that exists only because of it is
	// never an error (see lint.Run). The stack's find function decides it
	// (stackver.Found.Assumed).
	VersionAssumed bool
	// LwipDir is the include directory of the lwIP tree that was used (it
	// holds lwip/opt.h), or "" when the built-in defaults were used.
	LwipDir string
	Notes   []Note
	// Errors lists the #error directives the preprocessor reached while
	// resolving (in the configuration or in lwIP's option headers), and
	// the errors it carried on from (Note.Diagnostic).
	Errors []Note

	mu    sync.Mutex // guards opts
	opts  map[string]*Option
	names []string // known option names, sorted
	env   *macroEnv
	evals sync.Map // expression → evalMemo, for Eval
	// srcs maps a file to its text as read, for Source; extraSrcs holds
	// the files read outside the preprocessor (an sdkconfig).
	srcs      map[string][]byte
	srcOnce   sync.Once
	extraSrcs map[string][]byte
	res       *run
	src       *loadSource
	// Fork is the vendor fork of lwIP the configuration builds with, or
	// nil for upstream lwIP.
	Fork *Fork
	// ESPIDF is set for a configuration loaded from an ESP-IDF project.
	ESPIDF *ESPIDF
	// Stack is StackFreeRTOS for a FreeRTOS+TCP configuration (FreeRTOS
	// is then set), "" or StackLwIP for lwIP.
	Stack    string
	FreeRTOS *FreeRTOS

	lwipFound   stackver.Found // what findLwip found (findlwip.go)
	interpreted bool           // lwIP's headers were evaluated by interp.go
	inputs      *inputs        // see Inputs
}

// Names returns the names of the options lwIP reads in the resolved version
// and of its knobs ([Option.Knob]), sorted.
func (c *Config) Names() []string { return c.names }

// Option returns the resolved state of the named macro. It never returns nil:
// a name that is not defined anywhere gives an Option with Defined unset.
func (c *Config) Option(name string) *Option {
	c.mu.Lock()
	o, ok := c.opts[name]
	c.mu.Unlock()
	if ok {
		return o
	}
	o = c.resolve(name) // options are resolved on first use
	c.mu.Lock()
	defer c.mu.Unlock()
	if prev, ok := c.opts[name]; ok {
		return prev
	}
	c.opts[name] = o
	return o
}

// Int returns the #if value of the named macro and whether it has one that
// can be relied on.
func (c *Config) Int(name string) (int64, bool) {
	o := c.Option(name)
	return o.Value.Int, o.HasValue && o.Evaluable
}

// UserNames returns the macros the configuration defines or undefines itself
// (through lwipopts.h, its includes, -D or --include), sorted. For an
// ESP-IDF project these are the macros its sdkconfig lines decide; those
// ESP-IDF's lwipopts.h sets on its own are left out.
func (c *Config) UserNames() []string {
	var r []string
	for n := range c.env.user {
		if c.ESPIDF != nil && strings.HasPrefix(c.Option(n).Origin.Pos.File, "<") {
			continue
		}
		r = append(r, n)
	}
	sort.Strings(r)
	return r
}

// Definition is one #define or #undef of a macro in the configuration.
type Definition struct {
	Pos   Position
	Undef bool
	// Text is what follows the macro's name on a #define line (parameter
	// list and body), comments removed and white space reduced as in
	// [Option.Expr], with a leading space unless a parameter list follows
	// the name directly: two definitions with the same Text are identical
	// redefinitions, which C allows.
	Text string
}

// Definitions returns the #define and #undef lines of name in the
// configuration file, the headers it includes and the files given with
// --include, in the order the preprocessor reached them; lines in skipped
// #if branches are left out. -D options are not listed. A definition that
// lwIP's headers later replace is listed too.
func (c *Config) Definitions(name string) []Definition {
	if c.res == nil {
		return nil
	}
	var out []Definition
	for _, d := range c.res.userDef[name] {
		if d.user {
			out = append(out, Definition{Pos: d.pos, Undef: d.undef, Text: d.text})
		}
	}
	return out
}

// SetNames returns every macro the configuration sets, sorted: the
// [Config.UserNames] and, for an ESP-IDF project, the macros ESP-IDF's
// lwipopts.h sets on its own.
func (c *Config) SetNames() []string {
	var r []string
	for n := range c.env.user {
		r = append(r, n)
	}
	sort.Strings(r)
	return r
}

// Eval evaluates a C preprocessor expression in the configuration's final
// macro environment, as an #if line after lwIP's headers would.
//
// The configuration does not change once loaded, so the result of each
// expression is kept: the rules evaluate the same expressions many times
// (each of lwIP's init.c checks is evaluated by its rule and again by the
// replay of LW9003).
func (c *Config) Eval(expr string) (Value, error) {
	if r, ok := c.evals.Load(expr); ok {
		e := r.(evalMemo)
		return e.v, e.err
	}
	v, err := c.env.evalString(expr)
	c.evals.Store(expr, evalMemo{v, err})
	return v, err
}

// evalMemo is a result of Config.Eval.
type evalMemo struct {
	v   Value
	err error
}
