package rules

import (
	"testing"

	"github.com/lwiplint/lwiplint/lwipopts/espidf"
)

// TestRenameLine checks the edit of each spelling of an sdkconfig line,
// inverted renames included (esp-idf-kconfig's "CONFIG_OLD !CONFIG_NEW"),
// which no release table of lwiplint has yet.
func TestRenameLine(t *testing.T) {
	plain := &espidf.Rename{Old: "TCP_MSS", New: "LWIP_TCP_MSS"}
	inv := &espidf.Rename{Old: "OLD_ON", New: "NEW_OFF", Invert: true}
	for _, tc := range []struct {
		line string
		r    *espidf.Rename
		want string // the line after the edit; "" for no edit
	}{
		{"CONFIG_TCP_MSS=1436", plain, "CONFIG_LWIP_TCP_MSS=1436"},
		{"CONFIG_TCP_MSS=1436 # from 4.0", plain, "CONFIG_LWIP_TCP_MSS=1436 # from 4.0"},
		{"# CONFIG_TCP_MSS is not set", plain, "# CONFIG_LWIP_TCP_MSS is not set"},
		{"CONFIG_TCP_MSS_X=1", plain, ""},
		{"#define CONFIG_TCP_MSS 1436", plain, ""},
		{"CONFIG_OLD_ON=y", inv, "# CONFIG_NEW_OFF is not set"},
		{"CONFIG_OLD_ON=n", inv, "CONFIG_NEW_OFF=y"},
		{"# CONFIG_OLD_ON is not set", inv, "CONFIG_NEW_OFF=y"},
		{"CONFIG_OLD_ON=y # comment", inv, ""},
	} {
		e, ok := renameLine(tc.line, tc.r)
		got := ""
		if ok {
			if tc.line[e.Start:e.End] != e.OldText {
				t.Errorf("%q: the edit's OldText %q is not the bytes it replaces %q", tc.line, e.OldText, tc.line[e.Start:e.End])
			}
			got = tc.line[:e.Start] + e.NewText + tc.line[e.End:]
		}
		if got != tc.want {
			t.Errorf("renameLine(%q) = %q, want %q", tc.line, got, tc.want)
		}
	}
}
