package espidf

// A Kconfig reader for the mirror test: it reads an ESP-IDF tree's Kconfig
// files the way Kconfiglib does (menu/if/choice dependencies propagated to
// the entries inside them, help text skipped by indentation, source
// statements followed with $VAR and $(VAR) expanded) and returns each
// symbol's definitions. Only what the tables need is kept.

import (
	"fmt"
	"path"
	"sort"
	"strings"
)

type kcNode struct {
	at       string // file:line
	typ      string
	prompt   bool
	promptIf kexpr // prompt's "if" and enclosing menus' "visible if"
	dep      kexpr // own "depends on" and enclosing menus/ifs (inside a choice: only those inside it)
	defaults []kcCond
	ranges   []kcRange
	selects  []kcSelect
	implies  []kcSelect
	choice   *kcChoice
	external bool
}

type kcCond struct {
	val  string // expression text
	cond kexpr
}

type kcRange struct {
	min, max string
	cond     kexpr
}

type kcSelect struct {
	target string
	cond   kexpr
}

type kcSym struct {
	name  string
	nodes []*kcNode
}

type kcChoice struct {
	name     string
	at       string
	prompt   bool
	promptIf kexpr
	dep      kexpr
	defaults []kcCond
	syms     []string
}

type kcTree struct {
	files   map[string]string // path → content
	env     map[string]string
	syms    map[string]*kcSym
	order   []string
	choices []*kcChoice
	errs    []string
}

type kcFrame struct {
	kind      string // menu, if, choice
	dep       kexpr
	visibleIf kexpr
	choice    *kcChoice
}

func andK(a, b kexpr) kexpr {
	switch {
	case a == nil:
		return b
	case b == nil:
		return a
	}
	return &kand{a, b}
}

func orK(a, b kexpr) kexpr {
	switch {
	case a == nil || b == nil:
		return nil // nil means "always": y || x = y
	}
	return &kor{a, b}
}

func kstr(x kexpr) string {
	if x == nil {
		return ""
	}
	return x.String()
}

// kline is a logical line: continuation lines joined.
type kline struct {
	no     int
	text   string
	indent int
}

func splitKconfig(src string) []kline {
	raw := strings.Split(strings.ReplaceAll(src, "\r\n", "\n"), "\n")
	var r []kline
	for i := 0; i < len(raw); i++ {
		no := i + 1
		s := raw[i]
		for strings.HasSuffix(s, "\\") && i+1 < len(raw) {
			i++
			s = s[:len(s)-1] + raw[i]
		}
		r = append(r, kline{no, s, indentOf(s)})
	}
	return r
}

func indentOf(s string) int {
	n := 0
	for _, c := range s {
		switch c {
		case ' ':
			n++
		case '\t':
			n = (n/8 + 1) * 8
		default:
			return n
		}
	}
	return -1 // blank
}

// ktokens splits a Kconfig line into words and quoted strings, dropping a
// comment. Quoted strings keep their quotes.
func ktokens(s string) []string {
	var r []string
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t':
			i++
		case c == '#':
			return r
		case c == '"' || c == '\'':
			j := i + 1
			for j < len(s) && s[j] != c {
				if s[j] == '\\' {
					j++
				}
				j++
			}
			if j > len(s) {
				j = len(s) - 1
			}
			r = append(r, s[i:min(j+1, len(s))])
			i = j + 1
		case strings.ContainsRune("()!=<>&|", rune(c)):
			j := i + 1
			if j < len(s) && (s[i:j+1] == "&&" || s[i:j+1] == "||" || s[i:j+1] == "!=" || s[i:j+1] == "<=" || s[i:j+1] == ">=") {
				j++
			}
			r = append(r, s[i:j])
			i = j
		default:
			j := i
			for j < len(s) && !strings.ContainsRune(" \t#\"'()!=<>&|", rune(s[j])) {
				j++
			}
			r = append(r, s[i:j])
			i = j
		}
	}
	return r
}

func (t *kcTree) expandVars(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '$' {
			b.WriteByte(s[i])
			continue
		}
		if i+1 < len(s) && s[i+1] == '(' {
			j := strings.IndexByte(s[i:], ')')
			if j > 0 {
				b.WriteString(t.env[s[i+2:i+j]])
				i += j
				continue
			}
		}
		j := i + 1
		for j < len(s) && isKname(s[j]) {
			j++
		}
		b.WriteString(t.env[s[i+1:j]])
		i = j - 1
	}
	return b.String()
}

func unquote(s string) string {
	if len(s) >= 2 && (s[0] == '"' || s[0] == '\'') && s[len(s)-1] == s[0] {
		return s[1 : len(s)-1]
	}
	return s
}

// parse reads file (a path in t.files) with the enclosing frames.
func (t *kcTree) parse(file string, frames []*kcFrame, external bool) []*kcFrame {
	src, ok := t.files[file]
	if !ok {
		t.errs = append(t.errs, "missing "+file)
		return frames
	}
	lines := splitKconfig(src)
	var cur *kcNode       // the symbol whose options follow
	var curSym *kcSym     // its symbol
	var curFrame *kcFrame // a menu or choice whose options follow
	var curChoice *kcChoice
	skipOpts := false // options of a comment/mainmenu
	depOf := func() (outer, inner kexpr) {
		// outer: frames outside the innermost choice; inner: frames inside it.
		ci := -1
		for i, f := range frames {
			if f.kind == "choice" {
				ci = i
			}
		}
		for i, f := range frames {
			if i <= ci {
				if f.kind != "choice" {
					outer = andK(outer, f.dep)
				}
			} else {
				inner = andK(inner, f.dep)
			}
		}
		if ci < 0 {
			return inner, nil
		}
		return outer, inner
	}
	visibleIf := func() kexpr {
		var v kexpr
		for _, f := range frames {
			v = andK(v, f.visibleIf)
		}
		return v
	}
	parseX := func(ln kline, s string) kexpr {
		s = t.expandVars(s)
		x, err := parseKexpr(s)
		if err != nil {
			t.errs = append(t.errs, fmt.Sprintf("%s:%d: %v", file, ln.no, err))
			return nil
		}
		return x
	}
	condOf := func(ln kline, toks []string, i int) kexpr {
		if i < len(toks) && toks[i] == "if" {
			return parseX(ln, strings.Join(toks[i+1:], " "))
		}
		if i < len(toks) {
			t.errs = append(t.errs, fmt.Sprintf("%s:%d: trailing %q", file, ln.no, strings.Join(toks[i:], " ")))
		}
		return nil
	}
	for li := 0; li < len(lines); li++ {
		ln := lines[li]
		toks := ktokens(ln.text)
		if len(toks) == 0 {
			continue
		}
		kw := toks[0]
		at := fmt.Sprintf("%s:%d", file, ln.no)
		endEntry := func() { cur, curSym, curFrame, curChoice, skipOpts = nil, nil, nil, nil, false }
		switch kw {
		case "config", "menuconfig":
			endEntry()
			if len(toks) < 2 {
				t.errs = append(t.errs, at+": config without name")
				continue
			}
			name := toks[1]
			outer, inner := depOf()
			n := &kcNode{at: at, external: external}
			var ch *kcChoice
			for i := len(frames) - 1; i >= 0; i-- {
				if frames[i].kind == "choice" {
					ch = frames[i].choice
					break
				}
			}
			if ch != nil {
				n.choice = ch
				n.dep = inner
				ch.syms = append(ch.syms, name)
			} else {
				n.dep = outer
			}
			n.promptIf = visibleIf()
			s := t.syms[name]
			if s == nil {
				s = &kcSym{name: name}
				t.syms[name] = s
				t.order = append(t.order, name)
			}
			s.nodes = append(s.nodes, n)
			cur, curSym = n, s
			continue
		case "choice":
			endEntry()
			outer, _ := depOf()
			c := &kcChoice{at: at, dep: outer, promptIf: visibleIf()}
			if len(toks) > 1 {
				c.name = toks[1]
			}
			t.choices = append(t.choices, c)
			f := &kcFrame{kind: "choice", choice: c}
			frames = append(frames, f)
			curFrame, curChoice = f, c
			continue
		case "endchoice", "endmenu", "endif":
			endEntry()
			want := map[string]string{"endchoice": "choice", "endmenu": "menu", "endif": "if"}[kw]
			if len(frames) == 0 || frames[len(frames)-1].kind != want {
				t.errs = append(t.errs, at+": unbalanced "+kw)
				continue
			}
			frames = frames[:len(frames)-1]
			continue
		case "menu":
			endEntry()
			f := &kcFrame{kind: "menu"}
			frames = append(frames, f)
			curFrame = f
			continue
		case "if":
			endEntry()
			frames = append(frames, &kcFrame{kind: "if", dep: parseX(ln, strings.Join(toks[1:], " "))})
			continue
		case "comment", "mainmenu":
			endEntry()
			skipOpts = true
			continue
		case "source", "rsource", "osource", "orsource":
			endEntry()
			if len(toks) < 2 {
				continue
			}
			p := t.expandVars(unquote(toks[1]))
			if kw == "rsource" || kw == "orsource" {
				p = path.Join(path.Dir(file), p)
			}
			p = path.Clean(strings.TrimPrefix(p, "/"))
			matches := []string{p}
			if strings.ContainsAny(p, "*?[") {
				matches = nil
				for f := range t.files {
					if ok, _ := path.Match(p, f); ok {
						matches = append(matches, f)
					}
				}
				sort.Strings(matches)
			}
			for _, m := range matches {
				if _, ok := t.files[m]; !ok {
					if kw == "source" || kw == "rsource" {
						t.errs = append(t.errs, at+": cannot source "+m)
					}
					continue
				}
				frames = t.parse(m, frames, external)
			}
			continue
		}
		// Options.
		if skipOpts {
			if kw == "help" || kw == "---help---" {
				li = skipHelp(lines, li)
			}
			continue
		}
		switch kw {
		case "help", "---help---":
			li = skipHelp(lines, li)
			continue
		case "option", "optional", "modules", "transitional":
			continue
		case "depends":
			if len(toks) < 3 || toks[1] != "on" {
				t.errs = append(t.errs, at+": bad depends")
				continue
			}
			x := parseX(ln, strings.Join(toks[2:], " "))
			switch {
			case cur != nil:
				cur.dep = andK(cur.dep, x)
			case curChoice != nil:
				curChoice.dep = andK(curChoice.dep, x)
			case curFrame != nil:
				curFrame.dep = andK(curFrame.dep, x)
			}
			continue
		case "visible":
			if curFrame != nil && curFrame.kind == "menu" && len(toks) > 2 {
				curFrame.visibleIf = andK(curFrame.visibleIf, parseX(ln, strings.Join(toks[2:], " ")))
			}
			continue
		}
		if curChoice != nil {
			switch kw {
			case "prompt":
				curChoice.prompt = true
				curChoice.promptIf = andK(curChoice.promptIf, condOf(ln, toks, 2))
			case "bool", "tristate":
				if len(toks) > 1 {
					curChoice.prompt = true
					curChoice.promptIf = andK(curChoice.promptIf, condOf(ln, toks, 2))
				}
			case "default":
				curChoice.defaults = append(curChoice.defaults, kcCond{val: toks[1], cond: condOf(ln, toks, 2)})
			default:
				t.errs = append(t.errs, fmt.Sprintf("%s: unknown choice option %q", at, kw))
			}
			continue
		}
		if cur == nil {
			if curFrame == nil {
				t.errs = append(t.errs, fmt.Sprintf("%s: option %q outside an entry", at, kw))
			}
			continue
		}
		switch kw {
		case "bool", "tristate", "int", "hex", "string":
			typ := kw
			if typ == "tristate" {
				typ = "bool"
			}
			cur.typ = typ
			if len(toks) > 1 {
				cur.prompt = true
				cur.promptIf = andK(cur.promptIf, condOf(ln, toks, 2))
			}
		case "def_bool", "def_tristate", "def_int", "def_hex", "def_string":
			typ := strings.TrimPrefix(kw, "def_")
			if typ == "tristate" {
				typ = "bool"
			}
			cur.typ = typ
			v, i := defaultValue(toks, 1)
			cur.defaults = append(cur.defaults, kcCond{val: t.expandVars(v), cond: condOf(ln, toks, i)})
		case "prompt":
			cur.prompt = true
			cur.promptIf = andK(cur.promptIf, condOf(ln, toks, 2))
		case "default":
			v, i := defaultValue(toks, 1)
			cur.defaults = append(cur.defaults, kcCond{val: t.expandVars(v), cond: condOf(ln, toks, i)})
		case "range":
			if len(toks) < 3 {
				t.errs = append(t.errs, at+": bad range")
				continue
			}
			cur.ranges = append(cur.ranges, kcRange{min: toks[1], max: toks[2], cond: condOf(ln, toks, 3)})
		case "select", "imply":
			if len(toks) < 2 {
				continue
			}
			s := kcSelect{target: toks[1], cond: condOf(ln, toks, 2)}
			if kw == "select" {
				cur.selects = append(cur.selects, s)
			} else {
				cur.implies = append(cur.implies, s)
			}
		default:
			t.errs = append(t.errs, fmt.Sprintf("%s: unknown option %q of %s", at, kw, curSym.name))
		}
	}
	return frames
}

// defaultValue returns the value expression of a default line (up to a
// top-level "if") and the index after it.
func defaultValue(toks []string, i int) (string, int) {
	j := i
	for j < len(toks) && toks[j] != "if" {
		j++
	}
	return strings.Join(toks[i:j], " "), j
}

// skipHelp returns the index of the last line of the help text starting
// after line li (Kconfiglib _parse_help: the text is the lines indented
// at least as much as its first non-blank line).
func skipHelp(lines []kline, li int) int {
	j := li + 1
	for j < len(lines) && lines[j].indent < 0 {
		j++
	}
	if j >= len(lines) || lines[j].indent == 0 {
		return j - 1
	}
	ind := lines[j].indent
	for j < len(lines) && (lines[j].indent < 0 || lines[j].indent >= ind) {
		j++
	}
	return j - 1
}
