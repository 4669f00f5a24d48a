// Package freertos holds what lwiplint knows about FreeRTOS+TCP's
// configuration, per release, as data: the defaults of
// FreeRTOSIPConfigDefaults.h, the compile-time checks of the stack's core
// sources, the macro names it rejects as renamed or removed, and the
// features that identify a release in a source tree. It reads no user
// configuration itself; option resolution and the rules that use these
// facts live elsewhere (see RULES.md in this directory).
//
// # Versions
//
// [Versions] lists the releases with a table: every release tag of
// FreeRTOS/FreeRTOS-Plus-TCP from V2.2.2 to V4.4.1 (with the patch
// releases V2.3.2-LTS-Patch-1, V2.3.2-LTS-Patch-2 and V2.3.3-Patch-1,
// ordered after their release), and the versions of
// the history imported from FreeRTOS's SVN before the first tag (V2.0.0,
// the code shipped with FreeRTOS V10.0.0, to V2.2.1), each at the first
// commit whose FreeRTOS_IP.c names it. [Get] returns a [Table];
// [Defaults], [Checks] and [Renames] are shortcuts, and [Nearest] picks
// the table that stands for a release without one.
//
// # Facts
//
// A [Default] is a #define of FreeRTOSIPConfigDefaults.h with its value,
// the condition it is under and its line; Forced marks the few that are
// not guarded by an #ifndef of their own name. Since the defaults use the
// #ifndef pattern, a value in FreeRTOSIPConfig.h always wins over them,
// and a default written in terms of other macros is evaluated where it is
// used. A [Check] is an #error, #warning or STATIC_ASSERT with its
// condition, file and line, classified ([ClassBool] for the V4.1.0+ checks
// that a boolean option is 0 or 1, [ClassRenamed] for rejected old names,
// and so on). Check.BeforeDefault names the macros a check reads before
// their default is defined: in V2.x the event-queue and MTU checks run
// before the defaults, so a configuration that leaves those macros out
// fails to compile although defaults exist. Table.Probes locate run-time
// behaviour that no check covers (the MSS/MTU configASSERT, the MSS clamp
// to 536, the RST handling in SYN-SENT), so rules can tell which releases
// have it.
//
// Every #error text is stored as the compiler prints it, with comments
// removed: where a message contains a URL, the "//" starts a comment and
// the message ends there.
//
// # Kernel
//
// [Kernel] tables (kernel/<tag>.yaml, [Table.KernelFor]) hold the macros of
// FreeRTOS-Kernel's projdefs.h and the GCC/ARM_CM4F portmacro.h per kernel
// release, taken from gcc's preprocessing of FreeRTOS.h by
// kernel_mirror_test.go.
//
// # Detection
//
// [DetectVersion] finds the stack in a source tree and identifies its
// release from file fingerprints, manifest.yml, the version macro, the
// file header and the layout, in that order, matching each against what
// the releases really contain (the version strings in the sources are
// wrong in several releases). Without a tree it narrows the range from
// the macro names of a configuration.
//
// # Data
//
// The tables are data/<version>.yaml, embedded and decoded strictly. They
// are generated from a git mirror of FreeRTOS+TCP by mirror_test.go
// (LWIPLINT_UPDATE=1 go test ./lwipopts/freertos -run TestMirrorTables),
// which also checks them against the mirror and, with gcc, against the
// preprocessor. They hold names, expressions, numbers, texts of #error
// lines, paths and line numbers: no FreeRTOS+TCP source text.
package freertos
