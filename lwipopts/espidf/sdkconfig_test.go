package espidf

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/lwiplint/lwiplint/internal/suggest"
)

func entryList(f *File) []string {
	var r []string
	for _, e := range f.Entries {
		r = append(r, e.Pos.String()+" "+e.Spelling())
	}
	return r
}

func TestParseLineEndings(t *testing.T) {
	lf := "# comment\nCONFIG_LWIP_TCP_MSS=1440\n# CONFIG_LWIP_IPV6 is not set\nCONFIG_LWIP_LOCAL_HOSTNAME=\"a b\"\n"
	want := []string{"f:2 CONFIG_LWIP_TCP_MSS=1440", "f:3 # CONFIG_LWIP_IPV6 is not set", `f:4 CONFIG_LWIP_LOCAL_HOSTNAME="a b"`}
	for name, data := range map[string]string{
		"lf":      lf,
		"crlf":    strings.ReplaceAll(lf, "\n", "\r\n"),
		"cr":      strings.ReplaceAll(lf, "\n", "\r"),
		"no-eol":  strings.TrimSuffix(lf, "\n"),
		"trailws": strings.ReplaceAll(lf, "\n", " \t\f\n"),
	} {
		f := Parse("f", []byte(data), KindSdkconfig)
		if d := cmp.Diff(want, entryList(f)); d != "" {
			t.Errorf("%s: (-want +got)\n%s", name, d)
		}
		if len(f.Diags) != 0 {
			t.Errorf("%s: diagnostics %v", name, f.Diags)
		}
	}
}

func TestParseDefaultsStrip(t *testing.T) {
	data := "  CONFIG_LWIP_TCP_MSS=1400  \nCONFIG_LWIP_SO_REUSE=\n\tCONFIG_LWIP_TCP_MSL=1000\n"
	f := Parse("d", []byte(data), KindDefaults)
	want := []string{"d:1 CONFIG_LWIP_TCP_MSS=1400", "d:2 CONFIG_LWIP_SO_REUSE=n", "d:3 CONFIG_LWIP_TCP_MSL=1000"}
	if d := cmp.Diff(want, entryList(f)); d != "" {
		t.Errorf("(-want +got)\n%s", d)
	}
	// The same lines in an sdkconfig: the indented ones are skipped, and
	// "CONFIG_X=" stays an empty value.
	f = Parse("s", []byte(data), KindSdkconfig)
	want = []string{"s:2 CONFIG_LWIP_SO_REUSE="}
	if d := cmp.Diff(want, entryList(f)); d != "" {
		t.Errorf("sdkconfig: (-want +got)\n%s", d)
	}
	if len(f.Diags) != 2 {
		t.Errorf("sdkconfig: want 2 diagnostics, got %v", f.Diags)
	}
}

func TestParseHeaderLines(t *testing.T) {
	data := "/*\n * Automatically generated file. DO NOT EDIT.\n * Espressif IoT Development Framework (ESP-IDF) 5.5.5 Configuration Header\n */\n#pragma once\n" +
		"#define CONFIG_A 1\n#define CONFIG_S \"x\\\"y\" /* c */\n#define CONFIG_OLD CONFIG_A\n#define NOT_CONFIG 3\n"
	f := Parse("h", []byte(data), KindHeader)
	if f.Version != "5.5.5" || !f.Generated {
		t.Errorf("version %q generated %v", f.Version, f.Generated)
	}
	want := []string{"h:6 CONFIG_A=1", `h:7 CONFIG_S="x\"y"`, "h:8 CONFIG_OLD=A"}
	if d := cmp.Diff(want, entryList(f)); d != "" {
		t.Errorf("(-want +got)\n%s", d)
	}
	if !f.Entries[2].Alias {
		t.Error("CONFIG_OLD is not an alias")
	}
}

func TestParseVersionAndTarget(t *testing.T) {
	for _, tc := range []struct{ line, want string }{
		{"# Espressif IoT Development Framework (ESP-IDF) 5.1.2 Project Configuration", "5.1.2"},
		{"# Espressif IoT Development Framework (ESP-IDF) 5.5.5 Project Minimal Configuration", "5.5.5"},
		{"# Espressif IoT Development Framework (ESP-IDF)  Project Configuration", ""},
		{"# Espressif IoT Development Framework (ESP-IDF) Configuration cmake include file", ""},
	} {
		f := Parse("s", []byte(tc.line+"\nCONFIG_IDF_TARGET=\"esp32s3\"\n"), KindSdkconfig)
		if f.Version != tc.want {
			t.Errorf("%q: version %q, want %q", tc.line, f.Version, tc.want)
		}
		if f.Target() != "esp32s3" {
			t.Errorf("target %q", f.Target())
		}
	}
}

func TestParseHostile(t *testing.T) {
	for name, data := range map[string][]byte{
		"nul":          []byte("CONFIG_LWIP_TCP_MSS=1440\nCONFIG_X=\x00\x01\n"),
		"invalid-utf8": []byte("CONFIG_LWIP_TCP_MSS=1440\nCONFIG_LWIP_LOCAL_HOSTNAME=\"\xff\xfe\"\nCONFIG_LWIP_TCP_MSL=1\n"),
		"huge":         bytes.Repeat([]byte("CONFIG_LWIP_TCP_MSS=1440\n"), MaxFileSize/20),
		"long-line":    append([]byte("CONFIG_LWIP_LOCAL_HOSTNAME=\""), append(bytes.Repeat([]byte("a"), 1<<20), '"')...),
		"only-cr":      bytes.Repeat([]byte("\r"), 10000),
		"weird-names":  []byte("CONFIG_=1\nCONFIG_A B=1\nCONFIG_é=1\n# CONFIG_ is not set\nCONFIG_LWIP_TCP_MSS==5\n"),
	} {
		t.Run(name, func(t *testing.T) {
			for _, k := range []Kind{KindSdkconfig, KindDefaults, KindHeader} {
				f := Parse(name, data, k)
				tr := Translate([]*File{f}, Options{Version: "5.1.2"})
				if tr.Header == "" {
					t.Errorf("%v: no header", k)
				}
				for _, d := range tr.Diags {
					if d.Pos.Line < 0 || d.Pos.Line > bytes.Count(data, []byte("\n"))+bytes.Count(data, []byte("\r"))+1 {
						t.Errorf("%v: diagnostic outside the file: %v", k, d)
					}
				}
			}
		})
	}
	f := Parse("nul", []byte("CONFIG_A=1\n\x00"), KindSdkconfig)
	if len(f.Entries) != 0 || len(f.Diags) != 1 || f.Diags[0].Code != CodeFile || f.Diags[0].Pos.Line != 2 {
		t.Errorf("NUL: entries %v diags %v", f.Entries, f.Diags)
	}
	f = Parse("u", []byte("CONFIG_A=1\nCONFIG_B=\"\xff\"\nCONFIG_C=1\n"), KindSdkconfig)
	if len(f.Entries) != 2 || len(f.Diags) != 1 || f.Diags[0].Pos.Line != 2 || f.Diags[0].Severity != Error {
		t.Errorf("UTF-8: entries %v diags %v", f.Entries, f.Diags)
	}
	big := make([]byte, MaxFileSize+1)
	f = Parse("big", big, KindSdkconfig)
	if len(f.Diags) != 1 || !strings.Contains(f.Diags[0].Message, "larger than") {
		t.Errorf("oversize: %v", f.Diags)
	}
}

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "sdkconfig.defaults.esp32")
	if err := os.WriteFile(p, []byte("CONFIG_LWIP_TCP_MSS=\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if f.Kind != KindDefaults || f.Entries[0].Value != "n" {
		t.Errorf("kind %v entries %v", f.Kind, f.Entries)
	}
	if _, err := ReadFile(dir); err == nil {
		t.Error("reading a directory did not fail")
	}
	if _, err := ReadFile(filepath.Join(dir, "missing")); err == nil {
		t.Error("reading a missing file did not fail")
	}
	for _, tc := range []struct {
		name string
		want Kind
	}{{"sdkconfig", KindSdkconfig}, {"sdkconfig.ci", KindSdkconfig}, {"sdkconfig.defaults", KindDefaults}, {"x/sdkconfig.defaults.esp32c3", KindDefaults}, {"build/config/sdkconfig.h", KindHeader}} {
		if k := KindOf(tc.name); k != tc.want {
			t.Errorf("KindOf(%s) = %v, want %v", tc.name, k, tc.want)
		}
	}
}

func TestPyInt(t *testing.T) {
	for _, tc := range []struct {
		s    string
		base int
		want int64
		ok   bool
	}{
		{"1440", 10, 1440, true}, {" 12 ", 10, 12, true}, {"+5", 10, 5, true}, {"-5", 10, -5, true},
		{"1_000", 10, 1000, true}, {"1__0", 10, 0, false}, {"_1", 10, 0, false}, {"0x10", 10, 0, false},
		{"5760U", 10, 0, false}, {"", 10, 0, false}, {"0x7FFFFFFF", 16, 0x7FFFFFFF, true}, {"7fffffff", 16, 0x7FFFFFFF, true},
		{"0x", 16, 0, false}, {"010", 0, 0, false}, {"0x1f", 0, 31, true}, {"0", 0, 0, true}, {"00", 0, 0, true},
		{"99999999999999999999", 10, 0, false},
	} {
		got, ok := pyInt(tc.s, tc.base)
		if got != tc.want || ok != tc.ok {
			t.Errorf("pyInt(%q, %d) = %d, %v; want %d, %v", tc.s, tc.base, got, ok, tc.want, tc.ok)
		}
	}
}

func TestEditDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{{"LWIP_TCP_SYNMAXRTS", "LWIP_TCP_SYNMAXRTX", 1}, {"AB", "BA", 1}, {"", "abc", 3}, {"kitten", "sitting", 3}} {
		if got := suggest.Distance(tc.a, tc.b); got != tc.want {
			t.Errorf("suggest.Distance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestCexpr(t *testing.T) {
	env := func(name string) (cmacro, bool) {
		m := map[string]string{"A": "4", "B": "(A * 2)", "U": "1000UL", "T": "( ( TickType_t ) 1000 / 300 )"}
		if s, ok := m[name]; ok {
			toks, _ := ctokenize(s)
			return cmacro{toks: toks}, true
		}
		return cmacro{}, false
	}
	for _, tc := range []struct {
		expr string
		want string
	}{
		{"B + 1", "9"}, {"A/4 == 1 && !0", "1"}, {"U * 60", "60000U"}, {"-1 < 0U", "0"}, {"T", "3U"},
		{"1 ? 2 : 3", "2"}, {"0x10 | 010", "24"}, {"1 << 3 >> 1", "4"},
	} {
		x, err := parseCexpr(tc.expr)
		if err != nil {
			t.Fatal(err)
		}
		v, err := evalValue(x.toks, env)
		if err != nil || v.String() != tc.want {
			t.Errorf("%s = %v (%v), want %s", tc.expr, v, err, tc.want)
		}
	}
	x, _ := parseCexpr("defined(A) && !defined(Z) && Z == 0")
	v, unknown, err := evalIf(x, env)
	if err != nil || v.v != 1 || len(unknown) != 1 || unknown[0] != "Z" {
		t.Errorf("evalIf: %v %v %v", v, unknown, err)
	}
	for _, bad := range []string{"1/0", "A +", "(1", "esp_random"} {
		x, err := parseCexpr(bad)
		if err != nil {
			continue
		}
		if _, err := evalValue(x.toks, env); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
}

func TestKexpr(t *testing.T) {
	vals := map[string]kvalue{
		"A":     {typ: "bool", val: "y", known: true},
		"B":     {typ: "bool", val: "n", known: true},
		"LEVEL": {typ: "int", val: "3", known: true},
		"T":     {typ: "string", val: "esp32", known: true},
	}
	sym := func(n string) kvalue {
		if v, ok := vals[n]; ok {
			return v
		}
		return kvalue{}
	}
	for _, tc := range []struct {
		expr string
		want tri
	}{
		{"A && !B", triY}, {"A && U", triU}, {"B && U", triN}, {"A || U", triY}, {"!(A || B)", triN},
		{"LEVEL < 4", triY}, {"LEVEL >= 4", triN}, {`T = "esp32"`, triY}, {`T != "esp32"`, triN}, {"y", triY}, {`"y"`, triY},
	} {
		x, err := parseKexpr(tc.expr)
		if err != nil {
			t.Fatal(err)
		}
		if got := keval(x, sym); got != tc.want {
			t.Errorf("%s = %v, want %v", tc.expr, got, tc.want)
		}
	}
	for _, bad := range []string{"", "A &&", "(A", "A = ", `"x`} {
		if _, err := parseKexpr(bad); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}
