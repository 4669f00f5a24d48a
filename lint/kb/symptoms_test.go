package kb

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// symptomRow is one line of testdata/symptoms.tsv: a symptom as a user
// posted it in a public thread, the cause the thread settled on, and the
// entry that answers it ("none" when the knowledge base has none).
type symptomRow struct {
	file                        string
	line                        int
	url, symptom, cause, answer string
}

func readSymptoms(t *testing.T, name string) []symptomRow {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
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
				t.Fatalf("%s: header is %q", name, sc.Text())
			}
			continue
		}
		f := strings.Split(sc.Text(), "\t")
		if len(f) != 4 {
			t.Fatalf("%s:%d: %d fields, want 4", name, n, len(f))
		}
		rows = append(rows, symptomRow{file: name, line: n, url: f[0], symptom: f[1], cause: f[2], answer: f[3]})
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

func (s symptomScore) add(o symptomScore) symptomScore {
	return symptomScore{s.rows + o.rows, s.answered + o.answered, s.top3 + o.top3, s.first + o.first,
		s.misleading + o.misleading, s.unmatched + o.unmatched}
}

func (s symptomScore) String() string {
	pct := func(a, b int) string { return fmt.Sprintf("%d/%d (%.1f %%)", a, b, 100*float64(a)/float64(b)) }
	return fmt.Sprintf("%d symptoms; coverage %s; right entry first %s, in the top three %s; first result misleading %s; \"no entry matches\" %s",
		s.rows, pct(s.answered, s.rows), pct(s.first, s.answered), pct(s.top3, s.answered),
		pct(s.misleading, s.rows), pct(s.unmatched, s.rows))
}

// scoreSymptoms checks the rows' form (a GitHub thread no entry cites, not
// listed twice in either set) and scores the search on them. Only results
// that reach MinScore count: a symptom whose answer is below the threshold
// is not found, and a first result above it that does not answer is
// misleading.
func scoreSymptoms(t *testing.T, rows []symptomRow, cited map[string]string, seen map[string]string) symptomScore {
	var s symptomScore
	for _, r := range rows {
		at := fmt.Sprintf("%s:%d", r.file, r.line)
		if !strings.HasPrefix(r.url, "https://github.com/") || strings.TrimSpace(r.symptom) == "" || strings.TrimSpace(r.cause) == "" {
			t.Errorf("%s: needs a GitHub thread URL, a symptom and a cause", at)
		}
		if prev, ok := seen[r.url]; ok {
			t.Errorf("%s: thread %s already listed at %s", at, r.url, prev)
		}
		seen[r.url] = at
		if id, ok := cited[r.url]; ok {
			t.Errorf("%s: thread %s is cited by %s; the sets must be independent of the entries", at, r.url, id)
		}
		if r.answer != "none" {
			if _, ok := Get(r.answer); !ok {
				t.Errorf("%s: no entry %q", at, r.answer)
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
				t.Logf("%s: misleading (no entry answers): %q → %s %d", r.file, r.symptom, best[0].Entry.ID, best[0].Score)
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
			t.Logf("%s: missed: %q (want %s), got %v", r.file, r.symptom, r.answer, ids(best))
		}
		if len(best) > 0 && best[0].Entry.ID != r.answer {
			s.misleading++
			t.Logf("%s: misleading: %q → %s %d (want %s)", r.file, r.symptom, best[0].Entry.ID, best[0].Score, r.answer)
		}
	}
	return s
}

// TestSymptomSet scores the search on real symptoms collected from public
// lwIP, ESP-IDF and FreeRTOS+TCP threads that no entry cites, in two sets:
// testdata/symptoms.tsv, the set the search and the entries' symptom lists
// were tuned on, and testdata/symptoms-heldout.tsv, collected afterwards and
// never tuned on (do not add its strings to entries or weights: it is only
// worth something while it stays unseen). The README quotes the figures
// this test logs, for each set and for both together.
func TestSymptomSet(t *testing.T) {
	cited := map[string]string{}
	for _, e := range mustLoad(t) {
		for _, u := range allSourceURLs(e) {
			cited[u] = e.ID
		}
	}
	seen := map[string]string{}
	tuned := readSymptoms(t, "symptoms.tsv")
	held := readSymptoms(t, "symptoms-heldout.tsv")
	if len(tuned) < 80 || len(held) < 30 {
		t.Fatalf("%d tuning and %d held-out symptoms, want at least 80 and 30", len(tuned), len(held))
	}
	st := scoreSymptoms(t, tuned, cited, seen)
	sh := scoreSymptoms(t, held, cited, seen)
	all := st.add(sh)
	t.Logf("tuning set: %v", st)
	t.Logf("held-out set: %v", sh)
	t.Logf("both: %v", all)
	// Issue 21 asks for coverage >= 75 %, the right entry in the top three
	// for >= 90 % and a misleading first result for <= 5 %. The floors
	// below are the figures reached (see the README): the test fails on any
	// regression.
	for _, c := range []struct {
		name             string
		s                symptomScore
		top3, misleading int
	}{
		{"tuning set", st, 60, 7},
		{"held-out set", sh, 16, 5},
	} {
		if c.s.top3 < c.top3 {
			t.Errorf("%s: right entry in the top three for %d/%d, fewer than the %d reached", c.name, c.s.top3, c.s.answered, c.top3)
		}
		if c.s.misleading > c.misleading {
			t.Errorf("%s: first result misleading for %d/%d, more than the %d reached", c.name, c.s.misleading, c.s.rows, c.misleading)
		}
	}
	if 100*st.answered < 75*st.rows {
		t.Errorf("tuning set: coverage %d/%d is below 75 %%", st.answered, st.rows)
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []symptomScore{st, sh, all} {
		if !bytes.Contains(readme, []byte(s.String())) {
			t.Errorf("README.md does not quote the current figures; put this line in it:\n%s", s)
		}
	}
}

func ids(rs []Result) []string {
	var out []string
	for _, r := range rs {
		out = append(out, fmt.Sprintf("%s:%d", strings.TrimPrefix(r.Entry.ID, "embedded/"), r.Score))
	}
	return out
}
