package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/lwiplint/lwiplint/internal/lwiprun"
	"github.com/lwiplint/lwiplint/internal/testenv"
	"github.com/rogpeppe/go-internal/testscript"
)

func TestMain(m *testing.M) {
	// The tests leave the user's result cache alone: it is off unless a
	// test turns it on in a directory of its own (the testscripts, in
	// $WORK/cache, and TestResultCache). A process the scripts start keeps
	// what its script set.
	if _, ok := os.LookupEnv("LWIPLINT_CACHE"); !ok {
		os.Setenv("LWIPLINT_CACHE", "0")
	}
	testscript.Main(m, map[string]func(){
		"lwiplint": func() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) },
	})
}

var updateScripts = flag.Bool("update", false, "rewrite the expected files (cmp targets) of the testscripts from the actual output")

func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		UpdateScripts:       *updateScripts,
		RequireExplicitExec: true,
		Setup: func(e *testscript.Env) error {
			e.Setenv("NO_COLOR", "1")
			e.Setenv("LWIPLINT_CACHE", "")
			e.Setenv("LWIPLINT_CACHE_DIR", filepath.Join(e.WorkDir, "cache"))
			if testenv.HaveDebianLwip() {
				e.Setenv("DEBIAN_LWIP", testenv.DebianLwip)
			}
			if src := lwiprun.Sources("2.2.1"); src != "" {
				e.Setenv("LWIP_221", src) // lwIP 2.2.1's src directory
			}
			return nil
		},
		Condition: func(cond string) (bool, error) {
			switch cond {
			case "root":
				return os.Geteuid() == 0, nil
			case "unprivileged":
				// exitcode -unprivileged can run a program that chmod 000
				// stops: the test does not run as root, or root can drop
				// its privileges with setpriv.
				return canDropRoot(), nil
			case "debianlwip":
				if !testenv.HaveDebianLwip() && testenv.InCI() {
					return false, errors.New("CI=true requires Debian's liblwip-dev")
				}
				return testenv.HaveDebianLwip(), nil
			case "lwipsources":
				have := lwiprun.Sources("2.2.1") != ""
				if !have && testenv.InCI() {
					return false, errors.New("CI=true requires lwIP 2.2.1's release sources in $LWIPLINT_LWIP_SOURCES")
				}
				return have, nil
			}
			return false, errors.New("unknown condition " + cond)
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			// sleep DURATION waits (a Go duration such as 2100ms).
			"sleep": func(ts *testscript.TestScript, neg bool, args []string) {
				if neg || len(args) != 1 {
					ts.Fatalf("usage: sleep DURATION")
				}
				d, err := time.ParseDuration(args[0])
				if err != nil {
					ts.Fatalf("sleep: %v", err)
				}
				time.Sleep(d)
			},
			// exitcode [-unprivileged] N prog args... runs prog and
			// requires exit status N. With -unprivileged, a test that runs
			// as root runs prog as the user nobody (see [unprivileged]), for
			// whom chmod 000 makes a file unreadable.
			"exitcode": func(ts *testscript.TestScript, neg bool, args []string) {
				unprivileged := len(args) > 0 && args[0] == "-unprivileged"
				if unprivileged {
					args = args[1:]
				}
				if neg || len(args) < 2 {
					ts.Fatalf("usage: exitcode [-unprivileged] N prog args...")
				}
				want, err := strconv.Atoi(args[0])
				if err != nil {
					ts.Fatalf("exitcode: %v", err)
				}
				prog, progArgs := args[1], args[2:]
				if unprivileged && os.Geteuid() == 0 {
					prog, progArgs = dropRoot(ts, prog, progArgs)
				}
				err = ts.Exec(prog, progArgs...)
				got := 0
				var ee *exec.ExitError
				if errors.As(err, &ee) {
					got = ee.ExitCode()
				} else if err != nil {
					ts.Fatalf("exitcode: %v", err)
				}
				if got != want {
					ts.Fatalf("exit status %d, want %d", got, want)
				}
			},
			// generate KIND PATH N writes an input too big to keep in a
			// script:
			//   chain DIR N    DIR/lwipopts.h includes h1.h, which includes
			//                  h2.h, … down to hN.h, none with a guard
			//   wide DIR N     DIR/lwipopts.h includes N different headers
			//   defines FILE N FILE holds N #defines
			//   ifs FILE N     FILE holds N nested #if 1 … #endif
			//   size FILE MB   FILE is MB MiB: #define lines for the first
			//                  9 MiB (past the 8 MiB limit), then a sparse
			//                  tail of NUL bytes
			//   copies DIR N   DIR/c000/lwipopts.h … DIR/cN-1/lwipopts.h,
			//                  each including a board.h that does not
			//                  exist and setting TCP_SYNMAXRTX 12
			"generate": func(ts *testscript.TestScript, neg bool, args []string) {
				if neg || len(args) != 3 {
					ts.Fatalf("usage: generate chain|wide|defines|ifs|size|copies PATH N")
				}
				n, err := strconv.Atoi(args[2])
				if err != nil || n < 1 {
					ts.Fatalf("generate: bad count %q", args[2])
				}
				path := ts.MkAbs(args[1])
				write := func(name, text string) {
					ts.Check(os.MkdirAll(filepath.Dir(name), 0o755))
					ts.Check(os.WriteFile(name, []byte(text), 0o644))
				}
				switch args[0] {
				case "chain":
					write(filepath.Join(path, "lwipopts.h"), "#define TCP_MSS 1460\n#include \"h1.h\"\n")
					for i := 1; i <= n; i++ {
						next := ""
						if i < n {
							next = fmt.Sprintf("#include \"h%d.h\"\n", i+1)
						}
						write(filepath.Join(path, fmt.Sprintf("h%d.h", i)), fmt.Sprintf("#define DEPTH_%d %d\n%s", i, i, next))
					}
				case "wide":
					var b strings.Builder
					for i := 1; i <= n; i++ {
						fmt.Fprintf(&b, "#include \"w%d.h\"\n", i)
						write(filepath.Join(path, fmt.Sprintf("w%d.h", i)), fmt.Sprintf("#define WIDE_%d %d\n", i, i))
					}
					write(filepath.Join(path, "lwipopts.h"), b.String())
				case "defines":
					var b strings.Builder
					for i := 1; i <= n; i++ {
						fmt.Fprintf(&b, "#define APP_OPTION_%d (%d + 1)\n", i, i)
					}
					write(path, b.String())
				case "copies":
					for i := range n {
						write(filepath.Join(path, fmt.Sprintf("c%03d", i), "lwipopts.h"), fmt.Sprintf("#include \"board.h\"\n#define TCP_SYNMAXRTX 12\n#define APP_COPY %d\n", i))
					}
				case "ifs":
					write(path, "#define TCP_MSS 1460\n"+strings.Repeat("#if 1\n", n)+strings.Repeat("#endif\n", n))
				case "size":
					var b bytes.Buffer
					for i := 1; b.Len() < min(9<<20, n<<20); i++ {
						fmt.Fprintf(&b, "#define BIG_%d %d\n", i, i)
					}
					write(path, b.String())
					ts.Check(os.Truncate(path, int64(n)<<20))
				default:
					ts.Fatalf("generate: unknown kind %q", args[0])
				}
			},
			// rewrite FILE OLD NEW replaces every OLD in FILE by NEW, both
			// Go string literals without their quotes ('\r\n', '\x00'): for
			// bytes a script cannot hold, such as NUL bytes and CR-only
			// line endings.
			"rewrite": func(ts *testscript.TestScript, neg bool, args []string) {
				if neg || len(args) != 3 {
					ts.Fatalf("usage: rewrite FILE OLD NEW")
				}
				var lit [2]string
				for i, a := range args[1:] {
					s, err := strconv.Unquote(`"` + a + `"`)
					if err != nil {
						ts.Fatalf("rewrite: %q: %v", a, err)
					}
					lit[i] = s
				}
				if lit[0] == "" {
					ts.Fatalf("rewrite: empty OLD")
				}
				path := ts.MkAbs(args[0])
				data, err := os.ReadFile(path)
				ts.Check(err)
				if !bytes.Contains(data, []byte(lit[0])) {
					ts.Fatalf("rewrite: %s holds no %q", args[0], lit[0])
				}
				ts.Check(os.WriteFile(path, bytes.ReplaceAll(data, []byte(lit[0]), []byte(lit[1])), 0o644))
			},
		},
	})
}

// canDropRoot reports whether exitcode -unprivileged works: the test does
// not run as root, or setpriv can run a program as the user nobody.
var canDropRoot = sync.OnceValue(func() bool {
	if os.Geteuid() != 0 {
		return true
	}
	setpriv, err := exec.LookPath("setpriv")
	return err == nil && exec.Command(setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", "true").Run() == nil
})

// dropRoot returns the command line that runs prog as the user nobody with
// setpriv, after making the script's directory and prog's reachable for it
// (the temporary directories of the test are private to root); the modes
// are restored when the script ends.
func dropRoot(ts *testscript.TestScript, prog string, args []string) (string, []string) {
	if !canDropRoot() {
		ts.Fatalf("exitcode -unprivileged: cannot drop root privileges (guard the script with [unprivileged])")
	}
	path, err := exec.LookPath(prog)
	if err != nil {
		ts.Fatalf("exitcode: %v", err)
	}
	tmp := os.TempDir()
	for _, start := range []string{filepath.Dir(path), ts.Getenv("WORK")} {
		for dir := start; strings.HasPrefix(dir, tmp+string(filepath.Separator)); dir = filepath.Dir(dir) {
			fi, err := os.Stat(dir)
			if err != nil || fi.Mode().Perm()&0o001 != 0 {
				continue
			}
			ts.Check(os.Chmod(dir, fi.Mode().Perm()|0o001))
			ts.Defer(func() { os.Chmod(dir, fi.Mode().Perm()) })
		}
	}
	return "setpriv", append([]string{"--reuid=65534", "--regid=65534", "--clear-groups", path}, args...)
}

// TestParallelOrder lints forty configurations, which run in parallel, and
// requires the same output whatever the number of workers, however often it
// runs. Under -race (with -short in CI: twenty configurations, fewer runs)
// it checks the loader that the workers share, also with loads that run
// out of time and go on in the background.
func TestParallelOrder(t *testing.T) {
	n, procs := 40, []int{2, 4, 8, 2, 4, 8}
	if testing.Short() {
		n, procs = 20, []int{4}
	}
	dir := t.TempDir()
	var paths []string
	for i := range n {
		d := filepath.Join(dir, fmt.Sprintf("cfg%02d", i))
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
		var src string
		switch i % 5 {
		case 0:
			src = fmt.Sprintf("#define TCP_SYNMAXRTX %d\n", 7+i%6)
		case 1:
			src = "#define TCP_MSS 1460\n#define TCP_SND_BUF (2 * TCP_MSS)\n"
		case 2:
			src = "#define TCP_MSS 1460\n#include \"sub.h\"\n"
			if err := os.WriteFile(filepath.Join(d, "sub.h"), fmt.Appendf(nil, "#define TCP_WND (%d * TCP_MSS)\n", 1+i%4), 0o644); err != nil {
				t.Fatal(err)
			}
		case 3:
			src = "#define TCP_MSS 1460\n/* never closed\n"
		case 4:
			src = fmt.Sprintf("#define MEM_SIZE %d\n#define TCP_MSS 1460\n", 1000+i)
		}
		p := filepath.Join(d, "lwipopts.h")
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	args := []string{"check", "--no-config", "--no-tree", "--lwip-version", "2.1.3", "--format", "concise", "--color", "never", "--fail-level", "warning"}
	check := func(procs int, inputs ...string) (string, string, int) {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		var stdout, stderr bytes.Buffer
		code := run(append(slices.Clone(args), inputs...), &stdout, &stderr)
		return stdout.String(), stderr.String(), code
	}
	// order returns the configurations in the order text first names them.
	order := func(text string) []string {
		var seen []string
		for _, m := range regexp.MustCompile(`cfg\d\d`).FindAllString(text, -1) {
			if !slices.Contains(seen, m) {
				seen = append(seen, m)
			}
		}
		return seen
	}

	wantOut, wantErr, wantCode := check(1, dir)
	if wantCode != exitLoad || len(order(wantOut)) < n*3/4 || len(order(wantErr)) != n/5 {
		t.Fatalf("one worker: exit code %d, %d configurations in stdout, %d in stderr (want 3, ≥ %d, %d)\n%s\n%s", wantCode, len(order(wantOut)), len(order(wantErr)), n*3/4, n/5, wantOut, wantErr)
	}
	if o := order(wantOut + wantErr); !slices.IsSorted(order(wantOut)) || !slices.IsSorted(order(wantErr)) || len(o) != n {
		t.Fatalf("configurations out of order or missing: %q", o)
	}
	for _, p := range procs {
		out, errText, code := check(p, dir)
		if out != wantOut || errText != wantErr || code != wantCode {
			t.Fatalf("GOMAXPROCS=%d: the output differs from one worker's (exit code %d, want %d)\n%s", p, code, wantCode, cmp.Diff(wantOut+wantErr, out+errText))
		}
	}

	// Inputs named in another order: findings and errors come in the
	// order of the inputs (each configuration's findings are written as
	// soon as it and those before it are done).
	reversed := slices.Clone(paths)
	slices.Reverse(reversed)
	out, errText, _ := check(4, reversed...)
	want := slices.Clone(order(wantOut))
	slices.Reverse(want)
	if got := order(out); !slices.Equal(got, want) {
		t.Errorf("inputs in reverse order, findings in the order %q, want %q", got, want)
	}
	if got := order(errText); len(got) != n/5 || !slices.IsSortedFunc(got, func(a, b string) int { return strings.Compare(b, a) }) {
		t.Errorf("inputs in reverse order, errors in the order %q", got)
	}

	// Loads that run out of time: each is an error of its own, the loads
	// abandoned go on in the background with the shared loader.
	t.Setenv("LWIPLINT_TIMEOUT", "1ms")
	_, errText, code := check(4, dir)
	if code != exitLoad || strings.Contains(errText, "panic") {
		t.Fatalf("1ms time budget: exit code %d\n%s", code, errText)
	}
	for _, line := range strings.Split(strings.TrimSpace(errText), "\n") {
		// The place is the configuration or a header it includes, where
		// the load had got to.
		if !regexp.MustCompile(`^lwiplint: \S+cfg\d\d/\w+\.h:\d+(:\d+)?: `).MatchString(line) {
			t.Errorf("1ms time budget: error without file:line: %s", line)
		}
	}
}
