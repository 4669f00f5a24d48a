package lwipopts

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/lwiplint/lwiplint/internal/testenv"
	"github.com/lwiplint/lwiplint/lwipopts/internal/gccoracle"
	"golang.org/x/tools/txtar"
)

// TestPreprocFixtures runs the preprocessor fixtures of
// testdata/preproc: each archive holds a configuration (lwipopts.h), the
// files it reads and, when it needs one, a small lwIP tree of its own
// under lwip/ (lwip/src/include, lwip/src/core/init.c); its comment gives
// the purpose and the command line ("args: -I cfg -D \"X=1\\n2\"", each
// argument a word or a Go-quoted string; the tree is Debian's headers
// unless -lwip names one). The "want" file lists, one a line:
//
//	NAME VALUE          the option or macro's value in #if ("undefined" when not defined)
//	error FILE:LINE: T  an entry of Config.Errors (every one, in order; "diag" for Note.Diagnostic,
//	                    a final " [lwip]" for Note.Lwip)
//	knob NAME           NAME is in Config.Names with Option.Knob set
//	initc FILE:LINE: T  an entry of Config.Preprocess(src/core/init.c) (every one, in order)
//
// FILE is relative to the archive, or "<lwip>/" and the path in Debian's
// tree. Every fixture is also loaded with cc/v4 alone (the snapshots must be
// the same) and, when gcc is installed, checked against gcc: the values
// of the names in want, and the #error and #if errors of the load and of
// init.c. "$DIR" in the files and the args stands for the directory the
// archive is written to.
func TestPreprocFixtures(t *testing.T) {
	archives, err := filepath.Glob("testdata/preproc/*.txtar")
	if err != nil || len(archives) == 0 {
		t.Fatalf("no fixtures under testdata/preproc: %v", err)
	}
	haveGCC := gccoracle.Available("gcc")
	fast, cc := NewLoader(), NewLoader()
	cc.noInterp = true
	for _, a := range archives {
		t.Run(strings.TrimSuffix(filepath.Base(a), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(a)
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			var want []string
			for _, f := range ar.Files {
				if f.Name == "want" {
					for _, l := range strings.Split(string(f.Data), "\n") {
						if l = strings.TrimSpace(l); l != "" {
							want = append(want, l)
						}
					}
					continue
				}
				writeFiles(t, dir, map[string]string{f.Name: strings.ReplaceAll(string(f.Data), "$DIR", filepath.ToSlash(dir))})
			}
			p, lwip := fixtureParams(t, dir, string(ar.Comment))
			if lwip == "" {
				testenv.Require(t, testenv.HaveDebianLwip(), "Debian liblwip-dev ("+debianLwip+")")
				lwip = debianLwip
			}
			p.LwipDir = lwip
			file := filepath.Join(dir, "lwipopts.h")
			cfg, errA := fast.Load(file, p)
			ccCfg, errB := cc.Load(file, p)
			if fmt.Sprint(errA) != fmt.Sprint(errB) {
				t.Fatalf("errors differ:\ninterp: %v\ncc/v4:  %v", errA, errB)
			}
			if errA != nil {
				t.Fatalf("load: %v", errA)
			}
			sameSnapshot(t, cfg, ccCfg)

			rel := func(n Note) string {
				f := n.Pos.File
				if r, err := filepath.Rel(lwip, f); err == nil && !strings.HasPrefix(r, "..") && !strings.HasPrefix(lwip, dir) {
					f = "<lwip>/" + filepath.ToSlash(r)
				} else if r, err := filepath.Rel(dir, f); err == nil && !strings.HasPrefix(r, "..") {
					f = filepath.ToSlash(r)
				}
				kind := "error"
				if n.Diagnostic {
					kind = "diag"
				}
				owner := ""
				if n.Lwip {
					owner = " [lwip]"
				}
				return fmt.Sprintf("%s %s:%d: %s%s", kind, f, n.Pos.Line, n.Text, owner)
			}
			var got, names []string
			var wantErrs, wantInit []string
			for _, w := range want {
				k, rest, _ := strings.Cut(w, " ")
				switch k {
				case "error", "diag":
					wantErrs = append(wantErrs, w)
				case "initc":
					wantInit = append(wantInit, rest)
				case "knob":
					if !cfg.Option(rest).Knob || !slices.Contains(cfg.Names(), rest) {
						got = append(got, fmt.Sprintf("%s is not a knob in Config.Names", rest))
					}
				default:
					names = append(names, k)
					o := cfg.Option(k)
					v := "undefined"
					switch {
					case o.Defined && o.HasValue:
						v = o.Value.String()
					case o.Defined:
						v = "(" + o.Reason + ")"
					}
					if v != rest {
						got = append(got, fmt.Sprintf("%s = %s, want %s", k, v, rest))
					}
				}
			}
			var errs []string
			for _, n := range cfg.Errors {
				errs = append(errs, rel(n))
			}
			if strings.Join(errs, "\n") != strings.Join(wantErrs, "\n") {
				got = append(got, fmt.Sprintf("Errors:\n%s\nwant:\n%s", strings.Join(errs, "\n"), strings.Join(wantErrs, "\n")))
			}
			initc := filepath.Join(lwip, "..", "core", "init.c")
			var initErrs []Note
			if _, err := os.Stat(initc); err == nil {
				a, errA := cfg.Preprocess(initc)
				b, errB := ccCfg.Preprocess(initc)
				if fmt.Sprint(a, errA) != fmt.Sprint(b, errB) {
					t.Errorf("init.c differs:\ninterp: %v %v\ncc/v4:  %v %v", a, errA, b, errB)
				}
				if errA != nil {
					t.Fatalf("init.c: %v", errA)
				}
				initErrs = a
				var s []string
				for _, n := range a {
					_, r, _ := strings.Cut(rel(n), " ")
					s = append(s, r)
				}
				if strings.Join(s, "\n") != strings.Join(wantInit, "\n") {
					got = append(got, fmt.Sprintf("init.c:\n%s\nwant:\n%s", strings.Join(s, "\n"), strings.Join(wantInit, "\n")))
				}
			} else if len(wantInit) > 0 {
				t.Fatalf("want lists init.c errors, but there is no %s", initc)
			}
			if len(got) > 0 {
				t.Errorf("%s", strings.Join(got, "\n"))
			}
			if !haveGCC {
				t.Log("gcc not installed: no comparison with gcc")
				return
			}
			compareGCC(t, cfg, dir, p, lwip, names, initErrs)
		})
	}
	testenv.Require(t, haveGCC, "gcc")
}

// compareGCC checks the values of names, the errors of the load and, when
// initErrs is not nil, those of init.c against gcc.
func compareGCC(t *testing.T, cfg *Config, dir string, p Params, lwip string, names []string, initErrs []Note) {
	t.Helper()
	req := gccoracle.Request{
		LwipInclude: lwip,
		ConfigDir:   dir,
		IncludeDirs: p.IncludeDirs,
		Defines:     append(append([]string(nil), DefaultPredefined...), p.Defines...),
		Includes:    p.Includes,
		Headers:     cfg.res.prog.Roots[1:],
		Names:       names,
	}
	res, err := gccoracle.Eval(context.Background(), req)
	var pe *gccoracle.PreprocessError
	if err != nil && res == nil {
		t.Fatalf("gcc: %v", err)
	}
	if d := gccDiffs(cfg, res, names); len(d) > 0 {
		t.Errorf("differs from gcc:\n%s", strings.Join(d, "\n"))
	}
	// The load's errors: gcc reports each at its line.
	var gccLoad []string
	if errorsAs(err, &pe) {
		for _, d := range pe.Diagnostics {
			if f, l, msg, ok := splitDiag(d); ok && !strings.Contains(f, "probe.c") && !strings.Contains(f, "defs.c") {
				gccLoad = append(gccLoad, fmt.Sprintf("%s:%d: %s", f, l, msg))
			}
		}
	}
	if a, b := noteSet(cfg.Errors, true), sortedSet(gccLoad); a != b {
		t.Errorf("load errors differ from gcc's:\nlwiplint:\n%s\ngcc:\n%s", a, b)
	}
	if initErrs == nil {
		return
	}
	initc := filepath.Join(lwip, "..", "core", "init.c")
	ds, err := gccoracle.Errors(context.Background(), req, initc)
	if err != nil {
		t.Fatalf("gcc init.c: %v", err)
	}
	var g []string
	for _, d := range ds {
		g = append(g, fmt.Sprintf("%s:%d: %s", d.File, d.Line, gccMsg(d.Msg)))
	}
	if a, b := noteSet(initErrs, true), sortedSet(g); a != b {
		t.Errorf("init.c errors differ from gcc's:\nlwiplint:\n%s\ngcc:\n%s", a, b)
	}
}

func errorsAs(err error, pe **gccoracle.PreprocessError) bool {
	e, ok := err.(*gccoracle.PreprocessError)
	if ok {
		*pe = e
	}
	return ok
}

// splitDiag splits gcc's "file:line:col: error: text".
func splitDiag(d string) (string, int, string, bool) {
	i := strings.Index(d, ": error: ")
	if i < 0 {
		return "", 0, "", false
	}
	head, msg := d[:i], d[i+len(": error: "):]
	parts := strings.Split(head, ":")
	if len(parts) < 2 {
		return "", 0, "", false
	}
	n, err := strconv.Atoi(parts[1])
	if err != nil {
		return "", 0, "", false
	}
	return parts[0], n, msg, true
}

// noteSet renders errors as gcc does ("#error text" for an #error), with
// real paths, sorted: gcc and lwiplint report them in the same order
// within a file, not always across files.
func noteSet(ns []Note, real bool) string {
	var s []string
	for _, n := range ns {
		f := n.Pos.File
		if real {
			if a, err := filepath.Abs(f); err == nil {
				f = a
			}
			if e, err := filepath.EvalSymlinks(f); err == nil {
				f = e
			}
		}
		msg := n.Text
		if !n.Diagnostic {
			msg = "#error " + n.Text
		} else if strings.HasPrefix(msg, "invalid #if expression") {
			msg = "invalid #if expression" // gcc words it its own way
		}
		s = append(s, fmt.Sprintf("%s:%d: %s", f, n.Pos.Line, msg))
	}
	return sortedSet(s)
}

// sortedSet sorts s and drops repeated lines: gcc reports each division
// by zero of an #if line, lwiplint the line.
func sortedSet(s []string) string {
	out := make([]string, 0, len(s))
	for _, x := range s {
		if i := strings.Index(x, ":"); i > 0 {
			f := x[:i]
			if e, err := filepath.EvalSymlinks(f); err == nil {
				f = e
			}
			x = f + x[i:]
		}
		out = append(out, x)
	}
	sort.Strings(out)
	return strings.Join(slices.Compact(out), "\n")
}

// fixtureParams reads the "args:" line of an archive comment: -I, -D,
// -U, --include and -lwip (the tree, relative to dir); a word is taken as
// it is, a double-quoted one as a Go string, and $DIR is the directory the
// archive is written to.
func fixtureParams(t *testing.T, dir, comment string) (Params, string) {
	t.Helper()
	var p Params
	lwip := ""
	for _, line := range strings.Split(comment, "\n") {
		rest, ok := strings.CutPrefix(line, "args:")
		if !ok {
			continue
		}
		words := splitWords(t, strings.ReplaceAll(rest, "$DIR", filepath.ToSlash(dir)))
		for i := 0; i < len(words); i += 2 {
			if i+1 >= len(words) {
				t.Fatalf("args: %s has no value", words[i])
			}
			v := words[i+1]
			switch words[i] {
			case "-I":
				p.IncludeDirs = append(p.IncludeDirs, filepath.Join(dir, v))
			case "-D":
				p.Defines = append(p.Defines, v)
			case "-U":
				p.Undefines = append(p.Undefines, v)
			case "--include":
				p.Includes = append(p.Includes, filepath.Join(dir, v))
			case "-lwip":
				lwip = filepath.Join(dir, v)
			default:
				t.Fatalf("args: unknown flag %q", words[i])
			}
		}
	}
	return p, lwip
}

func splitWords(t *testing.T, s string) []string {
	var out []string
	for s = strings.TrimSpace(s); s != ""; s = strings.TrimSpace(s) {
		if s[0] == '"' {
			q, err := strconv.QuotedPrefix(s)
			if err != nil {
				t.Fatalf("args: %v", err)
			}
			u, _ := strconv.Unquote(q)
			out = append(out, u)
			s = s[len(q):]
			continue
		}
		w, r, _ := strings.Cut(s, " ")
		out = append(out, w)
		s = r
	}
	return out
}
