package lint

import (
	"os"
	"path/filepath"
	"testing"
)

// TestRemoveComment checks the edit of an unused suppression for each
// place a comment can stand.
func TestRemoveComment(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		line, col int
		want      string // the file after the edit; "" for no edit
	}{
		{"alone", "/* lwiplint:ignore LW1003 -- x */\n#define A 1\n", 1, 1, "#define A 1\n"},
		{"trailing", "#define A 1 /* lwiplint:ignore LW1003 -- x */\n", 1, 13, "#define A 1\n"},
		{"line comment", "#define A 1 // lwiplint:ignore LW1003 -- x\r\n", 1, 13, "#define A 1\r\n"},
		{"code after", "/* lwiplint:ignore LW1003 -- x */ #define A 1\n", 1, 1, " #define A 1\n"},
		{"bom", "\xef\xbb\xbf/* lwiplint:ignore LW1003 -- x */\n#define A 1\n", 1, 1, "\xef\xbb\xbf#define A 1\n"},
		{"other comment", "/* keep */ #define A 1\n", 1, 1, ""},
		{"multi-line", "/* lwiplint:ignore LW1003 -- x\n */\n", 1, 1, ""},
		{"wrong column", "#define A 1 /* lwiplint:ignore LW1003 -- x */\n", 1, 5, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), "lwipopts.h")
			if err := os.WriteFile(file, []byte(tc.src), 0o644); err != nil {
				t.Fatal(err)
			}
			e, ok := removeComment(file, tc.line, tc.col)
			got := ""
			if ok {
				if tc.src[e.Start:e.End] != e.OldText {
					t.Fatalf("OldText %q is not the bytes replaced, %q", e.OldText, tc.src[e.Start:e.End])
				}
				got = tc.src[:e.Start] + e.NewText + tc.src[e.End:]
			}
			if got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}
