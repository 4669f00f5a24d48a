package lwipopts

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/tools/txtar"
)

// TestFindLwip runs findLwip on each layout of testdata/findlwip: an
// archive's comment is its purpose and an optional "args:" line (-I DIR,
// --lwip DIR, --lwip-version V, --no-tree); its files are written to a
// temporary directory; the configuration is its lwipopts.h; "want" is
// the result with the directory's paths made relative.
func TestFindLwip(t *testing.T) {
	archives, err := filepath.Glob("testdata/findlwip/*.txtar")
	if err != nil || len(archives) == 0 {
		t.Fatalf("no archives: %v", err)
	}
	for _, a := range archives {
		t.Run(strings.TrimSuffix(filepath.Base(a), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(a)
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			var want, cfg string
			for _, f := range ar.Files {
				if f.Name == "want" {
					want = string(f.Data)
					continue
				}
				p := filepath.Join(dir, filepath.FromSlash(f.Name))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, f.Data, 0o644); err != nil {
					t.Fatal(err)
				}
				if filepath.Base(p) == "lwipopts.h" && cfg == "" {
					cfg = p
				}
			}
			var p Params
			for _, line := range strings.Split(string(ar.Comment), "\n") {
				args, ok := strings.CutPrefix(line, "args: ")
				if !ok {
					continue
				}
				fs := strings.Fields(args)
				for i := 0; i < len(fs); i++ {
					switch fs[i] {
					case "-I":
						i++
						p.IncludeDirs = append(p.IncludeDirs, filepath.Join(dir, fs[i]))
					case "--lwip":
						i++
						p.LwipDir = filepath.Join(dir, fs[i])
					case "--lwip-version":
						i++
						p.LwipVersion = fs[i]
					case "--no-tree":
						p.NoTree = true
					default:
						t.Fatalf("unknown argument %q", fs[i])
					}
				}
			}
			rel := func(s string) string {
				return strings.ReplaceAll(s, dir+string(filepath.Separator), "")
			}
			f, err := NewLoader().findLwip(cfg, p, len(p.IncludeDirs), newInputs())
			var got string
			if err != nil {
				var ue *UsageError
				if !errors.As(err, &ue) {
					t.Errorf("error %v is not a UsageError", err)
				}
				got = "error " + rel(err.Error()) + "\n"
			} else {
				got = fmt.Sprintf("version %s from %s assumed %v\n", f.Version, f.From, f.Assumed)
				if f.Tree != "" {
					got += "tree " + filepath.ToSlash(rel(f.Tree)) + "\n"
				}
				if f.How != "" {
					got += "how " + f.How + "\n"
				}
				if len(f.Others) > 0 {
					var o []string
					for _, s := range f.Others {
						o = append(o, filepath.ToSlash(rel(s)))
					}
					got += "others " + strings.Join(o, " ") + "\n"
				}
			}
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("findLwip (-want +got):\n%s", d)
			}
		})
	}
}

func TestContainsPath(t *testing.T) {
	for _, tc := range []struct {
		text, path string
		want       bool
	}{
		{"include_directories(third_party/lwip/src/include)", "third_party/lwip/src/include", true},
		{"${CMAKE_CURRENT_SOURCE_DIR}/third_party/lwip/src/include\n", "third_party/lwip/src/include", true},
		{"my_third_party/lwip/src/include", "third_party/lwip/src/include", false},
		{"third_party/lwip/src/include2", "third_party/lwip/src/include", false},
		{"./third_party/lwip/src/include", "third_party/lwip/src/include", true},
		{"lib.third_party/lwip/src/include", "third_party/lwip/src/include", false},
		{"a third_party/lwip/src/include_x third_party/lwip/src/include", "third_party/lwip/src/include", true},
	} {
		if got := containsPath(tc.text, tc.path); got != tc.want {
			t.Errorf("containsPath(%q, %q) = %v, want %v", tc.text, tc.path, got, tc.want)
		}
	}
}

// TestFindLwipConcurrent has one Loader choose among two trees, by a
// CMakeLists.txt, for several configurations at once (run with -race).
func TestFindLwipConcurrent(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		".git/HEAD":      "",
		"CMakeLists.txt": "include_directories(b/lwip/src/include)\n",
	}
	for _, tr := range []string{"a", "b"} {
		files[tr+"/lwip/src/include/lwip/init.h"] = "#define LWIP_VERSION_MAJOR 2\n#define LWIP_VERSION_MINOR 1\n#define LWIP_VERSION_REVISION 3\n"
		files[tr+"/lwip/src/include/lwip/opt.h"] = ""
	}
	const n = 8
	for i := range n {
		files[fmt.Sprintf("cfg%d/lwipopts.h", i)] = ""
	}
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	l := NewLoader()
	errs := make(chan error, n)
	for i := range n {
		go func() {
			in := newInputs()
			f, err := l.findLwip(filepath.Join(dir, fmt.Sprintf("cfg%d", i), "lwipopts.h"), Params{}, 0, in)
			switch {
			case err != nil:
			case f.Tree != filepath.Join(dir, "b", "lwip", "src", "include") || f.How != "named by CMakeLists.txt":
				err = fmt.Errorf("tree %s (%s), want b's, named by CMakeLists.txt", f.Tree, f.How)
			case in.m[filepath.Join(dir, "CMakeLists.txt")].Path == "":
				err = errors.New("CMakeLists.txt is not among the inputs")
			}
			errs <- err
		}()
	}
	for range n {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}
