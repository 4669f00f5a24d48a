package main

import (
	"fmt"
	"io"
	"slices"
)

// assumedLine is the one line of stderr that says, once per run, that a
// version was assumed for some configurations (lwipopts.Config.VersionNote
// of those whose version was not found), instead of a finding in each.
// notes holds one entry per configuration: "" when its version was found.
func assumedLine(w io.Writer, notes []string) {
	var distinct []string
	count := map[string]int{}
	for _, n := range notes {
		if n == "" {
			continue
		}
		if count[n] == 0 {
			distinct = append(distinct, n)
		}
		count[n]++
	}
	slices.Sort(distinct)
	for _, n := range distinct {
		if count[n] == len(notes) {
			fmt.Fprintf(w, "lwiplint: %s\n", n)
		} else {
			fmt.Fprintf(w, "lwiplint: %s, for %d of %d configurations\n", n, count[n], len(notes))
		}
	}
}

// assumedNote is what assumedLine takes of one configuration.
func assumedNote(cfg interface {
	VersionNote() string
}, assumed bool) string {
	if !assumed {
		return ""
	}
	return cfg.VersionNote()
}
