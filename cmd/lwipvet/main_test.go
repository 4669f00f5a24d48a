package main

import (
	"errors"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"lwipvet": main,
	})
}

func TestScripts(t *testing.T) {
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go command is missing; lwipvet loads packages with it")
	}
	// The scripts' go commands share this test's build cache and module
	// cache; testscript's HOME=/no-home would leave them without one.
	out, err := exec.Command(gobin, "env", "GOCACHE", "GOMODCACHE", "GOPATH").Output()
	if err != nil {
		t.Fatalf("go env: %v", err)
	}
	goenv := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(goenv) != 3 {
		t.Fatalf("go env printed %q", out)
	}
	cgo := haveCC()
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		Setup: func(e *testscript.Env) error {
			vettool, err := exec.LookPath("lwipvet")
			if err != nil {
				return err
			}
			e.Setenv("LWIPVET", vettool)
			e.Setenv("GOCACHE", goenv[0])
			e.Setenv("GOMODCACHE", goenv[1])
			e.Setenv("GOPATH", goenv[2])
			e.Setenv("GOPROXY", "off")
			e.Setenv("GOTOOLCHAIN", "local")
			e.Setenv("GOFLAGS", "-buildvcs=false")
			if !cgo {
				// The cgo file of a script's package is then ignored.
				e.Setenv("CGO_ENABLED", "0")
			}
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			// exitcode N prog args... runs prog and requires exit status N.
			"exitcode": func(ts *testscript.TestScript, neg bool, args []string) {
				if neg || len(args) < 2 {
					ts.Fatalf("usage: exitcode N prog args...")
				}
				want, err := strconv.Atoi(args[0])
				if err != nil {
					ts.Fatalf("exitcode: %v", err)
				}
				err = ts.Exec(args[1], args[2:]...)
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
		},
	})
}

// haveCC reports whether cgo can be used: CGO_ENABLED is not 0 and the C
// compiler is installed.
func haveCC() bool {
	if os.Getenv("CGO_ENABLED") == "0" {
		return false
	}
	cc := os.Getenv("CC")
	if cc == "" {
		cc = "gcc"
	}
	_, err := exec.LookPath(cc)
	return err == nil
}
