package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/lwiplint/lwiplint/lwipopts"
	"github.com/lwiplint/lwiplint/lwipopts/espidf"
	"github.com/lwiplint/lwiplint/lwipopts/freertos"
)

// runVersion prints the module version from the build information and the
// versions of the built-in tables (lwiplint version, lwiplint --version).
func runVersion(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("version", "lwiplint version", stderr)
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "lwiplint version: unexpected argument %q\n", fs.Arg(0))
		return exitUsage
	}
	fmt.Fprint(stdout, versionText())
	return exitOK
}

// versionText is the text of lwiplint version. The module version is
// "(devel)" when lwiplint was built from a checkout (go build, go test);
// go install …@VERSION sets it. vcs.revision, vcs.time and vcs.modified
// are printed when the Go command stamped them.
func versionText() string {
	var b strings.Builder
	version := moduleVersion()
	var settings []debug.BuildSetting
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if strings.HasPrefix(s.Key, "vcs.") {
				settings = append(settings, s)
			}
		}
	}
	fmt.Fprintf(&b, "lwiplint %s\n", version)
	for _, s := range settings {
		fmt.Fprintf(&b, "%s: %s\n", s.Key, s.Value)
	}
	fmt.Fprintf(&b, "go: %s\n", runtime.Version())
	fmt.Fprintf(&b, "lwIP tables: %s\n", strings.Join(lwipopts.BuiltinVersions(), ", "))
	fmt.Fprintf(&b, "ESP-IDF tables: %s\n", strings.Join(espidf.Versions(), ", "))
	var exact, standIn []string
	for _, p := range espidf.LwipPins() {
		switch {
		case p.Table == "":
		case p.StandIn():
			standIn = append(standIn, fmt.Sprintf("%s pin %.12s, whose sources were not available: table from %.12s, a stand-in, not exact", strings.Join(p.IDF, ", "), p.Commit, p.Table))
		default:
			exact = append(exact, fmt.Sprintf("%s %.12s", strings.Join(p.IDF, ", "), p.Commit))
		}
	}
	fmt.Fprintf(&b, "esp-lwip tables at the pinned commit: %s\n", strings.Join(exact, "; "))
	for _, s := range standIn {
		fmt.Fprintf(&b, "esp-lwip table standing in: %s\n", s)
	}
	fmt.Fprintf(&b, "FreeRTOS+TCP tables: %s\n", strings.Join(freertos.Versions(), ", "))
	return b.String()
}

// moduleVersion is the module version from the build information, or
// "(devel)".
func moduleVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}
