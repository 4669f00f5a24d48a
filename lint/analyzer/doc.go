// Package analyzer adapts lwiplint to golang.org/x/tools/go/analysis: its
// [Analyzer] lints the lwIP configuration (lwipopts.h) that sits next to the
// Go files of a package, as in cgo programs that build lwIP themselves
// (tun2socks-style network stacks). Each finding of [rules.All] becomes an
// [analysis.Diagnostic] at its line in the .h file, with the rule ID as its
// Category and, when the rule proposes an edit, a SuggestedFix.
//
// The analyzer is an optional front end. Firmware trees usually contain no
// Go files, and go/analysis drivers only visit directories that hold a Go
// package, so use the lwiplint command for those. cmd/lwipvet wraps the
// analyzer in singlechecker:
//
//	lwipvet ./...                            # go/packages driver: exit 3 on findings
//	lwipvet -fix -diff ./...                 # preview the suggested edits to lwipopts.h
//	go vet -vettool=$(command -v lwipvet) ./...
//
// # Flags
//
// The flags of the analyzer are shared by all packages of a run:
//
//	-lwip DIR          lwIP tree to resolve defaults with (an absolute path)
//	-lwip-version V    built-in defaults to use when no tree is found or -no-tree
//	-no-tree           never search for an lwIP tree
//	-severity LEVEL    report findings of this severity or higher: info, warning
//	                   (the default) or error
//	-ignore IDS        comma-separated rule IDs not to run, such as LW9001,LW1003
//	-no-config         read no .lwiplint.toml
//
// Without -lwip the tree is searched from the configuration's directory
// upwards, as the lwiplint command does.
//
// # Settings files
//
// As in the lwiplint command, the closest .lwiplint.toml above each
// lwipopts.h applies to it (see package [config]): its select and ignore
// lists, per-rule severities and per-file ignores filter and adjust the
// diagnostics, and its lwip-dir, lwip-version, include, define, undefine
// and compile-commands settings resolve the configuration. The flags -lwip,
// -lwip-version and -no-tree win over the file's tree and version; -ignore
// and -severity apply on top of it. An error in the file fails the
// analysis with its file and line.
//
// # How configuration files are found
//
// A configuration is a file named lwipopts.h. The analyzer takes it from
// two places and lints each file once:
//
//   - Pass.OtherFiles. Drivers built on go/packages (singlechecker,
//     multichecker, checker.Analyze, analysistest) list the package's .h
//     files there, with or without cgo.
//   - The directory of the package's Go files, found from the positions of
//     their package clauses, so that //line directives of cgo-generated files
//     lead back to the source directory. This is needed under go vet: the go
//     command fills the vet configuration's NonGoFiles from the .c and .s
//     files only, clears even those for cgo packages, and never passes .h
//     files, so Pass.OtherFiles holds no lwipopts.h there.
//
// A lwipopts.h excluded by build constraints (listed in Pass.IgnoredFiles)
// is skipped. External test packages (package p_test) are skipped too: their
// directory is that of package p, which already reports the file.
//
// # Reading files
//
// Pass.ReadFile only accepts the names in OtherFiles, IgnoredFiles and the
// names of Files. The analyzer reads lwipopts.h through it when the driver
// listed the file, and with a bounded read (internal/fileio) otherwise (under go vet), to give the
// file a [token.File] in Pass.Fset, as the analyzers of x/tools do for
// assembly files. Resolving the configuration needs more than the package's
// own files: the headers lwipopts.h includes and lwIP's lwip/opt.h, which may
// live anywhere. [lwipopts.Load] reads those from disk itself, outside
// Pass.ReadFile, so an editor's unsaved changes to them are not seen.
//
// # Diagnostics
//
// A diagnostic's message is "severity ID message", as in the text output of
// lwiplint, and its Category is the rule ID (or "load" when the
// configuration cannot be resolved). A finding is reported at its position
// when that is in the configuration's directory or below it. Findings about
// lwIP's own defaults point into lwip/opt.h or the built-in tables, and
// findings can point into a header included from elsewhere; those are
// reported at the first related position in the configuration's directory,
// or else at line 1 of lwipopts.h, with their own position, when it is a
// readable file, as the first [analysis.RelatedInformation]. A rule's
// suggested edit becomes a SuggestedFix when the file still holds the text
// the rule saw.
//
// # Pitfalls
//
//   - go vet (Go 1.26) runs its tool with -json and caches the result, with
//     or without diagnostics, under the package's own files (which include
//     the .h files of its directory), the tool binary and the flags. Headers
//     included from other directories and the lwIP tree are not part of
//     that key: after changing only them, go vet replays the old result.
//     Run lwipvet itself, which has no such cache, or go vet -a.
//   - go vet exits 1 on diagnostics; go vet -fix -diff prints the suggested
//     edits of lwipopts.h and exits 1, go vet -fix applies them and exits 0.
//     lwipvet exits 3 on diagnostics, 1 when the analysis fails (a bad -lwip
//     tree) and 2 on a bad flag value, but 0 with -json and with -fix (with
//     or without -diff).
//   - golangci-lint (v1.57.1 and later) discards every issue whose file is not
//     a .go file, logging it only at Info level, so a golangci-lint module
//     plugin built from this analyzer would run and report nothing. Run
//     lwipvet or lwiplint next to golangci-lint instead.
//   - A relative -lwip directory is resolved against the working directory
//     of the tool, which go vet sets to each package's directory.
//   - In analysistest, `// want "regex"` comments are read from every file in
//     OtherFiles, so a C #define line may end with one. Files in IgnoredFiles
//     are only read for analyzers named buildtag, directive or plusbuild, so
//     do not hide fixtures behind build constraints.
//     analysistest.RunWithSuggestedFixes runs the Go formatter over the fixed
//     file and cannot check edits to a .h file: inspect the SuggestedFixes of
//     the returned diagnostics, or run lwipvet -fix -diff.
package analyzer
