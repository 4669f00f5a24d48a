package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/lwiplint/lwiplint/lint/kb"
)

// stdin is where `kb search -` reads a pasted log, and lwiplint check -
// the configuration an editor gives.
var stdin io.Reader = os.Stdin

type kbSearchFlags struct{ format, lang, stack string }

// closest is how many entries a search shows when none matches.
const closest = 3

// runKBSearch searches the knowledge base for words, or for the lines of
// a log read from standard input when words is "-".
func runKBSearch(words []string, f kbSearchFlags, stdout, stderr io.Writer) int {
	if len(words) == 0 {
		fmt.Fprintln(stderr, "lwiplint kb search: give WORDS, or - to read a log from standard input")
		return exitUsage
	}
	opt := kb.SearchOptions{Stack: f.stack}
	if len(words) == 1 && words[0] == "-" {
		la, err := kb.SearchLog(stdin, opt)
		if err != nil {
			fmt.Fprintln(stderr, "lwiplint kb search: read standard input:", err)
			return exitLoad
		}
		return writeLogAnswer(la, f, stdout)
	}
	a := kb.SearchWith(strings.Join(words, " "), opt)
	return writeAnswer(a, f, stdout)
}

type resultJSON struct {
	ID      string   `json:"id"`
	Title   string   `json:"title"`
	Score   int      `json:"score"`
	Matched []string `json:"matched"`
}

type answerJSON struct {
	Query string `json:"query"`
	// Match is false when no entry reaches min_score: results then holds
	// the closest entries.
	Match    bool         `json:"match"`
	MinScore int          `json:"min_score"`
	Decoded  []kb.Decoded `json:"decoded"`
	Results  []resultJSON `json:"results"`
}

func toJSON(rs []kb.Result, lang string) []resultJSON {
	out := []resultJSON{}
	for _, r := range rs {
		m := r.Matched
		if m == nil {
			m = []string{}
		}
		out = append(out, resultJSON{ID: r.Entry.ID, Title: r.Entry.Title.In(lang), Score: r.Score, Matched: m})
	}
	return out
}

// shown returns the results to print: the matches, or the closest ones.
func shown(a kb.Answer) []kb.Result {
	if a.Confident {
		return a.Best()
	}
	return a.Results[:min(closest, len(a.Results))]
}

func writeDecoded(w io.Writer, ds []kb.Decoded) {
	for _, d := range ds {
		fmt.Fprintf(w, "%s → %s (%s)\n", d.Text, strings.Join(d.Names, " = "), d.Table)
	}
}

func writeAnswer(a kb.Answer, f kbSearchFlags, stdout io.Writer) int {
	rs := shown(a)
	if f.format == "json" {
		d := a.Decoded
		if d == nil {
			d = []kb.Decoded{}
		}
		return writeJSON(stdout, answerJSON{Query: a.Query, Match: a.Confident, MinScore: kb.MinScore, Decoded: d, Results: toJSON(rs, f.lang)})
	}
	writeDecoded(stdout, a.Decoded)
	if !a.Confident {
		if len(rs) == 0 {
			fmt.Fprintln(stdout, "no entry matches")
			return exitOK
		}
		fmt.Fprintf(stdout, "no entry matches (score below %d, or no symptom, code or error number of an entry found); the closest are:\n", kb.MinScore)
	}
	writeResults(stdout, rs, f)
	return exitOK
}

func writeResults(w io.Writer, rs []kb.Result, f kbSearchFlags) {
	for _, r := range rs {
		if f.format == "markdown" {
			fmt.Fprintf(w, "- `%s` %s (score %d)\n", r.Entry.ID, r.Entry.Title.In(f.lang), r.Score)
		} else {
			fmt.Fprintf(w, "%4d  %-66s %s\n", r.Score, r.Entry.ID, r.Entry.Title.In(f.lang))
		}
	}
}

type lineJSON struct {
	Line    int          `json:"line"`
	Text    string       `json:"text"`
	Results []resultJSON `json:"results"`
}

type logJSON struct {
	MinScore int          `json:"min_score"`
	Decoded  []kb.Decoded `json:"decoded"`
	Lines    []lineJSON   `json:"lines"`
	Results  []resultJSON `json:"results"`
}

func writeLogAnswer(la kb.LogAnswer, f kbSearchFlags, stdout io.Writer) int {
	if f.format == "json" {
		out := logJSON{MinScore: kb.MinScore, Decoded: la.Decoded, Lines: []lineJSON{}, Results: toJSON(la.Results, f.lang)}
		if out.Decoded == nil {
			out.Decoded = []kb.Decoded{}
		}
		for _, l := range la.Lines {
			out.Lines = append(out.Lines, lineJSON{Line: l.Line, Text: l.Text, Results: toJSON(l.Results, f.lang)})
		}
		return writeJSON(stdout, out)
	}
	writeDecoded(stdout, la.Decoded)
	if len(la.Lines) == 0 {
		fmt.Fprintln(stdout, "no line of the log matches an entry")
		return exitOK
	}
	for _, l := range la.Lines {
		fmt.Fprintf(stdout, "line %d: %s\n", l.Line, l.Text)
		for _, r := range l.Results {
			fmt.Fprintf(stdout, "    %4d  %s\n", r.Score, r.Entry.ID)
		}
	}
	fmt.Fprintln(stdout, "\nentries:")
	writeResults(stdout, la.Results, f)
	return exitOK
}
