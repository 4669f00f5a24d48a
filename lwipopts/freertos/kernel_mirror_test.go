package freertos

// The generator of kernel/ and its check against gcc. It needs a git
// mirror of FreeRTOS/FreeRTOS-Kernel (testenv.Mirror) and gcc, and is
// skipped without them, as in CI.
//
//	LWIPLINT_UPDATE=1 go test ./lwipopts/freertos -run TestMirrorKernel
//
// rewrites kernel/<tag>.yaml.

import (
	"bytes"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/lwiplint/lwiplint/internal/testenv"
	"go.yaml.in/yaml/v3"
)

// kernelTag are the kernel release tags with a table: V10.0.0 (the kernel
// FreeRTOS+TCP V2.0.0 shipped with) and later, a "-kernel-only" tag only
// where the release has no plain tag.
var kernelTag = regexp.MustCompile(`^V1[0-9]\.\d+\.\d+(-kernel-only)?$`)

// kernelPort is the reference 32-bit port whose portmacro.h is read.
const kernelPort = "GCC/ARM_CM4F"

// kernelConfig is the FreeRTOSConfig.h the kernel's headers are
// preprocessed with: only what FreeRTOS.h requires, so every other macro
// keeps the kernel's default (32-bit ticks).
const kernelConfig = "#define configUSE_PREEMPTION 1\n#define configUSE_IDLE_HOOK 0\n#define configUSE_TICK_HOOK 0\n" +
	"#define configTICK_RATE_HZ 1000\n#define configMAX_PRIORITIES 5\n#define configMINIMAL_STACK_SIZE 128\n" +
	"#define configMAX_TASK_NAME_LEN 16\n#define configUSE_16_BIT_TICKS 0\n#define configIDLE_SHOULD_YIELD 1\n" +
	"#define configUSE_MUTEXES 1\n#define configKERNEL_INTERRUPT_PRIORITY 255\n#define configMAX_SYSCALL_INTERRUPT_PRIORITY 191\n"

var lineMarker = regexp.MustCompile(`^# (\d+) "([^"]*)"`)

// kernelTable preprocesses FreeRTOS.h of the kernel at tag with gcc and
// returns the #defines made in projdefs.h and portmacro.h.
func kernelTable(t *testing.T, gitDir, tag string) *Kernel {
	t.Helper()
	files, err := git(gitDir, "ls-tree", "-r", "--name-only", tag)
	if err != nil {
		t.Fatal(err)
	}
	var inc, port string
	for _, p := range strings.Split(string(files), "\n") {
		switch {
		case path.Base(p) == "projdefs.h" && path.Base(path.Dir(p)) == "include" && inc == "":
			inc = path.Dir(p)
		case strings.HasSuffix(p, "portable/"+kernelPort+"/portmacro.h"):
			port = path.Dir(p)
		}
	}
	if inc == "" || port == "" {
		t.Fatalf("%s: no include/projdefs.h or %s/portmacro.h", tag, kernelPort)
	}
	dir := t.TempDir()
	ar, err := git(gitDir, "archive", "--format=tar", tag, "--", inc, port)
	if err != nil {
		t.Fatal(err)
	}
	untar := exec.Command("tar", "-x", "-C", dir)
	untar.Stdin = bytes.NewReader(ar)
	if out, err := untar.CombinedOutput(); err != nil {
		t.Fatalf("tar: %v %s", err, out)
	}
	cfg := filepath.Join(dir, "cfg")
	os.MkdirAll(cfg, 0o755)
	for name, s := range map[string]string{"FreeRTOSConfig.h": kernelConfig, "stdint.h": "", "stddef.h": "", "reent.h": "", "main.c": "#include \"FreeRTOS.h\"\n"} {
		if err := os.WriteFile(filepath.Join(cfg, name), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command("gcc", "-E", "-dD", "-undef", "-nostdinc", "-std=gnu11", "-D__GNUC__=12", "-D__arm__=1",
		"-I", cfg, "-I", filepath.Join(dir, filepath.FromSlash(inc)), "-I", filepath.Join(dir, filepath.FromSlash(port)), filepath.Join(cfg, "main.c"))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("gcc %s: %v\n%s", tag, err, stderr.String())
	}
	date, err := git(gitDir, "log", "-1", "--format=%cs", tag)
	if err != nil {
		t.Fatal(err)
	}
	commit, err := git(gitDir, "rev-list", "-n", "1", tag)
	if err != nil {
		t.Fatal(err)
	}
	k := &Kernel{Version: tag, Commit: strings.TrimSpace(string(commit)), Date: strings.TrimSpace(string(date)), Port: kernelPort}
	file, line := "", 0
	for _, l := range strings.Split(string(out), "\n") {
		if m := lineMarker.FindStringSubmatch(l); m != nil {
			file = path.Base(m[2])
			line, _ = strconv.Atoi(m[1])
			continue
		}
		cur := line
		line++
		if file != "projdefs.h" && file != "portmacro.h" {
			continue
		}
		rest, ok := strings.CutPrefix(l, "#define ")
		if !ok {
			continue
		}
		name, params, value := parseDefine(rest)
		k.Macros = append(k.Macros, KernelMacro{Name: name, Params: params, Value: value, File: file, Line: cur})
	}
	return k
}

// TestMirrorKernel writes (LWIPLINT_UPDATE=1) or checks kernel/*.yaml.
func TestMirrorKernel(t *testing.T) {
	gitDir := testenv.Mirror(KernelRepository)
	if gitDir == "" {
		t.Skip("no FreeRTOS-Kernel mirror in $LWIPLINT_MIRRORS")
	}
	testenv.Require(t, testenv.GCC() != "", "gcc")
	tags, err := git(gitDir, "tag", "--list", "V*")
	if err != nil {
		t.Fatal(err)
	}
	plain := map[string]bool{}
	for _, tag := range strings.Fields(string(tags)) {
		plain[tag] = true
	}
	update := os.Getenv("LWIPLINT_UPDATE") != ""
	n := 0
	for _, tag := range strings.Fields(string(tags)) {
		if !kernelTag.MatchString(tag) || strings.HasSuffix(tag, "-kernel-only") && plain[strings.TrimSuffix(tag, "-kernel-only")] {
			continue
		}
		n++
		k := kernelTable(t, gitDir, tag)
		p := filepath.Join("kernel", tag+".yaml")
		if update {
			var b bytes.Buffer
			b.WriteString("# Generated by TestMirrorKernel from FreeRTOS/FreeRTOS-Kernel " + tag + "; do not edit.\n")
			enc := yaml.NewEncoder(&b)
			enc.SetIndent(2)
			if err := enc.Encode(k); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		ks, err := loadKernels()
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(ks[tag], k); diff != "" {
			t.Errorf("%s differs from the mirror (-table +mirror); run with LWIPLINT_UPDATE=1\n%s", p, diff)
		}
	}
	if !update && n != len(KernelVersions()) {
		t.Errorf("%d kernel releases in the mirror, %d tables", n, len(KernelVersions()))
	}
}
