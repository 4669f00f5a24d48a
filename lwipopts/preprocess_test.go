package lwipopts

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeFiles writes name→content under dir.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// A small tree of our own: init.c reads a macro from a header outside the
// option closure (so Preprocess must read headers whole), and the file uses
// CRLF line endings like lwIP's release tarballs.
func TestPreprocessInitC(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"lwip/src/include/lwip/init.h":         "#define LWIP_VERSION_MAJOR 2\n#define LWIP_VERSION_MINOR 1\n#define LWIP_VERSION_REVISION 3\n#define LWIP_VERSION_RC 255\n",
		"lwip/src/include/lwip/opt.h":          "#include \"lwipopts.h\"\n#ifndef SEGS\n#define SEGS 4\n#endif\n",
		"lwip/src/include/lwip/limits_extra.h": "#define SEG_LIMIT 8\n",
		"lwip/src/core/init.c":                 strings.ReplaceAll("#include \"lwip/opt.h\"\n#include \"lwip/limits_extra.h\"\nint x;\n/* #error \"in a comment\" */\n#if SEGS > SEG_LIMIT\n#error \"SEGS must be at most SEG_LIMIT\"\n#endif\n#ifdef CHECK_B\n#error second\n#endif\n", "\n", "\r\n"),
		"app/lwipopts.h":                       "#define SEGS 9\n",
	})
	cfg, err := Load(filepath.Join(dir, "app", "lwipopts.h"), Params{LwipDir: filepath.Join(dir, "lwip", "src", "include"), Defines: []string{"CHECK_B"}})
	if err != nil {
		t.Fatal(err)
	}
	initc := filepath.Join(dir, "lwip", "src", "core", "init.c")
	errs, err := cfg.Preprocess(initc)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range errs {
		got = append(got, e.String())
	}
	want := []string{
		initc + `:6:2: "SEGS must be at most SEG_LIMIT"`,
		initc + `:9:2: second`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("Preprocess errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// The configuration itself is unchanged by preprocessing.
	if v, ok := cfg.Int("SEGS"); !ok || v != 9 || len(cfg.Errors) != 0 {
		t.Errorf("SEGS = %d, %v; Errors = %v", v, ok, cfg.Errors)
	}

	fixed := filepath.Join(dir, "app2", "lwipopts.h")
	writeFiles(t, dir, map[string]string{"app2/lwipopts.h": "#define SEGS 8\n"})
	cfg, err = Load(fixed, Params{LwipDir: filepath.Join(dir, "lwip", "src", "include")})
	if err != nil {
		t.Fatal(err)
	}
	if errs, err := cfg.Preprocess(initc); err != nil || len(errs) != 0 {
		t.Errorf("fixed configuration: Preprocess = %v, %v; want no #error", errs, err)
	}
}

func TestPreprocessNeedsTree(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"lwipopts.h": "#define NO_SYS 1\n"})
	cfg, err := Load(filepath.Join(dir, "lwipopts.h"), Params{NoTree: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cfg.Preprocess(filepath.Join(dir, "init.c")); err == nil || !strings.Contains(err.Error(), "real lwIP tree") {
		t.Errorf("Preprocess with built-in defaults: err = %v, want one that asks for a real lwIP tree", err)
	}
}
