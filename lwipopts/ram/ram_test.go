package ram

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/lwiplint/lwiplint/internal/lwiprun"
	"github.com/lwiplint/lwiplint/internal/testenv"
	"github.com/lwiplint/lwiplint/lwipopts"
)

func TestParseSize(t *testing.T) {
	for in, want := range map[string]int64{"49152": 49152, "48KiB": 48 << 10, "48K": 48 << 10, " 2 MiB ": 2 << 20, "1M": 1 << 20, "100B": 100} {
		got, err := ParseSize(in)
		if err != nil || got != want {
			t.Errorf("ParseSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "48 kilo", "-1", "1.5K", "99999999999999999999"} {
		if _, err := ParseSize(in); err == nil {
			t.Errorf("ParseSize(%q): no error", in)
		}
	}
}

func TestTargetFromFlags(t *testing.T) {
	for _, tc := range []struct {
		flags []string
		want  string
	}{
		{nil, ""},
		{[]string{"/opt/gcc/bin/arm-none-eabi-gcc", "-mcpu=cortex-m7", "-mthumb"}, "cortex-m"},
		{[]string{"arm-none-eabi-gcc", "-mthumb", "-fno-short-enums"}, "cortex-m-int-enums"},
		{[]string{"/usr/bin/cc", "-m32"}, "x86"},
		{[]string{"gcc"}, "x86-64"},
		{[]string{"xtensa-esp32-elf-gcc", "-mlongcalls"}, ""},
		{[]string{"i686-linux-gnu-gcc"}, "x86"},
	} {
		got := ""
		if tg := TargetFromFlags(tc.flags); tg != nil {
			got = tg.Name
		}
		if got != tc.want {
			t.Errorf("TargetFromFlags(%q) = %q, want %q", tc.flags, got, tc.want)
		}
	}
}

// TestShortType follows gcc's -fshort-enums: the smallest type holding
// the values, unsigned unless one is negative.
func TestShortType(t *testing.T) {
	for _, tc := range []struct {
		min  int64
		max  uint64
		want string
	}{
		{0, 0, "unsigned char"}, {0, 255, "unsigned char"}, {0, 256, "unsigned short"}, {0, 65535, "unsigned short"},
		{0, 65536, ""}, {-1, 127, "signed char"}, {-129, 0, "short"}, {-1, 32768, ""},
	} {
		if got := shortType(tc.min, tc.max); got != tc.want {
			t.Errorf("shortType(%d, %d) = %q, want %q", tc.min, tc.max, got, tc.want)
		}
	}
}

func TestInsert(t *testing.T) {
	src := []byte("typedef enum {\n  A\n} a_t;\nenum b { B };\n")
	got, err := insert(src, []insertion{{1, 14, ": unsigned char "}, {4, 8, ": short "}})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff("typedef enum : unsigned char {\n  A\n} a_t;\nenum b : short { B };\n", string(got)); diff != "" {
		t.Error(diff)
	}
	if _, err := insert(src, []insertion{{2, 1, "x"}}); err == nil {
		t.Error("an insertion not before '{': no error")
	}
}

// TestMissing says what is missing without a tree of .c files: the
// built-in defaults, and Debian's liblwip-dev (headers only).
func TestMissing(t *testing.T) {
	cfg, err := lwipopts.Load("testdata/configs/nosys1/lwipopts.h", lwipopts.Params{NoTree: true, LwipVersion: "2.1.3"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = Compute(cfg, nil)
	var me *MissingError
	if !errors.As(err, &me) {
		t.Fatalf("built-in defaults: err = %v, want a *MissingError", err)
	}
	testenv.Require(t, testenv.HaveDebianLwip(), "Debian's liblwip-dev")
	cfg, err = lwipopts.Load("testdata/configs/nosys1/lwipopts.h", lwipopts.Params{LwipDir: testenv.DebianLwip})
	if err != nil {
		t.Fatal(err)
	}
	if _, err = Compute(cfg, nil); !errors.As(err, &me) || !contains(err.Error(), "has no src/core/memp.c") {
		t.Fatalf("Debian's headers: err = %v, want a *MissingError naming src/core/memp.c", err)
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }

// TestTargetFromCompileCommands takes the target from the flags of
// compile_commands.json: -fno-short-enums widens the enums of the PCBs.
func TestTargetFromCompileCommands(t *testing.T) {
	src := lwiprun.Sources("2.2.1")
	testenv.Require(t, src != "", "lwIP 2.2.1 release sources in $LWIPLINT_LWIP_SOURCES")
	port, _ := filepath.Abs(filepath.Join("testdata", "port"))
	cfgDir, _ := filepath.Abs(filepath.Join("testdata", "configs", "nosys1"))
	sizes := map[string]int64{}
	for _, cc := range []string{"arm-none-eabi-gcc -mcpu=cortex-m4 -mthumb", "arm-none-eabi-gcc -mthumb -fno-short-enums", "gcc -m32"} {
		dir := t.TempDir()
		cmd := fmt.Sprintf("%s -I%s -I%s -I%s -c %s", cc, cfgDir, port, filepath.Join(src, "include"), filepath.Join(src, "core", "init.c"))
		db, _ := json.Marshal([]map[string]string{{"directory": dir, "file": filepath.Join(src, "core", "init.c"), "command": cmd}})
		if err := os.WriteFile(filepath.Join(dir, "compile_commands.json"), db, 0o644); err != nil {
			t.Fatal(err)
		}
		cfg, err := lwipopts.Load(filepath.Join(cfgDir, "lwipopts.h"), lwipopts.Params{CompileCommands: dir})
		if err != nil {
			t.Fatal(err)
		}
		b, err := Compute(cfg, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range b.Pools {
			if p.Name == "TCP_PCB" {
				sizes[b.Target] = p.Size
			}
		}
	}
	// struct tcp_pcb holds enum tcp_state: 1 byte with short enums, 4 without.
	want := map[string]int64{"cortex-m": 156, "cortex-m-int-enums": 160, "x86": 160}
	if diff := cmp.Diff(want, sizes); diff != "" {
		t.Errorf("sizeof(struct tcp_pcb) per target (-want +got):\n%s", diff)
	}
}

// TestEditCacheChecked gives the layout wrong cached enum insertions: one
// missing, and one where no enum is. The result is the one without a
// cache: cached insertions are checked, not trusted.
func TestEditCacheChecked(t *testing.T) {
	src := lwiprun.Sources("2.2.1")
	testenv.Require(t, src != "", "lwIP 2.2.1 release sources in $LWIPLINT_LWIP_SOURCES")
	l := lwipopts.NewLoader()
	cfg := loadFixture(t, l, "sockets", src)
	target, _ := LookupTarget("cortex-m")
	key := filepath.Join(src, "include") + "\x00" + target.Name
	editCache.Delete(key)
	want, err := Compute(cfg, target)
	if err != nil {
		t.Fatal(err)
	}
	e, ok := editCache.Load(key)
	if !ok || len(e.(enumEdits)) == 0 {
		t.Fatal("no enum insertions cached after a cortex-m layout")
	}
	for name, broken := range map[string]func(enumEdits) enumEdits{
		"one missing": func(e enumEdits) enumEdits {
			out := enumEdits{}
			dropped := false
			for f, ins := range e {
				if !dropped && len(ins) > 0 {
					ins, dropped = ins[1:], true
				}
				out[f] = ins
			}
			return out
		},
		"one misplaced": func(e enumEdits) enumEdits {
			out := enumEdits{}
			for f, ins := range e {
				out[f] = append(append([]insertion(nil), ins...), insertion{line: 1, col: 1, text: ": short "})
			}
			return out
		},
	} {
		editCache.Store(key, broken(e.(enumEdits)))
		got, err := Compute(cfg, target)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: layout differs from the uncached one (-want +got):\n%s", name, diff)
		}
	}
}
