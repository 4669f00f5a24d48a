package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/lwiplint/lwiplint/internal/testenv"
)

// helpFlags returns the long flag names the --help of a command prints
// (lwiplint COMMAND --help, as a user reads them), independently of the
// command tree.
func helpFlags(t *testing.T, command string) []string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	args := []string{"--help"}
	if command != "" {
		args = []string{command, "--help"}
	}
	if code := run(args, &stdout, &stderr); code != exitOK {
		t.Fatalf("lwiplint %s --help: exit %d\n%s", command, code, stderr.String())
	}
	_, flags, ok := strings.Cut(stderr.String(), "\nFlags:\n")
	if !ok {
		t.Fatalf("lwiplint %s --help prints no Flags: section:\n%s", command, stderr.String())
	}
	var names []string
	for _, m := range regexp.MustCompile(`(?m)^\s+(?:-\w, )?--([a-z][a-z0-9-]*)`).FindAllStringSubmatch(flags, -1) {
		names = append(names, m[1])
	}
	return names
}

// complete runs the completion request the shell scripts send.
func complete(t *testing.T, words ...string) []string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if code := run(append([]string{"__complete"}, words...), &stdout, &stderr); code != exitOK {
		t.Fatalf("lwiplint __complete %q: exit %d\n%s", words, code, stderr.String())
	}
	var r []string
	for _, l := range strings.Split(strings.TrimSpace(stdout.String()), "\n") {
		if strings.HasPrefix(l, ":") {
			continue // the directive
		}
		w, _, _ := strings.Cut(l, "\t")
		r = append(r, w)
	}
	return r
}

// TestCompletionHasEveryFlag checks that every flag a command's --help
// lists is completed, and each command's name.
func TestCompletionHasEveryFlag(t *testing.T) {
	cmds := complete(t, "")
	for _, d := range describedList {
		if !slices.Contains(cmds, d.name) {
			t.Errorf("lwiplint <TAB> does not offer %s: %q", d.name, cmds)
		}
		flags := helpFlags(t, d.name)
		if d.name == "check" && len(flags) < 20 {
			t.Fatalf("check --help lists only %d flags: %q", len(flags), flags)
		}
		got := complete(t, d.name, "--")
		for _, f := range flags {
			if !slices.Contains(got, "--"+f) {
				t.Errorf("lwiplint %s --<TAB> does not offer --%s (it offers %q)", d.name, f, got)
			}
		}
	}
	// The default command takes check's flags.
	got := complete(t, "--")
	for _, f := range helpFlags(t, "check") {
		if !slices.Contains(got, "--"+f) {
			t.Errorf("lwiplint --<TAB> does not offer check's --%s", f)
		}
	}
}

// TestCompletionValues checks the values completed for arguments and
// flags that have a fixed set.
func TestCompletionValues(t *testing.T) {
	for _, tc := range []struct {
		words []string
		want  string
	}{
		{[]string{"che"}, "check"},
		{[]string{"check", "--fail-level", ""}, "warning"},
		{[]string{"check", "--format", "sa"}, "sarif"},
		{[]string{"show", "--format", ""}, "json"},
		{[]string{"explain", "lw400"}, "LW4005"},
		{[]string{"kb", ""}, "search"},
		{[]string{"kb", "--lang", ""}, "zh"},
		{[]string{"cache", "c"}, "clean"},
		{[]string{"show", "--lwip-version", "2.1"}, "2.1.3"},
		{[]string{"completion", ""}, "fish"},
		{[]string{"man", "ti"}, "timing"},
	} {
		got := complete(t, tc.words...)
		if !slices.Contains(got, tc.want) {
			t.Errorf("lwiplint %s<TAB> = %q, want %q among them", strings.Join(tc.words, " "), got, tc.want)
		}
		for _, g := range got {
			if last := tc.words[len(tc.words)-1]; !strings.HasPrefix(strings.ToLower(g), strings.ToLower(last)) {
				t.Errorf("lwiplint %s<TAB> offers %q, which does not start with %q", strings.Join(tc.words, " "), g, last)
			}
		}
	}
}

// TestCompletionBash loads the generated bash completion into real bash
// (with the bash-completion package, as a user's shell has it) and
// completes a command, a flag and a flag value with the completion
// function, against the built lwiplint on PATH.
func TestCompletionBash(t *testing.T) {
	bash, err := exec.LookPath("bash")
	testenv.Require(t, err == nil, "bash")
	const bashCompletion = "/usr/share/bash-completion/bash_completion"
	_, err = os.Stat(bashCompletion)
	testenv.Require(t, err == nil, "bash-completion (Debian package bash-completion)")
	dir := t.TempDir()
	bin := buildLwiplint(t, dir)
	script := filepath.Join(dir, "lwiplint.bash")
	out, err := exec.Command(bin, "completion", "bash").Output()
	if err != nil {
		t.Fatalf("lwiplint completion bash: %v", err)
	}
	if err := os.WriteFile(script, out, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bash, "--norc", "--noprofile", "-c", `
source "$1"
source "$2"
complete -p lwiplint
t() {
	COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}; COMPREPLY=()
	__start_lwiplint 2>/dev/null
	echo "[$*] ${COMPREPLY[*]}"
}
t lwiplint ver
t lwiplint check --fail-l
t lwiplint check --fail-level war
t lwiplint explain LW400
`, "bash", bashCompletion, script)
	cmd.Env = append(os.Environ(), "PATH="+filepath.Dir(bin)+string(os.PathListSeparator)+os.Getenv("PATH"))
	got, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("bash: %v\n%s", err, got)
	}
	for _, want := range []string{
		"complete -o default -F __start_lwiplint lwiplint\n",
		"[lwiplint ver] version\n",
		"[lwiplint check --fail-l] --fail-level\n",
		"[lwiplint check --fail-level war] warning\n",
		"[lwiplint explain LW400] LW4001 LW4002 LW4003 LW4004 LW4005 LW4006 LW4007 LW4008 LW4009\n",
	} {
		if !strings.Contains(string(got), want) {
			t.Errorf("bash completion: want %q in:\n%s", want, got)
		}
	}
}

// TestCompletionScripts checks the zsh and fish scripts ask lwiplint for
// completions, and that a missing or unknown shell is a usage error.
func TestCompletionScripts(t *testing.T) {
	for _, sh := range []string{"zsh", "fish"} {
		var stdout, stderr bytes.Buffer
		if code := run([]string{"completion", sh}, &stdout, &stderr); code != exitOK {
			t.Fatalf("completion %s: exit %d\n%s", sh, code, stderr.String())
		}
		if !strings.Contains(stdout.String(), "__complete") || !strings.Contains(stdout.String(), "lwiplint") {
			t.Errorf("completion %s: the script does not call lwiplint __complete:\n%s", sh, stdout.String())
		}
	}
	for _, args := range [][]string{{"completion"}, {"completion", "tcsh"}, {"completion", "bash", "--bogus"}} {
		var stdout, stderr bytes.Buffer
		if code := run(args, &stdout, &stderr); code != exitUsage {
			t.Errorf("lwiplint %s: exit %d, want %d (usage)\n%s", strings.Join(args, " "), code, exitUsage, stderr.String())
		}
	}
}

// TestManPage renders every generated man page with groff, which must
// not warn, and checks that each page documents every flag of its
// command; --dir writes one page per command.
func TestManPage(t *testing.T) {
	groff, err := exec.LookPath("groff")
	testenv.Require(t, err == nil, "groff (Debian package groff-base)")
	render := func(page []byte) string {
		t.Helper()
		cmd := exec.Command(groff, "-man", "-Tutf8", "-ww")
		cmd.Stdin = bytes.NewReader(page)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil || stderr.Len() > 0 {
			t.Fatalf("groff: %v\n%s", err, stderr.String())
		}
		// Undo overstriking (bold, underline) and hyphenation at line ends.
		text := regexp.MustCompile(".\b").ReplaceAllString(stdout.String(), "")
		return strings.ReplaceAll(regexp.MustCompile(`‐\n\s*`).ReplaceAllString(text, ""), "\u2010", "-")
	}
	for _, command := range append([]string{""}, "check", "show", "kb", "explain") {
		args := []string{"man"}
		if command != "" {
			args = append(args, command)
		}
		var stdout, stderr bytes.Buffer
		if code := run(args, &stdout, &stderr); code != exitOK {
			t.Fatalf("lwiplint %s: exit %d\n%s", strings.Join(args, " "), code, stderr.String())
		}
		text := render(stdout.Bytes())
		name := "LWIPLINT"
		if command != "" {
			name = "LWIPLINT-" + strings.ToUpper(command)
		}
		if !strings.HasPrefix(strings.TrimSpace(text), name+"(1)") {
			t.Errorf("lwiplint %s: the page is not %s(1):\n%.300s", strings.Join(args, " "), name, text)
		}
		flagsOf := command
		if command == "" {
			flagsOf = "check" // lwiplint PATH... is check
		}
		for _, f := range helpFlags(t, flagsOf) {
			if !strings.Contains(text, "--"+f) {
				t.Errorf("lwiplint %s: the page does not document --%s", strings.Join(args, " "), f)
			}
		}
		if command == "" && !strings.Contains(text, "an input could not be loaded") {
			t.Errorf("lwiplint(1) does not document the exit codes:\n%s", text)
		}
	}
	dir := t.TempDir()
	var stderr bytes.Buffer
	if code := run([]string{"man", "--dir", dir}, new(bytes.Buffer), &stderr); code != exitOK {
		t.Fatalf("man --dir: exit %d\n%s", code, stderr.String())
	}
	for _, d := range describedList {
		page, err := os.ReadFile(filepath.Join(dir, "lwiplint-"+d.name+".1"))
		if err != nil {
			t.Fatal(err)
		}
		render(page)
	}
	if code := run([]string{"man", "nosuch"}, new(bytes.Buffer), new(bytes.Buffer)); code != exitUsage {
		t.Errorf("man nosuch: exit %d, want %d", code, exitUsage)
	}
}

// TestInstallReadme runs the completion and man block of the README's
// Install section as written, with HOME in a temporary directory, then
// checks that man finds the page and bash-completion's loader finds the
// script.
func TestInstallReadme(t *testing.T) {
	bash, err := exec.LookPath("bash")
	testenv.Require(t, err == nil, "bash")
	man, err := exec.LookPath("man")
	testenv.Require(t, err == nil, "man (Debian package man-db)")
	const bashCompletion = "/usr/share/bash-completion/bash_completion"
	_, err = os.Stat(bashCompletion)
	testenv.Require(t, err == nil, "bash-completion (Debian package bash-completion)")
	block := readmeBlock(t, "install-completion", "sh")
	dir := t.TempDir()
	bin := buildLwiplint(t, dir)
	home := filepath.Join(dir, "home")
	if err := os.MkdirAll(filepath.Join(home, ".local", "bin"), 0o755); err != nil {
		t.Fatal(err)
	}
	var env []string
	for _, e := range os.Environ() {
		if !strings.HasPrefix(e, "MANPATH=") && !strings.HasPrefix(e, "XDG_DATA_HOME=") && !strings.HasPrefix(e, "BASH_COMPLETION_USER_DIR=") {
			env = append(env, e)
		}
	}
	env = append(env, "HOME="+home, "PATH="+strings.Join([]string{filepath.Join(home, ".local", "bin"), filepath.Dir(bin), os.Getenv("PATH")}, string(os.PathListSeparator)))
	sh := exec.Command(bash, "--norc", "--noprofile", "-e", "-c", block)
	sh.Env = env
	if out, err := sh.CombinedOutput(); err != nil {
		t.Fatalf("the README's block: %v\n%s", err, out)
	}
	where := exec.Command(man, "-w", "lwiplint-check")
	where.Env = env
	out, err := where.CombinedOutput()
	if want := filepath.Join(home, ".local/share/man/man1/lwiplint-check.1"); err != nil || strings.TrimSpace(string(out)) != want {
		t.Fatalf("man -w lwiplint-check = %q (%v), want %s", out, err, want)
	}
	// bash-completion loads a command's script on first use from the
	// user's directory (__load_completion).
	load := exec.Command(bash, "--norc", "--noprofile", "-c", `source "$1"; __load_completion lwiplint && complete -p lwiplint`, "bash", bashCompletion)
	load.Env = env
	if out, err := load.CombinedOutput(); err != nil || !strings.Contains(string(out), "__start_lwiplint") {
		t.Fatalf("bash-completion does not load the installed script: %v\n%s", err, out)
	}
}
