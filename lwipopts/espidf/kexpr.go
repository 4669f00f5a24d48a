package espidf

import (
	"fmt"
	"strconv"
	"strings"
)

// This file parses and evaluates Kconfig expressions ("A && !B",
// "LOG_DEFAULT_LEVEL < 4", "IDF_TARGET = \"esp32\"") with the semantics of
// Kconfiglib's expr_value (esp-idf-kconfig v2.5.4 kconfiglib/core.py;
// Kconfiglib 14.1.0 kconfiglib.py), extended with a third value, unknown,
// for symbols whose value lwiplint cannot tell.

// tri is a Kconfig truth value with an unknown state.
type tri int8

const (
	triN tri = iota
	triU     // unknown
	triY
)

func (t tri) String() string { return [...]string{"n", "unknown", "y"}[t] }

func triOf(b bool) tri {
	if b {
		return triY
	}
	return triN
}

func triNot(t tri) tri { return 2 - t }

func triAnd(a, b tri) tri { return min(a, b) }

func triOr(a, b tri) tri { return max(a, b) }

// kexpr is a parsed Kconfig expression.
type kexpr interface{ String() string }

// kref is a symbol reference or a constant. A quoted string, a number,
// y and n are constants.
type kref struct {
	name   string
	quoted bool
}

type knot struct{ x kexpr }
type kand struct{ a, b kexpr }
type kor struct{ a, b kexpr }
type kcmp struct {
	op   string
	a, b *kref
}

func (r *kref) String() string {
	if r.quoted {
		return strconv.Quote(r.name)
	}
	return r.name
}

func (n *knot) String() string {
	switch n.x.(type) {
	case *kref, *knot:
		return "!" + n.x.String()
	}
	return "!(" + n.x.String() + ")"
}

func (a *kand) String() string { return paren(a.a, true) + " && " + paren(a.b, true) }
func (o *kor) String() string  { return o.a.String() + " || " + o.b.String() }
func (c *kcmp) String() string { return c.a.String() + " " + c.op + " " + c.b.String() }

func paren(x kexpr, inAnd bool) string {
	if _, ok := x.(*kor); ok && inAnd {
		return "(" + x.String() + ")"
	}
	return x.String()
}

// constant reports whether r is a constant rather than a symbol: quoted,
// numeric, y, n or m.
func (r *kref) constant() bool {
	if r.quoted {
		return true
	}
	switch r.name {
	case "y", "n", "m":
		return true
	}
	c := r.name[0]
	return c >= '0' && c <= '9' || c == '-'
}

// symbols appends the names of the symbols x refers to.
func symbols(x kexpr, to []string) []string {
	switch x := x.(type) {
	case *kref:
		if !x.constant() {
			to = append(to, x.name)
		}
	case *knot:
		to = symbols(x.x, to)
	case *kand:
		to = symbols(x.b, symbols(x.a, to))
	case *kor:
		to = symbols(x.b, symbols(x.a, to))
	case *kcmp:
		to = symbols(x.b, symbols(x.a, to))
	}
	return to
}

// parseKexpr parses a Kconfig expression.
func parseKexpr(s string) (kexpr, error) {
	p := &kparser{}
	if err := p.lex(s); err != nil {
		return nil, err
	}
	if len(p.toks) == 0 {
		return nil, fmt.Errorf("empty expression")
	}
	x, err := p.or()
	if err != nil {
		return nil, err
	}
	if p.pos < len(p.toks) {
		return nil, fmt.Errorf("unexpected %q in expression %q", p.toks[p.pos].s, s)
	}
	return x, nil
}

type ktok struct {
	s      string
	quoted bool
	op     bool
}

type kparser struct {
	toks []ktok
	pos  int
}

func (p *kparser) lex(s string) error {
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t':
			i++
		case c == '"' || c == '\'':
			j := i + 1
			var b strings.Builder
			for ; j < len(s) && s[j] != c; j++ {
				if s[j] == '\\' && j+1 < len(s) {
					j++
				}
				b.WriteByte(s[j])
			}
			if j >= len(s) {
				return fmt.Errorf("unterminated string in %q", s)
			}
			p.toks = append(p.toks, ktok{s: b.String(), quoted: true})
			i = j + 1
		case isKname(c) || c == '-' && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9':
			j := i + 1
			for j < len(s) && isKname(s[j]) {
				j++
			}
			p.toks = append(p.toks, ktok{s: s[i:j]})
			i = j
		default:
			op := ""
			for _, o := range []string{"&&", "||", "!=", "<=", ">=", "=", "<", ">", "!", "(", ")"} {
				if strings.HasPrefix(s[i:], o) {
					op = o
					break
				}
			}
			if op == "" {
				return fmt.Errorf("unexpected %q in expression %q", c, s)
			}
			p.toks = append(p.toks, ktok{s: op, op: true})
			i += len(op)
		}
	}
	return nil
}

func isKname(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func (p *kparser) peek(op string) bool {
	return p.pos < len(p.toks) && p.toks[p.pos].op && p.toks[p.pos].s == op
}

func (p *kparser) or() (kexpr, error) {
	x, err := p.and()
	for err == nil && p.peek("||") {
		p.pos++
		var y kexpr
		y, err = p.and()
		x = &kor{x, y}
	}
	return x, err
}

func (p *kparser) and() (kexpr, error) {
	x, err := p.factor()
	for err == nil && p.peek("&&") {
		p.pos++
		var y kexpr
		y, err = p.factor()
		x = &kand{x, y}
	}
	return x, err
}

func (p *kparser) factor() (kexpr, error) {
	if p.pos >= len(p.toks) {
		return nil, fmt.Errorf("expression ends early")
	}
	t := p.toks[p.pos]
	switch {
	case t.op && t.s == "!":
		p.pos++
		x, err := p.factor()
		return &knot{x}, err
	case t.op && t.s == "(":
		p.pos++
		x, err := p.or()
		if err != nil {
			return nil, err
		}
		if !p.peek(")") {
			return nil, fmt.Errorf("missing ')'")
		}
		p.pos++
		return x, nil
	case t.op:
		return nil, fmt.Errorf("unexpected %q", t.s)
	}
	p.pos++
	a := &kref{name: t.s, quoted: t.quoted}
	if p.pos < len(p.toks) && p.toks[p.pos].op {
		switch op := p.toks[p.pos].s; op {
		case "=", "!=", "<", "<=", ">", ">=":
			p.pos++
			if p.pos >= len(p.toks) || p.toks[p.pos].op {
				return nil, fmt.Errorf("missing operand after %q", op)
			}
			b := &kref{name: p.toks[p.pos].s, quoted: p.toks[p.pos].quoted}
			p.pos++
			return &kcmp{op, a, b}, nil
		}
	}
	return a, nil
}

// kvalue is what an expression needs to know about a symbol.
type kvalue struct {
	typ   string // "bool", "int", "hex", "string", or "" for a symbol no Kconfig defines
	val   string // y/n for bools
	known bool
}

// keval evaluates x; sym gives the value of a symbol.
func keval(x kexpr, sym func(name string) kvalue) tri {
	switch x := x.(type) {
	case *kref:
		v := refValue(x, sym)
		if !v.known {
			return triU
		}
		if v.typ == "bool" || v.typ == "const" {
			switch v.val {
			case "y":
				return triY
			case "n":
				return triN
			}
		}
		return triN
	case *knot:
		return triNot(keval(x.x, sym))
	case *kand:
		a := keval(x.a, sym)
		if a == triN {
			return triN
		}
		return triAnd(a, keval(x.b, sym))
	case *kor:
		a := keval(x.a, sym)
		if a == triY {
			return triY
		}
		return triOr(a, keval(x.b, sym))
	case *kcmp:
		a, b := refValue(x.a, sym), refValue(x.b, sym)
		if !a.known || !b.known {
			return triU
		}
		c := kcompare(a, b)
		switch x.op {
		case "=":
			return triOf(c == 0)
		case "!=":
			return triOf(c != 0)
		case "<":
			return triOf(c < 0)
		case "<=":
			return triOf(c <= 0)
		case ">":
			return triOf(c > 0)
		}
		return triOf(c >= 0)
	}
	return triU
}

func refValue(r *kref, sym func(string) kvalue) kvalue {
	if r.constant() {
		return kvalue{typ: "const", val: r.name, known: true}
	}
	v := sym(r.name)
	if v.known && v.typ == "" {
		// An undefined symbol's value is its name (Kconfiglib quirk),
		// and it is n in a bool context.
		return kvalue{typ: "undef", val: r.name, known: true}
	}
	return v
}

// kcompare compares two operands like Kconfiglib's expr_value: two
// strings lexicographically, otherwise as numbers when both parse
// (bools count as 0 and 2), else lexicographically.
func kcompare(a, b kvalue) int {
	if a.typ == "string" && b.typ == "string" {
		return strings.Compare(a.val, b.val)
	}
	x, ok1 := symNum(a)
	y, ok2 := symNum(b)
	if ok1 && ok2 {
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
		return 0
	}
	return strings.Compare(a.val, b.val)
}

func symNum(v kvalue) (int64, bool) {
	switch v.typ {
	case "bool":
		if v.val == "y" {
			return 2, true
		}
		return 0, true
	case "int":
		return pyInt(v.val, 10)
	case "hex":
		return pyInt(v.val, 16)
	}
	return pyInt(v.val, 0)
}

// pyInt parses s like Python's int(s, base) for ASCII input: surrounding
// white space, a sign, underscores between digits, and for base 16 an
// optional 0x prefix; base 0 takes the base from the prefix (0x, 0o, 0b)
// and rejects other leading zeros.
func pyInt(s string, base int) (int64, bool) {
	s = pyStrip(s)
	neg := false
	if s != "" && (s[0] == '+' || s[0] == '-') {
		neg = s[0] == '-'
		s = s[1:]
	}
	low := strings.ToLower(s)
	switch {
	case base == 16 && strings.HasPrefix(low, "0x"):
		s = s[2:]
		s = strings.TrimPrefix(s, "_")
	case base == 0 && strings.HasPrefix(low, "0x"):
		base, s = 16, strings.TrimPrefix(s[2:], "_")
	case base == 0 && strings.HasPrefix(low, "0o"):
		base, s = 8, strings.TrimPrefix(s[2:], "_")
	case base == 0 && strings.HasPrefix(low, "0b"):
		base, s = 2, strings.TrimPrefix(s[2:], "_")
	case base == 0:
		base = 10
		if len(s) > 1 && s[0] == '0' && strings.Trim(s, "0_") != "" {
			return 0, false
		}
	}
	if s == "" || s[0] == '_' || s[len(s)-1] == '_' || strings.Contains(s, "__") {
		return 0, false
	}
	u, err := strconv.ParseUint(strings.ReplaceAll(s, "_", ""), base, 64)
	if err != nil || u > 1<<63 || u == 1<<63 && !neg {
		return 0, false
	}
	if neg {
		return -int64(u), true
	}
	return int64(u), true
}
