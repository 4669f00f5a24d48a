package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/lwiplint/lwiplint/internal/suggest"
)

// commands are the command names run dispatches on.
var commands = []string{"check", "show", "timing", "rules", "explain", "kb", "cache", "version", "completion", "man", "help"}

// mistypedCommand returns the command arg was plausibly meant as, or "".
// arg is then neither a command nor a path: it does not exist, has no
// path separator and no '.', and is at most two edits (a transposition
// is one) from a command name, and at most one edit per three
// characters of that name (so "lib" is not taken for "kb"). Anything
// else stays a path, read by check as before.
func mistypedCommand(arg string) string {
	if len(arg) < 3 || strings.HasPrefix(arg, "-") || strings.ContainsAny(arg, "./"+string(os.PathSeparator)) {
		return ""
	}
	if _, err := os.Lstat(arg); err == nil {
		return ""
	}
	best, bestD := "", 3
	for _, c := range commands {
		if c == arg {
			return ""
		}
		d := suggest.Distance(arg, c)
		if d <= 2 && d <= max(1, len(c)/3) && d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

// unknownCommand reports arg as a mistyped command: a usage error.
func unknownCommand(arg, meant string, stderr io.Writer) int {
	fmt.Fprintf(stderr, "lwiplint: unknown command %q (did you mean %q?)\nRun 'lwiplint --help' for usage.\n", arg, meant)
	return exitUsage
}
