// Command gentables writes lwipopts' built-in default tables from lwIP
// trees:
//
//	go run ./lwipopts/internal/gentables -out lwipopts/zz_builtin.go TREE...
//
// Each TREE is an lwIP checkout (or its src/include) of one release, for
// example made with `git archive STABLE-2_1_3_RELEASE src/include`.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"go/format"
	"os"

	"github.com/lwiplint/lwiplint/lwipopts"
)

func main() {
	out := flag.String("out", "zz_builtin.go", "output file")
	flag.Parse()
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: gentables -out FILE TREE...")
		os.Exit(2)
	}
	var b bytes.Buffer
	if err := lwipopts.WriteBuiltinTables(&b, flag.Args()); err != nil {
		fmt.Fprintln(os.Stderr, "gentables:", err)
		os.Exit(1)
	}
	src, err := format.Source(b.Bytes())
	if err != nil {
		fmt.Fprintln(os.Stderr, "gentables: format:", err)
		os.Exit(1)
	}
	if err := os.WriteFile(*out, src, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "gentables:", err)
		os.Exit(1)
	}
}
