package espidf

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// This file evaluates the C preprocessor expressions of lwipopts.h: the
// conditions of its #if lines and the bodies of its #defines, with
// intmax_t/uintmax_t arithmetic as in an #if.

type ctokKind int8

const (
	ctIdent ctokKind = iota
	ctNumber
	ctString
	ctChar
	ctPunct
)

type ctok struct {
	kind ctokKind
	s    string
}

// cexpr is a tokenized C expression.
type cexpr struct {
	src  string
	toks []ctok
}

func parseCexpr(s string) (*cexpr, error) {
	toks, err := ctokenize(s)
	if err != nil {
		return nil, err
	}
	return &cexpr{src: s, toks: toks}, nil
}

var cpuncts = []string{"<<=", ">>=", "...", "&&", "||", "==", "!=", "<=", ">=", "<<", ">>", "##", "->", "++", "--",
	"+", "-", "*", "/", "%", "<", ">", "!", "~", "&", "|", "^", "?", ":", "(", ")", ",", "#", "[", "]", "{", "}", ";", ".", "="}

func ctokenize(s string) ([]ctok, error) {
	var toks []ctok
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
			i++
		case c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			j := i + 1
			for j < len(s) && isKname(s[j]) {
				j++
			}
			toks = append(toks, ctok{ctIdent, s[i:j]})
			i = j
		case c >= '0' && c <= '9' || c == '.' && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9':
			j := i + 1
			for j < len(s) && (isKname(s[j]) || s[j] == '.' || (s[j] == '+' || s[j] == '-') && (s[j-1] == 'e' || s[j-1] == 'E' || s[j-1] == 'p' || s[j-1] == 'P')) {
				j++
			}
			toks = append(toks, ctok{ctNumber, s[i:j]})
			i = j
		case c == '"' || c == '\'':
			j := i + 1
			for j < len(s) && s[j] != c {
				if s[j] == '\\' {
					j++
				}
				j++
			}
			if j >= len(s) {
				return nil, fmt.Errorf("unterminated literal in %q", s)
			}
			k := ctString
			if c == '\'' {
				k = ctChar
			}
			toks = append(toks, ctok{k, s[i : j+1]})
			i = j + 1
		default:
			p := ""
			for _, q := range cpuncts {
				if strings.HasPrefix(s[i:], q) {
					p = q
					break
				}
			}
			if p == "" {
				return nil, fmt.Errorf("unexpected character %q", c)
			}
			toks = append(toks, ctok{ctPunct, p})
			i += len(p)
		}
	}
	return toks, nil
}

func ctext(toks []ctok) string {
	var b strings.Builder
	for i, t := range toks {
		if i > 0 && needSpace(toks[i-1], t) {
			b.WriteByte(' ')
		}
		b.WriteString(t.s)
	}
	return b.String()
}

func needSpace(a, b ctok) bool {
	if a.kind == ctPunct && (a.s == "(" || a.s == "!" || a.s == "~") {
		return false
	}
	if b.kind == ctPunct && (b.s == ")" || b.s == ",") {
		return false
	}
	if a.kind == ctIdent && b.kind == ctPunct && b.s == "(" {
		return false
	}
	return true
}

// cval is a value of an #if expression.
type cval struct {
	v        int64
	unsigned bool
}

func (v cval) String() string {
	if v.unsigned {
		return strconv.FormatUint(uint64(v.v), 10) + "U"
	}
	return strconv.FormatInt(v.v, 10)
}

// cmacro is a macro as the evaluator sees it.
type cmacro struct {
	toks     []ctok
	funcLike bool
}

// cenv looks up macros; ok is false for a name that is not a macro.
type cenv func(name string) (m cmacro, ok bool)

var errNotConst = errors.New("not a constant expression")

// expand replaces macros in toks by their bodies, recursively, leaving
// names that are not macros. With ifMode, "defined X" and "defined(X)" are
// replaced by 1 or 0 first. A function-like macro used as such makes the
// result unusable: expand returns an error.
func expand(toks []ctok, env cenv, ifMode bool, hide map[string]bool, depth int) ([]ctok, error) {
	if depth > 64 {
		return nil, errors.New("macro expansion too deep")
	}
	var out []ctok
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.kind != ctIdent {
			out = append(out, t)
			continue
		}
		if ifMode && t.s == "defined" {
			j := i + 1
			paren := j < len(toks) && toks[j].kind == ctPunct && toks[j].s == "("
			if paren {
				j++
			}
			if j >= len(toks) || toks[j].kind != ctIdent {
				return nil, errors.New("defined without a name")
			}
			name := toks[j].s
			if paren {
				j++
				if j >= len(toks) || toks[j].s != ")" {
					return nil, errors.New("defined( without ')'")
				}
			}
			_, ok := env(name)
			out = append(out, ctok{ctNumber, map[bool]string{true: "1", false: "0"}[ok]})
			i = j
			continue
		}
		if hide[t.s] {
			out = append(out, t)
			continue
		}
		m, ok := env(t.s)
		if !ok {
			out = append(out, t)
			continue
		}
		if m.funcLike {
			if i+1 < len(toks) && toks[i+1].s == "(" {
				return nil, fmt.Errorf("function-like macro %s", t.s)
			}
			out = append(out, t)
			continue
		}
		h := map[string]bool{t.s: true}
		for k := range hide {
			h[k] = true
		}
		sub, err := expand(m.toks, env, ifMode, h, depth+1)
		if err != nil {
			return nil, err
		}
		out = append(out, sub...)
	}
	return out, nil
}

// evalIf evaluates an #if condition: identifiers that are not macros
// read as 0 and are returned in unknown.
func evalIf(x *cexpr, env cenv) (v cval, unknown []string, err error) {
	toks, err := expand(x.toks, env, true, nil, 0)
	if err != nil {
		return cval{}, nil, err
	}
	for i, t := range toks {
		if t.kind == ctIdent {
			unknown = append(unknown, t.s)
			toks[i] = ctok{ctNumber, "0"}
		}
	}
	v, err = evalToks(toks)
	return v, unknown, err
}

// evalValue evaluates a #define body as a constant: it fails when an
// identifier that is not a macro, a string or a function call remains.
func evalValue(toks []ctok, env cenv) (cval, error) {
	toks, err := expand(toks, env, false, nil, 0)
	if err != nil {
		return cval{}, err
	}
	for _, t := range toks {
		switch t.kind {
		case ctIdent:
			if !castType[t.s] {
				return cval{}, fmt.Errorf("%s is not a macro", t.s)
			}
		case ctString:
			return cval{}, errNotConst
		}
	}
	return evalToks(toks)
}

// castType lists the type names whose casts the evaluator understands
// (unsigned types make the value unsigned; the width is ignored).
var castType = map[string]bool{
	"TickType_t": true, "uint32_t": true, "u32_t": true, "uint16_t": true, "u16_t": true, "uint8_t": true, "u8_t": true,
	"int": true, "unsigned": true, "long": true, "s32_t": true, "int32_t": true, "size_t": true,
}

var unsignedType = map[string]bool{
	"TickType_t": true, "uint32_t": true, "u32_t": true, "uint16_t": true, "u16_t": true, "uint8_t": true, "u8_t": true,
	"unsigned": true, "size_t": true,
}

func evalToks(toks []ctok) (cval, error) {
	if len(toks) == 0 {
		return cval{}, errors.New("empty expression")
	}
	p := &cparser{toks: toks}
	v, err := p.cond()
	if err != nil {
		return cval{}, err
	}
	if p.pos != len(p.toks) {
		return cval{}, fmt.Errorf("unexpected %q", p.toks[p.pos].s)
	}
	return v, nil
}

type cparser struct {
	toks []ctok
	pos  int
}

func (p *cparser) is(s string) bool {
	return p.pos < len(p.toks) && p.toks[p.pos].kind == ctPunct && p.toks[p.pos].s == s
}

func (p *cparser) cond() (cval, error) {
	c, err := p.binary(0)
	if err != nil || !p.is("?") {
		return c, err
	}
	p.pos++
	a, err := p.cond()
	if err != nil {
		return a, err
	}
	if !p.is(":") {
		return cval{}, errors.New("missing ':'")
	}
	p.pos++
	b, err := p.cond()
	if err != nil {
		return b, err
	}
	u := a.unsigned || b.unsigned
	if c.v != 0 {
		return cval{a.v, u}, nil
	}
	return cval{b.v, u}, nil
}

var cprec = map[string]int{
	"||": 1, "&&": 2, "|": 3, "^": 4, "&": 5, "==": 6, "!=": 6,
	"<": 7, ">": 7, "<=": 7, ">=": 7, "<<": 8, ">>": 8, "+": 9, "-": 9, "*": 10, "/": 10, "%": 10,
}

func (p *cparser) binary(min int) (cval, error) {
	a, err := p.unary()
	if err != nil {
		return a, err
	}
	for p.pos < len(p.toks) && p.toks[p.pos].kind == ctPunct {
		op := p.toks[p.pos].s
		prec, ok := cprec[op]
		if !ok || prec <= min {
			break
		}
		p.pos++
		b, err := p.binary(prec)
		if err != nil {
			return b, err
		}
		if a, err = capply(op, a, b); err != nil {
			return a, err
		}
	}
	return a, nil
}

func capply(op string, a, b cval) (cval, error) {
	u := a.unsigned || b.unsigned
	bool2 := func(x bool) cval {
		if x {
			return cval{v: 1}
		}
		return cval{}
	}
	switch op {
	case "||":
		return bool2(a.v != 0 || b.v != 0), nil
	case "&&":
		return bool2(a.v != 0 && b.v != 0), nil
	case "<<":
		if b.v < 0 || b.v > 63 {
			return cval{}, errors.New("shift count out of range")
		}
		return cval{a.v << uint(b.v), a.unsigned}, nil
	case ">>":
		if b.v < 0 || b.v > 63 {
			return cval{}, errors.New("shift count out of range")
		}
		if a.unsigned {
			return cval{int64(uint64(a.v) >> uint(b.v)), true}, nil
		}
		return cval{a.v >> uint(b.v), false}, nil
	}
	if u {
		x, y := uint64(a.v), uint64(b.v)
		switch op {
		case "|":
			return cval{int64(x | y), true}, nil
		case "^":
			return cval{int64(x ^ y), true}, nil
		case "&":
			return cval{int64(x & y), true}, nil
		case "==":
			return bool2(x == y), nil
		case "!=":
			return bool2(x != y), nil
		case "<":
			return bool2(x < y), nil
		case ">":
			return bool2(x > y), nil
		case "<=":
			return bool2(x <= y), nil
		case ">=":
			return bool2(x >= y), nil
		case "+":
			return cval{int64(x + y), true}, nil
		case "-":
			return cval{int64(x - y), true}, nil
		case "*":
			return cval{int64(x * y), true}, nil
		case "/", "%":
			if y == 0 {
				return cval{}, errors.New("division by zero")
			}
			if op == "/" {
				return cval{int64(x / y), true}, nil
			}
			return cval{int64(x % y), true}, nil
		}
	}
	x, y := a.v, b.v
	switch op {
	case "|":
		return cval{v: x | y}, nil
	case "^":
		return cval{v: x ^ y}, nil
	case "&":
		return cval{v: x & y}, nil
	case "==":
		return bool2(x == y), nil
	case "!=":
		return bool2(x != y), nil
	case "<":
		return bool2(x < y), nil
	case ">":
		return bool2(x > y), nil
	case "<=":
		return bool2(x <= y), nil
	case ">=":
		return bool2(x >= y), nil
	case "+":
		return cval{v: x + y}, nil
	case "-":
		return cval{v: x - y}, nil
	case "*":
		return cval{v: x * y}, nil
	case "/", "%":
		if y == 0 {
			return cval{}, errors.New("division by zero")
		}
		if x == -1<<63 && y == -1 {
			return cval{}, errors.New("overflow")
		}
		if op == "/" {
			return cval{v: x / y}, nil
		}
		return cval{v: x % y}, nil
	}
	return cval{}, fmt.Errorf("unknown operator %s", op)
}

func (p *cparser) unary() (cval, error) {
	if p.pos >= len(p.toks) {
		return cval{}, errors.New("expression ends early")
	}
	t := p.toks[p.pos]
	if t.kind == ctPunct {
		switch t.s {
		case "+", "-", "!", "~":
			p.pos++
			v, err := p.unary()
			if err != nil {
				return v, err
			}
			switch t.s {
			case "-":
				v.v = -v.v
			case "!":
				if v.v == 0 {
					return cval{v: 1}, nil
				}
				return cval{}, nil
			case "~":
				v.v = ^v.v
			}
			return v, nil
		case "(":
			// A cast to a known integer type.
			if p.pos+2 < len(p.toks) && p.toks[p.pos+1].kind == ctIdent && castType[p.toks[p.pos+1].s] && p.toks[p.pos+2].s == ")" {
				ty := p.toks[p.pos+1].s
				p.pos += 3
				v, err := p.unary()
				if err == nil && unsignedType[ty] {
					v.unsigned = true
				}
				return v, err
			}
			p.pos++
			v, err := p.cond()
			if err != nil {
				return v, err
			}
			if !p.is(")") {
				return cval{}, errors.New("missing ')'")
			}
			p.pos++
			return v, nil
		}
		return cval{}, fmt.Errorf("unexpected %q", t.s)
	}
	p.pos++
	switch t.kind {
	case ctNumber:
		return parseCNumber(t.s)
	case ctChar:
		s, err := strconv.Unquote(t.s)
		if err != nil || len(s) != 1 {
			return cval{}, fmt.Errorf("unsupported character constant %s", t.s)
		}
		return cval{v: int64(int8(s[0]))}, nil
	}
	return cval{}, fmt.Errorf("unexpected %q", t.s)
}

// parseCNumber parses a C integer constant with its suffixes.
func parseCNumber(s string) (cval, error) {
	body := strings.TrimRight(s, "uUlL")
	suf := strings.ToLower(s[len(body):])
	switch suf {
	case "", "u", "l", "ul", "lu", "ll", "ull", "llu":
	default:
		return cval{}, fmt.Errorf("bad integer constant %s", s)
	}
	base := 10
	digits := body
	switch {
	case strings.HasPrefix(strings.ToLower(body), "0x"):
		base, digits = 16, body[2:]
	case strings.HasPrefix(strings.ToLower(body), "0b"):
		base, digits = 2, body[2:]
	case len(body) > 1 && body[0] == '0':
		base, digits = 8, body[1:]
	}
	u, err := strconv.ParseUint(digits, base, 64)
	if err != nil {
		return cval{}, fmt.Errorf("bad integer constant %s", s)
	}
	unsigned := strings.Contains(suf, "u") || u > 1<<63-1
	return cval{int64(u), unsigned}, nil
}
