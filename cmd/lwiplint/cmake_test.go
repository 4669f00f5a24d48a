package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lwiplint/lwiplint/internal/testenv"
)

// readmeBlock returns the fenced block of README.md that follows the
// marker <!-- name -->, with the fence's language lang.
func readmeBlock(t *testing.T, name, lang string) string {
	t.Helper()
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, block, ok := strings.Cut(string(readme), "<!-- "+name+" -->\n```"+lang+"\n")
	block, _, ok2 := strings.Cut(block, "```")
	if !ok || !ok2 {
		t.Fatalf("README.md has no <!-- %s --> block", name)
	}
	return block
}

// writeTree writes files (slash-separated names) below dir.
func writeTree(t *testing.T, dir string, files map[string]string) {
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

// buildLwiplint returns an lwiplint to run as a program: the copy of
// the test binary that testscript.Main (TestMain) puts on PATH, which runs
// this package's run as the lwiplint command does, else one built with go
// build into dir/bin. Tests that need lwiplint missing make their own PATH.
func buildLwiplint(t *testing.T, dir string) string {
	t.Helper()
	if p, err := exec.LookPath("lwiplint"); err == nil && strings.HasPrefix(filepath.Base(filepath.Dir(filepath.Dir(p))), "testscript-main") {
		return p
	}
	bin := filepath.Join(dir, "bin", "lwiplint")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// TestCMakeRecipe runs the CMake block of the README with real CMake, as
// a user pastes it: a project whose lwIP library is compiled with
// -DBOARD_REV=2 and Debian's lwIP 2.1.3 headers on its include path, and
// a lwipopts.h that only goes wrong with that define. The block is placed
// before and after the lwIP target; in one of the two, CMake writes the
// include path to a response file (CMAKE_C_USE_RESPONSE_FILE_FOR_INCLUDES),
// which lwiplint must read to lint against 2.1.3 rather than its built-in
// 2.2.1. The lwiplint target must fail the build with the finding, then
// pass once fixed. Without lwiplint on PATH, the configure step must fail
// and say so.
func TestCMakeRecipe(t *testing.T) {
	if testing.Short() {
		t.Skip("runs cmake")
	}
	cmake, err := exec.LookPath("cmake")
	testenv.Require(t, err == nil, "cmake (Debian package cmake)")
	testenv.Require(t, testenv.GCC() != "", "gcc")
	testenv.Require(t, testenv.HaveDebianLwip(), "Debian's liblwip-dev")
	block := readmeBlock(t, "cmake-recipe", "cmake")
	dir := t.TempDir()
	bin := buildLwiplint(t, dir)
	const lwipTarget = "add_library(lwipcore STATIC lwip/core/init.c)\n" +
		"target_include_directories(lwipcore PRIVATE port/include " + testenv.DebianLwip + ")\n" +
		"target_compile_definitions(lwipcore PRIVATE BOARD_REV=2)\n"
	const head = "cmake_minimum_required(VERSION 3.19)\nproject(fw C)\n"
	const bad = "#define TCP_MSS 1460\n#if BOARD_REV == 2\n#define TCP_SND_BUF (8 * TCP_MSS)\n#endif\n"
	const good = "#define TCP_MSS 1460\n#if BOARD_REV == 2\n#define TCP_SND_BUF (8 * TCP_MSS)\n#define MEMP_NUM_TCP_SEG 32\n#define MEM_SIZE (16 * 1024)\n#endif\n"
	withLwiplint := append(os.Environ(), "PATH="+filepath.Dir(bin)+string(os.PathListSeparator)+os.Getenv("PATH"), "NO_COLOR=1")
	cmakeRun := func(env []string, args ...string) (string, error) {
		cmd := exec.Command(cmake, args...)
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	for _, tc := range []struct {
		name      string
		lists     string
		configure []string
	}{
		{"before", head + block + lwipTarget, nil},
		{"after-rsp", head + lwipTarget + block, []string{"-DCMAKE_C_USE_RESPONSE_FILE_FOR_INCLUDES=ON"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := filepath.Join(dir, tc.name)
			writeTree(t, src, map[string]string{
				"CMakeLists.txt":          tc.lists,
				"lwip/core/init.c":        "#include \"lwip/opt.h\"\nint lwip_placeholder;\n",
				"port/include/lwipopts.h": bad,
			})
			build := filepath.Join(dir, tc.name+"-build")
			if out, err := cmakeRun(withLwiplint, append([]string{"-S", src, "-B", build}, tc.configure...)...); err != nil {
				t.Fatalf("cmake configure: %v\n%s", err, out)
			}
			if tc.configure != nil {
				cc, err := os.ReadFile(filepath.Join(build, "compile_commands.json"))
				if err != nil || !strings.Contains(string(cc), "@CMakeFiles/lwipcore.dir/includes_C.rsp") {
					t.Fatalf("compile_commands.json should name the response file (err %v):\n%s", err, cc)
				}
			}
			out, err := cmakeRun(withLwiplint, "--build", build, "--target", "lwiplint")
			if err == nil || !strings.Contains(out, "lwipopts.h:3:9: error LW1115") {
				t.Fatalf("bad configuration: err = %v, want the lwiplint target to fail with LW1115 (from BOARD_REV=2 in compile_commands.json):\n%s", err, out)
			}
			if !strings.Contains(out, "(lwIP 2.1.3 src/core/init.c:") || strings.Contains(out, "assumed") {
				t.Fatalf("the finding should come from the build's lwIP 2.1.3 (Debian's headers), not assumed built-in defaults:\n%s", out)
			}
			if err := os.WriteFile(filepath.Join(src, "port/include/lwipopts.h"), []byte(good), 0o644); err != nil {
				t.Fatal(err)
			}
			if out, err := cmakeRun(withLwiplint, "--build", build); err != nil {
				t.Fatalf("fixed configuration: %v\n%s", err, out)
			}
		})
	}
	t.Run("missing", func(t *testing.T) {
		src := filepath.Join(dir, "missing")
		writeTree(t, src, map[string]string{
			"CMakeLists.txt":          head + block + lwipTarget,
			"lwip/core/init.c":        "int lwip_placeholder;\n",
			"port/include/lwipopts.h": good,
		})
		// PATH holds cmake's and the compiler's directories, not lwiplint's.
		var path []string
		for _, p := range []string{cmake, testenv.GCC(), "cc", "make"} {
			if q, err := exec.LookPath(p); err == nil {
				path = append(path, filepath.Dir(q))
			}
		}
		env := append(os.Environ(), "PATH="+strings.Join(path, string(os.PathListSeparator)))
		out, err := cmakeRun(env, "-S", src, "-B", filepath.Join(dir, "missing-build"))
		if err == nil || !strings.Contains(out, "lwiplint is not on PATH") {
			t.Fatalf("configure without lwiplint: err = %v, want it to fail saying lwiplint is not on PATH:\n%s", err, out)
		}
		out, err = cmakeRun(env, "-S", src, "-B", filepath.Join(dir, "off-build"), "-DLWIPLINT_CHECK=OFF")
		if err != nil {
			t.Fatalf("configure with -DLWIPLINT_CHECK=OFF: %v\n%s", err, out)
		}
	})
}
