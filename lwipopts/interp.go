package lwipopts

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"modernc.org/cc/v4"
)

// The fast path of a load. cc/v4 preprocesses lwIP's reduced headers again
// for every configuration (about 3,200 directives), which took three
// quarters of a load. They are lwIP's own text, the same for every
// configuration, so lwiplint evaluates them itself (the #if evaluator and
// macro expander of expand.go), and gives cc/v4 only what the user wrote:
// every file that is not one of lwIP's headers (lwipopts.h, the headers it
// includes, the port's arch/cc.h) is preprocessed by cc/v4 where lwIP's
// headers include it, in a translation unit of its own that first defines
// every macro defined at that point (the state source).
//
// The interpreter handles what lwIP's headers hold: conditionals, object-
// and function-like #defines, #undef, #error and #include of a quoted or
// bracketed name. Anything else, any #if it cannot evaluate and any error
// cc/v4 reports other than an #error line give errFallback: the load then
// starts again and preprocesses everything with cc/v4, as it did before,
// so that errors are reported by the one path that has always reported
// them. LWIPLINT_INTERP=0 makes every load take that path (see
// TestInterpAgreesWithCC).

// errFallback: the interpreter met something it leaves to cc/v4.
var errFallback = errors.New("lwipopts: interpreter falls back to cc/v4")

// stateSource names the source that carries the macro table into a cc/v4
// segment; a macro still defined there afterwards is unchanged.
const stateSource = "<lwiplint-state>"

var interpOff = os.Getenv("LWIPLINT_INTERP") == "0"

// builtinNames are the macros cc/v4 (like gcc) defines by itself, with a
// value that depends on where they are used: defined in #ifdef and
// defined(), kept out of the state source and of the final table. Their
// body is empty, so that an #if that reads one falls back to cc/v4.
var builtinNames = []string{"__COUNTER__", "__FILE__", "__LINE__", "__DATE__", "__TIME__", "__has_include", "__has_include_next"}

func isBuiltinName(n string) bool {
	for _, b := range builtinNames {
		if n == b {
			return true
		}
	}
	return false
}

// interp is the evaluation of one configuration's translation unit.
type interp struct {
	r      *run
	l      *Loader
	ccfg   *cc.Config
	macros map[string]*macro // the macro table; nil entries are undefined names
	env    *macroEnv
	steps  int
	// evalErr is the error of the last #if test that failed, see
	// carryOn.
	evalErr error
	// divZeros counts the divisions by zero of the last #if test.
	divZeros int
}

// source returns the reduced header rel as the interpreter reads it; its
// directives are tokenized once, for all the configurations that use the
// program.
func (p *program) source(rel string) *lwipSource {
	p.analyze()
	p.sourcesOnce.Do(func() {
		if p.sources != nil { // read from a TreeCache entry, tokens and all
			return
		}
		p.sources = make(map[string]*lwipSource, len(p.dirs))
		for rel, ds := range p.dirs {
			p.sources[rel] = &lwipSource{dirs: ds}
		}
	})
	return p.sources[rel]
}

// interpret evaluates the program's root headers with the configuration:
// base are the sources before them (<built-in>, <command-line>, -include
// files). It returns errFallback when the run must start again with cc/v4.
func (r *run) interpret(l *Loader, ccfg *cc.Config, base []cc.Source, units []string) error {
	in := &interp{r: r, l: l, ccfg: ccfg, macros: map[string]*macro{}}
	in.env = &macroEnv{macros: in.macros, user: map[string]bool{}, limit: expansionLimit}
	for _, n := range builtinNames {
		in.macros[n] = &macro{Name: n}
	}
	if !in.predefine(base) {
		if err := in.segment(base); err != nil {
			return err
		}
	}
	if units != nil {
		// Config.Preprocess: lwIP's .c files, with lwIP's headers whole.
		for _, u := range units {
			src, err := l.lwipSource(u, r.inputs)
			if err != nil {
				return errFallback
			}
			if err := in.file(nil, u, src); err != nil {
				return err
			}
		}
		return nil
	}
	for _, rt := range r.prog.Roots {
		if err := in.include(nil, "<lwiplint>", `"`+rt+`"`); err != nil {
			return err
		}
	}
	for n, m := range in.macros {
		if m == nil || isBuiltinName(n) {
			delete(in.macros, n)
		}
	}
	r.mirror = in.macros
	return nil
}

// include resolves the #include argument arg (with its quotes or angle
// brackets) of the file cur and reads what it names.
func (in *interp) include(top *frame, cur, arg string) error {
	r := in.r
	if len(arg) < 2 {
		return errFallback
	}
	var dirs []string
	switch {
	case arg[0] == '"' && arg[len(arg)-1] == '"':
		dirs = in.ccfg.IncludePaths
	case arg[0] == '<' && arg[len(arg)-1] == '>':
		dirs = in.ccfg.SysIncludePaths
	default:
		return errFallback
	}
	nm := arg[1 : len(arg)-1]
	if nm == "" || filepath.IsAbs(nm) || strings.ContainsAny(nm, `"<>`) {
		return errFallback
	}
	for _, v := range dirs {
		if v == "" || v == "@" {
			v, _ = filepath.Split(cur)
			v = filepath.Clean(v)
		}
		pth := filepath.Join(v, nm)
		r.mu.Lock()
		k, rel, _, _ := r.classify(pth, top)
		r.mu.Unlock()
		switch k {
		case fileMissing:
			continue
		case fileTree:
			return in.file(top, pth, r.prog.source(rel))
		case fileStub:
			if src := freestandingSource(nm); src != nil {
				return in.file(top, pth, src)
			}
			r.readStubAs(pth, nm, top)
			r.mu.Lock()
			defer r.mu.Unlock()
			if err := r.enter(pth); err != nil {
				return in.stop()
			}
			r.leave(pth)
			return nil
		case fileDisk:
			if t, ok := r.treeRel(pth); r.full && ok && inTree(t) {
				// Config.Preprocess reads lwIP's headers whole.
				src, err := in.l.lwipSource(pth, r.inputs)
				if err != nil {
					return errFallback
				}
				return in.file(top, pth, src)
			}
			return in.segment([]cc.Source{{Name: pth}})
		default:
			// A file of the user's: cc/v4 reads it.
			return in.segment([]cc.Source{{Name: pth}})
		}
	}
	return errFallback
}

// stop is the error of a run the hooks stopped (r.mu held): the input
// error they recorded, else errFallback.
func (in *interp) stop() error {
	if in.r.fatal != nil {
		return in.r.fatalError()
	}
	return errFallback
}

// lwipSource is one of lwIP's files as the interpreter reads it: a header
// of the reduced program or, for Config.Preprocess, a file read whole; src
// is then the text the directives index.
type lwipSource struct {
	dirs []directive
	src  []byte
	once sync.Once
	toks [][]token // of the directives the interpreter reads, see tokens
	bad  []bool    // a directive whose text did not tokenize
	// state is the file's state when it was read from disk, for files
	// not scanned with the tree (whose states the program keeps).
	state FileState
	// defs holds the macro of each #define that parses (parseDefine),
	// without its position; nil for the other directives. A macro is not
	// changed once made, so runs copy it and add the position.
	defs []*macro
}

// tokens returns the tokens of the directives and the macros of the
// #defines, tokenizing and parsing them on first use.
func (s *lwipSource) tokens() ([][]token, []bool, []*macro) {
	s.once.Do(func() {
		toks, bad, defs := make([][]token, len(s.dirs)), make([]bool, len(s.dirs)), make([]*macro, len(s.dirs))
		for i, d := range s.dirs {
			switch d.Name {
			case "if", "elif", "define", "undef", "error", "ifdef", "ifndef", "include":
				ts, err := tokenize(d.Rest)
				toks[i], bad[i] = ts, err != nil
				defs[i] = defineMacro(d, ts, bad[i])
			}
		}
		s.toks, s.bad, s.defs = toks, bad, defs
	})
	return s.toks, s.bad, s.defs
}

// defineMacro returns the macro of the directive d, whose tokens are ts,
// when d is a #define that tokenized (bad unset) and parses; else nil.
func defineMacro(d directive, ts []token, bad bool) *macro {
	if d.Name != "define" || bad {
		return nil
	}
	if m, ok := parseDefine(ts); ok {
		return m
	}
	return nil
}

// lwipSource returns the lwIP file at the real path read whole (for
// Config.Preprocess): scanned and tokenized once per Loader. The state of
// the file when it was read goes to in: a later load that has os.Stat
// give another state then knows that its result is not that of the text
// kept (inputs.put).
func (l *Loader) lwipSource(path string, in *inputs) (*lwipSource, error) {
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	v, ok := l.sources.Load(path)
	if !ok {
		b, state, err := readState(path, maxFileSize)
		if err != nil {
			return nil, err
		}
		sc, err := scanSource(path, b)
		if err != nil {
			return nil, err
		}
		v, _ = l.sources.LoadOrStore(path, &lwipSource{dirs: sc.Dirs, src: sc.Src, state: state})
	}
	src := v.(*lwipSource)
	if src.state.Path != "" {
		in.addAll(src.state)
	}
	return src, nil
}

// file interprets one of lwIP's files, which cc/v4 would call name.
func (in *interp) file(top *frame, name string, src *lwipSource) error {
	r := in.r
	dirs := src.dirs
	toks, bad, defs := src.tokens()
	r.mu.Lock()
	r.register(name, top, &scanned{Dirs: dirs, Src: src.src}, r.diskKind(name), nil)
	if r.stopped() || r.enter(name) != nil {
		defer r.mu.Unlock()
		return in.stop()
	}
	f := r.top()
	// Where the file's lines are shown: the same for all of them (and
	// without a column, for lwIP's reduced headers).
	disp := r.display(Position{File: name, Line: 1, Col: 1})
	r.mu.Unlock()
	posOf := func(d directive) Position {
		p := Position{File: disp.File, Line: d.Line}
		if disp.Col != 0 {
			p.Col = d.Col
		}
		return p
	}

	// The conditional stack: taking is whether the current group is
	// read, done whether a group of the section has been.
	type cond struct{ taking, done bool }
	var stack []cond
	taking := true
	for i, d := range dirs {
		if bad[i] {
			// An unterminated quote: cc/v4 rejects it even in a skipped
			// group (gcc only warns), and its error is the one to show.
			return errFallback
		}
		ts := toks[i]
		in.steps++
		if in.steps&63 == 0 {
			r.mu.Lock()
			r.at(Position{File: name, Line: d.Line, Col: d.Col})
			if r.stopped() {
				defer r.mu.Unlock()
				return in.stop()
			}
			r.mu.Unlock()
		}
		switch d.Name {
		case "if", "ifdef", "ifndef":
			stack = append(stack, cond{taking, false})
			if !taking {
				stack[len(stack)-1].done = true
				continue
			}
			in.divZeros = 0
			v, err := in.test(d.Name, ts)
			if err != nil && !in.carryOn(name, posOf(d)) {
				return err
			}
			in.divisions(name, posOf(d))
			taking = v
			stack[len(stack)-1].done = v
		case "elif":
			if len(stack) == 0 {
				return errFallback
			}
			c := &stack[len(stack)-1]
			if !c.taking || c.done {
				taking = false
				continue
			}
			in.divZeros = 0
			v, err := in.test("if", ts)
			if err != nil && !in.carryOn(name, posOf(d)) {
				return err
			}
			in.divisions(name, posOf(d))
			taking, c.done = v, v
		case "else":
			if len(stack) == 0 {
				return errFallback
			}
			c := &stack[len(stack)-1]
			taking = c.taking && !c.done
			c.done = true
		case "endif":
			if len(stack) == 0 {
				return errFallback
			}
			taking = stack[len(stack)-1].taking
			stack = stack[:len(stack)-1]
		default:
			if !taking {
				continue
			}
			switch d.Name {
			case "define":
				if defs[i] == nil {
					return errFallback
				}
				m := *defs[i]
				m.Pos, m.File = posOf(d), name
				in.macros[m.Name] = &m
			case "undef":
				if len(ts) != 1 || ts[0].Kind != tIdent {
					return errFallback
				}
				delete(in.macros, ts[0].Text)
			case "error":
				pos := posOf(d)
				if pos.Col != 0 {
					// cc/v4 reports the column of the word "error".
					col, ok := errorWordCol(src.src, d)
					if !ok {
						return errFallback
					}
					pos.Col = col
				}
				r.cfg.Errors = append(r.cfg.Errors, Note{Pos: pos, Text: joinTokens(ts), Lwip: r.lwipOwned(name)})
			case "include":
				if err := in.include(f, name, strings.TrimSpace(d.Rest)); err != nil {
					return err
				}
			default:
				return errFallback
			}
		}
	}
	if len(stack) != 0 {
		return errFallback
	}
	r.mu.Lock()
	r.leave(name)
	r.mu.Unlock()
	return nil
}

// carryOn reports whether the #if at pos of the file name, which the
// evaluator could not evaluate (in.evalErr), is an error to report and go
// on from, as gcc 12 does (cpplib's _cpp_parse_expr reports it and the
// group is skipped): for Config.Preprocess, in one of lwIP's files, when
// the error is one of the expression (a cast or sizeof in an option, an
// empty option); not the expansion limit. It records the error in the
// configuration's errors.
func (in *interp) carryOn(name string, pos Position) bool {
	var ee *EvalError
	if !in.r.full || !errors.As(in.evalErr, &ee) || ee.Msg == divZeroText || !in.r.lwipOwned(name) {
		return false
	}
	in.r.cfg.Errors = append(in.r.cfg.Errors, Note{Pos: pos, Text: "invalid #if expression: " + ee.Msg, Diagnostic: true, Lwip: true})
	return true
}

// divisions reports the divisions by zero of the #if at pos of the file
// name, as gcc does: an error at the line (gcc gives one per division).
func (in *interp) divisions(name string, pos Position) {
	if in.divZeros > 0 {
		pos.Col = 0 // a line, not an operator, as classifyErrors
		in.r.cfg.Errors = append(in.r.cfg.Errors, Note{Pos: pos, Text: divZeroText, Diagnostic: true, Lwip: in.r.lwipOwned(name)})
	}
}

// errorWordCol is the column of "error" in the #error directive d of src:
// after the '#' and blanks (a comment there is left to cc/v4).
func errorWordCol(src []byte, d directive) (int, bool) {
	if src == nil {
		return 0, false
	}
	i := d.First
	for i < d.End && (src[i] == ' ' || src[i] == '\t') {
		i++
	}
	if i >= d.End || src[i] != '#' {
		return 0, false
	}
	i++
	for i < d.End && (src[i] == ' ' || src[i] == '\t') {
		i++
	}
	if !bytes.HasPrefix(src[i:d.End], []byte("error")) {
		return 0, false
	}
	return i - bytes.LastIndexByte(src[:i], '\n'), true
}

// test evaluates a conditional directive of lwIP's headers.
func (in *interp) test(kind string, ts []token) (bool, error) {
	switch kind {
	case "ifdef", "ifndef":
		if len(ts) != 1 || ts[0].Kind != tIdent {
			return false, errFallback
		}
		return (in.macros[ts[0].Text] != nil) == (kind == "ifdef"), nil
	}
	// The common shapes first: "!defined X", "!defined(X)", "defined X".
	neg := len(ts) > 0 && ts[0].Text == "!"
	rest := ts
	if neg {
		rest = ts[1:]
	}
	if len(rest) >= 2 && rest[0].Text == "defined" {
		switch {
		case len(rest) == 2 && rest[1].Kind == tIdent:
			return (in.macros[rest[1].Text] != nil) != neg, nil
		case len(rest) == 4 && rest[1].Text == "(" && rest[2].Kind == tIdent && rest[3].Text == ")":
			return (in.macros[rest[2].Text] != nil) != neg, nil
		}
	}
	for _, t := range ts {
		if t.Kind == tIdent && isBuiltinName(t.Text) {
			// __has_include, __LINE__, …: cc/v4's (ifhook.go).
			in.evalErr = nil
			return false, errFallback
		}
	}
	ev := &evaluator{x: in.env.newExpander(ts, false), carry: true, numZero: in.r.full}
	res, err := ev.run()
	in.divZeros = ev.divZeros
	if err == nil && ev.numErr != nil {
		// An invalid number (0x, 08): gcc reports it and reads it as 0
		// (carryOn, for init.c); the value is that of the rest.
		in.evalErr = ev.numErr
		return res.Value.Int != 0, errFallback
	}
	if err != nil {
		if os.Getenv("LWIPLINT_DEBUG") != "" {
			println("interp: falls back:", joinTokens(ts), err.Error())
		}
		in.evalErr = err
		return false, errFallback
	}
	return res.Value.Int != 0, nil
}

// predefine defines the macros of the <built-in> and <command-line>
// sources (lines "#define NAME VALUE" that preprocess writes) without
// cc/v4, as cc/v4 would: it reports false, having defined nothing, for
// any other source (an -include file), any line with a comment, a quote or
// a backslash, and a name defined twice, which a cc/v4 run then handles.
func (in *interp) predefine(base []cc.Source) bool {
	var ms []*macro
	seen := map[string]bool{}
	for _, src := range base {
		v, ok := src.Value.(string)
		if !ok || src.Name != "<built-in>" && src.Name != "<command-line>" {
			return false
		}
		for i, line := range strings.Split(strings.TrimSuffix(v, "\n"), "\n") {
			if line == "" {
				continue
			}
			rest, ok := strings.CutPrefix(line, "#define ")
			if !ok || !plainDefine(rest) {
				return false
			}
			ts, err := tokenize(rest)
			if err != nil {
				return false
			}
			m, ok := parseDefine(ts)
			if !ok || seen[m.Name] || isBuiltinName(m.Name) {
				return false
			}
			seen[m.Name] = true
			m.Pos, m.File = in.r.display(Position{File: src.Name, Line: i + 1, Col: len("#define ") + 1}), src.Name
			ms = append(ms, m)
		}
	}
	for _, m := range ms {
		in.macros[m.Name] = m
	}
	return true
}

// plainDefine reports whether s holds only identifier characters, blanks
// and C punctuators, and no comment: text that tokenize splits as cc/v4
// does (no quote, backslash, '$', '@' or byte above 0x7f).
func plainDefine(s string) bool {
	if strings.Contains(s, "/*") || strings.Contains(s, "//") {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !isIdentChar(c) || c >= 0x80 {
			if c != ' ' && strings.IndexByte("()+-*/%<>=!&|^~?:,.[]{}#;", c) < 0 {
				return false
			}
		}
	}
	return true
}

// segment runs cc/v4 over srcs after the state source, then takes its
// macro table as the interpreter's.
func (in *interp) segment(srcs []cc.Source) error {
	r := in.r
	in.l.segments.Add(1)
	var st strings.Builder
	for n, m := range in.macros {
		if m != nil && !isBuiltinName(n) {
			writeDefine(&st, m)
		}
	}
	sources := make([]cc.Source, 0, len(srcs)+2)
	sources = append(sources, cc.Source{Name: stateSource, Value: st.String()})
	sources = append(sources, srcs...)
	sources = append(sources, cc.Source{Name: "<lwiplint>", Value: "int __predefined_declarator;\n"})
	ast, err := r.parse(in.ccfg, sources)
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fatal != nil {
		return r.fatalError()
	}
	if r.classifyErrors(err) != nil || ast == nil {
		return errFallback
	}
	for n, m := range ast.Macros {
		if m.Position().Filename == stateSource || isBuiltinName(n) {
			continue
		}
		in.macros[n] = r.convMacro(n, m)
	}
	for n, m := range in.macros {
		if _, ok := ast.Macros[n]; m != nil && !ok && !isBuiltinName(n) && !ccHidden[n] {
			delete(in.macros, n)
		}
	}
	return nil
}

// ccHidden are the macros that cc/v4 (v4.34.0, cpp.go builtin) answers
// itself, leaving their -D definitions out of its macro table: they stay
// as defined before the segment (gcc: 1, 201112L and 1 for C11).
var ccHidden = map[string]bool{"__STDC__": true, "__STDC_VERSION__": true, "__STDC_HOSTED__": true}

// parseDefine parses the tokens after "#define".
func parseDefine(ts []token) (*macro, bool) {
	if len(ts) == 0 || ts[0].Kind != tIdent || ts[0].Text == "defined" {
		return nil, false
	}
	m := &macro{Name: ts[0].Text}
	body := ts[1:]
	if len(ts) > 1 && ts[1].Text == "(" && !ts[1].Space {
		m.FuncLike = true
		i := 2
		for ; ; i++ {
			if i >= len(ts) {
				return nil, false
			}
			t := ts[i]
			if t.Text == ")" && len(m.Params) == 0 {
				break
			}
			switch {
			case t.Text == "...":
				m.Params, m.Variadic = append(m.Params, "__VA_ARGS__"), true
			case t.Kind == tIdent:
				m.Params = append(m.Params, t.Text)
				if i+1 < len(ts) && ts[i+1].Text == "..." {
					m.Variadic = true
					i++
				}
			default:
				return nil, false
			}
			i++
			if i >= len(ts) {
				return nil, false
			}
			if ts[i].Text == ")" {
				break
			}
			if ts[i].Text != "," || m.Variadic {
				return nil, false
			}
		}
		body = ts[i+1:]
	}
	if len(body) > 0 {
		m.Body = body
	}
	return m, true
}

// writeDefine writes m as a #define line.
func writeDefine(b *strings.Builder, m *macro) {
	b.WriteString("#define ")
	b.WriteString(m.Name)
	if m.FuncLike {
		b.WriteByte('(')
		for i, p := range m.Params {
			if i > 0 {
				b.WriteByte(',')
			}
			switch {
			case m.Variadic && i == len(m.Params)-1 && p == "__VA_ARGS__":
				b.WriteString("...")
			case m.Variadic && i == len(m.Params)-1:
				b.WriteString(p)
				b.WriteString("...")
			default:
				b.WriteString(p)
			}
		}
		b.WriteByte(')')
	}
	for i, t := range m.Body {
		if i == 0 || t.Space {
			b.WriteByte(' ')
		}
		b.WriteString(t.Text)
	}
	b.WriteByte('\n')
}
