// Package ram computes the static RAM an lwIP configuration reserves: the
// array of every memp pool that lwip/priv/memp_std.h creates for it, and
// lwIP's heap ram_heap, exact to the byte for a target ABI. [Compute]
// returns a [Budget] that build tools can gate on (lwiplint ram prints it;
// rule LW2006 compares it with a ram-budget).
//
// Nothing is tabulated by hand. The configuration's own lwIP tree
// (src/core/memp.c and mem.c) is type-checked with modernc.org/cc/v4 for
// the target, with the configuration's include path and macros
// ([lwipopts.Config.CompileEnv]), the port's arch/cc.h and sys_arch.h, and
// lwiplint's own C library headers where the include path has none
// (libc/free: types and limits from the target's predefined macros;
// libc/hosted: declarations only). The size of each pool is the size of
// the array memp.c declares (memp_memory_<NAME>_base, through lwip/memp.h's
// LWIP_MEMPOOL_DECLARE and LWIP_DECLARE_MEMORY_ALIGNED), the heap's that
// of mem.c's ram_heap, so MEMP_SIZE, the overflow check's sanity regions,
// SIZEOF_STRUCT_MEM, mem_size_t and the version differences come from the
// headers. A probe appended to each unit includes memp_std.h once more to
// read each pool's count, element size and stride the same way.
//
// arm-none-eabi-gcc gives an enum the smallest integer type that holds
// its values (-fshort-enums is the ARM EABI default); cc/v4's linux/arm
// ABI gives every enum int. On such a target the units are translated
// twice: the second time each enum definition of the first that gcc makes
// narrower gets that width as a C23 fixed underlying type (enum X :
// unsigned char { … }), inserted before its '{' in the text served to
// cc/v4.
//
// The tests compile memp.c and mem.c of lwIP 2.1.3 and 2.2.1 with
// arm-none-eabi-gcc (and gcc -m32, gcc for x86-64) for every fixture of
// testdata/configs and require the sizes of the object file's symbols to
// equal the Budget's.
package ram
