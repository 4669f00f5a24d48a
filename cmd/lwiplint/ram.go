package main

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/lwiplint/lwiplint/lint/config"
	"github.com/lwiplint/lwiplint/lwipopts/ram"
)

const ramUsage = `lwiplint ram [flags] PATH...

Report the static RAM each configuration reserves for lwIP's memory: every
memp pool it creates (lwip/priv/memp_std.h) with its count, element size,
stride and bytes, and the heap (ram_heap of mem.c) with where it comes from,
laid out for the target from the configuration's own lwIP tree (its
src/core/memp.c and mem.c) and port headers. The sizes are those of the
arrays memp.c and mem.c declare, exact to the byte for the target's ABI.

Targets (--target): cortex-m (arm-none-eabi-gcc, short enums; the default),
cortex-m-int-enums (-fno-short-enums), x86 (-m32), x86-64 (the unix port).
Without --target, the compiler and flags of compile_commands.json decide
when one is given (-p), else cortex-m.

Exit codes: 0 every configuration laid out, 2 usage error, 3 an input could
not be loaded or laid out (what is missing is said on stderr).`

// ramBudgetFlag is --ram-budget of check: a size, 0 when not given.
type ramBudgetFlag struct {
	text  string
	bytes int64
}

func (f *ramBudgetFlag) String() string { return f.text }
func (f *ramBudgetFlag) Type() string   { return "SIZE" }
func (f *ramBudgetFlag) Set(s string) error {
	n, err := ram.ParseSize(s)
	if err == nil && n == 0 {
		err = errors.New("a budget of 0 bytes")
	}
	if err != nil {
		return err
	}
	f.text, f.bytes = s, n
	return nil
}

// For returns the budget for a configuration under settings: the flag's,
// else ram-budget of the .lwiplint.toml, else 0.
func (f *ramBudgetFlag) For(settings *config.File) int64 {
	if f.bytes > 0 {
		return f.bytes
	}
	if settings != nil {
		return settings.RAMBudget
	}
	return 0
}

func runRAM(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("ram", ramUsage, stderr)
	var lf loadFlags
	lf.register(fs)
	format := fs.String("format", "text", "output `FORMAT`: text, json or html")
	targetName := fs.String("target", "", "lay out for `TARGET`: "+strings.Join(ram.Targets, ", ")+" (default: from compile_commands.json, else cortex-m)")
	noCache := noCacheFlag(fs)
	if code, ok := parse(fs, args); !ok {
		return code
	}
	setTreeCache(*noCache)
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "lwiplint ram: no PATH given")
		return exitUsage
	}
	switch *format {
	case "text", "json", "html":
	default:
		fmt.Fprintf(stderr, "lwiplint ram: unknown --format %q (text, json, html)\n", *format)
		return exitUsage
	}
	var target *ram.Target
	if *targetName != "" {
		t, err := ram.LookupTarget(*targetName)
		if err != nil {
			fmt.Fprintf(stderr, "lwiplint ram: --target: %v\n", err)
			return exitUsage
		}
		target = t
	}
	cfgs, code := loadAll(fs.Args(), lf.p, stderr)
	if code == exitUsage {
		return code
	}
	var budgets []*ram.Budget
	for _, c := range cfgs {
		b, err := ram.Compute(c, target)
		if err != nil {
			fmt.Fprintf(stderr, "lwiplint ram: %s: %v\n", c.File, err)
			code = exitLoad
			continue
		}
		budgets = append(budgets, b)
	}
	var err error
	switch *format {
	case "json":
		objs := make([]ramJSON, len(budgets))
		for i, b := range budgets {
			objs[i] = newRAMJSON(b)
		}
		var out any = objs
		if len(objs) == 1 {
			out = objs[0] // as show --format json
		}
		if c := writeJSON(stdout, out); c != exitOK {
			return c
		}
		return code
	case "html":
		err = writeRAMHTML(stdout, budgets)
	default:
		err = writeRAMText(stdout, budgets)
	}
	if err != nil {
		fmt.Fprintf(stderr, "lwiplint ram: %v\n", err)
		return exitLoad
	}
	return code
}

// ramJSON is one configuration of ram --format json: the budget and its
// parts, largest first, with their shares of the total.
type ramJSON struct {
	*ram.Budget
	Parts []ram.Part `json:"parts"`
}

func newRAMJSON(b *ram.Budget) ramJSON {
	j := ramJSON{Budget: b, Parts: b.Parts()}
	if j.Parts == nil {
		j.Parts = []ram.Part{}
	}
	if j.Pools == nil {
		j.Pools = []ram.Pool{}
	}
	return j
}

// heapText says where the heap comes from.
func heapText(h ram.Heap) string {
	switch h.Source {
	case ram.HeapArray:
		return fmt.Sprintf("lwIP's array ram_heap (MEM_SIZE_ALIGNED %d + 2 × SIZEOF_STRUCT_MEM %d, aligned)", h.MemSize, h.StructMem)
	case ram.HeapPointer:
		return fmt.Sprintf("LWIP_RAM_HEAP_POINTER: %d bytes must be there (MEM_SIZE_ALIGNED %d + 2 × SIZEOF_STRUCT_MEM %d, aligned); not in the total", h.Bytes, h.MemSize, h.StructMem)
	case ram.HeapLibc:
		return "the C library's malloc (MEM_LIBC_MALLOC): no lwIP heap; its size is the C library's"
	case ram.HeapCustom:
		return "a custom allocator (MEM_CUSTOM_ALLOCATOR): no lwIP heap"
	case ram.HeapPools:
		return "memp pools (MEM_USE_POOLS): the malloc pools of lwippools.h, listed with the pools"
	}
	return string(h.Source)
}

// sortedPools returns the pools, largest array first (MEMP_MEM_MALLOC:
// largest heap cost), ties by name.
func sortedPools(b *ram.Budget) []ram.Pool {
	ps := append([]ram.Pool(nil), b.Pools...)
	key := func(p ram.Pool) int64 {
		if b.MempMalloc {
			return p.Count * max(p.HeapPerElement, p.Stride)
		}
		return p.Bytes
	}
	for i := 1; i < len(ps); i++ {
		for j := i; j > 0 && (key(ps[j]) > key(ps[j-1]) || key(ps[j]) == key(ps[j-1]) && ps[j].Name < ps[j-1].Name); j-- {
			ps[j], ps[j-1] = ps[j-1], ps[j]
		}
	}
	return ps
}

// tableRow is a row of the HTML table: a pool, or the heap (Heap set).
type tableRow struct {
	ram.Pool
	Heap bool
}

// tableRows returns the pools by size with the heap in its place.
func tableRows(b *ram.Budget) []tableRow {
	var rows []tableRow
	heapDone := !b.Heap.Static
	for _, p := range sortedPools(b) {
		if !heapDone && b.Heap.Bytes >= p.Bytes {
			rows = append(rows, tableRow{Pool: ram.Pool{Name: "heap", Bytes: b.Heap.Bytes}, Heap: true})
			heapDone = true
		}
		rows = append(rows, tableRow{Pool: p})
	}
	if !heapDone {
		rows = append(rows, tableRow{Pool: ram.Pool{Name: "heap", Bytes: b.Heap.Bytes}, Heap: true})
	}
	return rows
}

func share(n, total int64) string {
	if total <= 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f%%", 100*float64(n)/float64(total))
}

func writeRAMText(w io.Writer, budgets []*ram.Budget) error {
	for i, b := range budgets {
		if i > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "%s: lwIP %s, target %s\n", b.File, b.Version, b.Target)
		pools := sortedPools(b)
		width := len("total")
		for _, p := range pools {
			width = max(width, len(p.Name))
		}
		name := func(s string) string { return fmt.Sprintf("%-*s", width, s) }
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		if b.MempMalloc {
			fmt.Fprintln(w, "MEMP_MEM_MALLOC 1: the pools have no arrays; each element is allocated from the heap")
			fmt.Fprintf(tw, "%s\tcount\tsize\trequest\theap/element\theap, all\t\n", name("pool"))
			var sum int64
			for _, p := range pools {
				per, all := "-", "-"
				if p.HeapPerElement > 0 {
					per, all = fmt.Sprint(p.HeapPerElement), fmt.Sprint(p.Count*p.HeapPerElement)
					sum += p.Count * p.HeapPerElement
				}
				fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%s\t%s\t\n", name(p.Name), p.Count, p.Size, p.Stride, per, all)
			}
			if err := tw.Flush(); err != nil {
				return err
			}
			if sum > 0 {
				fmt.Fprintf(w, "at these counts (which MEMP_MEM_MALLOC does not enforce): %d bytes of the heap\n", sum)
			}
			fmt.Fprintf(w, "heap: %d bytes, %s\n", b.Heap.Bytes, heapText(b.Heap))
			fmt.Fprintf(w, "total: %d bytes\n", b.Total)
			continue
		}
		fmt.Fprintf(tw, "%s\tcount\tsize\tstride\tbytes\tshare\t\n", name("pool"))
		for _, r := range tableRows(b) {
			if r.Heap {
				fmt.Fprintf(tw, "%s\t\t\t\t%d\t%s\t\n", name("heap"), r.Bytes, share(r.Bytes, b.Total))
				continue
			}
			fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%s\t\n", name(r.Name), r.Count, r.Size, r.Stride, r.Bytes, share(r.Bytes, b.Total))
		}
		fmt.Fprintf(tw, "%s\t\t\t\t%d\t%s\t\n", name("total"), b.Total, share(b.Total, b.Total))
		if err := tw.Flush(); err != nil {
			return err
		}
		fmt.Fprintf(w, "heap: %s\n", heapText(b.Heap))
	}
	return nil
}

// ramPage is the HTML report: one self-contained page, no scripts, no
// external resources; each configuration a bar chart (inline SVG) beside
// its table.
var ramPage = template.Must(template.New("ram").Funcs(template.FuncMap{
	"share":      share,
	"heap":       heapText,
	"rows":       tableRows,
	"add":        func(a, b int) int { return a + b },
	"add64":      func(a int, b int64) int64 { return int64(a) + b },
	"barY":       func(i int) int { return 4 + 22*i },
	"barsHeight": func(n int) int { return 8 + 22*n },
	"barWidth": func(n int64, parts []ram.Part) int64 {
		// The largest part is 280 pixels wide; every drawn bar at least 1.
		if len(parts) == 0 || parts[0].Bytes <= 0 {
			return 0
		}
		return max(1, n*280/parts[0].Bytes)
	},
}).Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>lwiplint ram</title>
<style>
body { font-family: sans-serif; margin: 1.5em; color: #1a202c; }
section { margin-bottom: 2.5em; }
.row { display: flex; gap: 2em; align-items: flex-start; flex-wrap: wrap; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
th, td { padding: 0.2em 0.6em; border-bottom: 1px solid #e2e8f0; }
td.n, th.n { text-align: right; }
.note { color: #4a5568; }
</style>
</head>
<body>
<h1>Static RAM of lwIP's pools and heap</h1>
{{range $i, $b := .}}
<section class="config" data-file="{{$b.File}}">
<h2>{{$b.File}}</h2>
<p class="note">lwIP {{$b.Version}}, target {{$b.Target}}. Total: <span class="total" data-bytes="{{$b.Total}}">{{$b.Total}}</span> bytes.</p>
<div class="row">
{{$parts := $b.Parts}}
<svg class="chart" width="500" height="{{len $parts | barsHeight}}" role="img" aria-label="bytes per part">
{{range $j, $p := $parts}}<g>
<text x="0" y="{{barY $j | add 13}}" font-size="12">{{$p.Name}}</text>
<rect class="bar{{if eq $p.Name "heap"}} heap{{end}}" x="130" y="{{barY $j}}" width="{{barWidth $p.Bytes $parts}}" height="16" fill="{{if eq $p.Name "heap"}}#dd6b20{{else}}#2b6cb0{{end}}"></rect>
<text class="label" x="{{barWidth $p.Bytes $parts | add64 134}}" y="{{barY $j | add 13}}" font-size="11">{{$p.Bytes}}</text>
</g>
{{end}}</svg>
<table>
<thead><tr><th>part</th><th class="n">count</th><th class="n">size</th><th class="n">stride</th><th class="n">bytes</th><th class="n">share</th></tr></thead>
<tbody>
{{range rows $b}}{{if .Heap}}<tr class="heap" data-name="heap"><td>heap</td><td></td><td></td><td></td><td class="n bytes">{{.Bytes}}</td><td class="n">{{share .Bytes $b.Total}}</td></tr>
{{else}}<tr class="pool" data-name="{{.Name}}"><td>{{.Name}}</td><td class="n count">{{.Count}}</td><td class="n size">{{.Size}}</td><td class="n stride">{{.Stride}}</td><td class="n bytes">{{.Bytes}}</td><td class="n">{{share .Bytes $b.Total}}</td></tr>
{{end}}{{end}}<tr class="total"><th>total</th><td></td><td></td><td></td><td class="n bytes">{{$b.Total}}</td><td></td></tr>
</tbody>
</table>
</div>
{{if $b.MempMalloc}}<p class="note">MEMP_MEM_MALLOC 1: the pools have no arrays; each element is allocated from the heap.</p>{{end}}
<p class="note">Heap: {{heap $b.Heap}}.</p>
</section>
{{end}}
</body>
</html>
`))

// writeRAMHTML renders the page whole before writing it: no partial page
// on an error.
func writeRAMHTML(w io.Writer, budgets []*ram.Budget) error {
	var b bytes.Buffer
	if err := ramPage.Execute(&b, budgets); err != nil {
		return err
	}
	_, err := w.Write(b.Bytes())
	return err
}
