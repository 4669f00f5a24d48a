package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lwiplint/lwiplint/internal/testenv"
)

// idfStandIn is a CMake project that stands in for ESP-IDF's build system
// around one component: idf_component_register (an INTERFACE library, as
// ESP-IDF makes for a component without sources) and
// idf_build_get_property, with the build properties the component reads,
// then the component's CMakeLists.txt as ESP-IDF adds it. ESP-IDF itself
// is not installed here: the test checks the component's own CMake logic.
const idfStandIn = `cmake_minimum_required(VERSION 3.16)
project(idf_stand_in NONE)
set(IDF_PROPS PROJECT_DIR "@PROJECT@" IDF_PATH "@IDF@" IDF_TARGET esp32s3)
function(idf_build_get_property var prop)
  list(FIND IDF_PROPS ${prop} i)
  if(i LESS 0)
    message(FATAL_ERROR "stand-in: no build property ${prop}")
  endif()
  math(EXPR i "${i} + 1")
  list(GET IDF_PROPS ${i} v)
  set(${var} "${v}" PARENT_SCOPE)
endfunction()
macro(idf_component_register)
  if(NOT CMAKE_BUILD_EARLY_EXPANSION)
    get_filename_component(COMPONENT_NAME ${CMAKE_CURRENT_LIST_DIR} NAME)
    set(COMPONENT_LIB __idf_${COMPONENT_NAME})
    add_library(${COMPONENT_LIB} INTERFACE)
  endif()
endmacro()
add_subdirectory("@COMPONENT@" lwiplint_component)
`

// earlyExpansion runs a component's CMakeLists.txt as ESP-IDF's first
// pass does: in script mode, where no target can be made.
const earlyExpansion = `set(CMAKE_BUILD_EARLY_EXPANSION 1)
macro(idf_component_register)
endmacro()
include("@COMPONENT@/CMakeLists.txt")
message(STATUS "early expansion passed")
`

// TestESPIDFComponent runs integrations/esp-idf/lwiplint with real CMake
// against the stand-in: the build lints the project's sdkconfig files
// with the ESP-IDF release of IDF_PATH and the build's target, fails on an
// error and passes once fixed; ESP-IDF's script-mode pass makes no
// target; without lwiplint the configure step fails and says so.
func TestESPIDFComponent(t *testing.T) {
	if testing.Short() {
		t.Skip("runs cmake")
	}
	cmake, err := exec.LookPath("cmake")
	testenv.Require(t, err == nil, "cmake (Debian package cmake)")
	component, err := filepath.Abs(filepath.Join("..", "..", "integrations", "esp-idf", "lwiplint"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	bin := buildLwiplint(t, dir)
	project := filepath.Join(dir, "app")
	idf := filepath.Join(dir, "esp-idf")
	writeTree(t, dir, map[string]string{
		"esp-idf/tools/cmake/version.cmake": "set(IDF_VERSION_MAJOR 5)\nset(IDF_VERSION_MINOR 1)\nset(IDF_VERSION_PATCH 2)\n",
		"app/CMakeLists.txt":                "cmake_minimum_required(VERSION 3.16)\ninclude($ENV{IDF_PATH}/tools/cmake/project.cmake)\nproject(app)\n",
		// No kconfgen header: the release must come from IDF_PATH. Only
		// the build's target, esp32s3, reads sdkconfig.defaults.esp32s3.
		"app/sdkconfig.defaults":         "CONFIG_LWIP_TCP_SND_BUF_DEFAULT=5744\n",
		"app/sdkconfig.defaults.esp32s3": "CONFIG_LWIP_TCP_SND_BUF_DEFAULT=2440\n",
		"harness/CMakeLists.txt":         strings.NewReplacer("@PROJECT@", project, "@IDF@", idf, "@COMPONENT@", component).Replace(idfStandIn),
		"early.cmake":                    strings.ReplaceAll(earlyExpansion, "@COMPONENT@", component),
	})
	withLwiplint := append(os.Environ(), "PATH="+filepath.Dir(bin)+string(os.PathListSeparator)+os.Getenv("PATH"), "IDF_PATH=")
	cmakeRun := func(env []string, args ...string) (string, error) {
		cmd := exec.Command(cmake, args...)
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	if out, err := cmakeRun(withLwiplint, "-P", filepath.Join(dir, "early.cmake")); err != nil || !strings.Contains(out, "early expansion passed") {
		t.Fatalf("the script-mode pass: %v\n%s", err, out)
	}
	build := filepath.Join(dir, "build")
	if out, err := cmakeRun(withLwiplint, "-S", filepath.Join(dir, "harness"), "-B", build); err != nil {
		t.Fatalf("cmake configure: %v\n%s", err, out)
	}
	out, err := cmakeRun(withLwiplint, "--build", build)
	if err == nil || !strings.Contains(out, "sdkconfig.defaults.esp32s3:1:1: error LW1116") {
		t.Fatalf("bad sdkconfig: err = %v, want the build to fail with LW1116 from sdkconfig.defaults.esp32s3:\n%s", err, out)
	}
	// The release of IDF_PATH, not an assumed one.
	if !strings.Contains(out, "ESP-IDF v5.1.2 (idf-path)") {
		t.Errorf("want ESP-IDF v5.1.2 from IDF_PATH (idf-path), not an assumed release:\n%s", out)
	}
	if err := os.WriteFile(filepath.Join(project, "sdkconfig.defaults.esp32s3"), []byte("CONFIG_LWIP_TCP_SND_BUF_DEFAULT=5744\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := cmakeRun(withLwiplint, "--build", build); err != nil {
		t.Fatalf("fixed sdkconfig: %v\n%s", err, out)
	}
	// LWIPLINT_ARGS reaches lwiplint: --exit-zero lets a bad file build.
	if err := os.WriteFile(filepath.Join(project, "sdkconfig.defaults.esp32s3"), []byte("CONFIG_LWIP_TCP_SND_BUF_DEFAULT=2440\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := cmakeRun(withLwiplint, "-S", filepath.Join(dir, "harness"), "-B", build, "-DLWIPLINT_ARGS=--exit-zero"); err != nil {
		t.Fatalf("cmake configure with LWIPLINT_ARGS: %v\n%s", err, out)
	}
	if out, err := cmakeRun(withLwiplint, "--build", build); err != nil || !strings.Contains(out, "error LW1116") {
		t.Fatalf("LWIPLINT_ARGS=--exit-zero: err = %v, want the finding printed and the build to pass:\n%s", err, out)
	}
	// Without lwiplint on PATH the configure step fails and says why.
	path := []string{filepath.Dir(cmake)}
	if q, err := exec.LookPath("make"); err == nil {
		path = append(path, filepath.Dir(q))
	}
	env := append(os.Environ(), "PATH="+strings.Join(path, string(os.PathListSeparator)))
	out, err = cmakeRun(env, "-S", filepath.Join(dir, "harness"), "-B", filepath.Join(dir, "build-missing"))
	if err == nil || !strings.Contains(out, "lwiplint is not on PATH") {
		t.Fatalf("configure without lwiplint: err = %v, want it to say lwiplint is not on PATH:\n%s", err, out)
	}
}
