package lwipopts

import (
	"strings"
	"sync"
)

// The freestanding C headers of the target. lwiplint reads no C library:
// when an #include of <stdint.h>, <limits.h>, <stddef.h> or <stdbool.h>
// (the headers C11 4p6 requires of a freestanding implementation that
// define macros an #if can test), or of <inttypes.h>, is found nowhere in the search path, the
// header is served from this data instead of as an empty stub, so that
// RECV_BUFSIZE_DEFAULT INT_MAX (lwIP opt.h, via lwip/arch.h's
// #include <limits.h>) and INTPTR_MAX == INT64_MAX (false on a 32-bit
// target) evaluate as the compiler evaluates them. A real header on the
// search path (-I to a C library) still wins.
//
// The values are those of arm-none-eabi-gcc 12.2 with newlib for a
// Cortex-M (ILP32: int, long and pointers of 32 bits, long long of 64, a
// 32-bit unsigned wchar_t and wint_t), the target of [DefaultPredefined].
// freestanding_test.go checks each one, value and signedness, against
// that compiler's own headers.

// freestandingMacro is one macro of a freestanding header: Name may carry
// a parameter list ("INT32_C(c)").
type freestandingMacro struct{ Name, Value string }

// freestandingHeaders are the macros of each header, in the order written.
var freestandingHeaders = map[string][]freestandingMacro{
	"stdint.h": {
		{"INT8_MAX", "0x7f"}, {"INT8_MIN", "(-0x7f - 1)"}, {"UINT8_MAX", "0xff"},
		{"INT16_MAX", "0x7fff"}, {"INT16_MIN", "(-0x7fff - 1)"}, {"UINT16_MAX", "0xffff"},
		{"INT32_MAX", "0x7fffffffL"}, {"INT32_MIN", "(-0x7fffffffL - 1)"}, {"UINT32_MAX", "0xffffffffUL"},
		{"INT64_MAX", "0x7fffffffffffffffLL"}, {"INT64_MIN", "(-0x7fffffffffffffffLL - 1)"}, {"UINT64_MAX", "0xffffffffffffffffULL"},
		{"INT_LEAST8_MAX", "0x7f"}, {"INT_LEAST8_MIN", "(-0x7f - 1)"}, {"UINT_LEAST8_MAX", "0xff"},
		{"INT_LEAST16_MAX", "0x7fff"}, {"INT_LEAST16_MIN", "(-0x7fff - 1)"}, {"UINT_LEAST16_MAX", "0xffff"},
		{"INT_LEAST32_MAX", "0x7fffffffL"}, {"INT_LEAST32_MIN", "(-0x7fffffffL - 1)"}, {"UINT_LEAST32_MAX", "0xffffffffUL"},
		{"INT_LEAST64_MAX", "0x7fffffffffffffffLL"}, {"INT_LEAST64_MIN", "(-0x7fffffffffffffffLL - 1)"}, {"UINT_LEAST64_MAX", "0xffffffffffffffffULL"},
		// newlib's fast types of 8, 16 and 32 bits are all int.
		{"INT_FAST8_MAX", "0x7fffffff"}, {"INT_FAST8_MIN", "(-0x7fffffff - 1)"}, {"UINT_FAST8_MAX", "0xffffffffU"},
		{"INT_FAST16_MAX", "0x7fffffff"}, {"INT_FAST16_MIN", "(-0x7fffffff - 1)"}, {"UINT_FAST16_MAX", "0xffffffffU"},
		{"INT_FAST32_MAX", "0x7fffffff"}, {"INT_FAST32_MIN", "(-0x7fffffff - 1)"}, {"UINT_FAST32_MAX", "0xffffffffU"},
		{"INT_FAST64_MAX", "0x7fffffffffffffffLL"}, {"INT_FAST64_MIN", "(-0x7fffffffffffffffLL - 1)"}, {"UINT_FAST64_MAX", "0xffffffffffffffffULL"},
		{"INTPTR_MAX", "0x7fffffff"}, {"INTPTR_MIN", "(-0x7fffffff - 1)"}, {"UINTPTR_MAX", "0xffffffffU"},
		{"INTMAX_MAX", "0x7fffffffffffffffLL"}, {"INTMAX_MIN", "(-0x7fffffffffffffffLL - 1)"}, {"UINTMAX_MAX", "0xffffffffffffffffULL"},
		{"PTRDIFF_MAX", "0x7fffffff"}, {"PTRDIFF_MIN", "(-0x7fffffff - 1)"},
		{"SIG_ATOMIC_MAX", "0x7fffffff"}, {"SIG_ATOMIC_MIN", "(-0x7fffffff - 1)"},
		{"SIZE_MAX", "0xffffffffU"},
		{"WCHAR_MAX", "0xffffffffU"}, {"WCHAR_MIN", "0U"},
		{"WINT_MAX", "0xffffffffU"}, {"WINT_MIN", "0U"},
		{"INT8_C(c)", "c"}, {"INT16_C(c)", "c"}, {"INT32_C(c)", "c ## L"}, {"INT64_C(c)", "c ## LL"},
		{"UINT8_C(c)", "c"}, {"UINT16_C(c)", "c"}, {"UINT32_C(c)", "c ## UL"}, {"UINT64_C(c)", "c ## ULL"},
		{"INTMAX_C(c)", "c ## LL"}, {"UINTMAX_C(c)", "c ## ULL"},
	},
	"limits.h": {
		{"CHAR_BIT", "8"}, {"MB_LEN_MAX", "1"},
		// char is unsigned on ARM (AAPCS).
		{"SCHAR_MAX", "0x7f"}, {"SCHAR_MIN", "(-0x7f - 1)"}, {"UCHAR_MAX", "(0x7f * 2 + 1)"},
		{"CHAR_MAX", "(0x7f * 2 + 1)"}, {"CHAR_MIN", "0"},
		{"SHRT_MAX", "0x7fff"}, {"SHRT_MIN", "(-0x7fff - 1)"}, {"USHRT_MAX", "(0x7fff * 2 + 1)"},
		{"INT_MAX", "0x7fffffff"}, {"INT_MIN", "(-0x7fffffff - 1)"}, {"UINT_MAX", "(0x7fffffff * 2U + 1U)"},
		{"LONG_MAX", "0x7fffffffL"}, {"LONG_MIN", "(-0x7fffffffL - 1L)"}, {"ULONG_MAX", "(0x7fffffffL * 2UL + 1UL)"},
		{"LLONG_MAX", "0x7fffffffffffffffLL"}, {"LLONG_MIN", "(-0x7fffffffffffffffLL - 1LL)"},
		{"ULLONG_MAX", "(0x7fffffffffffffffLL * 2ULL + 1ULL)"},
		// gcc's own names of the long long limits (gnu11).
		{"LONG_LONG_MAX", "0x7fffffffffffffffLL"}, {"LONG_LONG_MIN", "(-0x7fffffffffffffffLL - 1LL)"},
		{"ULONG_LONG_MAX", "(0x7fffffffffffffffLL * 2ULL + 1ULL)"},
	},
	"stddef.h": {
		{"NULL", "((void *)0)"}, {"offsetof(TYPE, MEMBER)", "__builtin_offsetof (TYPE, MEMBER)"},
	},
	"stdbool.h": {
		{"bool", "_Bool"}, {"true", "1"}, {"false", "0"}, {"__bool_true_false_are_defined", "1"},
	},
	// <inttypes.h> is not a freestanding header (C11 7.8 is part of the
	// hosted library), but lwIP's arch.h includes it for the printf
	// formats of U16_F, X32_F and the others, and ports such as ESP-IDF's
	// arch/cc.h define S32_F as PRId32: without it those read as 0 in an
	// #if instead of as the strings they are. Its fprintf and fscanf
	// macros, as newlib defines them for the ILP32 target (int32_t is
	// long: "ld"), after the macros of <stdint.h>, which it includes.
	"inttypes.h": {
		{"PRId8", `"hhd"`}, {"PRIi8", `"hhi"`}, {"PRIo8", `"hho"`}, {"PRIu8", `"hhu"`}, {"PRIx8", `"hhx"`}, {"PRIX8", `"hhX"`},
		{"PRIdFAST8", `"d"`}, {"PRIiFAST8", `"i"`}, {"PRIoFAST8", `"o"`}, {"PRIuFAST8", `"u"`}, {"PRIxFAST8", `"x"`}, {"PRIXFAST8", `"X"`},
		{"PRIdLEAST8", `"hhd"`}, {"PRIiLEAST8", `"hhi"`}, {"PRIoLEAST8", `"hho"`}, {"PRIuLEAST8", `"hhu"`}, {"PRIxLEAST8", `"hhx"`}, {"PRIXLEAST8", `"hhX"`},
		{"PRId16", `"hd"`}, {"PRIi16", `"hi"`}, {"PRIo16", `"ho"`}, {"PRIu16", `"hu"`}, {"PRIx16", `"hx"`}, {"PRIX16", `"hX"`},
		{"PRIdFAST16", `"d"`}, {"PRIiFAST16", `"i"`}, {"PRIoFAST16", `"o"`}, {"PRIuFAST16", `"u"`}, {"PRIxFAST16", `"x"`}, {"PRIXFAST16", `"X"`},
		{"PRIdLEAST16", `"hd"`}, {"PRIiLEAST16", `"hi"`}, {"PRIoLEAST16", `"ho"`}, {"PRIuLEAST16", `"hu"`}, {"PRIxLEAST16", `"hx"`}, {"PRIXLEAST16", `"hX"`},
		{"PRId32", `"ld"`}, {"PRIi32", `"li"`}, {"PRIo32", `"lo"`}, {"PRIu32", `"lu"`}, {"PRIx32", `"lx"`}, {"PRIX32", `"lX"`},
		{"PRIdFAST32", `"d"`}, {"PRIiFAST32", `"i"`}, {"PRIoFAST32", `"o"`}, {"PRIuFAST32", `"u"`}, {"PRIxFAST32", `"x"`}, {"PRIXFAST32", `"X"`},
		{"PRIdLEAST32", `"ld"`}, {"PRIiLEAST32", `"li"`}, {"PRIoLEAST32", `"lo"`}, {"PRIuLEAST32", `"lu"`}, {"PRIxLEAST32", `"lx"`}, {"PRIXLEAST32", `"lX"`},
		{"PRIdMAX", `"d"`}, {"PRIiMAX", `"i"`}, {"PRIoMAX", `"o"`}, {"PRIuMAX", `"u"`}, {"PRIxMAX", `"x"`}, {"PRIXMAX", `"X"`},
		{"PRIdPTR", `"d"`}, {"PRIiPTR", `"i"`}, {"PRIoPTR", `"o"`}, {"PRIuPTR", `"u"`}, {"PRIxPTR", `"x"`}, {"PRIXPTR", `"X"`},
		{"SCNd16", `"hd"`}, {"SCNi16", `"hi"`}, {"SCNo16", `"ho"`}, {"SCNu16", `"hu"`}, {"SCNx16", `"hx"`},
		{"SCNdFAST16", `"d"`}, {"SCNiFAST16", `"i"`}, {"SCNoFAST16", `"o"`}, {"SCNuFAST16", `"u"`}, {"SCNxFAST16", `"x"`},
		{"SCNdLEAST16", `"hd"`}, {"SCNiLEAST16", `"hi"`}, {"SCNoLEAST16", `"ho"`}, {"SCNuLEAST16", `"hu"`}, {"SCNxLEAST16", `"hx"`},
		{"SCNd32", `"ld"`}, {"SCNi32", `"li"`}, {"SCNo32", `"lo"`}, {"SCNu32", `"lu"`}, {"SCNx32", `"lx"`},
		{"SCNdFAST32", `"d"`}, {"SCNiFAST32", `"i"`}, {"SCNoFAST32", `"o"`}, {"SCNuFAST32", `"u"`}, {"SCNxFAST32", `"x"`},
		{"SCNdLEAST32", `"ld"`}, {"SCNiLEAST32", `"li"`}, {"SCNoLEAST32", `"lo"`}, {"SCNuLEAST32", `"lu"`}, {"SCNxLEAST32", `"lx"`},
		{"SCNdMAX", `"d"`}, {"SCNiMAX", `"i"`}, {"SCNoMAX", `"o"`}, {"SCNuMAX", `"u"`}, {"SCNxMAX", `"x"`},
		{"SCNdPTR", `"d"`}, {"SCNiPTR", `"i"`}, {"SCNoPTR", `"o"`}, {"SCNuPTR", `"u"`}, {"SCNxPTR", `"x"`},
	},
}

// freestandingIncludes are the headers a freestanding header includes
// (after its macros, so that they keep their line numbers).
var freestandingIncludes = map[string][]string{"inttypes.h": {"stdint.h"}}

// freestandingText returns the source of a freestanding header named
// hdr as written in an #include ("stdint.h"), and whether there is one.
// The macros are on lines 1, 2, … in order, the #include lines of
// freestandingIncludes after them.
var freestandingText = sync.OnceValue(func() map[string][]byte {
	out := map[string][]byte{}
	for h, ms := range freestandingHeaders {
		var b strings.Builder
		for _, m := range ms {
			b.WriteString("#define " + m.Name + " " + m.Value + "\n")
		}
		for _, inc := range freestandingIncludes[h] {
			b.WriteString("#include <" + inc + ">\n")
		}
		out[h] = []byte(b.String())
	}
	return out
})

// freestandingHeader returns the scan of the freestanding header hdr, nil
// when hdr is not one.
func freestandingHeader(name, hdr string) *scanned {
	src, ok := freestandingText()[hdr]
	if !ok {
		return nil
	}
	sc, err := scanSource(name, src)
	if err != nil {
		return nil
	}
	return sc
}

// freestandingLabel starts the file name of a freestanding header in
// positions: "<freestanding C>/limits.h".
const freestandingLabel = "<freestanding C>/"

// freestandingSources are the freestanding headers as the interpreter
// (interp.go) reads them.
var freestandingSources = sync.OnceValue(func() map[string]*lwipSource {
	out := map[string]*lwipSource{}
	for h, src := range freestandingText() {
		if sc, err := scanSource(h, src); err == nil {
			out[h] = &lwipSource{dirs: sc.Dirs, src: sc.Src}
		}
	}
	return out
})

// freestandingSource returns the freestanding header hdr for the
// interpreter, nil when hdr is not one.
func freestandingSource(hdr string) *lwipSource { return freestandingSources()[hdr] }
