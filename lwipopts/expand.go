package lwipopts

import (
	"errors"
	"sync"

	"fmt"
	"modernc.org/cc/v4"
	"strconv"
	"strings"
)

// macro is a macro definition in the final macro table.
type macro struct {
	Name     string
	FuncLike bool
	Params   []string
	Variadic bool // the last parameter is __VA_ARGS__ or a named variadic
	Body     []token
	Pos      Position // as shown to users
	File     string   // the file name cc/v4 read, for origin lookups
}

// macroEnv is the macro table at the end of the resolution translation
// unit, as lwIP's own #if checks see it.
type macroEnv struct {
	macros map[string]*macro
	// user holds the macros the configuration defines or undefines.
	user map[string]bool
	// limit bounds the tokens one evaluation may produce.
	limit int
	// src and conv give macros not yet converted (lazily, on first use).
	src  map[string]*cc.Macro
	conv func(string, *cc.Macro) *macro
	mu   sync.Mutex
}

// lookup returns the macro name, or nil when it is not defined.
func (e *macroEnv) lookup(name string) *macro {
	e.mu.Lock()
	defer e.mu.Unlock()
	if m, ok := e.macros[name]; ok {
		return m
	}
	var m *macro
	if cm := e.src[name]; cm != nil && e.conv != nil {
		m = e.conv(name, cm)
	}
	e.macros[name] = m
	return m
}

// errExpansionLimit is returned when an evaluation exceeds the expansion
// budget (a macro bomb).
var errExpansionLimit = errors.New("macro expansion limit exceeded")

// maxStringBytes bounds the bytes that # may make in one evaluation: no
// lwIP option needs a string of more than a few hundred.
const maxStringBytes = 1 << 20

// hideSet is the set of macro names a token must not be expanded by. It is
// immutable and shared: with adds a name in constant time (the sets are as
// small as the nesting of expansions, so has walks a short list).
type hideSet struct{ p *hideNode }

type hideNode struct {
	name string
	next *hideNode
	n    int // the size of the set this node heads
}

func (h hideSet) has(n string) bool {
	for p := h.p; p != nil; p = p.next {
		if p.name == n {
			return true
		}
	}
	return false
}

// len is the number of names in h.
func (h hideSet) len() int {
	if h.p == nil {
		return 0
	}
	return h.p.n
}

func (h hideSet) with(n string) hideSet {
	if h.has(n) {
		return h
	}
	return hideSet{&hideNode{name: n, next: h.p, n: h.len() + 1}}
}

func (h hideSet) intersect(o hideSet) hideSet {
	var r hideSet
	for p := h.p; p != nil; p = p.next {
		if o.has(p.name) {
			r = r.with(p.name)
		}
	}
	return r
}

type htoken struct {
	token
	hs hideSet
	// noExpand marks an identifier that must never be expanded again (it
	// was a macro name in its own expansion: C11 6.10.3.4p2).
	noExpand bool
}

// expander expands macros lazily, so that the #if evaluator can see the
// 'defined' operator in the stream as gcc does.
type expander struct {
	env   *macroEnv
	stack [][]htoken
	work  int
	// strBytes is the bytes of the strings # made (maxStringBytes).
	strBytes int
	// seen records every identifier met during expansion (macro or not),
	// when it is not nil.
	seen map[string]bool
}

// newExpander returns an expander of ts; track makes it record the
// identifiers seen.
func (e *macroEnv) newExpander(ts []token, track bool) *expander {
	hs := make([]htoken, len(ts))
	for i, t := range ts {
		hs[i] = htoken{token: t}
	}
	x := &expander{env: e, stack: [][]htoken{hs}}
	if track {
		x.seen = make(map[string]bool, 8)
	}
	return x
}

// raw returns the next token without expanding it.
func (x *expander) raw() (htoken, bool) {
	for len(x.stack) > 0 {
		top := x.stack[len(x.stack)-1]
		if len(top) == 0 {
			x.stack = x.stack[:len(x.stack)-1]
			continue
		}
		x.stack[len(x.stack)-1] = top[1:]
		return top[0], true
	}
	return htoken{}, false
}

func (x *expander) unread(ts ...htoken) {
	if len(ts) > 0 {
		x.stack = append(x.stack, ts)
	}
}

// next returns the next fully expanded token.
func (x *expander) next() (htoken, bool, error) {
	for {
		t, ok := x.raw()
		if !ok {
			return t, false, nil
		}
		if t.Kind != tIdent || t.noExpand {
			return t, true, nil
		}
		if x.seen != nil {
			x.seen[t.Text] = true
		}
		m := x.env.lookup(t.Text)
		if m == nil {
			return t, true, nil
		}
		if t.hs.has(t.Text) {
			t.noExpand = true
			return t, true, nil
		}
		if !m.FuncLike {
			body := x.subst(m, nil, t.hs.with(m.Name), t.Space)
			// Copying the hide set is work too: it grows with the nesting
			// of expansions.
			if err := x.charge(len(body) + t.hs.len()); err != nil {
				return t, false, err
			}
			x.unread(body...)
			continue
		}
		// A function-like macro needs '(' next.
		p, ok := x.raw()
		if !ok || p.Text != "(" || p.Kind != tPunct {
			if ok {
				x.unread(p)
			}
			return t, true, nil
		}
		args, rparen, err := x.collectArgs(m)
		if err != nil {
			return t, false, err
		}
		hs := t.hs.intersect(rparen.hs).with(m.Name)
		body := x.subst(m, args, hs, t.Space)
		if err := x.charge(len(body) + t.hs.len() + rparen.hs.len()); err != nil {
			return t, false, err
		}
		x.unread(body...)
	}
}

func (x *expander) charge(n int) error {
	x.work += n + 1
	if x.env.limit > 0 && x.work > x.env.limit || x.strBytes > maxStringBytes {
		return errExpansionLimit
	}
	return nil
}

// collectArgs reads the arguments of a function-like macro invocation
// after its '('.
func (x *expander) collectArgs(m *macro) ([][]htoken, htoken, error) {
	var args [][]htoken
	var cur []htoken
	depth := 0
	for {
		t, ok := x.raw()
		if !ok {
			return nil, t, evalErrorf("unterminated argument list invoking macro %q", m.Name)
		}
		if t.Kind == tPunct {
			switch t.Text {
			case "(":
				depth++
			case ")":
				if depth == 0 {
					args = append(args, cur)
					// m() with no parameters takes no argument.
					if len(m.Params) == 0 && len(args) == 1 && len(args[0]) == 0 {
						args = nil
					}
					if err := checkArgCount(m, args); err != nil {
						return nil, t, err
					}
					return args, t, nil
				}
				depth--
			case ",":
				if depth == 0 && !(m.Variadic && len(args) == len(m.Params)-1) {
					args = append(args, cur)
					cur = nil
					continue
				}
			}
		}
		cur = append(cur, t)
		if err := x.charge(0); err != nil {
			return nil, t, err
		}
	}
}

func checkArgCount(m *macro, args [][]htoken) error {
	n := len(m.Params)
	switch {
	case len(args) == n:
		return nil
	case m.Variadic && len(args) == n-1:
		return nil
	case len(args) < n:
		return evalErrorf("macro %q requires %d arguments, but only %d given", m.Name, n, len(args))
	}
	return evalErrorf("macro %q passed %d arguments, but takes just %d", m.Name, len(args), n)
}

// subst substitutes the arguments into m's body, applies # and ##, and
// gives every result token the hide set hs.
func (x *expander) subst(m *macro, args [][]htoken, hs hideSet, space bool) []htoken {
	param := func(t token) int {
		if t.Kind != tIdent {
			return -1
		}
		for i, p := range m.Params {
			if p == t.Text {
				return i
			}
		}
		return -1
	}
	arg := func(i int) []htoken {
		if i < len(args) {
			return args[i]
		}
		return nil
	}
	var out []htoken
	body := m.Body
	for i := 0; i < len(body); i++ {
		t := body[i]
		if m.FuncLike && t.Kind == tPunct && (t.Text == "#" || t.Text == "%:") && i+1 < len(body) {
			if p := param(body[i+1]); p >= 0 {
				s := stringify(arg(p))
				// A string costs its bytes: each # escapes the quotes of the
				// one before, so S(S(S(…))) doubles bytes, not tokens.
				x.strBytes += len(s) // checked by charge
				out = append(out, htoken{token: token{Kind: tString, Text: s, Space: t.Space}})
				i++
				continue
			}
		}
		if p := param(t); p >= 0 {
			pasteNext := i+1 < len(body) && body[i+1].Text == "##"
			pastePrev := i > 0 && body[i-1].Text == "##"
			var a []htoken
			if pasteNext || pastePrev {
				a = arg(p)
			} else {
				a = x.expandArg(arg(p))
			}
			for j, at := range a {
				if j == 0 {
					at.Space = t.Space
				}
				out = append(out, at)
			}
			if len(a) == 0 && (pasteNext || pastePrev) {
				out = append(out, htoken{token: token{Kind: tOther, Text: ""}}) // placemarker
			}
			continue
		}
		out = append(out, htoken{token: t})
	}
	out = paste(out)
	for i := range out {
		out[i].hs = hs
		if i == 0 {
			out[i].Space = space
		}
	}
	return out
}

// expandArg fully expands a macro argument on its own.
func (x *expander) expandArg(a []htoken) []htoken {
	sub := &expander{env: x.env, stack: [][]htoken{append([]htoken(nil), a...)}, work: x.work, seen: x.seen}
	var r []htoken
	for {
		t, ok, err := sub.next()
		if err != nil || !ok {
			break
		}
		r = append(r, t)
	}
	x.work = sub.work
	return r
}

// paste applies the ## operators in a substituted body.
func paste(ts []htoken) []htoken {
	var out []htoken
	for i := 0; i < len(ts); i++ {
		t := ts[i]
		if t.Kind == tPunct && t.Text == "##" && len(out) > 0 && i+1 < len(ts) {
			l := out[len(out)-1]
			r := ts[i+1]
			i++
			txt := l.Text + r.Text
			nt, err := tokenize(txt)
			if err != nil || len(nt) != 1 {
				// An invalid paste keeps both tokens (gcc reports an error).
				out = append(out, r)
				continue
			}
			nt[0].Space = l.Space
			out[len(out)-1] = htoken{token: nt[0]}
			continue
		}
		out = append(out, t)
	}
	// Drop placemarkers.
	w := 0
	for _, t := range out {
		if t.Kind == tOther && t.Text == "" {
			continue
		}
		out[w] = t
		w++
	}
	return out[:w]
}

func stringify(a []htoken) string {
	var b strings.Builder
	b.WriteByte('"')
	for i, t := range a {
		if i > 0 && t.Space {
			b.WriteByte(' ')
		}
		if t.Kind == tString || t.Kind == tChar {
			b.WriteString(strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(t.Text))
		} else {
			b.WriteString(t.Text)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// EvalError is an error in evaluating an #if expression.
type EvalError struct{ Msg string }

func (e *EvalError) Error() string { return e.Msg }

func evalErrorf(format string, args ...any) error {
	return &EvalError{fmt.Sprintf(format, args...)}
}

// evalResult is the outcome of evaluating a token list as #if would.
type evalResult struct {
	Value Value
	// Undefined lists identifiers that were not macros and read as 0.
	Undefined []string
	// Seen lists every identifier met, for dependency tracking.
	Seen map[string]bool
}

// evaluator is a recursive-descent evaluator of #if expressions with
// intmax_t/uintmax_t semantics.
type evaluator struct {
	x       *expander
	tok     htoken
	ok      bool
	skip    int // > 0 while in an unevaluated operand
	depth   int // nesting of unary operators and parentheses
	undef   []string
	pending []htoken
	// carry makes a division by zero give gcc's value instead of an
	// error; divZeros counts them (see evaluateCarry).
	carry    bool
	divZeros int
	// numZero makes an invalid number (08, 0x, 1.5, 1lL) read as 0 with
	// the evaluation going on, as gcc does (cpplib expr.c eval_token: the
	// error is reported, the value is 0); numErr is the first such error.
	numZero bool
	numErr  error
}

func (e *macroEnv) evalString(s string) (Value, error) {
	ts, err := tokenize(s)
	if err != nil {
		return Value{}, &EvalError{err.Error()}
	}
	r, err := e.evaluate(ts, false) // the caller needs only the value
	return r.Value, err
}

func (e *macroEnv) eval(ts []token) (evalResult, error) { return e.evaluate(ts, true) }

// evaluate is eval; without track, the result's Seen is nil (the
// interpreter needs only the value).
func (e *macroEnv) evaluate(ts []token, track bool) (evalResult, error) {
	r, _, err := e.evaluateWith(&evaluator{x: e.newExpander(ts, track)})
	return r, err
}

// evaluateCarry is evaluate for the interpreter's #if lines: a division
// by zero is no error but gcc's value, and the result counts them, for
// the caller to report as gcc does.
func (e *macroEnv) evaluateCarry(ts []token) (evalResult, int, error) {
	return e.evaluateWith(&evaluator{x: e.newExpander(ts, false), carry: true})
}

func (e *macroEnv) evaluateWith(ev *evaluator) (evalResult, int, error) {
	r, err := ev.run()
	return r, ev.divZeros, err
}

func (ev *evaluator) run() (evalResult, error) {
	if err := ev.advance(); err != nil {
		return evalResult{}, err
	}
	if !ev.ok {
		return evalResult{Seen: ev.x.seen}, evalErrorf("#if with no expression")
	}
	v, err := ev.cond()
	if err != nil {
		return evalResult{Seen: ev.x.seen}, err
	}
	if ev.ok {
		if ev.is(")") {
			return evalResult{Seen: ev.x.seen}, evalErrorf("missing '(' in expression") // gcc's words
		}
		return evalResult{Seen: ev.x.seen}, ev.unexpected()
	}
	return evalResult{Value: v, Undefined: ev.undef, Seen: ev.x.seen}, nil
}

func (ev *evaluator) advance() error {
	t, ok, err := ev.x.next()
	ev.tok, ev.ok = t, ok
	return err
}

func (ev *evaluator) unexpected() error {
	if !ev.ok {
		return evalErrorf("#if expression ends too early")
	}
	return evalErrorf("missing binary operator before token %q", ev.tok.Text)
}

func (ev *evaluator) is(p string) bool {
	return ev.ok && ev.tok.Kind == tPunct && ev.tok.Text == p
}

func (ev *evaluator) cond() (Value, error) {
	c, err := ev.binary(0)
	if err != nil {
		return c, err
	}
	if !ev.is("?") {
		return c, nil
	}
	if err := ev.advance(); err != nil {
		return c, err
	}
	t := c.Int != 0
	if !t {
		ev.skip++
	}
	a, err := ev.comma()
	if !t {
		ev.skip--
	}
	if err != nil {
		return a, err
	}
	if !ev.is(":") {
		return a, evalErrorf("'?' without following ':'")
	}
	if err := ev.advance(); err != nil {
		return a, err
	}
	if t {
		ev.skip++
	}
	b, err := ev.cond()
	if t {
		ev.skip--
	}
	if err != nil {
		return b, err
	}
	r := b
	if t {
		r = a
	}
	r.Unsigned = a.Unsigned || b.Unsigned
	return r, nil
}

// comma parses the middle operand of ?: (an expression, commas allowed).
func (ev *evaluator) comma() (Value, error) {
	v, err := ev.cond()
	for err == nil && ev.is(",") {
		if err = ev.advance(); err != nil {
			break
		}
		v, err = ev.cond()
	}
	return v, err
}

var binPrec = map[string]int{
	"||": 1, "&&": 2, "|": 3, "^": 4, "&": 5,
	"==": 6, "!=": 6, "<": 7, ">": 7, "<=": 7, ">=": 7,
	"<<": 8, ">>": 8, "+": 9, "-": 9, "*": 10, "/": 10, "%": 10,
	",": 0,
}

func (ev *evaluator) binary(minPrec int) (Value, error) {
	l, err := ev.unary()
	if err != nil {
		return l, err
	}
	for ev.ok && ev.tok.Kind == tPunct {
		op := ev.tok.Text
		p, ok := binPrec[op]
		if !ok || p < minPrec || op == "," && minPrec > 0 {
			break
		}
		if err := ev.advance(); err != nil {
			return l, err
		}
		if !ev.ok {
			// gcc's words (cpplib expr.c reduce).
			return l, evalErrorf("operator '%s' has no right operand", op)
		}
		switch op {
		case "&&", "||":
			short := (op == "&&") == (l.Int == 0)
			if short {
				ev.skip++
			}
			r, err := ev.binary(p + 1)
			if short {
				ev.skip--
			}
			if err != nil {
				return r, err
			}
			res := int64(0)
			if op == "&&" && l.Int != 0 && r.Int != 0 || op == "||" && (l.Int != 0 || r.Int != 0) {
				res = 1
			}
			l = Value{Int: res}
			continue
		case ",":
			r, err := ev.binary(1)
			if err != nil {
				return r, err
			}
			l = r
			continue
		}
		r, err := ev.binary(p + 1)
		if err != nil {
			return r, err
		}
		l, err = ev.apply(op, l, r)
		if err != nil {
			return l, err
		}
	}
	return l, nil
}

func (ev *evaluator) apply(op string, l, r Value) (Value, error) {
	u := l.Unsigned || r.Unsigned
	a, b := l.Int, r.Int
	bool2 := func(c bool) Value {
		if c {
			return Value{Int: 1}
		}
		return Value{}
	}
	switch op {
	case "*":
		return Value{Int: int64(uint64(a) * uint64(b)), Unsigned: u}, nil
	case "/", "%":
		if b == 0 {
			if ev.skip > 0 {
				return Value{Unsigned: u}, nil
			}
			if ev.carry {
				// gcc 12 (cpplib expr.c num_div_op) reports the division
				// and goes on with the left operand, made positive first
				// for a signed division.
				ev.divZeros++
				if !u && a < 0 {
					a = -a
				}
				return Value{Int: a, Unsigned: u}, nil
			}
			return Value{}, evalErrorf("division by zero in #if")
		}
		if u {
			if op == "/" {
				return Value{Int: int64(uint64(a) / uint64(b)), Unsigned: true}, nil
			}
			return Value{Int: int64(uint64(a) % uint64(b)), Unsigned: true}, nil
		}
		if b == -1 {
			if op == "/" {
				return Value{Int: -a}, nil
			}
			return Value{}, nil
		}
		if op == "/" {
			return Value{Int: a / b}, nil
		}
		return Value{Int: a % b}, nil
	case "+":
		return Value{Int: int64(uint64(a) + uint64(b)), Unsigned: u}, nil
	case "-":
		return Value{Int: int64(uint64(a) - uint64(b)), Unsigned: u}, nil
	case "<<", ">>":
		// The result has the type of the left operand (gcc: num_lshift,
		// num_rshift); a negative count shifts the other way.
		n := b
		left := op == "<<"
		if !r.Unsigned && n < 0 {
			left = !left
			n = -n
		}
		un := uint64(n)
		if r.Unsigned {
			un = uint64(b)
		}
		if left {
			if un >= 64 {
				return Value{Unsigned: l.Unsigned}, nil
			}
			return Value{Int: int64(uint64(a) << un), Unsigned: l.Unsigned}, nil
		}
		if l.Unsigned {
			if un >= 64 {
				return Value{Unsigned: true}, nil
			}
			return Value{Int: int64(uint64(a) >> un), Unsigned: true}, nil
		}
		if un >= 64 {
			un = 63
		}
		return Value{Int: a >> un}, nil
	case "<":
		if u {
			return bool2(uint64(a) < uint64(b)), nil
		}
		return bool2(a < b), nil
	case ">":
		if u {
			return bool2(uint64(a) > uint64(b)), nil
		}
		return bool2(a > b), nil
	case "<=":
		if u {
			return bool2(uint64(a) <= uint64(b)), nil
		}
		return bool2(a <= b), nil
	case ">=":
		if u {
			return bool2(uint64(a) >= uint64(b)), nil
		}
		return bool2(a >= b), nil
	case "==":
		return bool2(a == b), nil
	case "!=":
		return bool2(a != b), nil
	case "&":
		return Value{Int: a & b, Unsigned: u}, nil
	case "^":
		return Value{Int: a ^ b, Unsigned: u}, nil
	case "|":
		return Value{Int: a | b, Unsigned: u}, nil
	}
	return Value{}, evalErrorf("operator %q has no left operand", op)
}

// maxEvalDepth bounds the recursion of the evaluator: it recurses per
// parenthesis and unary operator, and a stack overflow is fatal.
const maxEvalDepth = 10000

func (ev *evaluator) unary() (Value, error) {
	if !ev.ok {
		return Value{}, evalErrorf("#if expression ends too early")
	}
	if ev.depth++; ev.depth > maxEvalDepth {
		return Value{}, evalErrorf("#if expression nested more than %d levels deep", maxEvalDepth)
	}
	defer func() { ev.depth-- }()
	t := ev.tok
	switch t.Kind {
	case tPunct:
		switch t.Text {
		case "(":
			if err := ev.advance(); err != nil {
				return Value{}, err
			}
			v, err := ev.comma()
			if err != nil {
				return v, err
			}
			if !ev.is(")") {
				if !ev.ok {
					return v, evalErrorf("missing ')' in expression")
				}
				return v, ev.unexpected()
			}
			return v, ev.advance()
		case "+", "-", "~", "!":
			if err := ev.advance(); err != nil {
				return Value{}, err
			}
			v, err := ev.unary()
			if err != nil {
				return v, err
			}
			switch t.Text {
			case "-":
				v.Int = int64(-uint64(v.Int))
			case "~":
				v.Int = ^v.Int
			case "!":
				if v.Int == 0 {
					v = Value{Int: 1}
				} else {
					v = Value{}
				}
			}
			return v, nil
		}
		if _, bin := binPrec[t.Text]; bin {
			return Value{}, evalErrorf("operator '%s' has no left operand", t.Text)
		}
		return Value{}, evalErrorf("token %q is not valid in preprocessor expressions", t.Text)
	case tNumber:
		v, err := parseNumber(t.Text)
		if err != nil {
			if !ev.numZero {
				return v, err
			}
			if ev.numErr == nil && ev.skip == 0 {
				ev.numErr = err
			}
			v = Value{}
		}
		return v, ev.advance()
	case tChar:
		v, err := parseChar(t.Text)
		if err != nil {
			return v, err
		}
		return v, ev.advance()
	case tIdent:
		if t.Text == "defined" {
			return ev.defined()
		}
		if t.Text == "__has_include" || t.Text == "__has_include_next" {
			return Value{}, evalErrorf("__has_include is not supported in option values")
		}
		if ev.skip == 0 {
			ev.undef = append(ev.undef, t.Text)
		}
		return Value{}, ev.advance()
	}
	return Value{}, evalErrorf("token %q is not valid in preprocessor expressions", t.Text)
}

func (ev *evaluator) defined() (Value, error) {
	t, ok := ev.x.raw()
	paren := false
	if ok && t.Kind == tPunct && t.Text == "(" {
		paren = true
		t, ok = ev.x.raw()
	}
	if !ok || t.Kind != tIdent {
		return Value{}, evalErrorf("operator \"defined\" requires an identifier")
	}
	if ev.x.seen != nil {
		ev.x.seen[t.Text] = true
	}
	if paren {
		c, ok := ev.x.raw()
		if !ok || c.Text != ")" {
			return Value{}, evalErrorf("missing ')' after \"defined\"")
		}
	}
	v := Value{}
	if ev.x.env.lookup(t.Text) != nil {
		v.Int = 1
	}
	return v, ev.advance()
}

// validIntSuffix reports whether s is an integer-suffix of C11 6.4.4.1:
// u or U, l, L, ll or LL (not lL), in either order, each at most once.
func validIntSuffix(s string) bool {
	for _, l := range []string{"ll", "LL", "l", "L", ""} {
		for _, u := range []string{"u", "U", ""} {
			if s == u+l || s == l+u {
				return true
			}
		}
	}
	return false
}

// parseNumber parses an integer pp-number as #if does.
func parseNumber(s string) (Value, error) {
	body := s
	unsigned := false
	// Strip the suffix.
	for len(body) > 0 {
		c := body[len(body)-1]
		if c == 'u' || c == 'U' {
			unsigned = true
			body = body[:len(body)-1]
			continue
		}
		if c == 'l' || c == 'L' {
			body = body[:len(body)-1]
			continue
		}
		break
	}
	suffix := s[len(body):]
	if !validIntSuffix(suffix) {
		return Value{}, evalErrorf("invalid suffix %q on integer constant", s[len(body):])
	}
	base := 10
	digits := body
	switch {
	case strings.HasPrefix(body, "0x") || strings.HasPrefix(body, "0X"):
		base, digits = 16, body[2:]
	case strings.HasPrefix(body, "0b") || strings.HasPrefix(body, "0B"):
		base, digits = 2, body[2:]
	case len(body) > 1 && body[0] == '0':
		base, digits = 8, body[1:]
	}
	if strings.ContainsAny(body, ".") || base == 10 && strings.ContainsAny(body, "eEpP") || base == 16 && strings.ContainsAny(digits, "pP") {
		return Value{}, evalErrorf("floating constant in preprocessor expression")
	}
	if digits == "" {
		return Value{}, evalErrorf("invalid integer constant %q", s)
	}
	u, err := strconv.ParseUint(digits, base, 64)
	if err != nil {
		var ne *strconv.NumError
		if errors.As(err, &ne) && ne.Err == strconv.ErrRange {
			return Value{Int: -1, Unsigned: true}, nil // gcc: too large for its type
		}
		return Value{}, evalErrorf("invalid integer constant %q", s)
	}
	if u > 1<<63-1 {
		unsigned = true // gcc: so large that it is unsigned
	}
	return Value{Int: int64(u), Unsigned: unsigned}, nil
}

// parseChar evaluates a character constant as gcc does on a host where
// char is signed.
func parseChar(s string) (Value, error) {
	q := strings.IndexByte(s, '\'')
	prefix, lit := s[:q], s[q+1:len(s)-1]
	var vals []int64
	for i := 0; i < len(lit); {
		c := lit[i]
		if c != '\\' {
			vals = append(vals, int64(c))
			i++
			continue
		}
		i++
		if i >= len(lit) {
			break
		}
		c = lit[i]
		i++
		switch c {
		case 'n':
			vals = append(vals, '\n')
		case 't':
			vals = append(vals, '\t')
		case 'r':
			vals = append(vals, '\r')
		case 'a':
			vals = append(vals, 7)
		case 'b':
			vals = append(vals, 8)
		case 'f':
			vals = append(vals, 12)
		case 'v':
			vals = append(vals, 11)
		case 'e', 'E':
			vals = append(vals, 27)
		case 'x':
			var v int64
			for i < len(lit) && strings.IndexByte("0123456789abcdefABCDEF", lit[i]) >= 0 {
				d, _ := strconv.ParseInt(lit[i:i+1], 16, 64)
				v = v*16 + d
				i++
			}
			vals = append(vals, v)
		case '0', '1', '2', '3', '4', '5', '6', '7':
			v := int64(c - '0')
			for k := 0; k < 2 && i < len(lit) && lit[i] >= '0' && lit[i] <= '7'; k++ {
				v = v*8 + int64(lit[i]-'0')
				i++
			}
			vals = append(vals, v)
		default:
			vals = append(vals, int64(c))
		}
	}
	if len(vals) == 0 {
		return Value{}, evalErrorf("empty character constant")
	}
	if prefix != "" {
		return Value{Int: vals[len(vals)-1]}, nil
	}
	if len(vals) == 1 {
		return Value{Int: int64(int8(vals[0]))}, nil
	}
	var v int64
	for _, c := range vals {
		v = v<<8 | c&0xff
	}
	return Value{Int: int64(int32(v))}, nil
}

// shape is what expanding a token sequence (a macro body, an #if line)
// can give, estimated from the macro definitions read so far without
// expanding anything: the number of tokens and the deepest nesting of
// parentheses and unary operators in the expression. [shapes.screen] uses
// it to report an exponential macro at its #define, before cc/v4 or the
// #if evaluator expand it: cc/v4's expansion work is bounded by its
// ExpansionLimit, but an object-like macro can give a million unbalanced
// '(' with little work, and cc/v4's expression evaluator recurses once per
// level (about 2 KiB of stack each), which overflows the stack, a fatal
// error that no recover catches. The estimate is an upper bound for
// object-like macros and follows function-like ones through their
// parameters; what it misses, macro expansion tricks that rescan, costs
// cc/v4 quadratic work, which its ExpansionLimit bounds.
type shape struct {
	size int64 // tokens
	max  int64 // deepest nesting reached
	net  int64 // change of the parenthesis depth from start to end
	tail int64 // unary operators at the end, still open
	// ops is set when the sequence is nothing but unary operators (tail
	// of them), which then add to those before it.
	ops bool
	// uses[i] counts the occurrences of parameter i of the enclosing
	// function-like macro; for a macro's own shape, of its parameters.
	uses     []int64
	funcLike bool
	params   int
}

// shapes holds the shape of each macro defined so far in the files of one
// run, in the order they are read: an #if branch not taken is counted as
// if it were, and a macro defined by -D or in lwIP's reduced headers counts
// as one token.
type shapes struct {
	m map[string]*shape
	// work counts the steps of the estimates, which can be quadratic in
	// a crafted line (arguments nested a thousand deep around a million
	// tokens, a macro with ten thousand parameters); over maxScreenWork,
	// the line is reported as too complex.
	work int64
}

const (
	shapeCap      = 1 << 40 // saturation, far above every limit
	maxScreenWork = 1 << 26 // steps for the files of one configuration
)

func sat(v int64) int64 { return min(max(v, -shapeCap), shapeCap) }

func satMul(a, b int64) int64 {
	if a == 0 || b == 0 {
		return 0
	}
	if a > shapeCap/max(b, -b) || -a > shapeCap/max(b, -b) {
		if (a < 0) != (b < 0) {
			return -shapeCap
		}
		return shapeCap
	}
	return a * b
}

// screen reads the directives of one file in order, records the shape of
// every macro it defines and returns an error at the first #define or #if
// whose expansion would exceed maxMacroSize tokens or maxNesting levels, or
// at the first conditional nested more than maxNesting levels deep (cc/v4
// v4.34.0 recurses once per level, with about 800 bytes of stack: a file of
// nothing but "#if 1" lines overflows the stack, a fatal error).
func (t *shapes) screen(file string, dirs []directive) error {
	if t.m == nil {
		t.m = map[string]*shape{}
	}
	tooComplex := func(at Position, what string) error {
		return &SourceError{at, fmt.Sprintf("%s is too complex to check for an exponential expansion (more than %d steps for the files of this configuration, the limit)", what, maxScreenWork)}
	}
	nested := 0 // conditionals, which cc/v4 also reads by recursion
	for _, d := range dirs {
		at := Position{File: file, Line: d.Line, Col: d.Col}
		switch d.Name {
		case "if", "ifdef", "ifndef":
			if nested++; nested > maxNesting {
				return &SourceError{at, fmt.Sprintf("#%s nested more than %d levels deep, the limit", d.Name, maxNesting)}
			}
		case "endif":
			nested = max(nested-1, 0)
		}
		switch d.Name {
		case "define", "undef":
			ts, err := tokenize(d.Rest)
			if err != nil || len(ts) == 0 || ts[0].Kind != tIdent {
				continue
			}
			name := ts[0].Text
			if d.Name == "undef" {
				delete(t.m, name)
				continue
			}
			body := ts[1:]
			var params []string
			fn := len(body) > 0 && body[0].Text == "(" && !body[0].Space
			if fn {
				j := 1
				for ; j < len(body) && body[j].Text != ")"; j++ {
					switch p := body[j].Text; {
					case p == ",":
					case p == "...":
						params = append(params, "__VA_ARGS__")
					default:
						params = append(params, p)
					}
				}
				body = body[min(j+1, len(body)):]
			}
			if n := literalDepth(body); n > maxNesting {
				return &SourceError{at, fmt.Sprintf("macro %s nests parentheses more than %d levels deep, the limit", name, maxNesting)}
			}
			delete(t.m, name) // the body's own name is not expanded again
			s := t.walk(body, paramIndex(params))
			if t.work > maxScreenWork {
				return tooComplex(at, "macro "+name)
			}
			s.funcLike, s.params = fn, len(params)
			if s.size > maxMacroSize {
				return &SourceError{at, fmt.Sprintf("macro %s expands to more than %d tokens, the limit (an exponential macro?)", name, maxMacroSize)}
			}
			if s.max > maxNesting {
				return &SourceError{at, fmt.Sprintf("macro %s expands to an expression nested more than %d levels deep, the limit", name, maxNesting)}
			}
			t.m[name] = &s
		case "if", "elif", "include", "include_next":
			// The expression of a conditional, or the macros of a computed
			// #include: an #include whose expansion exceeds cc/v4's
			// ExpansionLimit makes it panic (v4.34.0).
			what := "#" + d.Name + " expression"
			if d.Name == "include" || d.Name == "include_next" {
				if r := strings.TrimSpace(d.Rest); r == "" || r[0] == '"' || r[0] == '<' {
					continue
				}
				what = "#" + d.Name + " argument"
			}
			ts, err := tokenize(d.Rest)
			if err != nil {
				continue
			}
			if literalDepth(ts) > maxNesting {
				return &SourceError{at, fmt.Sprintf("%s nested more than %d levels deep, the limit", what, maxNesting)}
			}
			s := t.walk(ts, nil)
			if t.work > maxScreenWork {
				return tooComplex(at, what)
			}
			if s.size > maxMacroSize {
				return &SourceError{at, fmt.Sprintf("%s expands to more than %d tokens, the limit (an exponential macro?)", what, maxMacroSize)}
			}
			if s.max > maxNesting {
				return &SourceError{at, fmt.Sprintf("%s expands to an expression nested more than %d levels deep, the limit", what, maxNesting)}
			}
		}
	}
	return nil
}

// literalDepth is the deepest nesting of parentheses in ts as written:
// walk recurses once per level of macro arguments.
func literalDepth(ts []token) int {
	depth, deepest := 0, 0
	for _, tk := range ts {
		switch tk.Text {
		case "(":
			depth++
			deepest = max(deepest, depth)
		case ")":
			depth--
		}
	}
	return deepest
}

func isUnaryOp(tk token) bool {
	return tk.Kind == tPunct && (tk.Text == "-" || tk.Text == "+" || tk.Text == "!" || tk.Text == "~")
}

// paramIndex maps the parameters of a function-like macro to their
// indexes.
func paramIndex(params []string) map[string]int {
	if len(params) == 0 {
		return nil
	}
	m := make(map[string]int, len(params))
	for i, p := range params {
		if _, ok := m[p]; !ok {
			m[p] = i
		}
	}
	return m
}

// walk estimates the shape of ts, in which params are the parameters of
// the enclosing function-like macro. It stops early, with t.work over
// maxScreenWork, when that is spent.
func (t *shapes) walk(ts []token, params map[string]int) shape {
	s := shape{ops: true}
	if len(params) > 0 {
		s.uses = make([]int64, len(params))
	}
	t.work += int64(len(ts) + len(params))
	var depth, run int64
	var opens []int64 // the operators before each open parenthesis
	param := func(tk token) int {
		if tk.Kind != tIdent {
			return -1
		}
		if i, ok := params[tk.Text]; ok {
			return i
		}
		return -1
	}
	add := func(e shape) {
		s.size = sat(s.size + e.size)
		s.max = max(s.max, sat(depth+run+e.max))
		t.work += int64(len(e.uses))
		for k := range min(len(e.uses), len(s.uses)) {
			s.uses[k] = sat(s.uses[k] + e.uses[k])
		}
		if e.ops {
			run = sat(run + e.tail)
			return
		}
		s.ops = false
		if e.net > 0 {
			depth = sat(depth + run) // the operators stay open with the parentheses
		}
		depth = sat(depth + e.net)
		run = e.tail
	}
	operand := shape{size: 1}
	for i := 0; i < len(ts) && t.work <= maxScreenWork; i++ {
		tk := ts[i]
		switch {
		case tk.Kind == tPunct && tk.Text == "(":
			s.size, s.ops = sat(s.size+1), false
			opens = append(opens, run)
			depth, run = sat(depth+run+1), 0
			s.max = max(s.max, depth)
		case tk.Kind == tPunct && tk.Text == ")":
			s.size, s.ops = sat(s.size+1), false
			if n := len(opens); n > 0 {
				depth -= opens[n-1] + 1
				opens = opens[:n-1]
			} else {
				depth--
			}
			run = 0
		case isUnaryOp(tk):
			s.size = sat(s.size + 1)
			run++
			s.max = max(s.max, sat(depth+run))
		case (tk.Text == "#" || tk.Text == "%:") && i+1 < len(ts) && param(ts[i+1]) >= 0:
			add(operand) // a stringified argument is one token
			i++
		case tk.Kind == tIdent && tk.Text == "defined":
			add(operand)
			if i+1 < len(ts) && ts[i+1].Text == "(" {
				i += 3
			} else {
				i++
			}
		case param(tk) >= 0:
			add(shape{})
			s.uses[param(tk)] = sat(s.uses[param(tk)] + 1)
		case tk.Kind == tIdent && t.m[tk.Text] != nil:
			m := t.m[tk.Text]
			if !m.funcLike {
				add(shape{size: m.size, max: m.max, net: m.net, tail: m.tail, ops: m.ops})
				break
			}
			if i+1 >= len(ts) || ts[i+1].Text != "(" {
				add(operand)
				break
			}
			args, end := splitArgs(ts, i+1, m.params)
			t.work += int64(end - i)
			var shaped []shape
			for _, a := range args {
				shaped = append(shaped, t.walk(a, params))
			}
			t.work += int64(len(m.uses) * (1 + len(params)))
			add(invoke(m, shaped, len(params)))
			i = end
		default:
			add(operand)
		}
	}
	s.net, s.tail = depth, run
	return s
}

// splitArgs splits the arguments of a macro invocation whose '(' is
// ts[open] and returns them with the index of the closing ')' (the last
// token when there is none). Arguments past the n-th are merged into the
// last one (a variadic macro).
func splitArgs(ts []token, open, n int) ([][]token, int) {
	var args [][]token
	start, depth := open+1, 0
	for j := open + 1; j < len(ts); j++ {
		switch ts[j].Text {
		case "(":
			depth++
		case ")":
			if depth == 0 {
				return append(args, ts[start:j]), j
			}
			depth--
		case ",":
			if depth == 0 && len(args) < n-1 {
				args = append(args, ts[start:j])
				start = j + 1
			}
		}
	}
	return append(args, ts[start:]), len(ts) - 1
}

// invoke is the shape of an invocation of the function-like macro m with
// arguments of the shapes args, in a context with nparams parameters.
func invoke(m *shape, args []shape, nparams int) shape {
	r := shape{size: m.size, max: m.max, net: m.net, tail: m.tail}
	if nparams > 0 {
		r.uses = make([]int64, nparams)
	}
	var deepest int64
	for j, u := range m.uses {
		if u == 0 || j >= len(args) {
			continue
		}
		a := args[j]
		r.size = sat(r.size + satMul(u, a.size))
		r.net = sat(r.net + satMul(u, a.net))
		deepest = max(deepest, a.max)
		for k := range min(len(a.uses), len(r.uses)) {
			r.uses[k] = sat(r.uses[k] + satMul(u, a.uses[k]))
		}
	}
	r.max = sat(r.max + deepest)
	return r
}
