package lwipopts

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"

	"modernc.org/cc/v4"
)

// cc/v4 (v4.34.0, cpp.go) evaluates #if differently from gcc 12 in corners
// that real files reach: a division by zero keeps a negative left operand
// (gcc's num_div_op makes it positive), "A >> -1" is 0 (gcc shifts left),
// '\377' and '\xff' are 255 (gcc: -1, char is signed), multi-character and
// u'x'/U'x' constants and 0b literals are errors, an undefined
// function-like name "F(3)" reads as 0 without an error, __STDC__ and
// __STDC_VERSION__ read as 0 and __STDC_HOSTED__ panics (cpp.go, "TODO").
// So every conditional chain (#if/#ifdef/#ifndef, its #elifs) that holds
// an #if or #elif is decided by lwiplint's own evaluator (expand.go, the
// interpreter's), which follows gcc, and cc/v4 only takes the branch:
//
//   - serveText puts "#pragma __lwiplint_if N" before the chain's first
//     directive N, and serves the chain's directives as
//     "#if __has_include("__lwiplint_brK__")" and
//     "#elif __has_include("__lwiplint_brK__")", K the branch;
//   - the pragma hook (run.pragma → decideChain) evaluates the branches in
//     order, as gcc does (an #elif after the branch taken is not evaluated),
//     with the macros cc/v4 has at that point, which the run mirrors from
//     the #define and #undef lines cc/v4 reaches (marked by serveText) and
//     its start sources;
//   - run.Open answers __has_include("__lwiplint_brK__") (cc/v4 opens each
//     candidate, never caching the answer) with the branch decided.
//
// An #elif is read after the groups before it, which are then skipped, so
// the macros are those at the #if: the chain is decided at once. A chain
// whose text lwiplint's tokenizer does not split, or that names
// __has_include, __has_include_next or __COUNTER__, is left to cc/v4.
const (
	ifPragma     = "__lwiplint_if"
	mdefPragma   = "__lwiplint_mdef" // a #define or #undef to mirror, in lwIP's files
	branchPrefix = "__lwiplint_br"
	errPragma    = "__lwiplint_err" // before an #error, for the order of the errors (mergeHookNotes)
)

// hookedChains returns the chains of a file's directives that serveText
// hands to the evaluator: by the index of a chain's first directive, the
// indices of its branches (that one, then its #elifs). nil when none.
func hookedChains(dirs []directive) map[int][]int {
	var out map[int][]int
	type chain struct {
		idx  []int
		ok   bool
		cond bool // holds an #if or #elif
		els  bool // past its #else
	}
	var stack []*chain
	for i, d := range dirs {
		switch d.Name {
		case "if", "ifdef", "ifndef":
			stack = append(stack, &chain{idx: []int{i}, ok: hookable(d), cond: d.Name == "if"})
		case "elif":
			if len(stack) == 0 {
				continue
			}
			c := stack[len(stack)-1]
			c.idx = append(c.idx, i)
			c.cond = true
			// An #elif after #else is an error that cc/v4 reports.
			c.ok = c.ok && hookable(d) && !c.els
		case "else":
			if len(stack) > 0 {
				stack[len(stack)-1].els = true
			}
		case "endif":
			if len(stack) == 0 {
				continue
			}
			c := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if c.ok && c.cond {
				if out == nil {
					out = map[int][]int{}
				}
				out[c.idx[0]] = c.idx
			}
		}
	}
	// A chain that no #endif closes is left to cc/v4, which reports it.
	return out
}

// branchOf maps each directive of the hooked chains to its branch number.
func branchOf(chains map[int][]int) map[int]int {
	if chains == nil {
		return nil
	}
	m := map[int]int{}
	for _, idx := range chains {
		for k, i := range idx {
			m[i] = k
		}
	}
	return m
}

// hookable reports whether the evaluator can decide the conditional d.
func hookable(d directive) bool {
	ts, err := tokenize(d.Rest)
	if d.Name == "ifdef" || d.Name == "ifndef" {
		return err == nil && len(ts) == 1 && ts[0].Kind == tIdent
	}
	if err != nil {
		// An unterminated quote ("1'000", C23's digit separator): an
		// error of the expression (testBranch), as in gcc.
		return true
	}
	if len(ts) == 0 {
		return false
	}
	for _, t := range ts {
		switch t.Text {
		case "__has_include", "__has_include_next", "__COUNTER__", "__has_include__":
			return false
		}
		if t.Kind == tPunct && (t.Text == "#" || t.Text == "##" || t.Text == "%:" || t.Text == "%:%:") {
			return false
		}
	}
	return true
}

// branchName is the __has_include argument of branch k.
func branchName(k int) string { return fmt.Sprintf("%s%d__", branchPrefix, k) }

// branchOpen answers run.Open for a branch name: found for the branch
// decided last. r.mu is held.
func (r *run) branchOpen(name string) (fs.File, error, bool) {
	b := filepath.Base(name)
	rest, ok := strings.CutPrefix(b, branchPrefix)
	if !ok {
		return nil, nil, false
	}
	k, err := strconv.Atoi(strings.TrimSuffix(rest, "__"))
	if err != nil || !strings.HasSuffix(rest, "__") {
		return nil, nil, false
	}
	if k != r.branch {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}, true
	}
	return &served{name: name, data: []byte{}}, nil, true
}

// mirrorSources starts the mirror of cc/v4's macros for a run over
// sources: the #define lines of the sources given as text (<built-in>,
// <command-line>, the interpreter's state).
func (r *run) mirrorSources(sources []cc.Source) {
	r.cmacros, r.mstack = map[string]*macro{}, nil
	r.branch = -1
	for _, n := range []string{"__FILE__", "__DATE__", "__TIME__"} {
		// Defined, and strings, which no #if takes.
		r.cmacros[n] = &macro{Name: n, Body: []token{{Kind: tPunct, Text: "@"}}}
	}
	for _, src := range sources {
		v, ok := src.Value.(string)
		if !ok {
			continue
		}
		for _, line := range strings.Split(v, "\n") {
			if rest, ok := strings.CutPrefix(line, "#define "); ok {
				r.mirrorDefine("define", rest)
			}
		}
	}
}

// mirrorDefine applies a #define or #undef (kind) with the text rest to the
// mirror. A definition the tokenizer does not split is kept as defined
// with a body that no #if can evaluate.
func (r *run) mirrorDefine(kind, rest string) {
	if r.cmacros == nil {
		return
	}
	ts, err := tokenize(rest)
	if kind == "undef" {
		if err == nil && len(ts) > 0 && ts[0].Kind == tIdent {
			delete(r.cmacros, ts[0].Text)
		}
		return
	}
	if err == nil {
		if m, ok := parseDefine(ts); ok {
			r.cmacros[m.Name] = m
			return
		}
	}
	name := rest
	if i := strings.IndexFunc(rest, func(c rune) bool { return c > 0x7f || !isIdentChar(byte(c)) }); i >= 0 {
		name = rest[:i]
	}
	if name != "" && isIdentStart(name[0]) {
		r.cmacros[name] = &macro{Name: name, Body: []token{{Kind: tPunct, Text: "@"}}}
	}
}

// mirrorAt applies the #define or #undef directive i of the file fn.
// r.mu is held.
func (r *run) mirrorAt(fn string, i int) {
	fi := r.files[fn]
	if fi == nil || i < 0 || i >= len(fi.dirs) {
		return
	}
	switch d := fi.dirs[i]; d.Name {
	case "define", "undef":
		r.mirrorDefine(d.Name, d.Rest)
	case "pragma":
		// #pragma push_macro("X") and pop_macro("X"), which cc/v4
		// handles itself (cpp.go), as gcc does: a pop without a push
		// changes nothing.
		op, arg, ok := macroStackPragma(d.Rest)
		if !ok || r.cmacros == nil {
			return
		}
		if r.mstack == nil {
			r.mstack = map[string][]*macro{}
		}
		switch st := r.mstack[arg]; op {
		case "push_macro":
			r.mstack[arg] = append(st, r.cmacros[arg])
		case "pop_macro":
			if len(st) == 0 {
				return
			}
			if m := st[len(st)-1]; m != nil {
				r.cmacros[arg] = m
			} else {
				delete(r.cmacros, arg)
			}
			r.mstack[arg] = st[:len(st)-1]
		}
	}
}

// macroStackPragma parses the text after "#pragma" of a push_macro or
// pop_macro pragma: the operation and the macro name.
func macroStackPragma(rest string) (op, name string, ok bool) {
	ts, err := tokenize(rest)
	if err != nil || len(ts) != 4 || ts[1].Text != "(" || ts[3].Text != ")" || ts[2].Kind != tString || len(ts[2].Text) < 2 || ts[2].Text[0] != '"' {
		return "", "", false
	}
	if ts[0].Text != "push_macro" && ts[0].Text != "pop_macro" {
		return "", "", false
	}
	return ts[0].Text, ts[2].Text[1 : len(ts[2].Text)-1], true
}

// decideChain evaluates the chain that starts at directive i of the file
// fn, as gcc does, and records the branch taken for branchOpen (-1: none).
// r.mu is held.
func (r *run) decideChain(fn string, i int) {
	r.branch = -1
	fi := r.files[fn]
	if fi == nil || r.cmacros == nil {
		return
	}
	if fi.chains == nil {
		fi.chains = hookedChains(fi.dirs)
		if fi.chains == nil {
			fi.chains = map[int][]int{}
		}
	}
	for k, j := range fi.chains[i] {
		if r.testBranch(fn, fi.dirs[j], presumedLine(fi.dirs, j)) {
			r.branch = k
			return
		}
	}
}

// presumedLine is the line number __LINE__ gives at directive j of dirs:
// its line, as the last "#line N" before it renumbers it (serveText drops
// #line, so that positions name the real lines, but gcc's __LINE__
// follows it). A #line whose number is a macro is not followed.
func presumedLine(dirs []directive, j int) int {
	for k := j - 1; k >= 0; k-- {
		if dirs[k].Name != "line" {
			continue
		}
		f := strings.Fields(dirs[k].Rest)
		if len(f) == 0 {
			break
		}
		n, err := strconv.Atoi(f[0])
		if err != nil {
			break
		}
		// The line after the #line directive is n (a #line continued
		// over several lines is taken as one line).
		return n + dirs[j].Line - dirs[k].Line - 1
	}
	return dirs[j].Line
}

// testBranch evaluates the conditional d of the file fn with the mirrored
// macros: a division by zero is reported at its line and gives gcc's
// value; an expression the evaluator cannot evaluate is, as gcc does,
// false, and an error: one of the build in one of lwIP's files for
// Config.Preprocess, else one of the input (classifyErrors).
func (r *run) testBranch(fn string, d directive, line int) bool {
	ts, err := tokenize(d.Rest)
	if err != nil {
		err = &EvalError{Msg: err.Error()}
	}
	switch d.Name {
	case "ifdef":
		return r.cmacros[ts[0].Text] != nil
	case "ifndef":
		return r.cmacros[ts[0].Text] == nil
	}
	pos := Position{File: fn, Line: d.Line, Col: d.Col}
	if err != nil {
		return r.branchError(fn, pos, err)
	}
	saved := r.cmacros["__LINE__"]
	r.cmacros["__LINE__"] = &macro{Name: "__LINE__", Body: []token{{Kind: tNumber, Text: strconv.Itoa(line)}}}
	// The work of all the chains of the run is bounded as cc/v4 bounds
	// its own (ExpansionLimit): many #ifs just under the limit of one.
	left := ccExpansionLimit - r.hookWork
	if left <= 0 {
		return r.branchError(fn, pos, errExpansionLimit)
	}
	env := &macroEnv{macros: r.cmacros, limit: left}
	ev := &evaluator{x: env.newExpander(ts, false), carry: true, numZero: true}
	res, err := ev.run()
	r.hookWork += ev.x.work
	divs := ev.divZeros
	if saved != nil {
		r.cmacros["__LINE__"] = saved
	} else {
		delete(r.cmacros, "__LINE__")
	}
	if divs > 0 {
		at := r.display(pos)
		at.Col = 0
		r.hookNote(Note{Pos: at, Text: divZeroText, Diagnostic: true, Lwip: r.lwipOwned(fn)})
	}
	if err != nil {
		return r.branchError(fn, pos, err)
	}
	if ev.numErr != nil {
		// Reported, and the value computed with the number as 0.
		r.branchError(fn, pos, ev.numErr)
	}
	return res.Value.Int != 0
}

// branchError records the error err of the #if at pos of the file fn and
// returns false, the value gcc gives it.
func (r *run) branchError(fn string, pos Position, err error) bool {
	var ee *EvalError
	if errors.As(err, &ee) && r.lwipOwned(fn) {
		// An #if of lwIP's that the configuration makes unevaluable
		// (a cast, sizeof in an option): gcc reports it and skips the
		// group (cpplib's _cpp_parse_expr gives 0), an error of the
		// build. An option defined empty or as no expression at all
		// ("; 0") is an error of the input, at its #define
		// (classifyErrors, culprit).
		msg := "invalid #if expression: " + ee.Msg
		if _, blamed := r.culprit(pos, msg); !blamed || r.full {
			r.hookNote(Note{Pos: r.display(pos), Text: msg, Diagnostic: true, Lwip: true})
			return false
		}
	}
	r.condErrs = append(r.condErrs, fmt.Sprintf("%s:%d:%d: %s", fn, pos.Line, pos.Col, err.Error()))
	return false
}

// seqNote is an error found deciding a chain, with its place in the order
// of the run's errors.
type seqNote struct {
	seq  int
	note Note
}

// hookNote records an error found deciding a chain. cc/v4 reports the
// #error lines it reaches only at the end of its run, so the errors are
// put in order then (mergeHookNotes). r.mu is held.
func (r *run) hookNote(n Note) {
	r.seq++
	r.hookNotes = append(r.hookNotes, seqNote{r.seq, n})
}

// errorMark records that cc/v4 reaches the #error directive i of the file
// fn now. r.mu is held.
func (r *run) errorMark(fn string, i int) {
	fi := r.files[fn]
	if fi == nil || i < 0 || i >= len(fi.dirs) {
		return
	}
	r.seq++
	at := r.display(Position{File: fn, Line: fi.dirs[i].Line})
	k := at.File + ":" + strconv.Itoa(at.Line)
	if r.errMarks == nil {
		r.errMarks = map[string][]int{}
	}
	r.errMarks[k] = append(r.errMarks[k], r.seq)
}

// mergeHookNotes puts the errors found deciding chains among those that
// cc/v4 reported (r.cfg.Errors from r.errBase on) in the order they were
// reached: an #error by the mark before it, any other error of cc/v4's
// after the one before it. r.mu is held.
func (r *run) mergeHookNotes() {
	if len(r.hookNotes) == 0 || r.errBase > len(r.cfg.Errors) {
		r.hookNotes, r.errMarks = nil, nil
		return
	}
	cc := r.cfg.Errors[r.errBase:]
	merged := make([]Note, 0, len(cc)+len(r.hookNotes))
	last := 0
	h := r.hookNotes
	for _, n := range cc {
		k := n.Pos.File + ":" + strconv.Itoa(n.Pos.Line)
		if q := r.errMarks[k]; len(q) > 0 && !n.Diagnostic {
			last = q[0]
			r.errMarks[k] = q[1:]
		}
		for len(h) > 0 && h[0].seq < last {
			merged = append(merged, h[0].note)
			h = h[1:]
		}
		merged = append(merged, n)
	}
	for _, x := range h {
		merged = append(merged, x.note)
	}
	r.cfg.Errors = append(r.cfg.Errors[:r.errBase], merged...)
	r.hookNotes, r.errMarks = nil, nil
}
