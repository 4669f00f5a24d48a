package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/spf13/cobra"
	"github.com/spf13/cobra/doc"
	flag "github.com/spf13/pflag"

	"github.com/lwiplint/lwiplint/lint/fix"
	"github.com/lwiplint/lwiplint/lint/kb"
	"github.com/lwiplint/lwiplint/lint/report"
	"github.com/lwiplint/lwiplint/lint/rules"
	"github.com/lwiplint/lwiplint/lwipopts"
	"github.com/lwiplint/lwiplint/lwipopts/espidf"
	"github.com/lwiplint/lwiplint/lwipopts/freertos"
)

// The command line is parsed by run and each command's own pflag
// FlagSet, as before. A cobra command tree describes the same commands
// for shell completion (lwiplint completion bash|zsh|fish, and the hidden
// __complete command the scripts call) and the man pages (lwiplint man).
// It holds the very FlagSets the commands parse with: each command is run
// once with --help while newFlags hands its FlagSet to capturedFlags, so
// a flag added to a command is completed and documented without another
// edit, and cannot drift.

// captureFlags, when set, receives every FlagSet newFlags makes with its
// usage text. describedCommands sets it under captureMu.
var (
	captureMu    sync.Mutex
	captureFlags func(fs *flag.FlagSet, usage string)
)

// described is one command of the tree.
type described struct {
	name, short string
	run         func(args []string, stdout, stderr io.Writer) int
	// args completes the positional arguments; nil completes file names.
	args cobra.CompletionFunc
}

var describedList = []described{
	{"check", "lint configurations (the default command)", runCheck, nil},
	{"show", "print the effective value and origin of every lwIP option", runShow, nil},
	{"timing", "print the time budgets a configuration implies", runTiming, nil},
	{"rules", "list the rules", runRules, noArgs},
	{"explain", "document one rule", runExplain, completeRuleIDs},
	{"kb", "the knowledge base: kb list | kb show ID | kb search WORDS", runKB, completeKB},
	{"cache", "the caches of results and lwIP trees: cache dir | cache clean", runCache, words("dir", "clean")},
	{"version", "print the version of lwiplint and of its built-in tables", runVersion, noArgs},
}

// flagValues completes the values of flags by name; formats differ per
// command.
func flagValues(cmd, name string) cobra.CompletionFunc {
	switch name {
	case "format":
		switch cmd {
		case "check", "lwiplint":
			return words(report.Formats()...)
		case "explain", "kb":
			return words("text", "json", "markdown")
		}
		return words("text", "json")
	case "fail-level":
		return words("error", "warning", "info")
	case "color":
		return words("auto", "always", "never")
	case "lwip-version":
		return words(lwipopts.BuiltinVersions()...)
	case "idf-version":
		return func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
			return espidf.Versions(), cobra.ShellCompDirectiveNoFileComp
		}
	case "freertos-tcp-version":
		return func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
			return freertos.Versions(), cobra.ShellCompDirectiveNoFileComp
		}
	case "lang":
		return words("en", "zh")
	case "stack":
		return words(kb.Stacks...)
	case "include-dir", "lwip":
		return func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
			return nil, cobra.ShellCompDirectiveFilterDirs
		}
	case "select", "ignore":
		return completeRuleIDs
	case "define", "undefine", "add-ignore", "idf-target":
		return noArgs
	}
	return nil // file names
}

func words(ws ...string) cobra.CompletionFunc {
	return func(_ *cobra.Command, _ []string, prefix string) ([]string, cobra.ShellCompDirective) {
		return withPrefix(ws, prefix), cobra.ShellCompDirectiveNoFileComp
	}
}

// withPrefix keeps the candidates ("word" or "word\tdescription") whose
// word starts with prefix, ignoring case.
func withPrefix(cands []string, prefix string) []string {
	var r []string
	for _, c := range cands {
		w, _, _ := strings.Cut(c, "\t")
		if len(w) >= len(prefix) && strings.EqualFold(w[:len(prefix)], prefix) {
			r = append(r, c)
		}
	}
	return r
}

func noArgs(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return nil, cobra.ShellCompDirectiveNoFileComp
}

func completeRuleIDs(_ *cobra.Command, _ []string, prefix string) ([]string, cobra.ShellCompDirective) {
	var ids []string
	for _, r := range rules.All() {
		ids = append(ids, r.ID+"\t"+r.Title)
	}
	return withPrefix(ids, prefix), cobra.ShellCompDirectiveNoFileComp
}

func completeKB(_ *cobra.Command, args []string, prefix string) ([]string, cobra.ShellCompDirective) {
	switch {
	case len(args) == 0:
		return withPrefix([]string{"list\tlist the entries", "show\tprint one entry", "search\trank the entries for an error line or log"}, prefix), cobra.ShellCompDirectiveNoFileComp
	case len(args) == 1 && args[0] == "show":
		var ids []string
		for _, e := range kb.List() {
			ids = append(ids, strings.TrimPrefix(e.ID, "embedded/")+"\t"+e.Title.In("en"))
		}
		return withPrefix(ids, prefix), cobra.ShellCompDirectiveNoFileComp
	}
	return nil, cobra.ShellCompDirectiveNoFileComp
}

// commandFlags runs the command with --help, output discarded, and
// returns the FlagSet it parsed with and its usage text.
func commandFlags(run func(args []string, stdout, stderr io.Writer) int) (*flag.FlagSet, string) {
	captureMu.Lock()
	defer captureMu.Unlock()
	var fs *flag.FlagSet
	var usage string
	captureFlags = func(f *flag.FlagSet, u string) {
		if fs == nil {
			fs, usage = f, u
		}
	}
	defer func() { captureFlags = nil }()
	run([]string{"--help"}, io.Discard, io.Discard)
	return fs, usage
}

// commandTree builds the cobra description of the command line.
func commandTree() *cobra.Command {
	root := &cobra.Command{
		Use:   "lwiplint [command] [flags] PATH...",
		Short: "lint lwIP, ESP-IDF and FreeRTOS+TCP configurations",
		Long:  rootLong(),
		// Never run: run dispatches. Completion lists only runnable
		// commands, hence the empty functions.
		Run: func(*cobra.Command, []string) {},
		// lwiplint PATH... is check: past the command names, file names.
		ValidArgsFunction: func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
			return nil, cobra.ShellCompDirectiveDefault
		},
		SilenceUsage:      true,
		SilenceErrors:     true,
		DisableAutoGenTag: true,
	}
	root.CompletionOptions.HiddenDefaultCmd = false
	addFlags := func(c *cobra.Command, name string, fs *flag.FlagSet) {
		if fs == nil {
			return
		}
		c.Flags().AddFlagSet(fs)
		fs.VisitAll(func(f *flag.Flag) {
			if v := flagValues(name, f.Name); v != nil {
				c.RegisterFlagCompletionFunc(f.Name, v)
			}
		})
	}
	for _, d := range describedList {
		fs, u := commandFlags(d.run)
		c := &cobra.Command{
			Use:               u,
			Short:             d.short,
			Run:               func(*cobra.Command, []string) {},
			DisableAutoGenTag: true,
			ValidArgsFunction: d.args,
		}
		if i := strings.IndexByte(u, '\n'); i >= 0 {
			c.Use, c.Long = u[:i], markdownText(u[i:])
		}
		c.Use = strings.TrimPrefix(strings.TrimPrefix(c.Use, "lwiplint "), "[check] ")
		if !strings.HasPrefix(c.Use, d.name) {
			c.Use = d.name + " " + c.Use
		}
		if c.Long == "" {
			c.Long = d.short
		}
		addFlags(c, d.name, fs)
		root.AddCommand(c)
		if d.name == "check" {
			// The default command: lwiplint PATH... takes check's flags.
			addFlags(root, "lwiplint", fs)
		}
	}
	root.AddCommand(&cobra.Command{
		Use:               "man [COMMAND]",
		Short:             "print the man page of lwiplint or of one command (troff)",
		Long:              "Print the man page lwiplint(1), or lwiplint-COMMAND(1), in troff to standard output; --dir DIR writes every page to DIR instead.",
		Run:               func(*cobra.Command, []string) {},
		DisableAutoGenTag: true,
		ValidArgsFunction: func(_ *cobra.Command, _ []string, prefix string) ([]string, cobra.ShellCompDirective) {
			var names []string
			for _, d := range describedList {
				names = append(names, d.name)
			}
			return withPrefix(names, prefix), cobra.ShellCompDirectiveNoFileComp
		},
	})
	return root
}

// rootLong is the description of lwiplint(1): the commands of the usage
// text and the exit codes of check's.
func rootLong() string {
	cmds, _, _ := strings.Cut(usage, "\nExit codes:")
	_, cmds, _ = strings.Cut(cmds, "\n")
	_, codes, _ := strings.Cut(checkUsage, "\nExit codes")
	return markdownText(cmds + "\nExit codes" + codes + "\n\nRun 'lwiplint COMMAND --help' for the flags of a command.")
}

// markdownText turns a usage text into the Markdown the man page
// generator reads: the indented lines (lists of commands, exit codes,
// examples) become preformatted blocks.
func markdownText(s string) string {
	var b strings.Builder
	inBlock := false
	for _, line := range strings.Split(strings.TrimSpace(s), "\n") {
		indented := strings.HasPrefix(line, "  ")
		if indented && !inBlock {
			b.WriteString("\n")
		}
		if !indented && inBlock && line != "" {
			b.WriteString("\n")
		}
		inBlock = indented
		if indented {
			b.WriteString("    ")
		}
		b.WriteString(line)
		b.WriteString("\n")
	}
	return b.String()
}

// troffASCII writes the characters outside ASCII of a man page as troff
// escapes (\[u2026] for …), which every troff reads without preconv.
func troffASCII(b []byte) []byte {
	var out bytes.Buffer
	for _, r := range string(b) {
		if r < 0x80 {
			out.WriteRune(r)
		} else {
			fmt.Fprintf(&out, "\\[u%04X]", r)
		}
	}
	return out.Bytes()
}

// runCompletion serves lwiplint completion SHELL and the __complete
// requests of the scripts through cobra.
func runCompletion(args []string, stdout, stderr io.Writer) int {
	if args[0] == "completion" {
		shells := []string{"bash", "zsh", "fish", "powershell"}
		switch {
		case len(args) == 2 && slices.Contains(shells, args[1]):
		case len(args) >= 2 && (args[1] == "-h" || args[1] == "--help" || slices.Contains(shells, args[1])):
			// Help, or a shell's own flags (--no-descriptions): cobra's.
		default:
			what := "no SHELL given"
			if len(args) > 1 {
				what = fmt.Sprintf("unknown shell %q", args[1])
			}
			fmt.Fprintf(stderr, "lwiplint completion: %s (bash, zsh, fish or powershell)\nRun 'lwiplint completion --help' for usage.\n", what)
			return exitUsage
		}
	}
	root := commandTree()
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	if err := root.Execute(); err != nil {
		fmt.Fprintf(stderr, "lwiplint %s: %v\n", args[0], err)
		return exitUsage
	}
	return exitOK
}

const manUsage = `lwiplint man [--dir DIR] [COMMAND]

Print the man page lwiplint(1), or lwiplint-COMMAND(1), in troff to standard
output, for example: lwiplint man | man -l -
With --dir DIR, write every page (lwiplint.1, lwiplint-check.1, …) to DIR.`

// runMan prints or writes the man pages generated from the command tree.
func runMan(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("man", manUsage, stderr)
	dir := fs.String("dir", "", "write every page to `DIR` instead of printing one")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	root := commandTree()
	header := &doc.GenManHeader{Section: "1", Source: "lwiplint " + moduleVersion(), Manual: "lwiplint manual"}
	page := func(c *cobra.Command) ([]byte, error) {
		var b bytes.Buffer
		h := *header
		err := doc.GenMan(c, &h, &b)
		return troffASCII(b.Bytes()), err
	}
	if *dir != "" {
		if fs.NArg() > 0 {
			fmt.Fprintln(stderr, "lwiplint man: --dir writes every page: give no COMMAND")
			return exitUsage
		}
		if fi, err := os.Stat(*dir); err != nil || !fi.IsDir() {
			fmt.Fprintf(stderr, "lwiplint man: --dir %s: not a directory\n", *dir)
			return exitUsage
		}
		cmds := append([]*cobra.Command{root}, root.Commands()...)
		for _, c := range cmds {
			if !c.IsAvailableCommand() && c != root {
				continue
			}
			b, err := page(c)
			if err == nil {
				name := strings.ReplaceAll(c.CommandPath(), " ", "-") + ".1"
				err = writePage(filepath.Join(*dir, name), b)
			}
			if err != nil {
				fmt.Fprintln(stderr, "lwiplint man:", err)
				return exitLoad
			}
		}
		return exitOK
	}
	c := root
	switch fs.NArg() {
	case 0:
	case 1:
		i := slices.IndexFunc(root.Commands(), func(c *cobra.Command) bool { return c.Name() == fs.Arg(0) })
		if i < 0 {
			fmt.Fprintf(stderr, "lwiplint man: no command %q\n", fs.Arg(0))
			return exitUsage
		}
		c = root.Commands()[i]
	default:
		fmt.Fprintln(stderr, "lwiplint man: give at most one COMMAND")
		return exitUsage
	}
	b, err := page(c)
	if err != nil {
		fmt.Fprintln(stderr, "lwiplint man:", err)
		return exitUsage
	}
	stdout.Write(b)
	return exitOK
}

// writePage writes a man page atomically; an existing page (from an
// earlier lwiplint man --dir) is replaced in place of the project limit
// of --fix, since a man directory is no project.
func writePage(path string, data []byte) error {
	if _, err := os.Lstat(path); err == nil {
		return fix.Write(path, data, fix.WriteOptions{})
	}
	return writeNewFile(path, data)
}
