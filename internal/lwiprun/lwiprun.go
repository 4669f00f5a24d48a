// Package lwiprun is lwiplint's behavioural oracle: it compiles the real
// lwIP core of a release (Debian's source package, from
// $LWIPLINT_LWIP_SOURCES) with gcc into a host harness, with a
// configuration's lwipopts.h, and runs scenarios in simulated time: a
// connect to a silent host, a data retransmission give-up, an RST in
// SYN_SENT, the MSS option of a SYN, a full PCB pool, TIME_WAIT,
// FIN_WAIT_2, keepalive and SYN_RCVD. The harness (testdata/harness) is our
// own C: arch/cc.h, a netif that decodes and drops every frame, segments
// injected through ip_input, tcp_tmr ticked by hand.
//
// Only tests use it: what lwiplint says about run-time behaviour (the
// timing budgets, KB entries' figures) is checked against what lwIP does.
package lwiprun

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/lwiplint/lwiplint/internal/fileio"
)

//go:embed testdata/harness
var harness embed.FS

// Versions are the lwIP releases the oracle compiles in CI: those Debian
// publishes as source packages (bookworm 2.1.3, trixie 2.2.1), which
// .ci/lwip-sources fetches. The tests also build 2.0.3 from a local mirror
// of lwip-tcpip/lwip, as a local check (mirror_test.go).
var Versions = []string{"2.1.3", "2.2.1"}

// Sources returns the src directory of lwIP version under
// $LWIPLINT_LWIP_SOURCES, or "" when it is not there.
func Sources(version string) string {
	root := os.Getenv("LWIPLINT_LWIP_SOURCES")
	if root == "" {
		return ""
	}
	src := filepath.Join(root, "lwip-"+version, "src")
	if fi, err := os.Stat(filepath.Join(src, "core", "tcp.c")); err != nil || !fi.Mode().IsRegular() {
		return ""
	}
	return src
}

// Config is a configuration to build the harness with.
type Config struct {
	// Name identifies the configuration in test output.
	Name string
	// File is its lwipopts.h.
	File string
	// Flags are further gcc flags: -I DIR, -D NAME[=VALUE], -include FILE,
	// with absolute paths.
	Flags []string
}

// ReadArgs reads a testdata/configs args file (one -I dir, -D NAME[=VALUE]
// or --include file per line, paths relative to dir) as gcc flags.
func ReadArgs(dir string) ([]string, error) {
	p := filepath.Join(dir, "args")
	if _, err := os.Stat(p); err != nil {
		return nil, nil
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := fileio.ReadAll(f, -1, 1<<16)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", p, err)
	}
	var flags []string
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		if len(f) != 2 {
			return nil, fmt.Errorf("%s: cannot read %q", p, line)
		}
		switch f[0] {
		case "-I":
			flags = append(flags, "-I", filepath.Join(dir, f[1]))
		case "-D":
			flags = append(flags, "-D", f[1])
		case "--include":
			flags = append(flags, "-include", filepath.Join(dir, f[1]))
		default:
			return nil, fmt.Errorf("%s: unknown argument %q", p, f[0])
		}
	}
	return flags, nil
}

// Harness is a built harness binary for one lwIP version and configuration.
type Harness struct {
	Version string
	Config  string
	bin     string
}

var missingHeader = regexp.MustCompile(`fatal error: ([^:\s]+): No such file or directory`)

// compileArgs are the gcc arguments shared by the build and the macro dump.
func compileArgs(dir, src string, cfg Config) []string {
	args := []string{"-std=gnu99", "-w", "-DLWIPRUN_FIXTURE=" + strconv.Quote(cfg.File),
		"-I", filepath.Join(dir, "harness"), "-I", filepath.Dir(cfg.File)}
	args = append(args, cfg.Flags...)
	return append(args, "-I", filepath.Join(src, "include"), "-idirafter", filepath.Join(dir, "stubs"))
}

// gcc runs gcc with args in dir. A header the configuration includes that
// exists nowhere (a board or RTOS header) is created empty in dir/stubs,
// as lwiplint treats it, and gcc runs again.
func gcc(dir string, args []string) ([]byte, error) {
	for range 50 {
		cmd := exec.Command("gcc", args...)
		cmd.Dir = dir
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err == nil {
			return out, nil
		}
		m := missingHeader.FindSubmatch(stderr.Bytes())
		if m == nil || strings.Contains(string(m[1]), "..") || filepath.IsAbs(string(m[1])) {
			return nil, fmt.Errorf("gcc: %v: %s", err, stderr.Bytes())
		}
		stub := filepath.Join(dir, "stubs", filepath.FromSlash(string(m[1])))
		if _, serr := os.Stat(stub); serr == nil {
			return nil, fmt.Errorf("gcc: %v: %s", err, stderr.Bytes())
		}
		if err := os.MkdirAll(filepath.Dir(stub), 0o755); err != nil {
			return nil, err
		}
		if err := os.WriteFile(stub, nil, 0o644); err != nil {
			return nil, err
		}
	}
	return nil, fmt.Errorf("gcc: too many missing headers")
}

// prepare writes the harness sources to dir.
func prepare(dir string) error {
	if err := os.MkdirAll(filepath.Join(dir, "stubs"), 0o755); err != nil {
		return err
	}
	return fs.WalkDir(harness, "testdata/harness", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		dst := filepath.Join(dir, "harness", strings.TrimPrefix(p, "testdata/harness"))
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		data, err := harness.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, data, 0o644)
	})
}

// Macros returns the macros gcc defines after lwip/opt.h (and
// lwip/priv/tcp_priv.h) with the harness's lwipopts.h around cfg: the
// configuration as lwIP itself will see it. dir is a scratch directory.
func Macros(src, dir string, cfg Config) (map[string]string, error) {
	if err := prepare(dir); err != nil {
		return nil, err
	}
	probe := filepath.Join(dir, "probe.c")
	if err := os.WriteFile(probe, []byte("#include \"lwip/opt.h\"\n#include \"lwip/priv/tcp_priv.h\"\n"), 0o644); err != nil {
		return nil, err
	}
	out, err := gcc(dir, append(compileArgs(dir, src, cfg), "-E", "-dM", probe))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", cfg.Name, err)
	}
	m := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		name, val, _ := strings.Cut(strings.TrimPrefix(sc.Text(), "#define "), " ")
		m[name] = val
	}
	return m, nil
}

// CheckInit compiles lwIP's src/core/init.c, which holds lwIP's
// compile-time checks of a configuration, with cfg (gcc -fsyntax-only): an
// error means that lwIP itself does not build cfg.
func CheckInit(src, dir string, cfg Config) error {
	if err := prepare(dir); err != nil {
		return err
	}
	_, err := gcc(dir, append(compileArgs(dir, src, cfg), "-fsyntax-only", filepath.Join(src, "core", "init.c")))
	return err
}

// Build compiles the harness for lwIP's sources src (a release's src
// directory) and cfg in dir.
func Build(version, src, dir string, cfg Config) (*Harness, error) {
	if err := prepare(dir); err != nil {
		return nil, err
	}
	args := append(compileArgs(dir, src, cfg), "-O0", "-o", filepath.Join(dir, "harness.bin"))
	for _, pat := range []string{"core/*.c", "core/ipv4/*.c", "core/ipv6/*.c", "netif/ethernet.c"} {
		files, err := filepath.Glob(filepath.Join(src, pat))
		if err != nil || len(files) == 0 {
			return nil, fmt.Errorf("no %s in %s", pat, src)
		}
		args = append(args, files...)
	}
	args = append(args, filepath.Join(dir, "harness", "harness.c"))
	if _, err := gcc(dir, args); err != nil {
		return nil, fmt.Errorf("build the harness for %s with lwIP %s: %w", cfg.Name, version, err)
	}
	return &Harness{Version: version, Config: cfg.Name, bin: filepath.Join(dir, "harness.bin")}, nil
}

// Result is what a scenario printed: key=value lines.
type Result map[string]int64

// Get returns r[key], or an error naming the key when the scenario did not
// print it.
func (r Result) Get(key string) (int64, error) {
	v, ok := r[key]
	if !ok {
		return 0, fmt.Errorf("the scenario printed no %s", key)
	}
	return v, nil
}

// Run runs a scenario ("syn-silent", "data-give-up 2", "mss 1500 ipv6", …;
// testdata/harness/harness.c lists them).
func (h *Harness) Run(scenario string) (Result, error) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, h.bin, strings.Fields(scenario)...).CombinedOutput()
	if err != nil {
		return nil, fmt.Errorf("lwIP %s, %s, %s: %v: %s", h.Version, h.Config, scenario, err, out)
	}
	r := Result{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			continue
		}
		if k == "error" {
			return nil, fmt.Errorf("lwIP %s, %s, %s: %s", h.Version, h.Config, scenario, v)
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("lwIP %s, %s, %s: %q: %v", h.Version, h.Config, scenario, line, err)
		}
		r[k] = n
	}
	return r, nil
}

// Cache builds each (version, configuration) once per process: a build
// takes a few CPU seconds.
type Cache struct {
	Dir string // where builds go
	mu  sync.Mutex
	m   map[string]*entry
	sem chan struct{}
}

type entry struct {
	mu sync.Mutex
	h  *Harness
	n  int // builds tried
}

// NewCache returns a cache building in dir, at most jobs builds at once.
func NewCache(dir string, jobs int) *Cache {
	return &Cache{Dir: dir, m: map[string]*entry{}, sem: make(chan struct{}, max(jobs, 1))}
}

// Get returns the harness for version and cfg, building it on first use.
// key identifies the build: configurations with the same key share it. A
// build that fails is not shared: the next configuration with the key
// builds its own.
func (c *Cache) Get(version, src, key string, cfg Config) (*Harness, error) {
	c.mu.Lock()
	e, ok := c.m[version+"\x00"+key]
	if !ok {
		e = &entry{}
		c.m[version+"\x00"+key] = e
	}
	c.mu.Unlock()
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.h != nil {
		return e.h, nil
	}
	c.sem <- struct{}{}
	defer func() { <-c.sem }()
	sum := sha256.Sum256([]byte(version + "\x00" + key))
	e.n++
	h, err := Build(version, src, filepath.Join(c.Dir, fmt.Sprintf("%s-%d", hex.EncodeToString(sum[:8]), e.n)), cfg)
	if err != nil {
		return nil, err
	}
	e.h = h
	return h, nil
}
