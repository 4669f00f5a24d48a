// Command testsummary reads the output of go test -json on standard input,
// prints what go test prints without -v (each package's result, the output
// of failed tests, build errors), and then every skipped test with its
// reason, local checks (tests that need a mirror, [testenv.LocalCheck])
// listed apart. It exits 1 when a test or a build failed, so
//
//	go test -json ./... | go run ./internal/testenv/testsummary
//
// fails as go test ./... does. .ci/run uses it, so that no test skips in CI
// without a word.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/lwiplint/lwiplint/internal/testenv"
)

// event is one line of go test -json (cmd/test2json), with the fields read.
type event struct {
	Action     string
	Package    string
	Test       string
	Output     string
	ImportPath string // build-output and build-fail events
}

type skip struct{ pkg, test, reason string }

func main() {
	failed, err := summarize(os.Stdin, os.Stdout)
	if err != nil {
		fmt.Fprintln(os.Stderr, "testsummary:", err)
		os.Exit(2)
	}
	if failed {
		os.Exit(1)
	}
}

// summarize copies r's results to w as described in the package comment and
// reports whether anything failed.
func summarize(r io.Reader, w io.Writer) (bool, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	outputs := map[string][]string{} // package + "\x00" + test → its output lines
	var skips []skip
	failed := false
	for sc.Scan() {
		line := sc.Bytes()
		var ev event
		if err := json.Unmarshal(line, &ev); err != nil {
			// go test writes some errors (a package that does not
			// exist) as plain text.
			fmt.Fprintln(w, string(line))
			continue
		}
		key := ev.Package + "\x00" + ev.Test
		switch ev.Action {
		case "build-output":
			fmt.Fprint(w, ev.Output)
		case "build-fail":
			failed = true
		case "output":
			if ev.Test == "" {
				fmt.Fprint(w, ev.Output)
				continue
			}
			outputs[key] = append(outputs[key], ev.Output)
		case "fail":
			failed = true
			if ev.Test != "" {
				fmt.Fprint(w, strings.Join(outputs[key], ""))
			}
			delete(outputs, key)
		case "skip":
			if ev.Test != "" {
				skips = append(skips, skip{ev.Package, ev.Test, reason(outputs[key])})
			}
			delete(outputs, key)
		case "pass":
			delete(outputs, key)
		}
	}
	if err := sc.Err(); err != nil {
		return failed, err
	}
	report(w, skips)
	return failed, nil
}

// reason returns the message a skipped test logged: its output without go
// test's own "=== RUN" and "--- SKIP" lines.
func reason(lines []string) string {
	var msg []string
	for _, l := range lines {
		t := strings.TrimSpace(l)
		if t == "" || strings.HasPrefix(t, "=== ") || strings.HasPrefix(t, "--- SKIP") {
			continue
		}
		msg = append(msg, t)
	}
	if len(msg) == 0 {
		return "(no reason given)"
	}
	return strings.Join(msg, " / ")
}

func report(w io.Writer, skips []skip) {
	var local, other []skip
	for _, s := range skips {
		if strings.Contains(s.reason, testenv.LocalCheck) {
			local = append(local, s)
		} else {
			other = append(other, s)
		}
	}
	fmt.Fprintf(w, "\nskipped: %d tests (%d local checks, %d other)\n", len(skips), len(local), len(other))
	print := func(title string, list []skip) {
		if len(list) == 0 {
			return
		}
		sort.Slice(list, func(i, j int) bool {
			if list[i].pkg != list[j].pkg {
				return list[i].pkg < list[j].pkg
			}
			return list[i].test < list[j].test
		})
		fmt.Fprintf(w, "%s:\n", title)
		for _, s := range list {
			fmt.Fprintf(w, "  %s %s: %s\n", s.pkg, s.test, s.reason)
		}
	}
	print("skipped, "+testenv.LocalCheck, local)
	print("skipped for another reason", other)
}
