package lwipopts

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
)

// freestandingDir writes the freestanding headers to a directory, for gcc
// (gccoracle.Request.AfterDirs) to see what lwiplint serves.
func freestandingDir(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	for h, src := range freestandingText() {
		if err := os.WriteFile(filepath.Join(dir, h), src, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestFreestandingMatchesArmGCC checks the data of freestanding.go against
// the headers of arm-none-eabi-gcc (newlib) for a Cortex-M4: the same macro
// names, and for each one the same value and type, checked by the
// compiler itself with _Static_assert. It is a local check: CI installs no
// cross compiler.
func TestFreestandingMatchesArmGCC(t *testing.T) {
	cc, err := exec.LookPath("arm-none-eabi-gcc")
	if err != nil {
		t.Skip("no arm-none-eabi-gcc")
	}
	dir := t.TempDir()
	for h, ms := range freestandingHeaders {
		t.Run(h, func(t *testing.T) {
			src := filepath.Join(dir, strings.TrimSuffix(h, ".h")+".c")
			if err := os.WriteFile(src, []byte("#include <"+h+">\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command(cc, "-mcpu=cortex-m4", "-std=gnu11", "-E", "-dM", src).Output()
			if err != nil {
				t.Fatal(err)
			}
			var theirs []string
			for _, l := range strings.Split(string(out), "\n") {
				f := strings.Fields(strings.TrimPrefix(l, "#define "))
				// HAVE_INITFINI_ARRAY: newlib's build configuration
				// (newlib.h), which its <inttypes.h> reads.
				if len(f) == 0 || strings.HasPrefix(f[0], "_") || f[0] == "HAVE_INITFINI_ARRAY" {
					continue
				}
				name, _, _ := strings.Cut(f[0], "(")
				theirs = append(theirs, name)
			}
			var ours []string
			for _, inc := range freestandingIncludes[h] {
				for _, m := range freestandingHeaders[inc] {
					name, _, _ := strings.Cut(m.Name, "(")
					ours = append(ours, name)
				}
			}
			var b strings.Builder
			b.WriteString("#include <" + h + ">\n")
			for _, m := range ms {
				name, params, fn := strings.Cut(m.Name, "(")
				ours = append(ours, name)
				if h == "stddef.h" || h == "stdbool.h" && name == "bool" {
					continue // a null pointer, offsetof and a type: no value to compare
				}
				if h == "inttypes.h" {
					continue // strings: TestFreestandingFormatsMatchArmGCC
				}
				a, b2 := name, "LW_"+name
				if fn {
					params = strings.TrimSuffix(params, ")")
					b.WriteString("#define LW_" + name + "(" + params + ") " + strings.ReplaceAll(m.Value, "c ##", "c##") + "\n")
					a, b2 = name+"(7)", "LW_"+name+"(7)"
				} else {
					b.WriteString("#define LW_" + name + " " + m.Value + "\n")
				}
				b.WriteString("_Static_assert((" + a + ") == (" + b2 + ") && __builtin_types_compatible_p(__typeof__(" + a + "), __typeof__(" + b2 + ")), \"" + m.Name + "\");\n")
				b.WriteString("#if !((" + a + ") == (" + b2 + ") && ((" + a + ") - (" + a + ") - 1 < 0) == ((" + b2 + ") - (" + b2 + ") - 1 < 0))\n#error " + name + " differs in #if\n#endif\n")
			}
			sort.Strings(theirs)
			sort.Strings(ours)
			if h != "stdbool.h" && !slices.Equal(theirs, ours) {
				t.Errorf("macro names differ:\n  arm-none-eabi-gcc %v\n  lwiplint          %v", theirs, ours)
			}
			chk := filepath.Join(dir, "check_"+strings.TrimSuffix(h, ".h")+".c")
			if err := os.WriteFile(chk, []byte(b.String()), 0o644); err != nil {
				t.Fatal(err)
			}
			if out, err := exec.Command(cc, "-mcpu=cortex-m4", "-std=gnu11", "-fsyntax-only", chk).CombinedOutput(); err != nil {
				t.Errorf("arm-none-eabi-gcc disagrees with the data:\n%s", out)
			}
		})
	}
}

// TestFreestandingFormatsMatchArmGCC checks the strings of <inttypes.h>
// against arm-none-eabi-gcc's (newlib, Cortex-M4): each macro and its
// value in freestanding.go initialise an array, and the assembly the
// compiler writes must hold the same bytes for both. A local check, as
// TestFreestandingMatchesArmGCC.
func TestFreestandingFormatsMatchArmGCC(t *testing.T) {
	cc, err := exec.LookPath("arm-none-eabi-gcc")
	if err != nil {
		t.Skip("no arm-none-eabi-gcc")
	}
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("#include <inttypes.h>\n")
	for _, m := range freestandingHeaders["inttypes.h"] {
		fmt.Fprintf(&b, "const char theirs_%s[] = %s;\nconst char ours_%s[] = %s;\n", m.Name, m.Name, m.Name, m.Value)
	}
	src := filepath.Join(dir, "formats.c")
	if err := os.WriteFile(src, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(cc, "-mcpu=cortex-m4", "-std=gnu11", "-S", "-o", "-", src).CombinedOutput()
	if err != nil {
		t.Fatalf("arm-none-eabi-gcc: %v\n%s", err, out)
	}
	got := map[string]string{}
	label := ""
	for _, l := range strings.Split(string(out), "\n") {
		if n, ok := strings.CutSuffix(l, ":"); ok && (strings.HasPrefix(n, "theirs_") || strings.HasPrefix(n, "ours_")) {
			label = n
			continue
		}
		if f := strings.Fields(l); label != "" && len(f) == 2 && (f[0] == ".ascii" || f[0] == ".string") {
			got[label] = f[0] + " " + f[1]
			label = ""
		}
	}
	for _, m := range freestandingHeaders["inttypes.h"] {
		if th, ou := got["theirs_"+m.Name], got["ours_"+m.Name]; th == "" || th != ou {
			t.Errorf("%s: arm-none-eabi-gcc %q, freestanding.go %q (%s)", m.Name, th, ou, m.Value)
		}
	}
}

// TestFreestandingLimits: the values a configuration reads through the
// freestanding headers, with and without lwIP's arch.h including them.
func TestFreestandingLimits(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "lwipopts.h")
	src := "#include <stdint.h>\n#if INTPTR_MAX == INT64_MAX\n#define CFG_PTR64 1\n#else\n#define CFG_PTR64 0\n#endif\n#define CFG_FAST8 UINT_FAST8_MAX\n"
	if err := os.WriteFile(cfg, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := Load(cfg, Params{LwipVersion: "2.1.3", NoTree: true})
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]int64{"RECV_BUFSIZE_DEFAULT": 0x7fffffff, "CFG_PTR64": 0, "CFG_FAST8": 0xffffffff} {
		o := c.Option(name)
		if !o.HasValue || !o.Evaluable || o.Value.Int != want {
			t.Errorf("%s = %v (evaluable %v: %s), want %d", name, o.Value, o.Evaluable, o.Reason, want)
		}
	}
	if o := c.Option("INT_MAX"); o.Origin.Kind == OriginLwipopts || !strings.HasPrefix(o.Origin.Pos.File, freestandingLabel) {
		t.Errorf("INT_MAX origin %+v, want %slimits.h", o.Origin, freestandingLabel)
	}
	for _, n := range c.Notes {
		if strings.Contains(n.Text, "<stdint.h>") || strings.Contains(n.Text, "<limits.h>") {
			t.Errorf("note %q: a freestanding header is served, not missing", n.Text)
		}
	}
}
