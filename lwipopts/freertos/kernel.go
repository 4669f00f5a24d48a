package freertos

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
)

// The FreeRTOS-Kernel macros that FreeRTOS+TCP and its configurations read
// (pdTRUE, pdFREERTOS_LITTLE_ENDIAN, pdFREERTOS_ERRNO_*, pdMS_TO_TICKS,
// portMAX_DELAY, portTICK_PERIOD_MS, …), one file per kernel release in
// kernel/<tag>.yaml: every #define that projdefs.h and the reference
// 32-bit port's portmacro.h (GCC/ARM_CM4F) make when FreeRTOS.h is
// preprocessed with a FreeRTOSConfig.h that keeps the kernel's defaults
// (32-bit ticks). kernel_mirror_test.go writes them from a git mirror of
// FreeRTOS/FreeRTOS-Kernel (LWIPLINT_UPDATE=1 go test ./lwipopts/freertos
// -run TestMirrorKernel) and checks them against gcc. They hold names,
// replacement lists, paths and line numbers: no kernel source text.
//
//go:embed kernel/*.yaml
var kernelFS embed.FS

// KernelRepository is the GitHub repository of the kernel tables.
const KernelRepository = "FreeRTOS/FreeRTOS-Kernel"

// Kernel is what lwiplint knows about one FreeRTOS-Kernel release.
type Kernel struct {
	// Version is the release tag, "V10.4.3".
	Version string `yaml:"version"`
	Commit  string `yaml:"commit"`
	Date    string `yaml:"date"`
	// Port is the portable/ directory portmacro.h was read from.
	Port string `yaml:"port"`
	// Macros are the #defines of projdefs.h and portmacro.h, in the order
	// the preprocessor reads them.
	Macros []KernelMacro `yaml:"macros"`
}

// KernelMacro is one #define of a kernel header.
type KernelMacro struct {
	Name string `yaml:"name"`
	// Params is set for a function-like macro: its parameter list without
	// the parentheses.
	Params *string `yaml:"params,omitempty"`
	Value  string  `yaml:"value,omitempty"`
	// File is the header's base name (projdefs.h, portmacro.h); Line its
	// line there.
	File string `yaml:"file"`
	Line int    `yaml:"line"`
}

var loadKernels = sync.OnceValues(func() (map[string]*Kernel, error) {
	ks := map[string]*Kernel{}
	err := fs.WalkDir(kernelFS, "kernel", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Ext(p) != ".yaml" {
			return err
		}
		b, err := kernelFS.ReadFile(p)
		if err != nil {
			return err
		}
		dec := yaml.NewDecoder(bytes.NewReader(b))
		dec.KnownFields(true)
		var k Kernel
		if err := dec.Decode(&k); err != nil {
			return fmt.Errorf("decode %s: %w", p, err)
		}
		if want := strings.TrimSuffix(path.Base(p), ".yaml"); k.Version != want {
			return fmt.Errorf("decode %s: version %q does not match the file name", p, k.Version)
		}
		ks[k.Version] = &k
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("load FreeRTOS-Kernel tables: %w", err)
	}
	return ks, nil
})

// KernelVersions returns the kernel releases with a table, oldest first.
func KernelVersions() []string {
	ks, err := loadKernels()
	if err != nil {
		return nil
	}
	vs := make([]string, 0, len(ks))
	for v := range ks {
		vs = append(vs, v)
	}
	slices.SortFunc(vs, compareKernel)
	return vs
}

// compareKernel orders kernel tags by version ("V10.4.3-kernel-only" as
// V10.4.3).
func compareKernel(a, b string) int {
	return compareVersions(kernelBase(a), kernelBase(b))
}

func kernelBase(v string) string { b, _, _ := strings.Cut(v, "-"); return b }

// KernelFor returns the kernel release that goes with the FreeRTOS+TCP
// table t: the newest kernel release dated no later than t (FreeRTOS+TCP
// releases are tested with the kernel of their time; V2.0.0 shipped with
// FreeRTOS V10.0.0), else the oldest.
func (t *Table) KernelFor() (*Kernel, error) {
	ks, err := loadKernels()
	if err != nil {
		return nil, err
	}
	var best *Kernel
	for _, v := range KernelVersions() {
		k := ks[v]
		if best == nil || k.Date <= t.Date {
			best = k
		}
	}
	if best == nil {
		return nil, fmt.Errorf("no FreeRTOS-Kernel table")
	}
	return best, nil
}
