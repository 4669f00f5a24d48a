package main

import (
	"fmt"
	"io"

	"github.com/lwiplint/lwiplint/lint"
	"github.com/lwiplint/lwiplint/lint/report"
	"github.com/lwiplint/lwiplint/lint/rules"
)

func runCheck(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("check", "lwiplint [check] [flags] PATH...\n\nLint lwIP configurations.\n\nExit codes: 0 clean, 1 findings at or above --fail-level, 2 usage error, 3 an input could not be loaded.", stderr)
	var lf loadFlags
	lf.register(fs)
	format := fs.String("format", "text", "output `FORMAT`: text or json")
	failLevel := fs.String("fail-level", "error", "exit 1 when a finding has this `SEVERITY` or higher (error, warning, info)")
	exitZero := fs.Bool("exit-zero", false, "exit 0 even when there are findings")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "lwiplint: no PATH given (a lwipopts.h or a directory)")
		return exitUsage
	}
	var level lint.Severity
	if err := level.UnmarshalText([]byte(*failLevel)); err != nil {
		fmt.Fprintf(stderr, "lwiplint: --fail-level: %v\n", err)
		return exitUsage
	}
	if *format != "text" && *format != "json" {
		fmt.Fprintf(stderr, "lwiplint: unknown --format %q (text, json)\n", *format)
		return exitUsage
	}
	cfgs, code := loadAll(fs.Args(), lf.p, stderr)
	if code == exitUsage {
		return code
	}
	var all []lint.Finding
	for _, c := range cfgs {
		all = append(all, lint.Run(c, rules.All(), lint.Options{})...)
	}
	lint.Sort(all)
	var err error
	if *format == "json" {
		err = report.JSON(stdout, all)
	} else {
		err = report.Text(stdout, all)
	}
	if err != nil {
		fmt.Fprintln(stderr, "lwiplint:", err)
		return exitUsage
	}
	if code != exitOK {
		return code
	}
	if !*exitZero {
		for _, f := range all {
			if f.Severity >= level {
				return exitFindings
			}
		}
	}
	return exitOK
}
