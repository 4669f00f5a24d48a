package lwipopts

import (
	"fmt"
	"sort"
	"strings"

	"github.com/lwiplint/lwiplint/lwipopts/freertos"
)

// The FreeRTOS-Kernel part of a FreeRTOS+TCP program. In a real build,
// FreeRTOS_IP.h comes after FreeRTOS.h, which includes <stddef.h>,
// <stdint.h>, FreeRTOSConfig.h, projdefs.h and the port's portmacro.h. The
// program therefore starts with a "FreeRTOS.h" that includes the two
// freestanding headers (served from freestanding.go) and the kernel's
// projdefs.h and portmacro.h, rebuilt from the kernel table of the
// release's time (freertos.Table.KernelFor), each #define at its line. The
// user's FreeRTOSConfig.h, passed with --include, is read before them, as
// FreeRTOS.h reads it before projdefs.h; the kernel's config* defaults
// are left out, since FreeRTOSConfig.h is the user's to give.

// kernelDir holds the kernel part's files in the program, so that they
// show as "<FreeRTOS+TCP V4.1.0>/FreeRTOS-Kernel/include/projdefs.h:44".
const kernelDir = "FreeRTOS-Kernel/"

// kernelRoots are the program files of the kernel part, in include order.
var kernelRoots = []string{kernelDir + "include/FreeRTOS.h", kernelDir + "include/projdefs.h", kernelDir + "portable/" + kernelPortDir + "/portmacro.h"}

// kernelPortDir is the port of the kernel tables (freertos.Kernel.Port).
const kernelPortDir = "GCC/ARM_CM4F"

// kernelFile is the program path of a kernel table's file.
func kernelFile(base string) string {
	if base == "portmacro.h" {
		return kernelRoots[2]
	}
	return kernelDir + "include/" + base
}

// renderKernel returns the kernel part of a FreeRTOS+TCP program.
func renderKernel(k *freertos.Kernel) (map[string][]progLine, error) {
	if k.Port != kernelPortDir {
		return nil, fmt.Errorf("FreeRTOS-Kernel %s table: port %s, want %s", k.Version, k.Port, kernelPortDir)
	}
	files := map[string][]progLine{
		kernelRoots[0]: {{Line: 1, Text: "#include <stddef.h>"}, {Line: 2, Text: "#include <stdint.h>"}},
	}
	last := map[string]int{}
	for _, m := range k.Macros {
		if strings.HasPrefix(m.Name, "config") {
			continue
		}
		f := kernelFile(m.File)
		if m.Line <= last[f] {
			return nil, fmt.Errorf("FreeRTOS-Kernel %s table: %s line %d out of order", k.Version, m.File, m.Line)
		}
		last[f] = m.Line
		name := m.Name
		if m.Params != nil {
			name += "(" + *m.Params + ")"
		}
		files[f] = append(files[f], progLine{Line: m.Line, Text: strings.TrimSpace("#define " + name + " " + m.Value)})
	}
	for f := range files {
		sort.Slice(files[f], func(i, j int) bool { return files[f][i].Line < files[f][j].Line })
	}
	return files, nil
}

// addKernelMacros adds the object-like macros of the kernel part of a
// FreeRTOS+TCP program to env, so that the blame for an #if that cannot be
// evaluated (load.go) sees that pdTRUE, which a configuration writes as
// the value of ipconfigUSE_DHCP, is ( ( BaseType_t ) 1 ).
func addKernelMacros(p *program, env *macroEnv) {
	if p == nil {
		return
	}
	for f, lines := range p.Files {
		if !strings.HasPrefix(f, kernelDir) {
			continue
		}
		for _, l := range lines {
			rest, ok := strings.CutPrefix(l.Text, "#define ")
			if !ok {
				continue
			}
			ts, err := tokenize(rest)
			if err != nil || len(ts) == 0 || ts[0].Kind != tIdent || len(ts) > 1 && ts[1].Text == "(" && !ts[1].Space {
				continue
			}
			env.macros[ts[0].Text] = &macro{Name: ts[0].Text, Body: ts[1:]}
		}
	}
}
