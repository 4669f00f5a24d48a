package stackver

import "testing"

func TestNote(t *testing.T) {
	for _, tc := range []struct {
		f    Found
		want string
	}{
		{Found{Stack: "lwIP", Tree: "third_party/lwip/src/include", Version: "2.0.3", From: "tree", How: "the only lwIP tree in the project"},
			"lwIP 2.0.3 from the tree third_party/lwip/src/include (the only lwIP tree in the project)"},
		{Found{Stack: "lwIP", Tree: "a/src/include", Version: "2.1.3", From: "tree", How: "the -I directory", Others: []string{"b/src/include"}},
			"lwIP 2.1.3 from the tree a/src/include (the -I directory); also found, not used: b/src/include"},
		{Found{Stack: "lwIP", Version: "2.2.1", From: "newest", How: "no lwIP tree found; the newest built-in defaults", Assumed: true},
			"lwIP 2.2.1 assumed (no lwIP tree found; the newest built-in defaults)"},
		{Found{Stack: "lwIP", Version: "2.1.3", From: "flag"}, "lwIP 2.1.3 (flag)"},
	} {
		if got := tc.f.Note(nil); got != tc.want {
			t.Errorf("Note() = %q, want %q", got, tc.want)
		}
	}
}
