package espidf

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/lwiplint/lwiplint/internal/fileio"
)

// DefaultVersion is the table used when no ESP-IDF version can be found:
// the newest one (see [Versions]).
func DefaultVersion() string {
	vs := Versions()
	if len(vs) == 0 {
		return ""
	}
	return vs[len(vs)-1]
}

// parseVersion splits "v5.1.2" or "5.1" into numbers.
func parseVersion(v string) ([3]int, bool) {
	var r [3]int
	v = strings.TrimPrefix(strings.TrimSpace(v), "v")
	parts := strings.Split(v, ".")
	if len(parts) < 2 || len(parts) > 3 {
		return r, false
	}
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || n > 999 {
			return r, false
		}
		r[i] = n
	}
	return r, true
}

func versionLess(a, b string) bool {
	x, _ := parseVersion(a)
	y, _ := parseVersion(b)
	for i := range x {
		if x[i] != y[i] {
			return x[i] < y[i]
		}
	}
	return false
}

// pickTable returns the table for version v ("5.1.2", "v5.1"): the exact
// release if there is a table for it, else the nearest one of the same
// major.minor series, else the newest older release, else the oldest.
// exact tells whether the table is v's own.
func pickTable(v string) (t *table, exact bool, err error) {
	ts, err := loadTables()
	if err != nil {
		return nil, false, err
	}
	want, ok := parseVersion(v)
	if !ok {
		return nil, false, fmt.Errorf("%q is not an ESP-IDF version (want such as 5.1.2)", v)
	}
	vs := Versions()
	if len(vs) == 0 {
		return nil, false, fmt.Errorf("no ESP-IDF tables")
	}
	if oldest, _ := parseVersion(oldestSupported); want[0] < oldest[0] || want[0] == oldest[0] && want[1] < oldest[1] {
		return nil, false, fmt.Errorf("ESP-IDF %s is %w: lwiplint has tables for ESP-IDF %s to %s, and an older release's sdkconfig is not read as a newer one's", strings.TrimPrefix(v, "v"), errUnsupported, oldestSupported, strings.TrimPrefix(vs[len(vs)-1], "v"))
	}
	dist := func(x string) int {
		p, _ := parseVersion(x)
		d := p[2] - want[2]
		if d < 0 {
			d = -d
		}
		return d
	}
	var best string
	for _, x := range vs {
		p, _ := parseVersion(x)
		if p == want {
			return ts[x], true, nil
		}
		if p[0] == want[0] && p[1] == want[1] && (best == "" || dist(x) < dist(best)) {
			best = x
		}
	}
	if best == "" {
		best = vs[0]
		for _, x := range vs {
			if !versionLess(v, x) {
				best = x
			}
		}
	}
	return ts[best], false, nil
}

var versionCmake = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`set\(IDF_VERSION_(MAJOR|MINOR|PATCH)\s+([0-9]+)\)`) })

// idfPathVersion reads the version of the ESP-IDF tree at dir from
// tools/cmake/version.cmake (IDF_VERSION_MAJOR/MINOR/PATCH, the numbers
// kconfgen writes into sdkconfig's header).
func idfPathVersion(dir string) (string, error) {
	p := filepath.Join(dir, "tools", "cmake", "version.cmake")
	b, err := fileio.ReadFile(p, MaxFileSize)
	if err != nil {
		return "", err
	}
	got := map[string]string{}
	for _, m := range versionCmake().FindAllStringSubmatch(string(b), -1) {
		got[m[1]] = m[2]
	}
	if got["MAJOR"] == "" || got["MINOR"] == "" || got["PATCH"] == "" {
		return "", fmt.Errorf("%s: no IDF_VERSION_MAJOR/MINOR/PATCH", p)
	}
	return got["MAJOR"] + "." + got["MINOR"] + "." + got["PATCH"], nil
}

var lockIDF = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?m)^  idf:\s*\n(?:    .*\n)*?    version:\s*['"]?([0-9]+\.[0-9]+(?:\.[0-9]+)?)`)
})

// lockVersion reads the ESP-IDF version the IDF Component Manager recorded
// in a project's dependencies.lock (its "idf" dependency).
func lockVersion(projectDir string) (string, string) {
	p := filepath.Join(projectDir, "dependencies.lock")
	fi, err := os.Stat(p)
	if err != nil || fi.Size() > MaxFileSize {
		return "", ""
	}
	b, err := fileio.ReadFile(p, MaxFileSize)
	if err != nil {
		return "", ""
	}
	s := strings.ReplaceAll(string(b), "\r\n", "\n")
	if m := lockIDF().FindStringSubmatch(s); m != nil {
		return m[1], p
	}
	return "", ""
}
