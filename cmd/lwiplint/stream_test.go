package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// firstWrite records how many configurations had been started when the
// first byte of output came.
type firstWrite struct {
	startedAt int64
	b         strings.Builder
}

func (w *firstWrite) Write(p []byte) (int, error) {
	if w.b.Len() == 0 && len(p) > 0 {
		w.startedAt = loadsStarted.Load()
	}
	return w.b.Write(p)
}

// TestFindingsStream checks that check writes a configuration's findings
// as soon as it and those before it are done (issue 19: they were held
// until every configuration was loaded, about 0.9 MB each): with two
// workers, the first finding of 60 configurations is written before the
// last one is started, in every format that can stream; and the output is
// complete and in input order.
func TestFindingsStream(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	dir := t.TempDir()
	const n = 60
	for i := range n {
		p := filepath.Join(dir, fmt.Sprintf("c%02d", i), "lwipopts.h")
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, fmt.Appendf(nil, "#define TCP_SYNMAXRTX %d\n", 7+i%5), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, format := range []string{"text", "concise", "json", "github"} {
		var out firstWrite
		var stderr strings.Builder
		before := loadsStarted.Load()
		code := run([]string{"check", "--no-cache", "--no-config", "--no-tree", "--lwip-version", "2.1.3", "--fail-level", "warning", "--format", format, dir}, &out, &stderr)
		if code != exitFindings {
			t.Fatalf("%s: exit code %d, want 1\n%s", format, code, stderr.String())
		}
		if started := out.startedAt - before; started >= n {
			t.Errorf("%s: the first output came after all %d configurations were started (%d): findings are held to the end", format, n, started)
		}
		text := out.b.String()
		last := -1
		for i := range n {
			k := strings.Index(text, fmt.Sprintf("c%02d/lwipopts.h", i))
			if k < 0 || k < last {
				t.Fatalf("%s: c%02d missing or out of input order", format, i)
			}
			last = k
		}
	}
}
