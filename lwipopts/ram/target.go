package ram

import (
	"fmt"
	"path/filepath"
	"strings"

	"modernc.org/cc/v4"
)

// Target is the C ABI lwIP's structures are laid out for.
type Target struct {
	// Name is the value of --target: "cortex-m" (the default),
	// "cortex-m-int-enums", "x86" or "x86-64".
	Name string
	// ShortEnums makes an enum as wide as its values need (gcc's
	// -fshort-enums, the default of arm-none-eabi-gcc).
	ShortEnums bool
	goarch     string   // the cc/v4 ABI (linux/GOARCH)
	predefined []string // NAME VALUE, as gcc predefines them
}

// Targets lists the names of the targets, the default first.
var Targets = []string{"cortex-m", "cortex-m-int-enums", "x86", "x86-64"}

// The predefined macros of each target that the layout depends on, as
// arm-none-eabi-gcc 12.2 (-mcpu=cortex-m4 -mthumb), gcc -m32 and gcc
// (x86-64) print them with -dM -E.
var (
	ilp32 = []string{
		"__SIZEOF_INT__ 4", "__SIZEOF_LONG__ 4", "__SIZEOF_POINTER__ 4", "__SIZEOF_SIZE_T__ 4",
		"__SIZE_TYPE__ unsigned int", "__PTRDIFF_TYPE__ int", "__INTPTR_TYPE__ int", "__UINTPTR_TYPE__ unsigned int",
		"__SIZE_MAX__ 0xffffffffU", "__PTRDIFF_MAX__ 0x7fffffff", "__INTPTR_MAX__ 0x7fffffff", "__UINTPTR_MAX__ 0xffffffffU",
		"__LONG_MAX__ 0x7fffffffL",
		"__INT64_TYPE__ long long int", "__UINT64_TYPE__ long long unsigned int",
		"__INT64_MAX__ 0x7fffffffffffffffLL", "__UINT64_MAX__ 0xffffffffffffffffULL",
		"__INTMAX_TYPE__ long long int", "__UINTMAX_TYPE__ long long unsigned int",
		"__INTMAX_MAX__ 0x7fffffffffffffffLL", "__UINTMAX_MAX__ 0xffffffffffffffffULL",
		"__INT64_C(c) c ## LL", "__UINT64_C(c) c ## ULL",
	}
	common = []string{
		"__STDC__ 1", "__STDC_VERSION__ 201112L", "__STDC_HOSTED__ 0",
		"__GNUC__ 12", "__GNUC_MINOR__ 2", "__GNUC_PATCHLEVEL__ 1",
		"__CHAR_BIT__ 8", "__SIZEOF_SHORT__ 2", "__SIZEOF_LONG_LONG__ 8",
		"__SCHAR_MAX__ 0x7f", "__SHRT_MAX__ 0x7fff", "__INT_MAX__ 0x7fffffff", "__LONG_LONG_MAX__ 0x7fffffffffffffffLL",
		"__INT8_TYPE__ signed char", "__UINT8_TYPE__ unsigned char", "__INT16_TYPE__ short int", "__UINT16_TYPE__ short unsigned int",
		"__INT8_MAX__ 0x7f", "__UINT8_MAX__ 0xff", "__INT16_MAX__ 0x7fff", "__UINT16_MAX__ 0xffff",
		"__ORDER_LITTLE_ENDIAN__ 1234", "__ORDER_BIG_ENDIAN__ 4321", "__BYTE_ORDER__ __ORDER_LITTLE_ENDIAN__",
	}
	armEABI = []string{
		"__arm__ 1", "__thumb__ 1", "__thumb2__ 1", "__ARMEL__ 1", "__ARM_ARCH 7", "__ARM_ARCH_7EM__ 1", "__ARM_EABI__ 1",
		"__ARM_ARCH_PROFILE 77", "__CHAR_UNSIGNED__ 1", "__ARM_SIZEOF_WCHAR_T 4",
		"__INT32_TYPE__ long int", "__UINT32_TYPE__ long unsigned int", "__INT32_MAX__ 0x7fffffffL", "__UINT32_MAX__ 0xffffffffUL",
		"__INT32_C(c) c ## L", "__UINT32_C(c) c ## UL",
		"__INT_FAST8_TYPE__ int", "__UINT_FAST8_TYPE__ unsigned int", "__INT_FAST16_TYPE__ int", "__UINT_FAST16_TYPE__ unsigned int",
		"__INT_FAST32_TYPE__ int", "__UINT_FAST32_TYPE__ unsigned int", "__WCHAR_TYPE__ unsigned int",
	}
	x86 = []string{
		"__i386__ 1", "__i386 1", "i386 1", "__linux__ 1", "__unix__ 1",
		"__INT32_TYPE__ int", "__UINT32_TYPE__ unsigned int", "__INT32_MAX__ 0x7fffffff", "__UINT32_MAX__ 0xffffffffU",
		"__INT32_C(c) c", "__UINT32_C(c) c ## U",
		"__INT_FAST8_TYPE__ signed char", "__UINT_FAST8_TYPE__ unsigned char", "__INT_FAST16_TYPE__ int", "__UINT_FAST16_TYPE__ unsigned int",
		"__INT_FAST32_TYPE__ int", "__UINT_FAST32_TYPE__ unsigned int", "__WCHAR_TYPE__ long int",
	}
	x8664 = []string{
		"__x86_64__ 1", "__x86_64 1", "__amd64__ 1", "__LP64__ 1", "_LP64 1", "__linux__ 1", "__unix__ 1",
		"__SIZEOF_INT__ 4", "__SIZEOF_LONG__ 8", "__SIZEOF_POINTER__ 8", "__SIZEOF_SIZE_T__ 8",
		"__SIZE_TYPE__ long unsigned int", "__PTRDIFF_TYPE__ long int", "__INTPTR_TYPE__ long int", "__UINTPTR_TYPE__ long unsigned int",
		"__SIZE_MAX__ 0xffffffffffffffffUL", "__PTRDIFF_MAX__ 0x7fffffffffffffffL", "__INTPTR_MAX__ 0x7fffffffffffffffL", "__UINTPTR_MAX__ 0xffffffffffffffffUL",
		"__LONG_MAX__ 0x7fffffffffffffffL",
		"__INT32_TYPE__ int", "__UINT32_TYPE__ unsigned int", "__INT32_MAX__ 0x7fffffff", "__UINT32_MAX__ 0xffffffffU",
		"__INT64_TYPE__ long int", "__UINT64_TYPE__ long unsigned int", "__INT64_MAX__ 0x7fffffffffffffffL", "__UINT64_MAX__ 0xffffffffffffffffUL",
		"__INTMAX_TYPE__ long int", "__UINTMAX_TYPE__ long unsigned int", "__INTMAX_MAX__ 0x7fffffffffffffffL", "__UINTMAX_MAX__ 0xffffffffffffffffUL",
		"__INT32_C(c) c", "__UINT32_C(c) c ## U", "__INT64_C(c) c ## L", "__UINT64_C(c) c ## UL",
		"__INT_FAST8_TYPE__ signed char", "__UINT_FAST8_TYPE__ unsigned char", "__INT_FAST16_TYPE__ long int", "__UINT_FAST16_TYPE__ long unsigned int",
		"__INT_FAST32_TYPE__ long int", "__UINT_FAST32_TYPE__ long unsigned int", "__WCHAR_TYPE__ int",
	}
)

// LookupTarget returns the target called name ([Targets]).
func LookupTarget(name string) (*Target, error) {
	cat := func(parts ...[]string) []string {
		var out []string
		for _, p := range parts {
			out = append(out, p...)
		}
		return out
	}
	switch name {
	case "", "cortex-m":
		return &Target{Name: "cortex-m", ShortEnums: true, goarch: "arm", predefined: cat(common, ilp32, armEABI, []string{"__ARM_SIZEOF_MINIMAL_ENUM 1"})}, nil
	case "cortex-m-int-enums":
		return &Target{Name: name, goarch: "arm", predefined: cat(common, ilp32, armEABI, []string{"__ARM_SIZEOF_MINIMAL_ENUM 4"})}, nil
	case "x86":
		return &Target{Name: name, goarch: "386", predefined: cat(common, ilp32, x86)}, nil
	case "x86-64":
		return &Target{Name: name, goarch: "amd64", predefined: cat(common, x8664)}, nil
	}
	return nil, fmt.Errorf("unknown target %q (known: %s)", name, strings.Join(Targets, ", "))
}

// TargetFromFlags returns the target a compile_commands.json entry builds
// for (lwipopts.CompileEnv.TargetFlags: the compiler, -m… and
// -f[no-]short-enums), or nil for a compiler of another target (or no
// flags).
func TargetFromFlags(flags []string) *Target {
	if len(flags) == 0 {
		return nil
	}
	compiler := filepath.Base(flags[0])
	name := ""
	switch {
	case strings.HasPrefix(compiler, "arm-none-eabi-"):
		name = "cortex-m"
	case compiler == "gcc" || compiler == "cc" || compiler == "clang" || strings.HasPrefix(compiler, "x86_64-linux-gnu-"):
		name = "x86-64"
	case strings.HasPrefix(compiler, "i686-linux-gnu-") || strings.HasPrefix(compiler, "i386-linux-gnu-"):
		name = "x86"
	default:
		// Another cross compiler (xtensa-esp32-elf-gcc, riscv…): an ABI
		// lwiplint does not lay out for.
		return nil
	}
	for _, f := range flags[1:] {
		switch {
		case f == "-m32":
			name = "x86"
		case f == "-m64":
			name = "x86-64"
		case f == "-mthumb" || strings.HasPrefix(f, "-mcpu=cortex-m"):
			if name != "cortex-m-int-enums" {
				name = "cortex-m"
			}
		}
	}
	for _, f := range flags[1:] {
		switch {
		case f == "-fno-short-enums" && name == "cortex-m":
			name = "cortex-m-int-enums"
		case f == "-fshort-enums" && name == "cortex-m-int-enums":
			name = "cortex-m"
		}
	}
	if name == "" {
		return nil
	}
	t, _ := LookupTarget(name)
	return t
}

// predefinedSource returns the target's predefined macros as C source.
func (t *Target) predefinedSource() string {
	seen := map[string]int{}
	var lines []string
	for _, d := range t.predefined {
		name, _, _ := strings.Cut(d, " ")
		if i, ok := seen[name]; ok {
			lines[i] = "#define " + d
			continue
		}
		seen[name] = len(lines)
		lines = append(lines, "#define "+d)
	}
	return strings.Join(lines, "\n") + "\n"
}

func (t *Target) abi() (*cc.ABI, error) { return cc.NewABI("linux", t.goarch) }
