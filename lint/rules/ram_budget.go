package rules

import (
	"fmt"
	"strings"

	"github.com/lwiplint/lwiplint/lint"
	"github.com/lwiplint/lwiplint/lwipopts/ram"
)

var lw2006 = &lint.Rule{
	ID: "LW2006", Name: "ram-budget-exceeded",
	Title:    "The static RAM of lwIP's pools and heap is above the ram-budget",
	Severity: lint.Error, Since: "0.2.0",
	Doc: lint.Doc{
		What: "With `ram-budget` in .lwiplint.toml (or `--ram-budget`), the static RAM of lwIP's memory pools and heap, " +
			"laid out for the target as `lwiplint ram` does, is above the budget. The rule is silent without a budget.",
		Bad:  "/* .lwiplint.toml: ram-budget = \"16KiB\" */\n#define MEM_SIZE 16000\n#define PBUF_POOL_SIZE 16",
		Good: "/* .lwiplint.toml: ram-budget = \"48KiB\" */\n#define MEM_SIZE 16000\n#define PBUF_POOL_SIZE 16",
		Why: "memp.c declares one array per pool (memp_memory_<NAME>_base, LWIP_DECLARE_MEMORY_ALIGNED in lwip/memp.h) and mem.c " +
			"the heap ram_heap (MEM_SIZE_ALIGNED + 2 × SIZEOF_STRUCT_MEM): the linker reserves them all in .bss. lwiplint lays " +
			"them out from the configuration's own lwIP tree and port headers with cc/v4, for the target's ABI (short enums of " +
			"arm-none-eabi-gcc included); its tests require the sizes to equal those arm-none-eabi-gcc gives the same arrays, to " +
			"the byte. The finding lists the three largest parts and the options that size them. It is an error because the " +
			"budget is the user's own limit: a configuration above it is what the budget was set to stop.",
		Ignore: "When the budget is stale (raise it), or when the heap is placed outside the budgeted RAM with LWIP_RAM_HEAP_POINTER " +
			"(it is then not counted). When the layout cannot be computed (no lwIP tree with src/core/memp.c and mem.c, a port " +
			"header missing) the rule reports that, as info.",
	},
	Check: checkRAMBudget,
}

func checkRAMBudget(p *lint.Pass) {
	if p.RAMBudget <= 0 {
		return
	}
	// The layout reads lwIP's .c files and the port's headers, which the
	// configuration's inputs do not list: a result with it is not one to
	// reuse from the cache.
	p.Config.SetInputsIncomplete()
	b, err := ram.Compute(p.Config, nil)
	if err != nil {
		f := p.At(nil, "ram-budget %d bytes is set, but lwiplint cannot lay out this configuration's RAM: %s", p.RAMBudget, firstLine(err.Error()))
		f.Severity = lint.Info
		p.Report(f)
		return
	}
	if b.Total <= p.RAMBudget {
		return
	}
	parts := b.Parts()
	var top []string
	var opts []string
	for i, pt := range parts {
		if i == 3 {
			break
		}
		s := fmt.Sprintf("%s %d", pt.Name, pt.Bytes)
		if len(pt.Options) > 0 {
			s += " (" + strings.Join(pt.Options, ", ") + ")"
		}
		top = append(top, s)
		opts = append(opts, pt.Options...)
	}
	p.Reportf(opts, "lwIP's pools and heap take %d bytes of static RAM on %s, %d above the ram-budget of %d: the largest are %s",
		b.Total, b.Target, b.Total-p.RAMBudget, p.RAMBudget, strings.Join(top, ", "))
}

// firstLine returns the first line of s.
func firstLine(s string) string {
	first, _, _ := strings.Cut(s, "\n")
	return first
}
