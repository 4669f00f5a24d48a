// Package gccoracle asks a real C preprocessor (gcc) what lwIP configuration
// macros expand to. It is the ground truth that lwiplint's own preprocessor
// and evaluator are tested against.
//
// For a configuration (a directory holding lwipopts.h, extra include
// directories, -D defines and -include files) Eval builds one translation
// unit that includes "lwip/opt.h" and any further lwIP headers, and then
// probes every requested macro using nothing but #ifdef and #if, so the
// values are exactly what lwIP's own #if tests see:
//
//	#ifdef NAME                          defined or not
//	#if ((NAME) + 0u) >> i & 1           bit i of the value, i = 0..63
//	#if ((NAME) - (NAME) - 1) < 0        true: signed (intmax_t), false: unsigned
//
// Each true probe emits a marker line into the output of one "gcc -E -P"
// run; a second "gcc -E -dM" run of the same headers gives each macro's
// replacement text. gcc keeps going after an error in an #if, and every
// error line names the probe line that failed, so an expression that the
// preprocessor cannot evaluate (a cast, sizeof, an empty body, …) is
// reported in that macro's Result without disturbing the others.
//
// gcc runs with -undef -nostdinc -std=gnu11: the caller decides which
// predefined macros exist (Request.Defines); only the ones the C standard
// requires remain (__STDC__ 1, __STDC_VERSION__ 201112L, __STDC_HOSTED__ 1,
// __STDC_UTF_16__, __STDC_UTF_32__). The language is pinned so that newer
// compilers do not change #if semantics (C23 makes "true" evaluate to 1). Headers that cannot be found (C library
// headers such as <stdint.h>, or vendor headers such as "main.h" that are
// not part of the configuration) are replaced by empty files in a temporary
// stub directory that is searched last. That mirrors lwiplint, which treats
// unreadable headers as empty.
package gccoracle

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Request describes one configuration and the macros to report.
type Request struct {
	LwipInclude string   // include root of the lwIP tree, e.g. /usr/include/lwip
	ConfigDir   string   // directory of the lwipopts.h under test (searched first: -I ConfigDir)
	IncludeDirs []string // extra -I dirs, searched after ConfigDir and before LwipInclude
	AfterDirs   []string // -idirafter dirs, searched after all others (lwiplint's freestanding C headers)
	Defines     []string // NAME or NAME=VALUE (-D)
	Includes    []string // files for gcc -include, in order
	Headers     []string // lwIP headers included after "lwip/opt.h", e.g. "lwip/def.h"
	Names       []string // macros to report
	GCC         string   // default "gcc"
}

// Result is what the preprocessor knows about one macro at the end of the
// translation unit.
type Result struct {
	Defined bool
	// Expr is the replacement text as printed by gcc -dM, split into
	// preprocessing tokens that are joined by one space ("(8 * TCP_MSS)"
	// and "(8*TCP_MSS)" both give "( 8 * TCP_MSS )"). For a function-like
	// macro it is preceded by the parameter list exactly as -dM prints it
	// and one space: "(x,y) ( ( x ) < ( y ) )", "() ( ( u32_t ) rand ( ) )".
	// An empty definition gives "".
	Expr     string
	FuncLike bool
	HasValue bool   // #if evaluation succeeded (no error)
	Value    int64  // bits; read as uint64 when Unsigned
	Unsigned bool   // the #if expression has unsigned (uintmax_t) type
	Err      string // gcc's error text when #if evaluation failed
}

// Uint64 returns the value's bits as an unsigned number.
func (r Result) Uint64() uint64 { return uint64(r.Value) }

// String renders the value the way #if sees it ("-1", "60000u",
// "error: …", "undefined", "function-like").
func (r Result) String() string {
	switch {
	case !r.Defined:
		return "undefined"
	case r.FuncLike:
		return "function-like"
	case !r.HasValue:
		return "error: " + r.Err
	case r.Unsigned:
		return strconv.FormatUint(uint64(r.Value), 10) + "u"
	}
	return strconv.FormatInt(r.Value, 10)
}

// PreprocessError is returned by Eval, together with complete results, when
// gcc reported errors outside the probes: in lwipopts.h, in a header it
// includes, or in an lwIP header (an #error, or an #if that lwIP's own
// headers cannot evaluate). The probes still ran; the map returned
// alongside is valid.
type PreprocessError struct {
	Diagnostics []string // "file:line:col: error: text", in gcc's order
}

func (e *PreprocessError) Error() string {
	if len(e.Diagnostics) == 1 {
		return "gccoracle: preprocessing failed: " + e.Diagnostics[0]
	}
	return fmt.Sprintf("gccoracle: preprocessing failed with %d errors, first: %s", len(e.Diagnostics), e.Diagnostics[0])
}

// maxStubRounds caps how many missing headers Eval replaces by empty files.
const maxStubRounds = 64

// Available reports whether gcc (default "gcc") can be run as a
// preprocessor.
func Available(gcc string) bool {
	if gcc == "" {
		gcc = "gcc"
	}
	cmd := exec.Command(gcc, "-E", "-P", "-undef", "-nostdinc", "-x", "c", "-")
	cmd.Stdin = strings.NewReader("#define GCCORACLE_OK 42\nGCCORACLE_OK\n")
	cmd.Env = cEnv()
	out, err := cmd.Output()
	return err == nil && strings.TrimSpace(string(out)) == "42"
}

var identRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// Eval preprocesses the configuration with gcc and returns one Result for
// every name in r.Names. A non-nil error other than *PreprocessError means
// that no results could be obtained (gcc missing, lwIP headers not found,
// bad request, cancelled context).
func Eval(ctx context.Context, r Request) (map[string]Result, error) {
	if r.GCC == "" {
		r.GCC = "gcc"
	}
	for _, n := range r.Names {
		if !identRE.MatchString(n) || n == "defined" {
			return nil, fmt.Errorf("gccoracle: %q is not an identifier", n)
		}
	}
	for _, h := range r.Headers {
		if h == "" || strings.ContainsAny(h, "\"\n") {
			return nil, fmt.Errorf("gccoracle: bad header name %q", h)
		}
	}
	tmp, err := os.MkdirTemp("", "gccoracle-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	g := &runner{req: r, tmp: tmp, stub: filepath.Join(tmp, "stub")}
	if err := os.Mkdir(g.stub, 0o755); err != nil {
		return nil, err
	}
	g.protected = map[string]bool{"lwip/opt.h": true, "lwipopts.h": true}
	for _, h := range r.Headers {
		g.protected[path.Clean(h)] = true
	}

	var prologue strings.Builder
	prologue.WriteString("#include \"lwip/opt.h\"\n")
	for _, h := range r.Headers {
		fmt.Fprintf(&prologue, "#include \"%s\"\n", h)
	}

	// Pass 1: gcc -dM for replacement texts. This is also where missing
	// headers are discovered and stubbed.
	defsFile := filepath.Join(tmp, "defs.c")
	if err := os.WriteFile(defsFile, []byte(prologue.String()), 0o644); err != nil {
		return nil, err
	}
	dmOut, _, err := g.run(ctx, defsFile, "-dM") // its errors recur in pass 2
	if err != nil {
		return nil, err
	}
	defs := parseDM(dmOut)

	// Pass 2: the probes.
	tu, owner := buildProbes(prologue.String(), r.Names, defs)
	tuFile := filepath.Join(tmp, "probe.c")
	if err := os.WriteFile(tuFile, []byte(tu), 0o644); err != nil {
		return nil, err
	}
	out, diags, err := g.run(ctx, tuFile, "-P")
	if err != nil {
		return nil, err
	}
	if !bytes.Contains(out, []byte(beginMarker)) {
		return nil, fmt.Errorf("gccoracle: gcc output lacks the probe section (%s)", firstOr(diags, "no diagnostics"))
	}

	res, err := collect(out, r.Names, defs)
	if err != nil {
		return nil, err
	}

	// Map errors on probe lines to their macro; everything else is a
	// configuration-level error.
	var outside []string
	seen := map[string]bool{}
	for _, d := range diags {
		if line, ok := d.lineIn(tuFile); ok && line >= 1 && line <= len(owner) && owner[line-1] >= 0 {
			name := r.Names[owner[line-1]]
			rs := res[name]
			rs.HasValue = false
			rs.Value, rs.Unsigned = 0, false
			if !strings.Contains("\n"+rs.Err+"\n", "\n"+d.msg+"\n") {
				rs.Err = joinNonEmpty(rs.Err, d.msg)
			}
			res[name] = rs
			continue
		}
		if !seen[d.text] {
			seen[d.text] = true
			outside = append(outside, d.text)
		}
	}
	if len(outside) > 0 {
		return res, &PreprocessError{Diagnostics: outside}
	}
	return res, nil
}

func joinNonEmpty(a, b string) string {
	if a == "" {
		return b
	}
	return a + "\n" + b
}

func firstOr(d []diag, s string) string {
	if len(d) > 0 {
		return d[0].text
	}
	return s
}

// Marker lines. They consist of '@' and numbers only, so that no user macro
// can change them.
const beginMarker = "@@@@BEGIN@@@@"

const (
	kindDefined  = 0
	kindBit      = 1
	kindSigned   = 2
	kindNotFound = 3
)

func marker(idx, kind, arg int) string {
	return fmt.Sprintf("@@%d@@%d@@%d@@", idx, kind, arg)
}

var markerRE = regexp.MustCompile(`^@@(\d+)@@(\d+)@@(\d+)@@$`)

// buildProbes writes the probe translation unit. owner[l-1] is the index of
// the name whose probe is on line l, or -1.
func buildProbes(prologue string, names []string, defs map[string]dmDef) (string, []int) {
	var b strings.Builder
	var owner []int
	emit := func(idx int, s string) {
		b.WriteString(s)
		b.WriteByte('\n')
		owner = append(owner, idx)
	}
	for _, l := range strings.SplitAfter(prologue, "\n") {
		if l != "" {
			emit(-1, strings.TrimSuffix(l, "\n"))
		}
	}
	emit(-1, beginMarker)
	for k, n := range names {
		emit(k, "#ifdef "+n)
		emit(k, marker(k, kindDefined, 0))
		emit(k, "#else")
		emit(k, marker(k, kindNotFound, 0))
		emit(k, "#endif")
		if d, ok := defs[n]; ok && d.funcLike {
			// A function-like name without arguments is not expanded by
			// #if: it would silently read as 0.
			continue
		}
		emit(k, "#ifdef "+n)
		for i := range 64 {
			emit(k, fmt.Sprintf("#if ((%s) + 0u) >> %d & 1", n, i))
			emit(k, marker(k, kindBit, i))
			emit(k, "#endif")
		}
		// N - N is 0 of N's type and cannot overflow, and 0 - 1 is -1 for
		// intmax_t but UINTMAX_MAX for uintmax_t.
		emit(k, fmt.Sprintf("#if ((%s) - (%s) - 1) < 0", n, n))
		emit(k, marker(k, kindSigned, 0))
		emit(k, "#endif")
		emit(k, "#endif")
	}
	return b.String(), owner
}

func collect(out []byte, names []string, defs map[string]dmDef) (map[string]Result, error) {
	type acc struct {
		defined, undefined, signed bool
		bits                       uint64
	}
	accs := make([]acc, len(names))
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	for sc.Scan() {
		line := strings.Join(strings.Fields(sc.Text()), "")
		m := markerRE.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		k, _ := strconv.Atoi(m[1])
		kind, _ := strconv.Atoi(m[2])
		arg, _ := strconv.Atoi(m[3])
		if k >= len(names) {
			continue
		}
		switch kind {
		case kindDefined:
			accs[k].defined = true
		case kindNotFound:
			accs[k].undefined = true
		case kindBit:
			accs[k].bits |= 1 << uint(arg)
		case kindSigned:
			accs[k].signed = true
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	res := make(map[string]Result, len(names))
	for k, n := range names {
		a := accs[k]
		if a.defined == a.undefined {
			return nil, fmt.Errorf("gccoracle: no #ifdef answer for %s", n)
		}
		if !a.defined {
			res[n] = Result{}
			continue
		}
		d := defs[n] // zero for built-ins such as __LINE__, which -dM omits
		rs := Result{Defined: true, Expr: d.expr(), FuncLike: d.funcLike}
		if !d.funcLike {
			rs.HasValue = true
			rs.Value = int64(a.bits)
			rs.Unsigned = !a.signed
		}
		res[n] = rs
	}
	return res, nil
}

// dmDef is one line of gcc -dM output.
type dmDef struct {
	funcLike bool
	params   string // "(x,y)" as printed, only when funcLike
	body     string
}

func (d dmDef) expr() string {
	body := strings.Join(tokenize(d.body), " ")
	if !d.funcLike {
		return body
	}
	if body == "" {
		return d.params
	}
	return d.params + " " + body
}

func parseDM(out []byte) map[string]dmDef {
	defs := map[string]dmDef{}
	for _, line := range strings.Split(string(out), "\n") {
		rest, ok := strings.CutPrefix(line, "#define ")
		if !ok {
			continue
		}
		i := 0
		for i < len(rest) && isIdentByte(rest[i]) {
			i++
		}
		name := rest[:i]
		rest = rest[i:]
		var d dmDef
		if strings.HasPrefix(rest, "(") {
			j := strings.IndexByte(rest, ')')
			if j < 0 {
				continue
			}
			d.funcLike = true
			d.params = rest[:j+1]
			rest = rest[j+1:]
		}
		d.body = strings.TrimSpace(rest)
		defs[name] = d
	}
	return defs
}

func isIdentByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// runner runs gcc for one request, stubbing missing headers as it goes.
type runner struct {
	req       Request
	tmp, stub string
	protected map[string]bool // headers that must never be stubbed
}

type diag struct {
	file string
	line int
	msg  string // error text after "error: "
	text string // the whole line
}

func (d diag) lineIn(file string) (int, bool) {
	if d.file != file {
		return 0, false
	}
	return d.line, true
}

func (g *runner) args(src, mode string) []string {
	a := []string{"-E", mode, "-undef", "-nostdinc", "-x", "c", "-std=gnu11",
		"-fdiagnostics-plain-output", "-fno-diagnostics-show-option", "-fmax-errors=0",
		// Report an error in an #if at the #if line, not at the token in
		// some macro body, so that it can be mapped back to its probe.
		"-ftrack-macro-expansion=0"}
	for _, d := range g.req.Defines {
		a = append(a, "-D"+d)
	}
	if g.req.ConfigDir != "" {
		a = append(a, "-I", g.req.ConfigDir)
	}
	for _, d := range g.req.IncludeDirs {
		a = append(a, "-I", d)
	}
	if g.req.LwipInclude != "" {
		a = append(a, "-I", g.req.LwipInclude)
	}
	for _, d := range g.req.AfterDirs {
		a = append(a, "-idirafter", d)
	}
	a = append(a, "-isystem", g.stub, "-idirafter", g.stub)
	for _, f := range g.req.Includes {
		a = append(a, "-include", f)
	}
	return append(a, src)
}

var (
	// "x.h:58:10: fatal error: sys/time.h: No such file or directory"
	missingRE = regexp.MustCompile(`fatal error: (.+): No such file or directory$`)
	// "x.h:3:10: error: no include path in which to search for stdio.h"
	noPathRE = regexp.MustCompile(`error: no include path in which to search for (.+)$`)
	// "file:line:col: error: text" and "file:line: error: text"
	diagRE = regexp.MustCompile(`^(.*?):(\d+):(?:\d+:)? (?:fatal )?error: (.*)$`)
)

// run runs gcc until no header is missing any more and returns stdout and
// the error diagnostics of the last run.
func (g *runner) run(ctx context.Context, src, mode string) ([]byte, []diag, error) {
	for round := 0; ; round++ {
		cmd := exec.CommandContext(ctx, g.req.GCC, g.args(src, mode)...)
		cmd.Env = cEnv()
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		runErr := cmd.Run()
		if ctx.Err() != nil {
			return nil, nil, ctx.Err()
		}
		var ee *exec.ExitError
		if runErr != nil && !errors.As(runErr, &ee) {
			return nil, nil, fmt.Errorf("gccoracle: running %s: %w", g.req.GCC, runErr)
		}
		var missing []string
		var diags []diag
		for _, line := range strings.Split(stderr.String(), "\n") {
			if m := missingRE.FindStringSubmatch(line); m != nil {
				missing = append(missing, m[1])
				continue
			}
			if m := noPathRE.FindStringSubmatch(line); m != nil {
				missing = append(missing, m[1])
				continue
			}
			if m := diagRE.FindStringSubmatch(line); m != nil {
				n, _ := strconv.Atoi(m[2])
				diags = append(diags, diag{file: m[1], line: n, msg: m[3], text: line})
			}
		}
		if len(missing) == 0 {
			if runErr != nil && len(diags) == 0 {
				return nil, nil, fmt.Errorf("gccoracle: %s failed: %v: %s", g.req.GCC, runErr, strings.TrimSpace(stderr.String()))
			}
			return stdout.Bytes(), diags, nil
		}
		if round >= maxStubRounds {
			return nil, nil, fmt.Errorf("gccoracle: gave up after stubbing %d missing headers (next: %s)", maxStubRounds, missing[0])
		}
		for _, h := range missing {
			if err := g.addStub(h); err != nil {
				return nil, nil, err
			}
		}
	}
}

func (g *runner) addStub(h string) error {
	clean := path.Clean(h)
	if g.protected[clean] {
		return fmt.Errorf("gccoracle: required header %q not found (LwipInclude %q)", h, g.req.LwipInclude)
	}
	if h == "" || path.IsAbs(h) || filepath.IsAbs(h) || clean == ".." || strings.HasPrefix(clean, "../") || strings.Contains(h, "\\") {
		return fmt.Errorf("gccoracle: cannot stub missing header %q", h)
	}
	p := filepath.Join(g.stub, filepath.FromSlash(clean))
	if _, err := os.Stat(p); err == nil {
		return fmt.Errorf("gccoracle: header %q still missing after stubbing it", h)
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, nil, 0o644)
}

// cEnv is the environment for gcc: English messages, no colours, and no
// include paths sneaking in through the environment.
func cEnv() []string {
	env := slices.DeleteFunc(os.Environ(), func(kv string) bool {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "LANG", "LANGUAGE", "GCC_COLORS", "CPATH", "C_INCLUDE_PATH", "CPLUS_INCLUDE_PATH", "OBJC_INCLUDE_PATH", "DEPENDENCIES_OUTPUT", "SUNPRO_DEPENDENCIES", "SOURCE_DATE_EPOCH":
			return true
		}
		return strings.HasPrefix(k, "LC_")
	})
	return append(env, "LC_ALL=C")
}
