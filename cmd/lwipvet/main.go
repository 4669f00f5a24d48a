// Command lwipvet lints the lwIP configuration (lwipopts.h) next to the Go
// files of each package, with the go/analysis analyzer of package
// [github.com/lwiplint/lwiplint/lint/analyzer]. It suits cgo programs that
// build lwIP; for firmware trees without Go files use lwiplint.
//
// Run it on packages, or as go vet's tool:
//
//	lwipvet [-no-tree] [-lwip DIR] [-severity LEVEL] [-fix [-diff]] [-json] PACKAGES
//	go vet -vettool=$(command -v lwipvet) [-severity LEVEL] ... PACKAGES
//
// Run on packages, it exits 0 when there is nothing to report, 3 when it
// reports diagnostics, 1 when the analysis fails and 2 on a bad flag; with
// -json or -fix it exits 0. go vet exits 1 on diagnostics, and caches
// results without looking at headers outside the package's directory (see
// the package documentation of analyzer). Run lwipvet -help for all flags.
package main

import (
	"golang.org/x/tools/go/analysis/singlechecker"

	"github.com/lwiplint/lwiplint/lint/analyzer"
)

func main() { singlechecker.Main(analyzer.Analyzer) }
