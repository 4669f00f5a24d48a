package kb

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
)

// Result is one entry found by [Search] with its score; a higher score is a
// better match.
type Result struct {
	Entry *Entry
	Score int
}

// Weights of a match, by field. A symptom is what users paste from a log, so
// it counts most; prose counts least.
const (
	symptomExact    = 100 // the query is exactly a symptom
	symptomContains = 40  // the query occurs inside a symptom
	symptomInQuery  = 30  // a whole symptom occurs inside the query
	symptomWord     = 10
	titlePhrase     = 25
	titleWord       = 8
	tagWord         = 5
	rootPhrase      = 10
	rootWord        = 2
	advicePhrase    = 5
	adviceWord      = 1
)

// Search ranks the entries against query, case-insensitively. It matches the
// whole query as a phrase and each of its words against an entry's symptoms
// (weighted highest), title, tags and ID, root cause, workarounds and dead
// ends, in both languages. Entries that match nothing are left out; ties are
// broken by ID.
func Search(query string) []Result {
	q := normalizeSpace(strings.ToLower(query))
	qwords := uniqueWords(q)
	if q == "" {
		return nil
	}
	var results []Result
	for _, e := range All() {
		if s := score(e, q, qwords); s > 0 {
			results = append(results, Result{Entry: e, Score: s})
		}
	}
	slices.SortStableFunc(results, func(a, b Result) int {
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		return strings.Compare(a.Entry.ID, b.Entry.ID)
	})
	return results
}

func score(e *Entry, q string, qwords []string) int {
	total := 0

	// Symptoms.
	var symptomText []string
	for _, s := range e.Symptoms {
		s = normalizeSpace(strings.ToLower(s))
		symptomText = append(symptomText, s)
		switch {
		case s == q:
			total += symptomExact
		case len(q) >= 3 && strings.Contains(s, q):
			total += symptomContains
		case len(s) >= 3 && containsPhrase(q, s):
			total += symptomInQuery
		}
	}
	total += wordScore(symptomText, qwords, symptomWord)

	// Title.
	total += fieldScore([]string{e.Title.En, e.Title.Zh}, q, qwords, titlePhrase, titleWord)

	// Tags and the ID's slug.
	tags := append(slices.Clone(e.Tags), e.ID, e.Category)
	total += wordScore(lowerAll(tags), qwords, tagWord)

	// Root cause.
	total += fieldScore([]string{e.RootCause.En, e.RootCause.Zh}, q, qwords, rootPhrase, rootWord)

	// Workarounds and dead ends.
	var advice []string
	for _, w := range e.Workarounds {
		advice = append(advice, w.Text.En, w.Text.Zh)
	}
	for _, d := range e.DeadEnds {
		advice = append(advice, d.Text.En, d.Text.Zh, d.Why.En, d.Why.Zh)
	}
	total += fieldScore(advice, q, qwords, advicePhrase, adviceWord)
	return total
}

// fieldScore scores a text field: phrase once if the whole multi-word query
// (or a query in a script without spaces) occurs in it, plus word for every
// query word found in it.
func fieldScore(texts []string, q string, qwords []string, phrase, word int) int {
	lowered := lowerAll(texts)
	total := 0
	if len(qwords) != 1 || !isWordy(q) {
		for _, t := range lowered {
			if containsPhrase(normalizeSpace(t), q) {
				total += phrase
				break
			}
		}
	}
	return total + wordScore(lowered, qwords, word)
}

// wordScore adds weight for each query word that is a word of texts.
func wordScore(texts []string, qwords []string, weight int) int {
	have := map[string]bool{}
	for _, t := range texts {
		for _, w := range words(t) {
			have[w] = true
		}
	}
	total := 0
	for _, w := range qwords {
		if have[w] {
			total += weight
		}
	}
	return total
}

// containsPhrase reports whether phrase occurs in s and does not start or end
// inside a word of s.
func containsPhrase(s, phrase string) bool {
	if phrase == "" {
		return false
	}
	for i := 0; ; {
		j := strings.Index(s[i:], phrase)
		if j < 0 {
			return false
		}
		start, end := i+j, i+j+len(phrase)
		if boundary(s, start, true, phrase) && boundary(s, end, false, phrase) {
			return true
		}
		i = start + 1
	}
}

// boundary reports whether position pos of s is a word boundary for a
// phrase that starts (atStart) or ends there. Phrase edges that are not word
// characters, or are ideographs, always count as boundaries.
func boundary(s string, pos int, atStart bool, phrase string) bool {
	var edge rune
	if atStart {
		edge = []rune(phrase)[0]
	} else {
		r := []rune(phrase)
		edge = r[len(r)-1]
	}
	if !isWordRune(edge) || unicode.Is(unicode.Han, edge) {
		return true
	}
	if atStart {
		if pos == 0 {
			return true
		}
		r := []rune(s[:pos])
		return !isWordRune(r[len(r)-1])
	}
	if pos == len(s) {
		return true
	}
	return !isWordRune([]rune(s[pos:])[0])
}

func isWordRune(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r)
}

// isWordy reports whether s is a single run of word characters outside the
// Han script.
func isWordy(s string) bool {
	for _, r := range s {
		if !isWordRune(r) || unicode.Is(unicode.Han, r) {
			return false
		}
	}
	return s != ""
}

// words splits lower-cased text into words of letters, digits and
// underscores. Han characters do not form words; phrases match them.
func words(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return !isWordRune(r) || unicode.Is(unicode.Han, r)
	})
}

func uniqueWords(s string) []string {
	var out []string
	for _, w := range words(s) {
		if !slices.Contains(out, w) {
			out = append(out, w)
		}
	}
	return out
}

func lowerAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strings.ToLower(s)
	}
	return out
}

func normalizeSpace(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
