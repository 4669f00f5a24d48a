package espidf

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for p, s := range files {
		p = filepath.Join(dir, p)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestFindVersion covers each place the ESP-IDF version is taken from,
// the unversioned header of ESP-IDF 4.4 and older, and the refusal of
// releases older than 4.4.
func TestFindVersion(t *testing.T) {
	for _, tc := range []struct {
		name    string
		files   map[string]string
		opts    Options
		table   string // "" = no table (not supported)
		from    string
		assumed bool
		diag    string
	}{
		{name: "header", files: map[string]string{"sdkconfig": "# Espressif IoT Development Framework (ESP-IDF) 5.3.1 Project Configuration\nCONFIG_IDF_TARGET=\"esp32c3\"\n"},
			table: "v5.3.5", from: "sdkconfig"},
		{name: "unversioned-header", files: map[string]string{"sdkconfig": "#\n# Automatically generated file. DO NOT EDIT.\n# Espressif IoT Development Framework (ESP-IDF) Project Configuration\n#\nCONFIG_IDF_TARGET=\"esp32\"\n"},
			table: "v4.4.8", from: "sdkconfig", diag: "releases before 4.4 are not supported"},
		{name: "lock", files: map[string]string{"sdkconfig.defaults": "CONFIG_LWIP_MAX_SOCKETS=8\n", "dependencies.lock": "dependencies:\n  idf:\n    source:\n      type: idf\n    version: 5.2.3\nmanifest_hash: x\n"},
			table: "v5.2.7", from: "dependencies.lock"},
		{name: "component-yml", files: map[string]string{"sdkconfig.defaults": "CONFIG_LWIP_MAX_SOCKETS=8\n", "main/idf_component.yml": "dependencies:\n  espressif/mdns: \"^1.2\"\n  idf: \">=5.0\"\n"},
			table: "v5.0.9", from: "idf_component.yml"},
		{name: "component-yml-map", files: map[string]string{"sdkconfig.defaults": "CONFIG_LWIP_MAX_SOCKETS=8\n", "idf_component.yml": "dependencies:\n  idf:\n    version: '>=5.4,<6.0'\n"},
			table: "v5.4.4", from: "idf_component.yml"},
		{name: "component-yml-too-old", files: map[string]string{"sdkconfig.defaults": "CONFIG_LWIP_MAX_SOCKETS=8\n", "main/idf_component.yml": "dependencies:\n  idf: \">=4.1\"\n"},
			from: "idf_component.yml", diag: "ESP-IDF 4.1 is not supported"},
		{name: "option-too-old", files: map[string]string{"sdkconfig": "CONFIG_LWIP_MAX_SOCKETS=8\n"}, opts: Options{Version: "4.3"},
			from: "option", diag: "ESP-IDF 4.3 is not supported"},
		{name: "idf-path", files: map[string]string{"sdkconfig": "CONFIG_LWIP_MAX_SOCKETS=8\n", "idf/tools/cmake/version.cmake": "set(IDF_VERSION_MAJOR 5)\nset(IDF_VERSION_MINOR 4)\nset(IDF_VERSION_PATCH 1)\n"},
			opts: Options{IDFPath: "idf"}, table: "v5.4.4", from: "idf-path"},
		{name: "nothing", files: map[string]string{"sdkconfig": "CONFIG_LWIP_MAX_SOCKETS=8\n"}, table: DefaultVersion(), from: "default", assumed: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, tc.files)
			var files []*File
			for _, n := range []string{"sdkconfig.defaults", "sdkconfig"} {
				if _, ok := tc.files[n]; ok {
					f, err := ReadFile(filepath.Join(dir, n))
					if err != nil {
						t.Fatal(err)
					}
					files = append(files, f)
				}
			}
			opts := tc.opts
			opts.ProjectDir = dir
			if opts.IDFPath != "" {
				opts.IDFPath = filepath.Join(dir, opts.IDFPath)
			}
			v := Layer(files, opts)
			if v.Version != tc.table || v.Found.From != tc.from || v.Found.Assumed != tc.assumed {
				t.Errorf("table %q from %q (assumed %v), want %q from %q (assumed %v); found %+v", v.Version, v.Found.From, v.Found.Assumed, tc.table, tc.from, tc.assumed, v.Found)
			}
			if tc.diag != "" {
				ok := false
				for _, d := range v.Diags {
					ok = ok || strings.Contains(d.Message, tc.diag)
				}
				if !ok {
					t.Errorf("no diagnostic %q in %v", tc.diag, v.Diags)
				}
			}
		})
	}
}

// TestDiscoverConfigDir: a directory without a CMakeLists.txt holding
// an sdkconfig or sdkconfig.defaults is an ESP-IDF configuration; one
// with a CMakeLists.txt that is no project is not.
func TestDiscoverConfigDir(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"configs/wifi/sdkconfig.defaults":       "CONFIG_LWIP_MAX_SOCKETS=8\n",
		"configs/wifi/sdkconfig.defaults.esp32": "CONFIG_LWIP_TCP_MSS=1436\n",
		"configs/eth/sdkconfig":                 "CONFIG_IDF_TARGET=\"esp32\"\n",
		"components/foo/CMakeLists.txt":         "idf_component_register()\n",
		"components/foo/sdkconfig.defaults":     "CONFIG_LWIP_MAX_SOCKETS=4\n",
	})
	ps, err := Discover(dir)
	if err != nil {
		t.Fatal(err)
	}
	var roots []string
	for _, p := range ps {
		r, _ := filepath.Rel(dir, p.Root)
		roots = append(roots, filepath.ToSlash(r))
	}
	if strings.Join(roots, " ") != "configs/eth configs/wifi" {
		t.Fatalf("roots %v, want configs/eth configs/wifi", roots)
	}
	files := ps[1].Files("esp32")
	if len(files) != 2 || filepath.Base(files[1]) != "sdkconfig.defaults.esp32" {
		t.Errorf("files %v, want sdkconfig.defaults then sdkconfig.defaults.esp32", files)
	}
}
