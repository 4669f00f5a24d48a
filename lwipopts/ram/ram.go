package ram

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/lwiplint/lwiplint/lwipopts"
)

// HeapSource says where lwIP's heap (mem_malloc) takes its memory.
type HeapSource string

// The heap sources, after lwIP 2.x mem.c's #if chain.
const (
	// HeapArray is lwIP's own array, ram_heap in mem.c.
	HeapArray HeapSource = "lwip"
	// HeapPointer is memory the port places with LWIP_RAM_HEAP_POINTER:
	// Bytes are what must be there, not part of the static total.
	HeapPointer HeapSource = "pointer"
	// HeapLibc is the C library's malloc (MEM_LIBC_MALLOC).
	HeapLibc HeapSource = "libc"
	// HeapCustom is the port's allocator (MEM_CUSTOM_ALLOCATOR, lwIP 2.2).
	HeapCustom HeapSource = "custom"
	// HeapPools is the memp pools (MEM_USE_POOLS): the malloc pools of
	// lwippools.h, listed with the other pools.
	HeapPools HeapSource = "pools"
)

// Pool is one memp pool of lwip/priv/memp_std.h the configuration creates.
type Pool struct {
	// Name is the pool's name in memp_std.h: "TCP_PCB" (MEMP_TCP_PCB).
	Name string `json:"name"`
	// Count is the number of elements, Size the element size memp_std.h
	// gives, Stride the bytes each element takes in the pool
	// (MEMP_SIZE + MEMP_ALIGN_SIZE(size), with the overflow check's
	// sanity regions).
	Count  int64 `json:"count"`
	Size   int64 `json:"size"`
	Stride int64 `json:"stride"`
	// Bytes is the size of the pool's array memp_memory_<Name>_base as
	// memp.c declares it (LWIP_DECLARE_MEMORY_ALIGNED: the alignment slack
	// included); 0 with MEMP_MEM_MALLOC, which declares no arrays.
	Bytes int64 `json:"bytes"`
	// HeapPerElement, with MEMP_MEM_MALLOC, is what one element takes from
	// lwIP's heap: mem_malloc(Stride) with its header and rounding (0 when
	// the C library or a custom allocator is the heap: their overhead is
	// theirs).
	HeapPerElement int64 `json:"heap_per_element,omitempty"`
	// Options are the options the count and element size are written
	// with in memp_std.h (MEMP_NUM_TCP_PCB; PBUF_POOL_SIZE and
	// PBUF_POOL_BUFSIZE).
	Options []string `json:"options,omitempty"`
}

// Heap is lwIP's heap, ram_heap.
type Heap struct {
	Source HeapSource `json:"source"`
	// Bytes is the size of ram_heap as mem.c declares it
	// (MEM_SIZE_ALIGNED + 2 * SIZEOF_STRUCT_MEM, aligned); with
	// HeapPointer the bytes that must be at LWIP_RAM_HEAP_POINTER; 0 for
	// the other sources.
	Bytes int64 `json:"bytes"`
	// Static is set when Bytes are part of the static total (HeapArray).
	Static bool `json:"static"`
	// MemSize is MEM_SIZE_ALIGNED, StructMem SIZEOF_STRUCT_MEM and MinSize
	// MIN_SIZE_ALIGNED of mem.c, when lwIP's allocator is used.
	MemSize   int64 `json:"mem_size,omitempty"`
	StructMem int64 `json:"struct_mem,omitempty"`
	MinSize   int64 `json:"min_size,omitempty"`
	// Options are the options that size the heap (MEM_SIZE).
	Options []string `json:"options,omitempty"`
}

// Budget is the static RAM of one configuration: lwIP's pools and heap.
type Budget struct {
	File    string `json:"file"`
	Version string `json:"lwip_version"`
	Target  string `json:"target"`
	// MempMalloc is MEMP_MEM_MALLOC: the pools are allocated from the heap
	// and have no arrays.
	MempMalloc bool   `json:"memp_mem_malloc"`
	Pools      []Pool `json:"pools"`
	Heap       Heap   `json:"heap"`
	// Total is the bytes of the pool arrays and of ram_heap: what the
	// linker reserves for lwIP's memory (other statics of lwIP, a few
	// hundred bytes of PCB lists and state, are not counted).
	Total int64 `json:"total"`
}

// Part is one line of a budget: a pool or the heap.
type Part struct {
	Name  string `json:"name"`
	Bytes int64  `json:"bytes"`
	// Share is Bytes over the budget's Total.
	Share   float64  `json:"share"`
	Options []string `json:"options,omitempty"`
}

// Parts returns the pools and the heap that take static RAM, largest
// first (ties by name).
func (b *Budget) Parts() []Part {
	var ps []Part
	for _, p := range b.Pools {
		if p.Bytes > 0 {
			ps = append(ps, Part{Name: p.Name, Bytes: p.Bytes, Options: p.Options})
		}
	}
	if b.Heap.Static && b.Heap.Bytes > 0 {
		ps = append(ps, Part{Name: "heap", Bytes: b.Heap.Bytes, Options: b.Heap.Options})
	}
	sort.SliceStable(ps, func(i, j int) bool {
		if ps[i].Bytes != ps[j].Bytes {
			return ps[i].Bytes > ps[j].Bytes
		}
		return ps[i].Name < ps[j].Name
	})
	var total int64
	for _, p := range ps {
		total += p.Bytes
	}
	for i := range ps {
		if total > 0 {
			ps[i].Share = float64(ps[i].Bytes) / float64(total)
		}
	}
	return ps
}

// MissingError says what a layout needs that the configuration does not
// have (an lwIP tree with its .c files, a port header).
type MissingError struct{ What string }

func (e *MissingError) Error() string { return e.What }

// Compute lays out lwIP's pools and heap for cfg on target t (nil: the
// target of cfg's compile_commands.json, else cortex-m). It type-checks
// the configuration's own src/core/memp.c and mem.c with cc/v4, as the
// compiler builds them, and reads the sizes of the arrays they declare.
func Compute(cfg *lwipopts.Config, t *Target) (*Budget, error) {
	if cfg.Stack == lwipopts.StackFreeRTOS {
		return nil, &MissingError{What: "a FreeRTOS+TCP configuration has no lwIP pools or heap: lwiplint ram lays out lwIP"}
	}
	env, err := cfg.CompileEnv()
	if err != nil {
		return nil, &MissingError{What: "no lwIP sources to lay out: " + err.Error() + " (the pool and heap sizes come from lwIP's src/core/memp.c and mem.c; give the tree with --lwip)"}
	}
	if t == nil {
		t = TargetFromFlags(env.TargetFlags)
		switch {
		case t == nil && len(env.TargetFlags) > 0:
			return nil, &MissingError{What: fmt.Sprintf("compile_commands.json builds lwIP with %s, a target lwiplint has no ABI for (it lays out %s): choose one with --target", filepath.Base(env.TargetFlags[0]), strings.Join(Targets, ", "))}
		case t == nil:
			t, _ = LookupTarget("")
		}
	}
	if strings.HasPrefix(cfg.Version, "1.") {
		return nil, &MissingError{What: "lwIP " + cfg.Version + " keeps every pool in one array (memp_memory): lwiplint ram lays out lwIP 2.x"}
	}
	core := filepath.Join(filepath.Dir(env.LwipDir), "core")
	memp, mem := filepath.Join(core, "memp.c"), filepath.Join(core, "mem.c")
	for _, f := range []string{memp, mem} {
		if fi, err := os.Stat(f); err != nil || !fi.Mode().IsRegular() {
			return nil, &MissingError{What: fmt.Sprintf("the lwIP tree %s has no %s (a tree of headers only, such as Debian's liblwip-dev): the pool and heap sizes need lwIP's src/core/memp.c and mem.c", env.LwipDir, filepath.Join("src", "core", filepath.Base(f)))}
		}
	}
	b, err := newBuilder(env, t)
	if err != nil {
		return nil, err
	}
	us := []*unit{{file: memp, probe: probeMemp}, {file: mem, probe: probeMem}}
	key := env.LwipDir + "\x00" + t.Name
	var edits enumEdits
	if t.ShortEnums {
		if e, ok := editCache.Load(key); ok {
			edits = e.(enumEdits)
		}
	}
	for attempt := 0; ; attempt++ {
		b.setEdits(edits)
		for _, u := range us {
			u.ast, u.err = nil, nil
		}
		err := b.translateAll(us)
		if err != nil && len(edits) > 0 && attempt == 0 {
			// Cached insertions that no longer fit the files: start
			// again without them.
			edits = nil
			continue
		}
		if err != nil {
			return nil, err
		}
		if !t.ShortEnums {
			break
		}
		want := b.wantEdits(us, edits)
		if equalEdits(want, edits) {
			break
		}
		if attempt >= 3 {
			return nil, errors.New("the widths of the enums did not settle after 3 translations")
		}
		edits = want
	}
	if t.ShortEnums {
		editCache.Store(key, edits)
	}
	return assemble(cfg, t, us[0], us[1])
}

func assemble(cfg *lwipopts.Config, t *Target, memp, mem *unit) (*Budget, error) {
	bud := &Budget{File: cfg.File, Version: cfg.Version, Target: t.Name}
	on := func(name string) bool { v, ok := cfg.Int(name); return ok && v != 0 }
	bud.MempMalloc = on("MEMP_MEM_MALLOC")
	texts := poolTexts(filepath.Join(cfg.LwipDir, "lwip", "priv", "memp_std.h"))
	for _, name := range probeNames(memp.ast) {
		p := Pool{Name: name}
		var ok1, ok2, ok3 bool
		p.Count, ok1 = arrayLen(memp.ast, "lwiplint_num_"+name)
		p.Size, ok2 = arrayLen(memp.ast, "lwiplint_size_"+name)
		p.Stride, ok3 = arrayLen(memp.ast, "lwiplint_stride_"+name)
		if !ok1 || !ok2 || !ok3 {
			return nil, fmt.Errorf("pool %s: cc/v4 gave no constant count, size or stride", name)
		}
		if n, ok := objectSize(memp.ast, "memp_memory_"+name+"_base"); ok {
			p.Bytes = n
		} else if !bud.MempMalloc {
			return nil, fmt.Errorf("pool %s: memp.c declares no memp_memory_%s_base", name, name)
		}
		for _, id := range texts[name] {
			if o := cfg.Option(id); o != nil && o.Known {
				p.Options = append(p.Options, id)
			}
		}
		bud.Pools = append(bud.Pools, p)
	}
	h := &bud.Heap
	h.Options = []string{"MEM_SIZE"}
	heapBytes, hasHeap := objectSize(mem.ast, "ram_heap")
	switch {
	case on("MEM_LIBC_MALLOC"):
		h.Source, h.Options = HeapLibc, nil
	case on("MEM_CUSTOM_ALLOCATOR"):
		h.Source, h.Options = HeapCustom, nil
	case on("MEM_USE_POOLS"):
		h.Source, h.Options = HeapPools, nil
	case !hasHeap:
		return nil, errors.New("mem.c declares no ram_heap and the configuration chooses no other heap")
	default:
		h.Source, h.Bytes, h.Static = HeapArray, heapBytes, true
		if o := cfg.Option("LWIP_RAM_HEAP_POINTER"); o != nil && o.Defined {
			h.Source, h.Static = HeapPointer, false
		}
		h.StructMem, _ = arrayLen(mem.ast, "lwiplint_struct_mem")
		h.MinSize, _ = arrayLen(mem.ast, "lwiplint_min_size")
		h.MemSize, _ = arrayLen(mem.ast, "lwiplint_mem_size")
	}
	if bud.MempMalloc && (h.Source == HeapArray || h.Source == HeapPointer) {
		align, _ := cfg.Int("MEM_ALIGNMENT")
		sanity, _ := arrayLen(mem.ast, "lwiplint_sanity")
		for i := range bud.Pools {
			bud.Pools[i].HeapPerElement = mallocCost(bud.Pools[i].Stride, align, h.MinSize, h.StructMem, sanity)
		}
	}
	for _, p := range bud.Parts() {
		bud.Total += p.Bytes
	}
	return bud, nil
}

// mallocCost is what mem_malloc(n) takes from lwIP's heap: the request
// aligned up to MEM_ALIGNMENT and at least MIN_SIZE_ALIGNED, the
// overflow check's sanity regions, and the struct mem header of the block
// (lwIP 2.1.3 and 2.2.1 src/core/mem.c, mem_malloc: lines 846-852 and
// 833-839).
func mallocCost(n, align, minSize, structMem, sanity int64) int64 {
	if align <= 0 {
		align = 1
	}
	n = (n + align - 1) / align * align
	n = max(n, minSize)
	return n + sanity + structMem
}

// poolCall matches one pool of memp_std.h: LWIP_MEMPOOL(NAME, NUM, SIZE, …)
// or LWIP_PBUF_MEMPOOL(NAME, NUM, PAYLOAD, …).
var poolCall = regexp.MustCompile(`(?m)^\s*LWIP_(?:PBUF_)?MEMPOOL\(\s*(\w+)\s*,([^,]*),([^,]*),`)

var ident = regexp.MustCompile(`[A-Za-z_]\w*`)

// poolTexts returns the identifiers in the count and size of every pool
// memp_std.h lists.
func poolTexts(file string) map[string][]string {
	out := map[string][]string{}
	b, err := os.ReadFile(file)
	if err != nil {
		return out
	}
	for _, m := range poolCall.FindAllStringSubmatch(string(b), -1) {
		if _, ok := out[m[1]]; ok {
			continue
		}
		seen := map[string]bool{}
		for _, id := range ident.FindAllString(m[2]+" "+m[3], -1) {
			if !seen[id] && id != "sizeof" && id != "struct" {
				seen[id] = true
				out[m[1]] = append(out[m[1]], id)
			}
		}
	}
	return out
}

// sizeRE is a size as ram-budget and --ram-budget take it.
var sizeRE = regexp.MustCompile(`^\s*([0-9]+)\s*(B|K|KB|KiB|M|MB|MiB)?\s*$`)

// ParseSize parses a size in bytes: "49152", "48KiB", "48K" (K, KB and
// KiB are 1024 bytes, M, MB and MiB 1024×1024, as linker scripts and
// datasheets count RAM).
func ParseSize(s string) (int64, error) {
	m := sizeRE.FindStringSubmatch(s)
	if m == nil {
		return 0, fmt.Errorf("%q is not a size (bytes, or a number with K, KiB, M or MiB: \"48KiB\")", s)
	}
	n, err := strconv.ParseInt(m[1], 10, 64)
	if err != nil || n > 1<<40 {
		return 0, fmt.Errorf("%q is too large a size", s)
	}
	switch m[2] {
	case "K", "KB", "KiB":
		n <<= 10
	case "M", "MB", "MiB":
		n <<= 20
	}
	return n, nil
}
