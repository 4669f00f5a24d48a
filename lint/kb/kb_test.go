package kb

import (
	"encoding/json"
	"io/fs"
	"path"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"unicode"
)

// requiredIDs are the entries that rules link to; they must exist.
var requiredIDs = []string{
	SeedID,
	"embedded/lwip-tcp-write-err-mem-heap-smaller-than-sndbuf",
	"embedded/lwip-tcp-throughput-capped-by-small-heap",
	"embedded/lwip-mem-size-default-too-small-for-mss",
	"embedded/lwip-tls-window-16k-deadlock",
	"embedded/lwip-sys-timeout-pool-empty-apps",
	"embedded/lwip-debug-defined-zero-enables-debug",
	"embedded/lwip-cubemx-ram-heap-pointer-wrong-board",
	"embedded/lwip-cubemx-thread-stack-words-vs-bytes",
	"embedded/lwip-cubemx-rx-buffer-size-mismatch",
	"embedded/lwip-tcp-pcb-pool-exhausted-after-reconnects",
	"embedded/lwip-tcp-pcb-pool-full-drops-connection",
	"embedded/lwip-time-wait-pcbs-msl",
	"embedded/lwip-tcp-connect-gives-up-after-18s",
	"embedded/lwip-wnd-scale-without-rcv-scale",
	"embedded/lwip-tcpip-core-locking-assert",
	"embedded/lwip-provide-errno-thread-local",
	"embedded/lwip-sdk-requires-dhcp-and-netifs",
	"embedded/lwip-tcp-write-err-mem-small-pools",
	"embedded/lwip-vendor-lwipopts-unguarded-overrides",
	"embedded/lwip-tcp-snd-buf-u16-overflow",
	"embedded/lwip-esp-idf-snd-queuelen-not-configurable",
	"embedded/lwip-compile-time-sanity-checks",
	"embedded/lwip-option-values-not-preprocessor-evaluable",
	"embedded/lwip-api-selection-one-sided",
	"embedded/lwip-unknown-or-removed-option",
	"embedded/lwip-cubemx-frozen-derived-values",
	"embedded/lwip-rto-below-slow-timer",
	"embedded/lwip-non-overridable-macros",
	"embedded/lwip-mss-vs-mtu",
	"embedded/lwip-listen-backlog-not-enforced",
	"embedded/lwip-memp-mem-malloc-disables-pool-checks",
	"embedded/lwip-rand-tick-counter-predictable-dns",
}

var (
	validSystems  = map[string]bool{"lwIP": true, "ESP-IDF": true, "FreeRTOS+TCP": true}
	validStatuses = map[string]bool{"active": true, "handled": true, "fixed": true, "not-applicable": true}
)

func mustLoad(t *testing.T) []*Entry {
	t.Helper()
	entries, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) == 0 {
		t.Fatal("no entries loaded")
	}
	return entries
}

// TestDecodeStrict decodes every embedded file on its own and checks that
// its ID is its path.
func TestDecodeStrict(t *testing.T) {
	n := 0
	err := fs.WalkDir(entriesFS, "entries", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		if path.Ext(p) != ".yaml" {
			t.Errorf("%s: unexpected file in entries (want .yaml)", p)
			return nil
		}
		n++
		data, err := entriesFS.ReadFile(p)
		if err != nil {
			return err
		}
		e, err := decode(data)
		if err != nil {
			t.Errorf("%s: %v", p, err)
			return nil
		}
		if want := idFromPath(p); e.ID != want {
			t.Errorf("%s: id %q, want %q", p, e.ID, want)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n != len(mustLoad(t)) {
		t.Fatalf("decoded %d files, Load returned %d entries", n, len(mustLoad(t)))
	}
}

func TestDecodeRejectsUnknownFields(t *testing.T) {
	_, err := decode([]byte("id: embedded/x\ntitle: {en: a, zh: b}\nfix_rte: 3\n"))
	if err == nil {
		t.Fatal("decode accepted an unknown field")
	}
	_, err = decode([]byte("id: embedded/x\n---\nid: embedded/y\n"))
	if err == nil {
		t.Fatal("decode accepted two documents")
	}
}

func TestIDsUniqueAndRequiredPresent(t *testing.T) {
	entries := mustLoad(t)
	seen := map[string]bool{}
	for _, e := range entries {
		if seen[e.ID] {
			t.Fatalf("duplicate id %q", e.ID)
		}
		seen[e.ID] = true
		if !strings.HasPrefix(e.ID, "embedded/") {
			t.Fatalf("%s: id outside the embedded namespace", e.ID)
		}
	}
	for _, id := range requiredIDs {
		if !seen[id] {
			t.Fatalf("missing entry %q", id)
		}
	}
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// checkText reports an empty language or a Chinese text without Chinese.
func checkText(t *testing.T, where string, txt Text) {
	t.Helper()
	if strings.TrimSpace(txt.En) == "" {
		t.Fatalf("%s: empty en", where)
	}
	if strings.TrimSpace(txt.Zh) == "" {
		t.Fatalf("%s: empty zh", where)
	}
	if !hasHan(txt.Zh) {
		t.Fatalf("%s: zh text has no Chinese characters: %q", where, txt.Zh)
	}
}

func checkSources(t *testing.T, where string, sources []string) {
	t.Helper()
	if len(sources) == 0 {
		t.Fatalf("%s: no sources", where)
	}
	for _, s := range sources {
		if !strings.HasPrefix(s, "https://") {
			t.Fatalf("%s: source %q is not an https URL", where, s)
		}
	}
}

func TestEntryContent(t *testing.T) {
	for _, e := range mustLoad(t) {
		checkText(t, e.ID+" title", e.Title)
		checkText(t, e.ID+" root_cause", e.RootCause)
		if e.Category == "" {
			t.Fatalf("%s: no category", e.ID)
		}
		if len(e.Tags) == 0 {
			t.Fatalf("%s: no tags", e.ID)
		}
		if len(e.Symptoms) == 0 {
			t.Fatalf("%s: no symptoms", e.ID)
		}
		if len(e.Sources) == 0 {
			t.Fatalf("%s: no sources", e.ID)
		}
		for i, s := range e.Sources {
			if s.Title == "" || !strings.HasPrefix(s.URL, "https://") {
				t.Fatalf("%s: source %d needs a title and an https URL: %+v", e.ID, i, s)
			}
		}
		if len(e.Versions) == 0 {
			t.Fatalf("%s: no versions", e.ID)
		}
		for i, v := range e.Versions {
			if !validSystems[v.System] || v.Version == "" || !validStatuses[v.Status] {
				t.Fatalf("%s: bad version row %d: %+v", e.ID, i, v)
			}
			if v.Notes.En != "" || v.Notes.Zh != "" {
				checkText(t, e.ID+" version notes", v.Notes)
			}
		}
		if len(e.Workarounds) == 0 {
			t.Fatalf("%s: no workarounds", e.ID)
		}
		for i, w := range e.Workarounds {
			checkText(t, e.ID+" workaround", w.Text)
			checkSources(t, e.ID+" workaround", w.Sources)
			if e.ID != SeedID && w.SuccessRate != nil {
				t.Fatalf("%s: workaround %d has a success rate; only the seed may", e.ID, i)
			}
		}
		for i, d := range e.DeadEnds {
			checkText(t, e.ID+" dead end", d.Text)
			checkText(t, e.ID+" dead end why", d.Why)
			checkSources(t, e.ID+" dead end", d.Sources)
			if e.ID != SeedID && d.FailureRate != nil {
				t.Fatalf("%s: dead end %d has a failure rate; only the seed may", e.ID, i)
			}
		}
		if e.ID != SeedID && (e.FixRate != nil || e.Confidence != nil || e.EvidenceCount != nil || e.FirstSeen != "") {
			t.Fatalf("%s: rates or first_seen set; only the seed carries them", e.ID)
		}
		if e.ID != SeedID && (e.UnverifiedFigures.En != "" || e.UnverifiedFigures.Zh != "") {
			t.Fatalf("%s: unverified_figures set without figures", e.ID)
		}
		if len(e.Rules) != 0 {
			t.Fatalf("%s: rules must be empty in the data (the rules package owns links)", e.ID)
		}
		if e.Docs != "" && !strings.HasPrefix(e.Docs, "https://") {
			t.Fatalf("%s: docs %q is not an https URL", e.ID, e.Docs)
		}
	}
}

func intIs(p *int, want int) bool { return p != nil && *p == want }

func TestSeedFigures(t *testing.T) {
	e, ok := Get(SeedID)
	if !ok {
		t.Fatal("seed entry missing")
	}
	if !intIs(e.FixRate, 75) || !intIs(e.Confidence, 82) || !intIs(e.EvidenceCount, 1) || e.FirstSeen != "2024-08-22" {
		t.Fatalf("seed metrics changed: fix %v confidence %v evidence %v first seen %q",
			e.FixRate, e.Confidence, e.EvidenceCount, e.FirstSeen)
	}
	// The second workaround was rewritten: the seed's 70 % was given for
	// advice it no longer contains, so it carries no rate.
	if len(e.Workarounds) != 2 || !intIs(e.Workarounds[0].SuccessRate, 85) || e.Workarounds[1].SuccessRate != nil {
		t.Fatal("seed workaround rates must be 85 and none")
	}
	if len(e.DeadEnds) != 2 || !intIs(e.DeadEnds[0].FailureRate, 90) || !intIs(e.DeadEnds[1].FailureRate, 75) {
		t.Fatal("seed dead-end rates must stay 90 and 75")
	}
	systems := map[string]string{}
	for _, v := range e.Versions {
		systems[v.System] = v.Version
	}
	want := map[string]string{"lwIP": "2.1.3", "ESP-IDF": "5.1.2", "FreeRTOS+TCP": "2.0.0"}
	for s, v := range want {
		if systems[s] != v {
			t.Fatalf("seed versions: %s is %q, want %q", s, systems[s], v)
		}
	}
	for _, s := range []string{"ERR_RST", "-14", "ECONNRESET", "104", "ECONNABORTED", "113", "max SYN retries reached", "connection reset", "SYN_SENT"} {
		found := false
		for _, have := range e.Symptoms {
			if have == s {
				found = true
			}
		}
		if !found {
			t.Fatalf("seed symptom %q missing", s)
		}
	}
}

// allText returns every piece of prose of an entry.
func allText(e *Entry) []string {
	out := []string{e.Title.En, e.Title.Zh, e.RootCause.En, e.RootCause.Zh, e.UnverifiedFigures.En, e.UnverifiedFigures.Zh}
	for _, v := range e.Versions {
		out = append(out, v.Notes.En, v.Notes.Zh)
	}
	for _, w := range e.Workarounds {
		out = append(out, w.Text.En, w.Text.Zh)
	}
	for _, d := range e.DeadEnds {
		out = append(out, d.Text.En, d.Text.Zh, d.Why.En, d.Why.Zh)
	}
	return append(out, e.Symptoms...)
}

var (
	sentenceEnd = regexp.MustCompile(`\.\s|。|\n\s*\n`)
	negations   = []string{"does not exist", "defined nowhere", "never existed", "不存在", "没有定义", "从未存在"}
)

// TestNoNonexistentDebugCall checks that TCP_EVENT_CONNECT is only ever
// mentioned in a sentence that says it does not exist: the seed's original
// advice to call tcp_debug_print(TCP_EVENT_CONNECT) named a call that no lwIP
// version has.
func TestNoNonexistentDebugCall(t *testing.T) {
	for _, e := range mustLoad(t) {
		for _, txt := range allText(e) {
			for _, s := range sentenceEnd.Split(txt, -1) {
				if !strings.Contains(s, "TCP_EVENT_CONNECT") {
					continue
				}
				negated := false
				for _, n := range negations {
					if strings.Contains(s, n) {
						negated = true
					}
				}
				if !negated {
					t.Fatalf("%s: mentions TCP_EVENT_CONNECT without saying it does not exist: %q", e.ID, s)
				}
			}
		}
	}
}

func TestSearch(t *testing.T) {
	tests := []struct {
		query string
		want  string
	}{
		{"connection reset SYN_SENT", SeedID},
		{"sys_timeout: timeout != NULL", "embedded/lwip-sys-timeout-pool-empty-apps"},
		{"SYS_TIMEOUT: TIMEOUT != NULL", "embedded/lwip-sys-timeout-pool-empty-apps"},
		{"lwip_connect_r: 113", "embedded/lwip-tcp-connect-gives-up-after-18s"},
		{"Required to lock TCPIP core functionality!", "embedded/lwip-tcpip-core-locking-assert"},
		{"TCP_RCV_SCALE undeclared", "embedded/lwip-wnd-scale-without-rcv-scale"},
	}
	for _, tt := range tests {
		res := Search(tt.query)
		if len(res) == 0 {
			t.Fatalf("Search(%q): no results", tt.query)
		}
		if res[0].Entry.ID != tt.want {
			t.Fatalf("Search(%q): first is %s (score %d), want %s", tt.query, res[0].Entry.ID, res[0].Score, tt.want)
		}
		for i := 1; i < len(res); i++ {
			if res[i].Score > res[i-1].Score {
				t.Fatalf("Search(%q): results not sorted by score", tt.query)
			}
		}
	}
	if res := Search("   "); res != nil {
		t.Fatalf("Search(blank) = %d results, want none", len(res))
	}
	if res := Search("zzzzqqq xyzzyplugh"); len(res) != 0 {
		t.Fatalf("Search(nonsense) = %d results, want none", len(res))
	}
	if res := Search("窗口缩放"); len(res) == 0 {
		t.Fatal("Search(Chinese phrase) found nothing")
	}
}

func TestGetAllList(t *testing.T) {
	all := All()
	if len(all) != len(mustLoad(t)) {
		t.Fatal("All and Load disagree")
	}
	for i := 1; i < len(all); i++ {
		if all[i-1].ID >= all[i].ID {
			t.Fatal("All is not sorted by ID")
		}
	}
	list := List()
	if len(list) != len(all) || list[0].ID != SeedID {
		t.Fatalf("List: first is %s, want the seed", list[0].ID)
	}
	for i := 2; i < len(list); i++ {
		if list[i-1].ID >= list[i].ID {
			t.Fatal("List after the seed is not sorted by ID")
		}
	}
	for _, e := range all {
		got, ok := Get(e.ID)
		if !ok || got != e {
			t.Fatalf("Get(%q) failed", e.ID)
		}
	}
	if _, ok := Get("embedded/no-such-entry"); ok {
		t.Fatal("Get found a missing entry")
	}
}

func TestRender(t *testing.T) {
	for _, e := range mustLoad(t) {
		for _, lang := range []string{"en", "zh"} {
			title := e.Title.In(lang)
			md := e.Markdown(lang)
			if !strings.HasPrefix(md, "# "+title+"\n") {
				t.Fatalf("%s: Markdown(%s) does not start with the title", e.ID, lang)
			}
			if !strings.Contains(md, e.Sources[0].URL) {
				t.Fatalf("%s: Markdown(%s) lacks sources", e.ID, lang)
			}
			txt := e.Text(lang)
			if !strings.HasPrefix(txt, title+"\n") {
				t.Fatalf("%s: Text(%s) does not start with the title", e.ID, lang)
			}
		}
	}
	seed, _ := Get(SeedID)
	if md := seed.Markdown("en"); !strings.Contains(md, "75%") || !strings.Contains(md, "85% success, unverified") {
		t.Fatal("seed Markdown lacks its rates, marked unverified")
	}
	if txt := seed.Text("en"); strings.Contains(txt, "**What lwIP does") || !strings.Contains(txt, "What lwIP does") {
		t.Fatal("seed Text should drop Markdown bold markers")
	}
	if md := seed.Markdown("zh"); !strings.Contains(md, "## 根本原因") {
		t.Fatal("Chinese Markdown lacks Chinese headings")
	}
}

// TestSeedFiguresLabelled checks that every output format that shows the
// seed's figures says they are unverified: they are the seed's own
// AI-generated estimates, backed by no source.
func TestSeedFiguresLabelled(t *testing.T) {
	seed, _ := Get(SeedID)
	checkText(t, "seed unverified_figures", seed.UnverifiedFigures)
	for _, lang := range []string{"en", "zh"} {
		mark := map[string]string{"en": "unverified", "zh": "未经验证"}[lang]
		note := strings.TrimSpace(seed.UnverifiedFigures.In(lang))
		for name, out := range map[string]string{"markdown": seed.Markdown(lang), "text": seed.Text(lang)} {
			if !strings.Contains(out, note[:40]) {
				t.Errorf("%s %s: lacks the unverified-figures note", name, lang)
			}
			// Every line that shows a rate marks it.
			for _, line := range strings.Split(out, "\n") {
				if rateShown.MatchString(line) && !strings.Contains(line, mark) {
					t.Errorf("%s %s: rate without %q: %q", name, lang, mark, line)
				}
			}
		}
	}
	data, err := json.Marshal(seed)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), `"unverified_figures":{"en":"The fix rate`) {
		t.Error("seed JSON lacks unverified_figures")
	}
}

// rateShown matches a rendered workaround or dead-end rate ("[85% success",
// "**90% fail").
var rateShown = regexp.MustCompile(`[\[*]\d+% (success|fail|成功|失败)`)

func TestJSON(t *testing.T) {
	seed, _ := Get(SeedID)
	data, err := json.Marshal(seed)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"id":"` + SeedID + `"`, `"fix_rate":75`, `"root_cause":{"en":`, `"success_rate":85`, `"rules":[]`} {
		if !strings.Contains(string(data), want) {
			t.Fatalf("seed JSON lacks %s", want)
		}
	}
	other, _ := Get("embedded/lwip-mss-vs-mtu")
	data, err = json.Marshal(other)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), `"fix_rate":null`) {
		t.Fatal("non-seed JSON should carry fix_rate null")
	}
	var back Entry
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	if back.ID != other.ID || back.RootCause != other.RootCause {
		t.Fatal("JSON round trip lost data")
	}
}

// TestDecodeOne checks that Get's lazy path (one entry decoded alone, before
// Load) gives every entry exactly as Load does, and nothing for IDs that
// are not entries.
func TestDecodeOne(t *testing.T) {
	entries, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if got := decodeOne(e.ID); !reflect.DeepEqual(got, e) {
			t.Errorf("%s: decoded alone differs from Load", e.ID)
		}
	}
	for _, id := range []string{"", "embedded", "embedded/nope", "../kb", "embedded/../embedded/x", "/etc/passwd"} {
		if decodeOne(id) != nil {
			t.Errorf("decodeOne(%q) is not nil", id)
		}
	}
}
