package freertos

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

func mustGet(t *testing.T, v string) *Table {
	t.Helper()
	tb, err := Get(v)
	if err != nil {
		t.Fatal(err)
	}
	return tb
}

func TestVersions(t *testing.T) {
	vs := Versions()
	// The versions the issue asks for: V2.0.x as shipped with FreeRTOS
	// V10.0.0, V2.2.x, V3.1.x, V4.0.x and V4.1 on.
	for _, want := range []string{"V2.0.0", "V2.2.2", "V3.1.0", "V4.0.0", "V4.1.0", "V4.4.1"} {
		if !slices.Contains(vs, want) {
			t.Errorf("no table for %s (have %v)", want, vs)
		}
	}
	if !slices.IsSortedFunc(vs, compareVersions) {
		t.Errorf("Versions not sorted: %v", vs)
	}
	hex40 := regexp.MustCompile(`^[0-9a-f]{40}$`)
	for _, v := range vs {
		tb := mustGet(t, v)
		if tb.Version != v || !hex40.MatchString(tb.Commit) || tb.Date == "" {
			t.Errorf("%s: bad identity %q %q %q", v, tb.Version, tb.Commit, tb.Date)
		}
		if tb.Tag == "" && tb.Note == "" {
			t.Errorf("%s: an untagged version needs a note", v)
		}
		if len(tb.Defaults) == 0 || len(tb.Checks) == 0 || len(tb.Renames) == 0 || len(tb.Names) == 0 {
			t.Errorf("%s: empty facts (same_as %q)", v, tb.SameAs)
		}
		if tb.Markers.Fingerprints["FreeRTOSIPConfigDefaults.h"] == "" {
			t.Errorf("%s: no fingerprint of the defaults file", v)
		}
	}
}

func TestGetAndNearest(t *testing.T) {
	for _, in := range []string{"V4.4.1", "v4.4.1", "4.4.1"} {
		if tb, err := Get(in); err != nil || tb.Version != "V4.4.1" {
			t.Errorf("Get(%q) = %v, %v", in, tb, err)
		}
	}
	for _, in := range []string{"V9.9.9", "x", "V4", "V4.04.1", "V4.4.1.1", ""} {
		if _, err := Get(in); err == nil {
			t.Errorf("Get(%q) succeeded", in)
		}
	}
	for _, c := range []struct {
		in, want string
		exact    bool
	}{
		{"V4.2.3", "V4.2.3", true},
		{"V4.9.0", "V4.4.1", false},
		{"2.0.5", "V2.0.3", false},
		{"V1.0.0", "V2.0.0", false},
	} {
		got, exact, err := Nearest(c.in)
		if err != nil || got != c.want || exact != c.exact {
			t.Errorf("Nearest(%q) = %q, %v, %v; want %q, %v", c.in, got, exact, err, c.want, c.exact)
		}
	}
	if _, _, err := Nearest("four"); err == nil {
		t.Error("Nearest accepted a non-version")
	}
	if _, err := Defaults("V9.0.0"); err == nil {
		t.Error("Defaults of an unknown version succeeded")
	}
	if _, err := Checks("V9.0.0"); err == nil {
		t.Error("Checks of an unknown version succeeded")
	}
	if _, err := Renames("V9.0.0"); err == nil {
		t.Error("Renames of an unknown version succeeded")
	}
}

// TestShape checks invariants of every table.
func TestShape(t *testing.T) {
	kinds := map[string]bool{KindError: true, KindWarning: true, KindStaticAssert: true}
	classes := map[string]bool{ClassRenamed: true, ClassBool: true, ClassMissing: true, ClassIncludeOrder: true, ClassConstraint: true}
	for _, v := range Versions() {
		tb := mustGet(t, v)
		if tb.Layout != "flat" && tb.Layout != "source" {
			t.Errorf("%s: layout %q", v, tb.Layout)
		}
		if !strings.HasSuffix(tb.DefaultsFile, "include/FreeRTOSIPConfigDefaults.h") {
			t.Errorf("%s: defaults file %q", v, tb.DefaultsFile)
		}
		for i, d := range tb.Defaults {
			if d.Name == "" || d.Line <= 0 || (i > 0 && d.Line <= tb.Defaults[i-1].Line) {
				t.Errorf("%s: default %d %+v out of order or empty", v, i, d)
			}
			if d.Forced == (d.Guard != 0) {
				t.Errorf("%s: default %s: forced %v with guard %d", v, d.Name, d.Forced, d.Guard)
			}
		}
		for _, c := range tb.Checks {
			if !kinds[c.Kind] || !classes[c.Class] || c.File == "" || c.Line <= 0 {
				t.Errorf("%s: bad check %+v", v, c)
			}
			if (c.Kind == KindStaticAssert) != (c.Expr != "") || (c.Kind != KindStaticAssert) != (c.Text != "") {
				t.Errorf("%s: check %s:%d: text %q expr %q", v, c.File, c.Line, c.Text, c.Expr)
			}
			if (c.Class == ClassBool || c.Class == ClassRenamed || c.Class == ClassMissing) && c.Option == "" {
				t.Errorf("%s: check %s:%d has no option", v, c.File, c.Line)
			}
			if (c.If == "") != (c.IfLine == 0) {
				t.Errorf("%s: check %s:%d: if %q at line %d", v, c.File, c.Line, c.If, c.IfLine)
			}
			for _, b := range c.BeforeDefault {
				if !slices.Contains(c.Uses, b) {
					t.Errorf("%s: check %s:%d: %s before its default but not used", v, c.File, c.Line, b)
				}
			}
		}
		for _, r := range tb.Renames {
			if !slices.ContainsFunc(tb.Checks, func(c Check) bool { return c.Class == ClassRenamed && c.Option == r.Old && c.Line == r.Line }) {
				t.Errorf("%s: rename %s has no check", v, r.Old)
			}
		}
		if !slices.IsSorted(tb.Names) {
			t.Errorf("%s: names not sorted", v)
		}
		for _, p := range tb.Probes {
			if !slices.ContainsFunc(probes, func(q probe) bool { return q.id == p.ID }) {
				t.Errorf("%s: unknown probe %s", v, p.ID)
			}
		}
	}
}

func hasCheck(tb *Table, text string) (Check, bool) {
	for _, c := range tb.Checks {
		if c.Text == text {
			return c, true
		}
	}
	return Check{}, false
}

func hasRename(tb *Table, old string) bool {
	return slices.ContainsFunc(tb.Renames, func(r Rename) bool { return r.Old == old })
}

func atLeast(v, min string) bool { return compareVersions(v, min) >= 0 }

// TestFacts pins the facts RULES.md and the knowledge base rely on, per
// version, so that a regenerated table that changes them fails here.
func TestFacts(t *testing.T) {
	const (
		mssTooLarge = "The ipconfigTCP_MSS setting in FreeRTOSIPConfig.h is too large."
		mss536      = "ipconfigTCP_MSS must be at least 536 ( tcpMINIMUM_SEGMENT_LENGTH )"
		queueLen    = "The ipconfigEVENT_QUEUE_LENGTH parameter must be at least ipconfigNUM_NETWORK_BUFFER_DESCRIPTORS + 5"
		queueLen41  = "ipconfigEVENT_QUEUE_LENGTH must be at least ipconfigNUM_NETWORK_BUFFER_DESCRIPTORS + 5"
		dhcpMTU     = "ipconfigNETWORK_MTU needs to be at least 586 to use DHCP"
	)
	for _, v := range Versions() {
		tb := mustGet(t, v)
		flat := tb.Layout == "flat"
		check := func(what string, got, want bool) {
			t.Helper()
			if got != want {
				t.Errorf("%s: %s = %v, want %v", v, what, got, want)
			}
		}
		_, ok := hasCheck(tb, mssTooLarge)
		check("#error MSS too large", ok, !atLeast(v, "V2.2.2"))
		_, ok = tb.Probe("mss-mtu-assert")
		check("MSS/MTU configASSERT", ok, atLeast(v, "V2.2.2"))
		_, ok = hasCheck(tb, mss536)
		check("#error MSS >= 536", ok, atLeast(v, "V4.1.0"))
		_, ok = tb.Probe("mss-min-clamp")
		check("MSS clamp to 536", ok, atLeast(v, "V2.4.0"))
		_, ok = hasCheck(tb, dhcpMTU)
		check("#error MTU >= 586 with DHCP", ok, true)
		c, ok := hasCheck(tb, queueLen)
		if atLeast(v, "V4.1.0") {
			c, ok = hasCheck(tb, queueLen41)
		}
		check("#error event queue", ok, true)
		check("event queue check before its defaults", len(c.BeforeDefault) == 2, flat)
		check("ipconfigBYTE_ORDER required", slices.ContainsFunc(tb.Checks, func(c Check) bool {
			return c.Class == ClassMissing && c.Option == "ipconfigBYTE_ORDER"
		}), !flat)
		check("bool check of ipconfigUSE_TCP_WIN", slices.ContainsFunc(tb.Checks, func(c Check) bool {
			return c.Class == ClassBool && c.Option == "ipconfigUSE_TCP_WIN"
		}), atLeast(v, "V4.1.0"))
		check("ipconfigRAND32 rejected", hasRename(tb, "ipconfigRAND32"), atLeast(v, "V4.1.0"))
		for _, old := range []string{"ipconfigTCP_HANG_PROT", "ipconfigTCP_HANG_PROT_TIME", "ipconfigTCP_RX_BUF_LEN", "ipconfigTCP_TX_BUF_LEN"} {
			check(old+" rejected", hasRename(tb, old), true)
		}
		_, ok = tb.Probe("rst-synsent-ack")
		check("RST in SYN-SENT checks the ACK number", ok, atLeast(v, "V2.2.0"))
		_, ok = tb.Probe("connect-fail-wakeup")
		check("failed connect wakes FreeRTOS_connect", ok, atLeast(v, "V3.1.0"))
		_, ok = tb.Probe("rst-reply-syn-plus1")
		check("RST reply acknowledges ISN+1", ok, atLeast(v, "V4.0.0"))
		_, ok = tb.Probe("ignore-unknown-eq0")
		check("only 0 sends RSTs for unknown segments", ok, !atLeast(v, "V2.2.2"))
		_, ok = tb.Probe("ignore-unknown-eq1")
		check("only 1 suppresses RSTs for unknown segments", ok, atLeast(v, "V2.2.2"))
		for _, id := range []string{"socket-timer-u16", "syn-give-up", "syn-wait-11s", "window-half-buffer"} {
			_, ok = tb.Probe(id)
			check("probe "+id, ok, true)
		}
		d, ok := tb.Default("ipconfigSOCK_DEFAULT_RECEIVE_BLOCK_TIME")
		check("receive block time defaults to portMAX_DELAY", ok && d.Value == "portMAX_DELAY", true)
		d, ok = tb.Default("ipconfigTCP_HANG_PROTECTION")
		check("hang protection on by default", ok && d.Value != "0", atLeast(v, "V2.0.7"))
		_, ok = tb.Default("ipconfigTCP_HANG_PROTECTION_TIME")
		check("hang protection time has a default", ok, atLeast(v, "V2.0.7"))
		_, ok = tb.Default("ipconfigTCP_KEEP_ALIVE_INTERVAL")
		check("keep-alive interval has a default", ok, atLeast(v, "V3.0.0"))
		check("reads ipconfigIGNORE_UNKNOWN_PACKETS", tb.Reads("ipconfigIGNORE_UNKNOWN_PACKETS"), true)
		check("reads ipconfigUSE_IPv6", tb.Reads("ipconfigUSE_IPv6"), atLeast(v, "V4.0.0"))
	}
	// The V4.1.0 option documentation is kept.
	d, _ := mustGet(t, "V4.4.1").Default("ipconfigTCP_MSS")
	if d.Min != "536 ( tcpMINIMUM_SEGMENT_LENGTH )" || d.Unit != "bytes" || d.Value != "( ipconfigNETWORK_MTU - 40U )" {
		t.Errorf("V4.4.1 ipconfigTCP_MSS = %+v", d)
	}
}

func TestURL(t *testing.T) {
	tb := mustGet(t, "V4.4.1")
	if got := tb.URL("source/FreeRTOS_IP.c", 12); got != "https://github.com/FreeRTOS/FreeRTOS-Plus-TCP/blob/V4.4.1/source/FreeRTOS_IP.c#L12" {
		t.Error(got)
	}
	tb = mustGet(t, "V2.0.0")
	if got := tb.URL("FreeRTOS_TCP_IP.c", 0); got != "https://github.com/FreeRTOS/FreeRTOS-Plus-TCP/blob/e6b66236fb8e3d6447aee2b05344d9b635c0d3a1/FreeRTOS_TCP_IP.c" {
		t.Error(got)
	}
}

func file(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }

func TestDetectVersion(t *testing.T) {
	src := "source/include/"
	tests := []struct {
		name       string
		tree       fstest.MapFS
		config     []string
		version    string
		exact      bool
		candidates int // 0: do not check
		root       string
		unused     []string // kinds of evidence that must not be used
		confidence string   // how Confidence must start ("" = not checked)
	}{
		{
			name: "manifest",
			tree: fstest.MapFS{
				"manifest.yml":                            file("name: \"FreeRTOS-Plus-TCP\"\nversion: \"V4.2.3\"\n"),
				src + "FreeRTOSIPConfigDefaults.h":        file("/* changed */\n"),
				src + "FreeRTOS_Routing.h":                file(""),
				src + "FreeRTOSIPDeprecatedDefinitions.h": file(""),
			},
			version: "V4.2.3", exact: true, candidates: 1, root: ".",
			unused: []string{EvidenceFingerprint},
		},
		{
			name: "version macro that lies, narrowed by the layout",
			tree: fstest.MapFS{
				"FreeRTOS-Plus-TCP/" + src + "FreeRTOSIPConfigDefaults.h": file(""),
				"FreeRTOS-Plus-TCP/" + src + "FreeRTOS_Routing.h":         file(""),
				"FreeRTOS-Plus-TCP/" + src + "FreeRTOS_IP.h":              file("#define ipFR_TCP_VERSION_NUMBER    \"V4.0.999\"\n"),
			},
			version: "V4.0.0", candidates: 1, root: "FreeRTOS-Plus-TCP",
		},
		{
			name: "vendored V2.0.0 named by its file header",
			tree: fstest.MapFS{
				"Middlewares/Third_Party/FreeRTOS-Plus-TCP/include/FreeRTOSIPConfigDefaults.h": file(""),
				"Middlewares/Third_Party/FreeRTOS-Plus-TCP/FreeRTOS_IP.c":                      file("/*\r\n * FreeRTOS+TCP V2.0.0\r\n */\r\n"),
				"Middlewares/Third_Party/FreeRTOS-Plus-TCP/.git/x/FreeRTOSIPConfigDefaults.h":  file(""),
			},
			version: "V2.0.0", candidates: 1, root: "Middlewares/Third_Party/FreeRTOS-Plus-TCP",
		},
		{
			name:    "flat layout only",
			tree:    fstest.MapFS{"include/FreeRTOSIPConfigDefaults.h": file("")},
			version: "V2.4.0", root: ".",
		},
		{
			name: "manifest newer than every table",
			tree: fstest.MapFS{
				"manifest.yml":                            file("version: V4.9.0\n"),
				src + "FreeRTOSIPConfigDefaults.h":        file(""),
				src + "FreeRTOS_Routing.h":                file(""),
				src + "FreeRTOSIPDeprecatedDefinitions.h": file(""),
			},
			version: "V4.4.1", exact: true, candidates: 1, root: ".",
		},
		{
			name: "manifest wins over a contradicting layout",
			tree: fstest.MapFS{
				"manifest.yml":                     file("version: \"V2.3.1\"\n"),
				src + "FreeRTOSIPConfigDefaults.h": file(""),
			},
			version: "V2.3.1", exact: true, candidates: 1, root: ".",
			unused: []string{EvidenceLayout},
		},
		{
			name:    "configuration only",
			config:  []string{"ipconfigRAND32", "ipconfigUSE_IPv6", "ipconfigUSE_TCP", "ipconfigUSE_TCP"},
			version: "V4.0.0", candidates: 1, confidence: "likely:",
		},
		{
			// Rejected from V4.1.0 and read by every release before: the
			// middle one of V2.0.0 … V4.0.0, and unsure.
			name:    "tree without the stack falls back to the configuration",
			tree:    fstest.MapFS{"main.c": file("")},
			config:  []string{"ipconfigHAS_INLINE_FUNCTIONS"},
			version: "V2.3.2", candidates: 20, confidence: "unsure:",
		},

		{name: "nothing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := DetectInput{Config: tt.config}
			if tt.tree != nil {
				in.Tree = tt.tree
			}
			det, err := DetectVersion(in)
			if err != nil {
				t.Fatal(err)
			}
			if det.Version != tt.version || det.Exact != tt.exact || det.Root != tt.root {
				t.Errorf("got %q exact %v root %q, want %q exact %v root %q\n%+v", det.Version, det.Exact, det.Root, tt.version, tt.exact, tt.root, det.Evidence)
			}
			if !strings.HasPrefix(det.Confidence, tt.confidence) {
				t.Errorf("confidence %q, want it to start %q", det.Confidence, tt.confidence)
			}
			if tt.candidates != 0 && len(det.Candidates) != tt.candidates {
				t.Errorf("candidates %v, want %d", det.Candidates, tt.candidates)
			}
			if tt.version != "" && !slices.Contains(det.Candidates, tt.version) {
				t.Errorf("candidates %v lack %s", det.Candidates, tt.version)
			}
			for _, e := range det.Evidence {
				if slices.Contains(tt.unused, e.Kind) && e.Used {
					t.Errorf("%s evidence %q was used", e.Kind, e.Value)
				}
			}
		})
	}
}
