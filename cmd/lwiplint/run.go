package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/lwiplint/lwiplint/lwipopts"
	"github.com/spf13/cobra"
	flag "github.com/spf13/pflag"
)

// Exit codes, the same for every command and output format.
const (
	exitOK       = 0 // no findings at or above the fail level
	exitFindings = 1 // findings at or above --fail-level
	exitUsage    = 2 // bad command line or configuration of lwiplint
	exitLoad     = 3 // an input could not be loaded
)

const usage = `usage: lwiplint [command] [flags] PATH...

Commands:
  check     lint configurations (the default command)
  show      print the effective value and origin of every lwIP option
  timing    print the time budgets a configuration implies (SYN give-up, …)
  ram       print the static RAM of lwIP's pools and heap, exact for the target
  rules     list the rules
  explain   document one rule: lwiplint explain LW1001
  kb        the knowledge base: kb list | kb show ID | kb search WORDS
  cache     the caches of results and lwIP trees: cache dir | cache clean
  version   print the version of lwiplint and of its built-in tables
  completion  print the shell completion script: completion bash|zsh|fish
  man       print the man page (lwiplint man | man -l -), or --dir DIR

Exit codes: 0 clean, 1 findings at or above --fail-level, 2 usage error,
3 an input could not be loaded.

Run 'lwiplint COMMAND --help' for the flags of a command.
`

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		switch args[0] {
		case "show":
			return runShow(args[1:], stdout, stderr)
		case "rules":
			return runRules(args[1:], stdout, stderr)
		case "explain":
			return runExplain(args[1:], stdout, stderr)
		case "kb":
			return runKB(args[1:], stdout, stderr)
		case "timing":
			return runTiming(args[1:], stdout, stderr)
		case "ram":
			return runRAM(args[1:], stdout, stderr)
		case "cache":
			return runCache(args[1:], stdout, stderr)
		case "version", "--version":
			return runVersion(args[1:], stdout, stderr)
		case "completion", cobra.ShellCompRequestCmd, cobra.ShellCompNoDescRequestCmd:
			return runCompletion(args, stdout, stderr)
		case "man":
			return runMan(args[1:], stdout, stderr)
		case "help", "-h", "--help":
			fmt.Fprint(stdout, usage)
			return exitOK
		case "check":
			args = args[1:]
		default:
			if meant := mistypedCommand(args[0]); meant != "" {
				return unknownCommand(args[0], meant, stderr)
			}
		}
	}
	return runCheck(args, stdout, stderr)
}

// loadFlags are the flags shared by every command that loads
// configurations.
type loadFlags struct {
	p        lwipopts.Params
	includes []string
}

func (f *loadFlags) register(fs *flag.FlagSet) {
	fs.StringArrayVarP(&f.p.IncludeDirs, "include-dir", "I", nil, "add `DIR` to the include path (like gcc -I)")
	fs.StringArrayVarP(&f.p.Defines, "define", "D", nil, "predefine `NAME[=VALUE]` (like gcc -D)")
	fs.StringArrayVarP(&f.p.Undefines, "undefine", "U", nil, "remove predefined macro `NAME` (like gcc -U)")
	fs.StringArrayVar(&f.p.Includes, "include", nil, "read `FILE` before the configuration (like gcc -include)")
	fs.StringVarP(&f.p.CompileCommands, "compile-commands", "p", "", "read -I/-D for lwIP from `BUILD_DIR`/compile_commands.json")
	fs.StringVar(&f.p.LwipDir, "lwip", "", "use the lwIP tree in `DIR` instead of searching for one")
	fs.StringVar(&f.p.LwipVersion, "lwip-version", "", "lwIP `VERSION` of the built-in defaults ("+strings.Join(lwipopts.BuiltinVersions(), ", ")+")")
	fs.BoolVar(&f.p.NoTree, "no-tree", false, "ignore any lwIP tree and use the built-in defaults")
	fs.StringVar(&f.p.IDFVersion, "idf-version", "", "ESP-IDF `VERSION` for sdkconfig projects ("+idfVersions+"; default: detected from IDF_PATH or the sdkconfig header)")
	fs.StringVar(&f.p.FreeRTOSVersion, "freertos-tcp-version", "", "FreeRTOS+TCP `VERSION` for FreeRTOSIPConfig.h ("+freertosVersions+"; default: detected from a FreeRTOS-Plus-TCP tree above the file or from its macro names)")
	fs.StringVar(&f.p.IDFTarget, "idf-target", "", "ESP-IDF `TARGET` chip for sdkconfig.defaults.<target> (default: CONFIG_IDF_TARGET, else esp32)")
}

// loadAll finds and loads every configuration the paths name. Inputs that
// fail are reported on stderr; the returned code is exitLoad then. An
// assumed lwIP version is said once on stderr (assumedLine).
func loadAll(paths []string, p lwipopts.Params, stderr io.Writer) ([]*lwipopts.Config, int) {
	code := exitOK
	var cfgs []*lwipopts.Config
	for _, path := range paths {
		inputs, err := lwipopts.FindInputs(path)
		if err != nil {
			fmt.Fprintf(stderr, "lwiplint: %v\n", err)
			code = exitLoad
		}
		for _, f := range inputs {
			cfg, err := load(f, p)
			if err != nil {
				var ue *lwipopts.UsageError
				if errors.As(err, &ue) {
					fmt.Fprintf(stderr, "lwiplint: %v\n", err)
					return nil, exitUsage
				}
				fmt.Fprintf(stderr, "lwiplint: %v\n", err)
				code = exitLoad
				continue
			}
			cfgs = append(cfgs, cfg)
		}
	}
	notes := make([]string, len(cfgs))
	for i, c := range cfgs {
		notes[i] = assumedNote(c, c.VersionAssumed)
	}
	assumedLine(stderr, notes)
	return cfgs, code
}
