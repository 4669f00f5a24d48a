package freertos

// A line-level reader of C preprocessor directives, used by the generator
// in mirror_test.go to reduce FreeRTOS+TCP's sources to facts. It is not a
// preprocessor: it records each directive with the conditions it sits
// under, without evaluating them.

import (
	"regexp"
	"sort"
	"strings"
	"testing"
)

// logical is a logical source line: continuations joined, comments
// replaced by a space.
type logical struct {
	line int // first physical line, 1-based
	text string
}

// blockComment is a /* */ or // comment.
type blockComment struct {
	start, end int
	text       string
}

// splitSource splits C source into logical lines and comments. CR bytes
// are dropped first.
func splitSource(src string) ([]logical, []blockComment) {
	src = strings.ReplaceAll(src, "\r", "")
	var (
		lines    []logical
		comments []blockComment
		buf      strings.Builder
		line     = 1
		start    = 1
	)
	flush := func() {
		lines = append(lines, logical{start, buf.String()})
		buf.Reset()
	}
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch {
		case c == '\\' && i+1 < len(src) && src[i+1] == '\n':
			i++
			line++
		case c == '\n':
			flush()
			line++
			start = line
		case c == '/' && i+1 < len(src) && src[i+1] == '*':
			end := strings.Index(src[i+2:], "*/")
			var body string
			if end < 0 {
				body = src[i+2:]
				i = len(src)
			} else {
				body = src[i+2 : i+2+end]
				i += 2 + end + 1
			}
			n := strings.Count(body, "\n")
			comments = append(comments, blockComment{line, line + n, body})
			line += n
			buf.WriteByte(' ')
		case c == '/' && i+1 < len(src) && src[i+1] == '/':
			end := strings.IndexByte(src[i:], '\n')
			if end < 0 {
				end = len(src) - i
			}
			comments = append(comments, blockComment{line, line, src[i+2 : i+end]})
			i += end - 1
			buf.WriteByte(' ')
		case c == '"' || c == '\'':
			// A literal ends at its closing quote or at the end of the line
			// (an apostrophe in an #error text is not a literal).
			buf.WriteByte(c)
			for i+1 < len(src) && src[i+1] != '\n' {
				i++
				buf.WriteByte(src[i])
				if src[i] == '\\' && i+1 < len(src) && src[i+1] != '\n' {
					i++
					buf.WriteByte(src[i])
					continue
				}
				if src[i] == c {
					break
				}
			}
		default:
			buf.WriteByte(c)
		}
	}
	if buf.Len() > 0 {
		flush()
	}
	return lines, comments
}

var spaceRun = regexp.MustCompile(`\s+`)

func collapse(s string) string {
	return strings.TrimSpace(spaceRun.ReplaceAllString(s, " "))
}

var (
	definedParen = regexp.MustCompile(`\bdefined\s*\(\s*(\w+)\s*\)`)
	definedBare  = regexp.MustCompile(`\bdefined\s+(\w+)`)
	notDefined   = regexp.MustCompile(`^\(?\s*!\s*defined\((\w+)\)\s*\)?$`)
	simpleCond   = regexp.MustCompile(`^!?(defined\(\w+\)|\w+)$`)
	identRE      = regexp.MustCompile(`\b[A-Za-z_]\w*\b`)
	numberRE     = regexp.MustCompile(`\b[0-9][0-9A-Za-z_.]*\b`)
)

// normCond collapses white space and writes every defined operator as
// defined(NAME).
func normCond(e string) string {
	e = collapse(e)
	e = definedParen.ReplaceAllString(e, "defined($1)")
	return definedBare.ReplaceAllString(e, "defined($1)")
}

// balanced reports whether s is "( … )" with the outer parentheses
// matching each other.
func balanced(s string) bool {
	if !strings.HasPrefix(s, "(") || !strings.HasSuffix(s, ")") {
		return false
	}
	depth := 0
	for i, c := range s {
		switch c {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 && i != len(s)-1 {
				return false
			}
		}
	}
	return depth == 0
}

func wrap(c string) string {
	if simpleCond.MatchString(c) || balanced(c) || strings.HasPrefix(c, "!") && balanced(c[1:]) {
		return c
	}
	return "( " + c + " )"
}

func negate(c string) string {
	switch {
	case strings.HasPrefix(c, "defined(") && simpleCond.MatchString(c):
		return "!" + c
	case strings.HasPrefix(c, "!defined(") && simpleCond.MatchString(c):
		return c[1:]
	}
	return "!" + wrap(c)
}

func join(parts []string) string {
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	if len(out) == 1 {
		return out[0]
	}
	for i := range out {
		out[i] = wrap(out[i])
	}
	return strings.Join(out, " && ")
}

// frame is one open #if group.
type frame struct {
	prev  []string // conditions of the earlier branches
	cur   string   // condition of the current branch
	line  int      // line of the directive that opened the current branch
	guard bool     // the include guard
	ndef  string   // NAME when cur is !defined(NAME)
}

func (f *frame) set(c string) {
	f.cur = c
	f.ndef = ""
	if m := notDefined.FindStringSubmatch(c); m != nil {
		f.ndef = m[1]
	}
}

// directive is one preprocessor directive with its context.
type directive struct {
	line   int
	name   string // "define", "error", "if", …
	rest   string // collapsed text after the name
	cond   string // conditions of the enclosing groups, without guards
	ndefAt int    // for a define: index of the enclosing #ifndef of its own name, -1 if none
	ifLine int    // line of the innermost non-guard branch, 0 if none
	// condExcept is cond without the #ifndef of the define's own name.
	condExcept string
	guardLine  int // line of that #ifndef
}

// statement is a non-directive statement of interest (STATIC_ASSERT).
type statement struct {
	line   int
	expr   string
	cond   string
	ifLine int
}

type scanned struct {
	directives []directive
	asserts    []statement
	comments   []blockComment
	lines      []logical
}

var staticAssertStart = regexp.MustCompile(`^\s*STATIC_ASSERT\s*\(`)

// scanSource records every directive of src with its conditions, and
// the STATIC_ASSERT statements outside #define lines.
func scanSource(src string) scanned {
	lines, comments := splitSource(src)
	var (
		s         = scanned{comments: comments, lines: lines}
		stack     []*frame
		ifLine    []int
		seenGroup bool
	)
	innermost := func() int {
		for k := len(stack) - 1; k >= 0; k-- {
			if !stack[k].guard {
				return stack[k].line
			}
		}
		return 0
	}
	conds := func(skip int) string {
		var parts []string
		for i, f := range stack {
			if f.guard || i == skip {
				continue
			}
			parts = append(parts, f.cur)
		}
		return join(parts)
	}
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		t := strings.TrimSpace(l.text)
		if !strings.HasPrefix(t, "#") {
			if staticAssertStart.MatchString(t) {
				// Gather the statement up to its balancing parenthesis.
				text := t
				for !closes(text) && i+1 < len(lines) {
					i++
					text += " " + strings.TrimSpace(lines[i].text)
				}
				open := strings.IndexByte(text, '(')
				end := closeIndex(text, open)
				if end > open {
					s.asserts = append(s.asserts, statement{l.line, collapse(text[open+1 : end]), conds(-1), innermost()})
				}
			}
			continue
		}
		t = strings.TrimSpace(t[1:])
		name := t
		rest := ""
		if j := strings.IndexFunc(t, func(r rune) bool { return !(r == '_' || r >= 'a' && r <= 'z') }); j >= 0 {
			name, rest = t[:j], t[j:]
		}
		rest = collapse(rest)
		d := directive{line: l.line, name: name, rest: rest, ndefAt: -1}
		switch name {
		case "if":
			seenGroup = true
			f := &frame{line: l.line}
			f.set(normCond(rest))
			stack = append(stack, f)
			ifLine = append(ifLine, l.line)
		case "ifdef", "ifndef":
			f := &frame{line: l.line}
			id := identRE.FindString(rest)
			if name == "ifdef" {
				f.set("defined(" + id + ")")
			} else {
				f.set("!defined(" + id + ")")
				// An include guard: the file's first group, #ifndef G
				// directly followed by #define G.
				if next := nextDirective(lines, i); next == "define "+id && len(stack) == 0 && !seenGroup {
					f.guard = true
				}
			}
			stack = append(stack, f)
			ifLine = append(ifLine, l.line)
			seenGroup = true
		case "elif", "else":
			if len(stack) == 0 {
				continue
			}
			f := stack[len(stack)-1]
			f.prev = append(f.prev, f.cur)
			var parts []string
			for _, p := range f.prev {
				parts = append(parts, negate(p))
			}
			if name == "elif" {
				parts = append(parts, normCond(rest))
			}
			f.guard = false
			f.line = l.line
			f.set(join(parts))
		case "endif":
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
				ifLine = ifLine[:len(ifLine)-1]
			}
			continue
		}
		if name == "if" || name == "ifdef" || name == "ifndef" || name == "elif" || name == "else" {
			continue
		}
		d.cond = conds(-1)
		d.ifLine = innermost()
		if name == "define" || name == "undef" {
			id := identRE.FindString(rest)
			for k := len(stack) - 1; k >= 0; k-- {
				if stack[k].ndef == id && !stack[k].guard {
					d.ndefAt = k
					d.condExcept = conds(k)
					d.guardLine = ifLine[k]
					break
				}
			}
			// The #define of an include guard is not a fact.
			if len(stack) > 0 && stack[len(stack)-1].guard && stack[len(stack)-1].ndef == id {
				continue
			}
		}
		s.directives = append(s.directives, d)
	}
	return s
}

// nextDirective returns "name firstword" of the next directive after
// lines[i], skipping blank lines.
func nextDirective(lines []logical, i int) string {
	for j := i + 1; j < len(lines); j++ {
		t := strings.TrimSpace(lines[j].text)
		if t == "" {
			continue
		}
		if !strings.HasPrefix(t, "#") {
			return ""
		}
		f := strings.Fields(strings.TrimSpace(t[1:]))
		if len(f) < 2 {
			return strings.Join(f, " ")
		}
		// A guard's #define has no value.
		if len(f) > 2 {
			return ""
		}
		return f[0] + " " + f[1]
	}
	return ""
}

func closeIndex(s string, open int) int {
	if open < 0 {
		return -1
	}
	depth := 0
	for i := open; i < len(s); i++ {
		switch s[i] {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

func closes(s string) bool { return closeIndex(s, strings.IndexByte(s, '(')) > 0 }

// parseDefine splits the text after #define into name, parameters (nil
// for an object-like macro) and value.
func parseDefine(rest string) (name string, params *string, value string) {
	name = identRE.FindString(rest)
	after := strings.TrimPrefix(rest, name)
	if strings.HasPrefix(after, "(") { // no space: function-like
		end := strings.IndexByte(after, ')')
		if end < 0 {
			return name, nil, collapse(after)
		}
		p := strings.ReplaceAll(collapse(after[1:end]), " ,", ",")
		p = strings.ReplaceAll(p, ", ", ",")
		p = strings.ReplaceAll(p, ",", ", ")
		return name, &p, collapse(after[end+1:])
	}
	return name, nil, collapse(after)
}

// identifiers returns the sorted identifiers of the expressions, without
// "defined" and without the suffixes of numbers.
func identifiers(exprs ...string) []string {
	set := map[string]bool{}
	for _, e := range exprs {
		e = numberRE.ReplaceAllString(e, " ")
		for _, id := range identRE.FindAllString(e, -1) {
			if id != "defined" {
				set[id] = true
			}
		}
	}
	out := make([]string, 0, len(set))
	for id := range set {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

func TestSplitSource(t *testing.T) {
	src := "#define A 1 /* one\n two */\n#error it's \"x\" // c\n#if B \\\n && C\n#endif\r\n"
	lines, comments := splitSource(src)
	// An unterminated apostrophe runs to the end of the line, as in gcc:
	// the // inside it is not a comment.
	want := []logical{{1, "#define A 1  "}, {3, "#error it's \"x\" // c"}, {4, "#if B  && C"}, {6, "#endif"}}
	if len(lines) != len(want) {
		t.Fatalf("lines = %+v", lines)
	}
	for i := range want {
		if lines[i] != want[i] {
			t.Errorf("line %d = %+v, want %+v", i, lines[i], want[i])
		}
	}
	if len(comments) != 1 || comments[0].start != 1 || comments[0].end != 2 {
		t.Errorf("comments = %+v", comments)
	}
}

func TestScanSource(t *testing.T) {
	src := `#ifndef GUARD_H
#define GUARD_H
#ifndef ipconfigA
    #define ipconfigA ( 1 )
#endif
#if ipconfigA
    #ifndef ipconfigB
        #ifdef _WIN
            #define ipconfigB 2
        #else
            #define ipconfigB 3
        #endif
    #endif
#endif
#if ( ipconfigB < 1 )
    #error ipconfigB must be at least 1 - see http://x.org/y
#elif defined ipconfigC
    #define ipconfigD 4
#endif
STATIC_ASSERT( ipconfigA <=
               ( 5 ) );
#define F( x ,y )  ( ( x ) + y )
#endif /* GUARD_H */
`
	s := scanSource(src)
	type row struct{ name, rest, cond, except string }
	var got []row
	for _, d := range s.directives {
		got = append(got, row{d.name, d.rest, d.cond, d.condExcept})
	}
	want := []row{
		{"define", "ipconfigA ( 1 )", "!defined(ipconfigA)", ""},
		{"define", "ipconfigB 2", "ipconfigA && !defined(ipconfigB) && defined(_WIN)", "ipconfigA && defined(_WIN)"},
		{"define", "ipconfigB 3", "ipconfigA && !defined(ipconfigB) && !defined(_WIN)", "ipconfigA && !defined(_WIN)"},
		{"error", "ipconfigB must be at least 1 - see http:", "( ipconfigB < 1 )", ""},
		{"define", "ipconfigD 4", "!( ipconfigB < 1 ) && defined(ipconfigC)", ""},
		{"define", "F( x ,y ) ( ( x ) + y )", "", ""},
	}
	if len(got) != len(want) {
		t.Fatalf("directives = %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("directive %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	if len(s.asserts) != 1 || s.asserts[0].expr != "ipconfigA <= ( 5 )" || s.asserts[0].line != 20 {
		t.Errorf("asserts = %+v", s.asserts)
	}
	name, params, value := parseDefine("F( x ,y ) ( ( x ) + y )")
	if name != "F" || params == nil || *params != "x, y" || value != "( ( x ) + y )" {
		t.Errorf("parseDefine = %q %v %q", name, params, value)
	}
	if ids := identifiers("( ipconfigB < 1U ) && defined(ipconfigC) || 0x1FUL"); strings.Join(ids, " ") != "ipconfigB ipconfigC" {
		t.Errorf("identifiers = %v", ids)
	}
}
