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
	var a assumedNotes
	for _, n := range notes {
		a.add(n)
	}
	a.print(w)
}

// assumedNotes counts the assumed-version notes of a run as its
// configurations complete: what assumedLine prints, without holding one
// entry per configuration.
type assumedNotes struct {
	total int
	count map[string]int
}

// add counts one configuration's note ("" when its version was found).
func (a *assumedNotes) add(note string) {
	a.total++
	if note == "" {
		return
	}
	if a.count == nil {
		a.count = map[string]int{}
	}
	a.count[note]++
}

// print writes the lines of assumedLine.
func (a *assumedNotes) print(w io.Writer) {
	var distinct []string
	for n := range a.count {
		distinct = append(distinct, n)
	}
	slices.Sort(distinct)
	for _, n := range distinct {
		if a.count[n] == a.total {
			fmt.Fprintf(w, "lwiplint: %s\n", n)
		} else {
			fmt.Fprintf(w, "lwiplint: %s, for %d of %d configurations\n", n, a.count[n], a.total)
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
