package espidf

import (
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"sync"

	"github.com/lwiplint/lwiplint/internal/fileio"
	"github.com/lwiplint/lwiplint/lwipopts/internal/stackver"
)

// oldestSupported is the oldest ESP-IDF minor release with a table: the
// files of older releases are refused, not read as a newer one.
const oldestSupported = "4.4"

var errUnsupported = errors.New("not supported")

// FindVersion finds the ESP-IDF release of a project's configuration files
// and how: Options.Version ("option"), else the tree at Options.IDFPath
// (tools/cmake/version.cmake, "idf-path"), else kconfgen's header line of
// the files ("sdkconfig"; a header line without a version, as kconfgen
// wrote up to 4.4, gives 4.4 with a warning), else the project's dependencies.lock
// ("dependencies.lock"; before it, an esp-at module's IDF_VERSION tag,
// "IDF_VERSION"), else the idf constraint of its idf_component.yml
// files ("idf_component.yml", the lowest release it allows), else the
// newest table ("default", Assumed). Found.Version is the version found
// ("5.1.3"); the table used for it is Values.Version. It is the only
// place that decides an ESP-IDF version.
func FindVersion(files []*File, opts Options) (stackver.Found, []Diagnostic) {
	f := stackver.Found{Stack: "ESP-IDF"}
	var diags []Diagnostic
	switch {
	case opts.Version != "":
		f.Version, f.From = opts.Version, "option"
	case opts.IDFPath != "":
		if s, err := idfPathVersion(opts.IDFPath); err == nil {
			f.Version, f.From, f.Tree, f.How = s, "idf-path", opts.IDFPath, "tools/cmake/version.cmake of IDF_PATH"
		} else {
			diags = append(diags, Diagnostic{Severity: Warning, Code: CodeVersion, Message: fmt.Sprintf("cannot read the ESP-IDF version of %s: %v", opts.IDFPath, err)})
		}
	}
	if f.Version == "" {
		for _, k := range []Kind{KindSdkconfig, KindHeader, KindDefaults} {
			for _, file := range files {
				if file.Kind == k && file.Version != "" && f.Version == "" {
					f.Version, f.From, f.How = file.Version, "sdkconfig", "the header line of "+file.Path
				}
			}
		}
	}
	if f.Version == "" {
		for _, file := range files {
			if file.Unversioned && f.Version == "" {
				// kconfgen wrote no version up to 4.4: the file is from
				// 4.4 or an older release lwiplint does not support.
				f.Version, f.From, f.How = oldestSupported, "sdkconfig", "the header line of "+file.Path+" has no version, as kconfgen wrote it up to ESP-IDF 4.4"
				diags = append(diags, Diagnostic{Pos: Position{File: file.Path}, Severity: Warning, Code: CodeVersion,
					Message: "the header line has no ESP-IDF version, as kconfgen wrote it up to ESP-IDF 4.4: read as ESP-IDF 4.4, without the checks that depend on the exact release (renamed, unknown and ineffective names); releases before 4.4 are not supported (give --idf-version)"})
			}
		}
	}
	if f.Version == "" && opts.ProjectDir != "" {
		if s, p := idfVersionFile(opts.ProjectDir); s != "" {
			f.Version, f.From, f.How = s, "IDF_VERSION", "the tag in "+p
		}
	}
	if f.Version == "" && opts.ProjectDir != "" {
		if s, p := lockVersion(opts.ProjectDir); s != "" {
			f.Version, f.From, f.How = s, "dependencies.lock", "the idf version in "+p
		}
	}
	if f.Version == "" && opts.ProjectDir != "" {
		if s, c, p := componentVersion(opts.ProjectDir); s != "" {
			f.Version, f.From, f.How = s, "idf_component.yml", fmt.Sprintf("the lowest release the constraint idf: %q of %s allows", c, p)
		}
	}
	if f.Version == "" {
		f.Version, f.From, f.Assumed = DefaultVersion(), "default", true
	}
	return f, diags
}

var componentIDF = sync.OnceValue(func() *regexp.Regexp {
	// dependencies:
	//   idf: ">=4.4"          or   idf:
	//                                version: ">=4.4"
	return regexp.MustCompile(`(?m)^dependencies:\s*\n(?:[ \t]+.*\n|\s*\n)*?[ \t]+idf:[ \t]*(?:['"]?([^'"\s#][^'"\n#]*)['"]?[ \t]*(?:#.*)?\n|\n(?:[ \t]+.*\n)*?[ \t]+version:[ \t]*['"]?([^'"\n#]*)['"]?)`)
})

var constraintVersion = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^\s*(?:>=|==|=|~=|~|\^)?\s*v?([0-9]+\.[0-9]+(?:\.[0-9]+)?)`)
})

// componentVersion reads the idf dependency of the IDF Component Manager
// manifests of a project (main/idf_component.yml, idf_component.yml) and
// returns the lowest release its constraint allows (">=5.1" gives 5.1,
// "~5.1.2" gives 5.1.2), with the constraint and the file. A constraint
// that names no lower bound ("*", "<6.0") gives "".
// idfVersionFile reads the IDF_VERSION file of an esp-at module
// configuration (module_config/<module>/IDF_VERSION: "tag:v5.4.4", then
// the commit and repository), from which esp-at's build.py checks out
// the ESP-IDF it builds with. It returns the version and the file.
func idfVersionFile(projectDir string) (string, string) {
	p := filepath.Join(projectDir, "IDF_VERSION")
	b, err := fileio.ReadFile(p, 4096)
	if err != nil {
		return "", ""
	}
	if m := idfVersionTag().FindStringSubmatch(strings.ReplaceAll(string(b), "\r\n", "\n")); m != nil {
		return m[1], p
	}
	return "", ""
}

var idfVersionTag = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?m)^tag:\s*v(\d+\.\d+(?:\.\d+)?)\s*$`) })

func componentVersion(projectDir string) (version, constraint, path string) {
	for _, p := range []string{filepath.Join(projectDir, "main", "idf_component.yml"), filepath.Join(projectDir, "idf_component.yml")} {
		b, err := fileio.ReadFile(p, MaxFileSize)
		if err != nil {
			continue
		}
		s := strings.ReplaceAll(string(b), "\r\n", "\n")
		if !strings.HasSuffix(s, "\n") {
			s += "\n"
		}
		m := componentIDF().FindStringSubmatch(s)
		if m == nil {
			continue
		}
		c := strings.TrimSpace(m[1] + m[2])
		// The first clause of "a,b" or "a || b" with a lower bound.
		for _, part := range regexp.MustCompile(`,|\|\|`).Split(c, -1) {
			if v := constraintVersion().FindStringSubmatch(part); v != nil {
				return v[1], c, p
			}
		}
	}
	return "", "", ""
}
