// Command gentables writes lwipopts' built-in default tables from lwIP
// trees:
//
//	go run ./lwipopts/internal/gentables -out lwipopts/zz_builtin.go TREE...
//
// Each TREE is an lwIP checkout (or its src/include) of one release, for
// example made with `git archive STABLE-2_1_3_RELEASE src/include`.
//
// With -fork NAME, each argument is COMMIT=TREE, a checkout of the vendor
// fork NAME at COMMIT, and the output holds the fork's tables:
//
//	go run ./lwipopts/internal/gentables -fork esp-lwip -out lwipopts/zz_builtin_esplwip.go 7896c6ca...=DIR ...
package main

import (
	"bytes"
	"flag"
	"fmt"
	"go/format"
	"os"
	"strings"

	"github.com/lwiplint/lwiplint/lwipopts"
)

func main() {
	out := flag.String("out", "zz_builtin.go", "output file")
	fork := flag.String("fork", "", "write the tables of this vendor fork (arguments COMMIT=TREE)")
	flag.Parse()
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: gentables -out FILE TREE...")
		os.Exit(2)
	}
	var b bytes.Buffer
	var err error
	if *fork != "" {
		trees := map[string]string{}
		for _, a := range flag.Args() {
			c, d, ok := strings.Cut(a, "=")
			if !ok {
				fmt.Fprintln(os.Stderr, "gentables: -fork wants COMMIT=TREE, not", a)
				os.Exit(2)
			}
			trees[c] = d
		}
		err = lwipopts.WriteForkTables(&b, *fork, trees)
	} else {
		err = lwipopts.WriteBuiltinTables(&b, flag.Args())
	}
	if err != nil {
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
