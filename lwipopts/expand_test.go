package lwipopts

import (
	"testing"
)

func TestEvalPreprocessorSemantics(t *testing.T) {
	env := &macroEnv{macros: map[string]*macro{}}
	def := func(src string) {
		ts, err := tokenize(src)
		if err != nil {
			t.Fatal(err)
		}
		m := &macro{Name: ts[0].Text}
		body := ts[1:]
		if len(body) > 0 && body[0].Text == "(" && !body[0].Space {
			m.FuncLike = true
			i := 1
			for ; body[i].Text != ")"; i++ {
				if body[i].Text != "," {
					m.Params = append(m.Params, body[i].Text)
				}
			}
			body = body[i+1:]
		}
		m.Body = body
		env.macros[m.Name] = m
	}
	def("TCP_MSS 1460")
	def("TCP_SND_BUF (8*TCP_MSS)")
	def("LWIP_MIN(x, y) (((x) < (y)) ? (x) : (y))")
	def("LWIP_MAX(x, y) (((x) > (y)) ? (x) : (y))")
	def("SELF SELF")
	def("CAT(a,b) a##b")
	def("EMPTY")
	tests := []struct {
		expr string
		want int64
		u    bool
		err  bool
	}{
		{expr: "TCP_SND_BUF", want: 11680},
		{expr: "LWIP_MIN(LWIP_MAX(((TCP_SND_BUF)/2), (2 * TCP_MSS) + 1), (TCP_SND_BUF) - 1)", want: 5840},
		{expr: "1U - 2 > 0", want: 1},                   // unsigned arithmetic
		{expr: "-1 < 0u", want: 0},                      // converted to uintmax_t
		{expr: "0xFFFFFFFFFFFFFFFF", want: -1, u: true}, // too big for intmax_t
		{expr: "18446744073709551615", want: -1, u: true},
		{expr: "0xFFFFU << 2", want: 262140, u: true},
		{expr: "(1 ? -1 : 0u) < 0", want: 0},
		{expr: "defined TCP_MSS && defined(TCP_SND_BUF) && !defined NOPE", want: 1},
		{expr: "UNDEFINED_NAME + 3", want: 3},
		{expr: "SELF", want: 0},
		{expr: "CAT(TCP_, MSS)", want: 1460},
		{expr: "0 && 1/0", want: 0},
		{expr: "1/0", err: true},
		{expr: "((u16_t)4096)", err: true},
		{expr: "sizeof(int)", err: true},
		{expr: "EMPTY", err: true},
		{expr: "1.5", err: true},
		{expr: "'A'", want: 65},
		{expr: "'\\377'", want: -1},
		{expr: "010 + 0x10 + 0b11", want: 27},
		{expr: "-9223372036854775807 - 1 < 0", want: 1},
		{expr: "1 << 63 >> 63", want: -1},
	}
	for _, tc := range tests {
		v, err := env.evalString(tc.expr)
		if tc.err {
			if err == nil {
				t.Errorf("%s: got %v, want an error", tc.expr, v)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tc.expr, err)
			continue
		}
		if v.Int != tc.want || v.Unsigned != tc.u {
			t.Errorf("%s = %d (unsigned %v), want %d (unsigned %v)", tc.expr, v.Int, v.Unsigned, tc.want, tc.u)
		}
	}
}

func TestScanSourceKeepsLines(t *testing.T) {
	src := "int x; /* a\n#define NOT 1\n*/\n#define A 1 /* spans\n lines */ + 2\r\nchar *s = \"/*\";\n  #  define B \\\n 3\n"
	sc, err := scanSource("f.h", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range sc.Dirs {
		got = append(got, d.Name+" "+d.Rest)
	}
	want := []string{"define A 1   + 2", "define B  3"}
	if len(got) != len(want) {
		t.Fatalf("directives %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("directive %d = %q, want %q", i, got[i], want[i])
		}
	}
	if sc.Dirs[0].Line != 4 || sc.Dirs[1].Line != 7 {
		t.Errorf("lines %d, %d, want 4, 7", sc.Dirs[0].Line, sc.Dirs[1].Line)
	}
	if n := countNL(sc.filtered()); n != 8 {
		t.Errorf("filtered text has %d lines, want 8", n)
	}
	if _, err := scanSource("g.h", []byte("#define A\n/* open")); err == nil {
		t.Error("unterminated comment not reported")
	}
}

func countNL(b []byte) int {
	n := 0
	for _, c := range b {
		if c == '\n' {
			n++
		}
	}
	return n
}
