package espidf

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const projectCMake = "cmake_minimum_required(VERSION 3.16)\ninclude($ENV{IDF_PATH}/tools/cmake/project.cmake)\nproject(app)\n"

func TestDiscover(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"CMakeLists.txt":                          projectCMake,
		"sdkconfig":                               "CONFIG_IDF_TARGET=\"esp32s3\"\n",
		"sdkconfig.defaults":                      "CONFIG_LWIP_TCP_MSS=1200\n",
		"sdkconfig.defaults.esp32s3":              "CONFIG_LWIP_TCP_MSS=1300\n",
		"sdkconfig.defaults.esp32":                "CONFIG_LWIP_TCP_MSS=1100\n",
		"main/CMakeLists.txt":                     "idf_component_register(SRCS \"main.c\")\n",
		"build/CMakeLists.txt":                    projectCMake,
		"build/config/sdkconfig.h":                "#define CONFIG_LWIP_TCP_MSS 1300\n",
		".hidden/CMakeLists.txt":                  projectCMake,
		"managed_components/x/CMakeLists.txt":     projectCMake,
		"examples/two/CMakeLists.txt":             "include(\"${IDF_PATH}/tools/cmake/project.cmake\")\nset(SDKCONFIG_DEFAULTS \"sdkconfig.ci;sdkconfig.extra\")\n",
		"examples/two/sdkconfig.ci":               "CONFIG_LWIP_TCP_SYNMAXRTX=6\n",
		"examples/two/sdkconfig.ci.esp32":         "CONFIG_LWIP_TCP_SYNMAXRTX=7\n",
		"examples/two/sdkconfig.extra":            "CONFIG_LWIP_TCP_MAXRTX=6\n",
		"examples/three/CMakeLists.txt":           "INCLUDE ( $ENV{IDF_PATH}/tools/cmake/project.cmake )\n",
		"examples/three/sdkconfig.defaults.esp32": "CONFIG_LWIP_TCP_MAXRTX=6\n",
		"components/c/CMakeLists.txt":             "idf_component_register()\n",
	})
	ps, err := Discover(dir)
	if err != nil {
		t.Fatal(err)
	}
	rel := func(ss ...string) []string {
		var r []string
		for _, s := range ss {
			if s == "" {
				continue
			}
			x, _ := filepath.Rel(dir, s)
			r = append(r, filepath.ToSlash(x))
		}
		return r
	}
	var got []string
	for _, p := range ps {
		got = append(got, strings.Join(rel(p.Root), "")+": "+strings.Join(rel(p.Files("")...), " ")+" | header "+strings.Join(rel(p.Header), ""))
	}
	want := []string{
		".: sdkconfig.defaults sdkconfig.defaults.esp32s3 sdkconfig | header build/config/sdkconfig.h",
		"examples/three:  | header ",
		"examples/two: examples/two/sdkconfig.ci examples/two/sdkconfig.ci.esp32 examples/two/sdkconfig.extra | header ",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got)\n%s", d)
	}
	if len(ps) == 3 && (len(ps[1].Notes) != 1 || !strings.Contains(ps[1].Notes[0], "sdkconfig.defaults.esp32 is not read")) {
		t.Errorf("examples/three notes: %v", ps[1].Notes)
	}
	if len(ps) == 3 {
		if got := rel(ps[2].Files("esp32c3")...); strings.Join(got, " ") != "examples/two/sdkconfig.ci examples/two/sdkconfig.extra" {
			t.Errorf("files for esp32c3: %v", got)
		}
	}

	// Load reads the files in that order.
	tr, err := ps[0].Load(Options{})
	if err != nil {
		t.Fatal(err)
	}
	if l := tr.Line("TCP_MSS"); l == nil || l.Value != "1300" || filepath.Base(l.Origin.Pos.File) != "sdkconfig.defaults.esp32s3" {
		t.Errorf("TCP_MSS: %+v", l)
	}
	if tr.Target != "esp32s3" {
		t.Errorf("target %s", tr.Target)
	}
	if _, err := ps[1].Load(Options{}); err == nil {
		t.Error("a project without files loaded")
	}
	if _, err := Discover(filepath.Join(dir, "sdkconfig")); err == nil {
		t.Error("Discover on a file did not fail")
	}
}

func TestVersionSources(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"idf/tools/cmake/version.cmake": "set(IDF_VERSION_MAJOR 5)\nset(IDF_VERSION_MINOR 1)\nset(IDF_VERSION_PATCH 7)\n",
		"proj/dependencies.lock":        "dependencies:\n  idf:\n    component_hash: null\n    source:\n      type: idf\n    version: 5.5.5\ndirect_dependencies:\n- idf\nmanifest_hash: x\ntarget: esp32\nversion: 2.0.0\n",
	})
	f := Parse("sdkconfig", []byte("# Espressif IoT Development Framework (ESP-IDF) 5.1.2 Project Configuration\n"), KindSdkconfig)
	for _, tc := range []struct {
		opts      Options
		files     []*File
		ver, from string
	}{
		{Options{Version: "5.1.7"}, []*File{f}, "v5.1.7", "option"},
		{Options{IDFPath: filepath.Join(dir, "idf")}, []*File{f}, "v5.1.7", "idf-path"},
		{Options{ProjectDir: filepath.Join(dir, "proj")}, []*File{f}, "v5.1.2", "sdkconfig"},
		{Options{ProjectDir: filepath.Join(dir, "proj")}, nil, "v5.5.5", "dependencies.lock"},
		{Options{}, nil, DefaultVersion(), "default"},
		{Options{Version: "5.1"}, nil, "v5.1.2", "option"},
		{Options{Version: "4.4.7"}, nil, "v4.4.8", "option"},
		{Options{Version: "5.2"}, nil, "v5.2.7", "option"},
		{Options{Version: "6.0"}, nil, "v5.5.5", "option"},
	} {
		v := Layer(tc.files, tc.opts)
		if v.Version != tc.ver || v.VersionFrom != tc.from {
			t.Errorf("%+v: %s from %s, want %s from %s", tc.opts, v.Version, v.VersionFrom, tc.ver, tc.from)
		}
	}
	v := Layer(nil, Options{Version: "five"})
	if v.Version != "" || len(v.Diags) == 0 || v.Diags[len(v.Diags)-1].Severity != Error {
		t.Errorf("bad version: %s %v", v.Version, v.Diags)
	}
	if tr := v.Translate(Options{}); tr.Header != "" {
		t.Errorf("header without a table: %q", tr.Header)
	}
}
