package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lwiplint/lwiplint/internal/testenv"
)

// TestCMakeRecipe runs the CMake block of the README with real CMake: a
// project whose lwIP library is compiled with -DBOARD_REV=2, a lwipopts.h
// that only goes wrong with that define, and the recipe's lwiplint target,
// which must fail the build with the finding, then pass once fixed.
func TestCMakeRecipe(t *testing.T) {
	if testing.Short() {
		t.Skip("runs cmake")
	}
	cmake, err := exec.LookPath("cmake")
	testenv.Require(t, err == nil, "cmake (Debian package cmake)")
	testenv.Require(t, testenv.GCC() != "", "gcc")
	testenv.Require(t, testenv.HaveDebianLwip(), "Debian's liblwip-dev")
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, block, ok := strings.Cut(string(readme), "<!-- cmake-recipe -->\n```cmake\n")
	block, _, ok2 := strings.Cut(block, "```")
	if !ok || !ok2 {
		t.Fatal("README.md has no <!-- cmake-recipe --> block")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "bin", "lwiplint")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	src := filepath.Join(dir, "fw")
	files := map[string]string{
		"CMakeLists.txt": "cmake_minimum_required(VERSION 3.16)\nproject(fw C)\n" + block +
			"add_library(lwipcore STATIC lwip/core/init.c)\n" +
			"target_include_directories(lwipcore PRIVATE port/include " + testenv.DebianLwip + ")\n" +
			"target_compile_definitions(lwipcore PRIVATE BOARD_REV=2)\n",
		"lwip/core/init.c":        "#include \"lwip/opt.h\"\nint lwip_placeholder;\n",
		"port/include/lwipopts.h": "#define TCP_MSS 1460\n#if BOARD_REV == 2\n#define TCP_SND_BUF (8 * TCP_MSS)\n#endif\n",
	}
	for name, data := range files {
		p := filepath.Join(src, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	build := filepath.Join(dir, "build")
	env := append(os.Environ(), "PATH="+filepath.Dir(bin)+string(os.PathListSeparator)+os.Getenv("PATH"), "NO_COLOR=1")
	run := func(args ...string) (string, error) {
		cmd := exec.Command(cmake, args...)
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	if out, err := run("-S", src, "-B", build); err != nil {
		t.Fatalf("cmake configure: %v\n%s", err, out)
	}
	out, err := run("--build", build, "--target", "lwiplint")
	if err == nil || !strings.Contains(out, "lwipopts.h:3:9: error LW1115") {
		t.Fatalf("bad configuration: err = %v, want the lwiplint target to fail with LW1115 (from BOARD_REV=2 in compile_commands.json):\n%s", err, out)
	}
	os.WriteFile(filepath.Join(src, "port/include/lwipopts.h"), []byte("#define TCP_MSS 1460\n#if BOARD_REV == 2\n#define TCP_SND_BUF (8 * TCP_MSS)\n#define MEMP_NUM_TCP_SEG 32\n#define MEM_SIZE (16 * 1024)\n#endif\n"), 0o644)
	if out, err := run("--build", build, "--target", "lwiplint"); err != nil {
		t.Fatalf("fixed configuration: %v\n%s", err, out)
	}
}
