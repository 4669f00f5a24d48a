package lwipopts

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// The user's definitions are listed in the order the preprocessor reaches
// them, leaving out those in skipped #if branches, and a user #define that
// lwIP's headers later replace still counts as the user's.
func TestUserDefinitionsReached(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"lwipopts.h": strings.Join([]string{
			"#define TCP_MSS 536",                  // 1
			"#include \"more.h\"",                  // 2
			"#if 0",                                // 3
			"#define TCP_MSS 100",                  // 4: skipped
			"#endif",                               // 5
			"#define TCP_MSS /* a comment that",    // 6
			"   spans lines */ \\",                 // 7
			"  1460",                               // 8
			"#define TCP_FIN_WAIT_TIMEOUT 5000",    // 9: tcp_priv.h replaces it
			"#ifdef NOT_SET",                       // 10
			"#undef TCP_WND",                       // 11: skipped
			"#endif",                               // 12
			"#define AFTER_COMMENT 3 /* x */ /* y", // 13
			"*/",                                   // 14
			"#define LAST 4",                       // 15
		}, "\n") + "\n",
		"more.h": "#define TCP_MSS 1000\n",
	})
	cfg, err := Load(filepath.Join(dir, "lwipopts.h"), Params{LwipVersion: "2.1.3", NoTree: true})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range cfg.Option("TCP_MSS").Redefined {
		got = append(got, fmt.Sprintf("%s:%d", filepath.Base(p.File), p.Line))
	}
	if want := []string{"lwipopts.h:1", "more.h:1", "lwipopts.h:6"}; !slices.Equal(got, want) {
		t.Errorf("TCP_MSS Redefined = %v, want %v", got, want)
	}
	if v, _ := cfg.Int("TCP_MSS"); v != 1460 {
		t.Errorf("TCP_MSS = %d, want 1460", v)
	}
	if o := cfg.Option("LAST"); o.Origin.Pos.Line != 15 {
		t.Errorf("LAST at line %d, want 15 (line numbers survive the markers)", o.Origin.Pos.Line)
	}
	if o := cfg.Option("AFTER_COMMENT"); o.Expr != "3" || o.Origin.Pos.Line != 13 {
		t.Errorf("AFTER_COMMENT = %q at line %d, want \"3\" at 13", o.Expr, o.Origin.Pos.Line)
	}
	names := cfg.UserNames()
	if !slices.Contains(names, "TCP_FIN_WAIT_TIMEOUT") {
		t.Errorf("UserNames() = %v, want TCP_FIN_WAIT_TIMEOUT (defined by the user, replaced by lwIP)", names)
	}
	if d := cfg.Definitions("TCP_FIN_WAIT_TIMEOUT"); len(d) != 1 || d[0].Pos.Line != 9 || d[0].Undef {
		t.Errorf("Definitions(TCP_FIN_WAIT_TIMEOUT) = %v, want the #define at line 9", d)
	}
	if d := cfg.Definitions("TCP_WND"); len(d) != 0 {
		t.Errorf("Definitions(TCP_WND) = %v, want none (the #undef is in a skipped branch)", d)
	}
	if slices.Contains(names, "TCP_WND") {
		t.Errorf("UserNames() lists TCP_WND, whose #undef is in a skipped branch")
	}
	if o := cfg.Option("TCP_FIN_WAIT_TIMEOUT"); o.UserSet() || o.Overridable {
		t.Errorf("TCP_FIN_WAIT_TIMEOUT: origin %v, overridable %v; want lwIP's definition, not overridable", o.Origin, o.Overridable)
	}
}
