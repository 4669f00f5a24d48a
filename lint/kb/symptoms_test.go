package kb

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"
)

// symptomRow is one line of testdata/symptoms.tsv: a symptom as a user
// posted it in a public thread, the cause the thread settled on, and the
// entry that answers it ("none" when the knowledge base has none).
type symptomRow struct {
	line                        int
	url, symptom, cause, answer string
}

func readSymptoms(t *testing.T) []symptomRow {
	t.Helper()
	f, err := os.Open("testdata/symptoms.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows []symptomRow
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		n++
		if n == 1 {
			if sc.Text() != "url\tsymptom\tcause\tentry" {
				t.Fatalf("symptoms.tsv: header is %q", sc.Text())
			}
			continue
		}
		f := strings.Split(sc.Text(), "\t")
		if len(f) != 4 {
			t.Fatalf("symptoms.tsv:%d: %d fields, want 4", n, len(f))
		}
		rows = append(rows, symptomRow{line: n, url: f[0], symptom: f[1], cause: f[2], answer: f[3]})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return rows
}

// symptomScore is what TestSymptomSet measures.
type symptomScore struct {
	rows, answered, top3, first, misleading, unmatched int
}

func (s symptomScore) String() string {
	pct := func(a, b int) string { return fmt.Sprintf("%d/%d (%.1f %%)", a, b, 100*float64(a)/float64(b)) }
	return fmt.Sprintf("%d symptoms; coverage %s; right entry first %s, in the top three %s; first result misleading %s; \"no entry matches\" %s",
		s.rows, pct(s.answered, s.rows), pct(s.first, s.answered), pct(s.top3, s.answered),
		pct(s.misleading, s.rows), pct(s.unmatched, s.rows))
}

// TestSymptomSet scores the search on real symptoms collected from public
// lwIP, ESP-IDF and FreeRTOS+TCP threads that no entry cites (see
// testdata/symptoms.tsv). Only results that reach MinScore count: a
// symptom whose answer is below the threshold is not found, and a first
// result above it that does not answer is misleading. The README quotes
// the figures this test logs.
func TestSymptomSet(t *testing.T) {
	rows := readSymptoms(t)
	if len(rows) < 80 {
		t.Fatalf("symptoms.tsv has %d symptoms, want at least 80", len(rows))
	}
	cited := map[string]string{}
	for _, e := range mustLoad(t) {
		for _, u := range allSourceURLs(e) {
			cited[u] = e.ID
		}
	}
	seen := map[string]bool{}
	var s symptomScore
	for _, r := range rows {
		if !strings.HasPrefix(r.url, "https://github.com/") || strings.TrimSpace(r.symptom) == "" || strings.TrimSpace(r.cause) == "" {
			t.Errorf("symptoms.tsv:%d: needs a GitHub thread URL, a symptom and a cause", r.line)
		}
		if seen[r.url] {
			t.Errorf("symptoms.tsv:%d: thread %s listed twice", r.line, r.url)
		}
		seen[r.url] = true
		if id, ok := cited[r.url]; ok {
			t.Errorf("symptoms.tsv:%d: thread %s is cited by %s; the set must be independent of the entries", r.line, r.url, id)
		}
		if r.answer != "none" {
			if _, ok := Get(r.answer); !ok {
				t.Errorf("symptoms.tsv:%d: no entry %q", r.line, r.answer)
			}
		}

		s.rows++
		best := SearchWith(r.symptom, SearchOptions{}).Best()
		if len(best) == 0 {
			s.unmatched++
		}
		if r.answer == "none" {
			if len(best) > 0 {
				s.misleading++
				t.Logf("misleading (no entry answers): %q → %s %d", r.symptom, best[0].Entry.ID, best[0].Score)
			}
			continue
		}
		s.answered++
		found := -1
		for i, b := range best {
			if i < 3 && b.Entry.ID == r.answer {
				found = i
			}
		}
		switch {
		case found == 0:
			s.first++
			s.top3++
		case found > 0:
			s.top3++
		default:
			t.Logf("missed: %q (want %s), got %v", r.symptom, r.answer, ids(best))
		}
		if len(best) > 0 && best[0].Entry.ID != r.answer {
			s.misleading++
			t.Logf("misleading: %q → %s %d (want %s)", r.symptom, best[0].Entry.ID, best[0].Score, r.answer)
		}
	}
	t.Logf("symptom set: %v", s)
	// Issue 21 asks for coverage >= 75 %, the right entry in the top three
	// for >= 90 % and a misleading first result for <= 5 %. Coverage is
	// met; the other two are not yet (see the README), so this test holds
	// the figures reached and fails on any regression.
	if 100*s.answered < 75*s.rows {
		t.Errorf("coverage %d/%d is below 75 %%", s.answered, s.rows)
	}
	if s.top3 < 56 {
		t.Errorf("right entry in the top three for %d/%d, fewer than the 56 reached", s.top3, s.answered)
	}
	if s.misleading > 9 {
		t.Errorf("first result misleading for %d/%d, more than the 9 reached", s.misleading, s.rows)
	}
	readme, err := os.ReadFile("../../README.md")
	if err == nil && !bytes.Contains(readme, []byte(s.String())) {
		t.Errorf("README.md does not quote the current figures; put this line in it:\n%s", s)
	}
}

func ids(rs []Result) []string {
	var out []string
	for _, r := range rs {
		out = append(out, fmt.Sprintf("%s:%d", strings.TrimPrefix(r.Entry.ID, "embedded/"), r.Score))
	}
	return out
}
