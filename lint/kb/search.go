package kb

import (
	"bufio"
	"cmp"
	"io"
	"math"
	"slices"
	"strings"
	"sync"
)

// Result is one entry found by [Search] with its score; a higher score is a
// better match.
type Result struct {
	Entry *Entry
	Score int
	// Matched lists what matched, most telling first: "symptom:
	// pbuf_free: p->ref > 0", "symptom word pbuf_free", "title word socket".
	Matched []string
	// specific is set when the entry matched a symptom phrase, a
	// one-token symptom (an identifier or code) or a decoded error number
	// strongly enough, or scored strongScore on words alone.
	specific bool
}

// match reports whether r is a match: enough score, and specific evidence.
func (r Result) match() bool { return r.Score >= MinScore && r.specific }

// MinScore is the score [SearchWith] needs before it calls a result a
// match, and only if part of it is specific evidence: a symptom phrase, a
// symptom that is one identifier or code, or a decoded error number
// (minEvidence), unless the words alone reach strongScore. Below that, an
// [Answer] is not Confident and callers say "no entry matches" before
// showing the closest entries.
const MinScore = 13

const (
	minEvidence = 4.0
	strongScore = 20.0
)

// SearchOptions tune [SearchWith].
type SearchOptions struct {
	// Stack decides which table decodes error numbers in the query: one of
	// [Stacks], or [StackAuto] to guess from the query and otherwise try
	// every table.
	Stack string
}

// Answer is the outcome of [SearchWith].
type Answer struct {
	Query string
	// Results holds every entry that matched anything, best first.
	Results []Result
	// Confident reports whether the first result reaches [MinScore].
	Confident bool
	// Decoded lists the error numbers read from the query, with the table
	// that decoded each.
	Decoded []Decoded
}

// Best returns the results that reach [MinScore].
func (a Answer) Best() []Result {
	var out []Result
	for _, r := range a.Results {
		if r.match() {
			out = append(out, r)
		}
	}
	return out
}

// Weights of a matching query token, by field, times its inverse document
// frequency. A symptom is what users paste from a log, so it counts most.
// The values were chosen on testdata/symptoms.tsv (see TestSymptomSet).
const (
	symptomWeight = 3.0
	titleWeight   = 2.0 // title, tags, ID
	// symptomPhraseWordWeight is for a word of a multi-word symptom
	// found on its own.
	symptomPhraseWordWeight = 3.0
	proseWeight             = 0.7 // root cause, notes, workarounds, dead ends
	// A symptom of two or more tokens found whole in the query adds
	// phraseWeight × the IDF of its tokens, plus phraseBase.
	phraseWeight = 2.0
	phraseBase   = 4.0
	// stackMismatch scales an entry about another stack than the query's.
	stackMismatch = 0.5
	// weakFactor scales the words of weakWords (lwip, esp32, freertos, …).
	weakFactor = 0.25
)

// Search ranks the entries against query (see [SearchWith]) and returns
// every entry that matched anything, best first; ties are broken by ID.
func Search(query string) []Result {
	return SearchWith(query, SearchOptions{}).Results
}

// SearchWith ranks the entries against query. The query is tokenised into
// identifiers (pbuf_free, CONFIG_LWIP_MAX_SOCKETS), file names (tcp_in.c),
// stemmed words and Han character pairs; stop words are dropped and bare
// numbers count only as error numbers decoded for opt.Stack or inside a
// symptom phrase. A token scores by the field it is found in (symptoms
// above title and tags above prose) times how rare it is in the knowledge
// base; a whole symptom phrase found in the query scores more.
func SearchWith(query string, opt SearchOptions) Answer {
	a := Answer{Query: query}
	if strings.TrimSpace(query) == "" {
		return a
	}
	idx := searchIndex()
	if idx == nil {
		return a
	}
	a.Decoded = decodeNumbers(query, opt.Stack)
	q := newQuery(query, a.Decoded)
	stack := opt.Stack
	if stack == StackAuto {
		stack = guessStack(query)
	}
	for _, d := range idx.docs {
		if s, ev, matched := idx.score(d, q); s > 0 {
			s *= stackAffinity(d.e, stack)
			a.Results = append(a.Results, Result{Entry: d.e, Score: int(math.Round(s)), Matched: matched,
				specific: ev >= minEvidence || s >= strongScore})
		}
	}
	slices.SortStableFunc(a.Results, func(x, y Result) int {
		if c := cmp.Compare(y.Score, x.Score); c != 0 {
			return c
		}
		return strings.Compare(x.Entry.ID, y.Entry.ID)
	})
	a.Confident = len(a.Results) > 0 && a.Results[0].match()
	return a
}

// LineMatch is one line of a pasted log that matched entries confidently.
type LineMatch struct {
	Line    int      // 1-based
	Text    string   // the line, trimmed
	Results []Result // results that reach MinScore, best first (at most 3)
}

// LogAnswer is the outcome of [SearchLog].
type LogAnswer struct {
	// Lines are the log lines that matched, in order.
	Lines []LineMatch
	// Results ranks the entries over the whole log: an entry's score is
	// its best line's, plus a quarter of each further line it matched.
	Results []Result
	Decoded []Decoded
}

// SearchLog reads a pasted log and finds the known lines in it: each line
// is searched on its own (see [SearchWith]) and only confident matches
// count, so the noise of a long log does not add up to a false answer.
func SearchLog(r io.Reader, opt SearchOptions) (LogAnswer, error) {
	var la LogAnswer
	best := map[string]*Result{}
	var order []string
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if len(line) < 4 {
			continue
		}
		a := SearchWith(line, opt)
		la.Decoded = append(la.Decoded, a.Decoded...)
		hits := a.Best()
		if len(hits) == 0 {
			continue
		}
		if len(hits) > 3 {
			hits = hits[:3]
		}
		la.Lines = append(la.Lines, LineMatch{Line: n, Text: line, Results: hits})
		for _, h := range hits {
			b, ok := best[h.Entry.ID]
			if !ok {
				c := h
				best[h.Entry.ID] = &c
				order = append(order, h.Entry.ID)
				continue
			}
			if h.Score > b.Score {
				b.Score, h.Score = h.Score, b.Score
				b.Matched = h.Matched
			}
			b.Score += h.Score / 4
		}
	}
	if err := sc.Err(); err != nil {
		return la, err
	}
	for _, id := range order {
		la.Results = append(la.Results, *best[id])
	}
	slices.SortStableFunc(la.Results, func(x, y Result) int {
		if c := cmp.Compare(y.Score, x.Score); c != 0 {
			return c
		}
		return strings.Compare(x.Entry.ID, y.Entry.ID)
	})
	return la, nil
}

// query is a tokenised search.
type query struct {
	words  []string // unique tokens without stop words and numbers
	strong []string // names of decoded error numbers (econnaborted)
	// strongShare is each strong name's share: 1, or 1/k for a number
	// that k tables decode.
	strongShare []float64
	seq         []string // every token in order, for phrase matching
}

func newQuery(s string, decoded []Decoded) query {
	var q query
	seen := map[string]bool{}
	for _, t := range tokenize(s, true) {
		if t.num || seen[t.text] {
			continue
		}
		seen[t.text] = true
		q.words = append(q.words, t.text)
	}
	// A number decoded by several tables is ambiguous: each reading gets
	// a share of the weight.
	names := map[string]map[string]bool{}
	for _, d := range decoded {
		if names[d.Text] == nil {
			names[d.Text] = map[string]bool{}
		}
		names[d.Text][strings.Join(d.Names, "=")] = true
	}
	for _, d := range decoded {
		for _, n := range d.Names {
			// The name is a word of the entries' text, which is stemmed:
			// ECONNABORTED is indexed as "econnabort", ENFILE as "enfil".
			n = stem(strings.ToLower(n))
			if !seen[n] {
				seen[n] = true
				q.strong = append(q.strong, n)
				q.strongShare = append(q.strongShare, 1/float64(len(names[d.Text])))
			}
		}
	}
	for _, t := range tokenize(s, false) {
		q.seq = append(q.seq, t.text)
	}
	return q
}

// doc is one entry's searchable tokens.
type doc struct {
	e       *Entry
	symptom map[string]bool // symptoms that are one token: ENFILE, TCP_MAXRTX
	// symptomWords holds the words of symptoms that are phrases.
	symptomWords map[string]bool
	title        map[string]bool
	prose        map[string]bool
	phrases      [][]string // symptoms of two or more tokens
	phraseOf     []string   // the symptom text of each phrase
}

type index struct {
	docs []*doc
	df   map[string]int
}

var searchIndex = sync.OnceValue(func() *index {
	entries := All()
	if entries == nil {
		return nil
	}
	idx := &index{df: map[string]int{}}
	for _, e := range entries {
		d := &doc{e: e, symptom: map[string]bool{}, symptomWords: map[string]bool{}, title: map[string]bool{}, prose: map[string]bool{}}
		seenPhrase := map[string]bool{}
		for _, s := range e.Symptoms {
			seq := texts(tokenize(s, false))
			if len(seq) >= 2 {
				// "Connection reset." and "connection reset" are one
				// phrase: count it once.
				k := strings.Join(seq, " ")
				if seenPhrase[k] {
					continue
				}
				seenPhrase[k] = true
				// A phrase is evidence as a whole; its words alone count
				// less than a symptom that is one identifier or code.
				addTokens(d.symptomWords, s)
				d.phrases = append(d.phrases, seq)
				d.phraseOf = append(d.phraseOf, s)
			} else {
				addTokens(d.symptom, s)
			}
		}
		addTokens(d.title, e.Title.En, e.Title.Zh, e.Category, strings.ReplaceAll(e.ID, "-", " "), strings.Join(e.Tags, " "))
		prose := []string{e.RootCause.En, e.RootCause.Zh}
		for _, v := range e.Versions {
			prose = append(prose, v.Notes.En, v.Notes.Zh)
		}
		for _, w := range e.Workarounds {
			prose = append(prose, w.Text.En, w.Text.Zh)
		}
		for _, x := range e.DeadEnds {
			prose = append(prose, x.Text.En, x.Text.Zh, x.Why.En, x.Why.Zh)
		}
		addTokens(d.prose, prose...)
		all := map[string]bool{}
		for _, m := range []map[string]bool{d.symptom, d.symptomWords, d.title, d.prose} {
			for t := range m {
				all[t] = true
			}
		}
		for t := range all {
			idx.df[t]++
		}
		idx.docs = append(idx.docs, d)
	}
	return idx
})

func addTokens(m map[string]bool, texts ...string) {
	for _, s := range texts {
		for _, t := range tokenize(s, true) {
			if !t.num {
				m[t.text] = true
			}
		}
	}
}

func texts(ts []token) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.text
	}
	return out
}

func (idx *index) idf(t string) float64 {
	return math.Log(1 + float64(len(idx.docs))/float64(1+idx.df[t]))
}

func (idx *index) score(d *doc, q query) (total, evidence float64, matched []string) {
	// evidence counts phrases, one-token symptoms and decoded codes.
	tokenScore := func(t string, boost float64) {
		idf := idx.idf(t)
		if weakWords()[t] {
			idf *= weakFactor
		}
		switch {
		case d.symptom[t]:
			total += boost * symptomWeight * idf
			evidence += boost * symptomWeight * idf
			matched = append(matched, "symptom "+t)
		case d.title[t]:
			total += boost * titleWeight * idf
			matched = append(matched, "title word "+t)
		case d.symptomWords[t]:
			total += boost * symptomPhraseWordWeight * idf
			matched = append(matched, "symptom word "+t)
		case d.prose[t]:
			total += boost * proseWeight * idf
			matched = append(matched, "text word "+t)
		}
	}
	for _, t := range q.words {
		tokenScore(t, 1)
	}
	for i, t := range q.strong {
		tokenScore(t, 1.5*q.strongShare[i])
	}
	var phrases []string
	for i, p := range d.phrases {
		if containsSeq(q.seq, p) {
			w := phraseBase
			for _, t := range p {
				if !stopWords()[t] {
					w += phraseWeight * idx.idf(t)
				}
			}
			total += w
			evidence += w
			phrases = append(phrases, "symptom: "+d.phraseOf[i])
		}
	}
	return total, evidence, append(phrases, matched...)
}

// containsSeq reports whether seq holds sub contiguously.
func containsSeq(seq, sub []string) bool {
	if len(sub) == 0 || len(sub) > len(seq) {
		return false
	}
	for i := 0; i+len(sub) <= len(seq); i++ {
		if slices.Equal(seq[i:i+len(sub)], sub) {
			return true
		}
	}
	return false
}

// stackAffinity scales an entry's score when the query names a stack: a
// FreeRTOS+TCP symptom is rarely answered by an entry about lwIP alone,
// and the other way round.
func stackAffinity(e *Entry, stack string) float64 {
	if stack == StackAuto {
		return 1
	}
	frtos, other := false, false
	for _, v := range e.Versions {
		if v.System == "FreeRTOS+TCP" {
			frtos = true
		} else {
			other = true
		}
	}
	switch {
	case stack == StackFreeRTOS && !frtos:
		return stackMismatch
	case stack != StackFreeRTOS && !other:
		return stackMismatch
	}
	return 1
}
