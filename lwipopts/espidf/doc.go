// Package espidf reads ESP-IDF project configurations and turns them into
// the lwIP options that ESP-IDF's components/lwip/port/include/lwipopts.h
// defines for them, with the origin of every value.
//
// # Reading
//
// [Parse] and [ReadFile] read an sdkconfig, an sdkconfig.defaults or
// sdkconfig.defaults.<target>, or a generated sdkconfig.h ([Kind]) with
// the rules of Kconfiglib's loader as used by kconfgen (esp-idf-kconfig):
// assignments in column 0, "# CONFIG_X is not set", comments, string
// escapes, Python's universal newlines (LF, CRLF, CR), and for defaults
// files kconfgen's stripping and "CONFIG_X=" as n. Problems are
// [Diagnostic]s with a file and line, never panics: files above
// [MaxFileSize], NUL bytes and invalid UTF-8 are reported and skipped.
//
// # Layering and Kconfig
//
// [Layer] combines files in kconfgen's order (defaults, then defaults for
// the target, then sdkconfig; a later assignment wins, duplicates within a
// file are reported), renames deprecated names through the
// sdkconfig.rename lists of the ESP-IDF release, and checks values against
// the symbols' types. [Values.Translate] then computes each Kconfig symbol
// as kconfgen does (user value only when the symbol is visible, first
// default that applies, select, choice selection) and reports values that
// kconfgen ignores: outside the active range (the default is used
// instead), dependencies not met, no prompt, unknown CONFIG_LWIP_ names
// (with a suggestion).
//
// # Translation
//
// The [Translation] holds a C header with one "#define NAME VALUE" line per
// object-like macro of ESP-IDF's lwipopts.h for those values, numbers
// computed, fixed settings included (MEMP_MEM_MALLOC 1, …), and for each
// line a [Line] telling where it comes from: the sdkconfig line of the
// CONFIG symbol ([OriginSdkconfig]), its Kconfig default
// ([OriginKconfigDefault]) or an ESP-IDF fixed setting ([OriginFixed]),
// with the ESP-IDF file and tag. Translation.Lwip lists how the pinned
// esp-lwip differs from upstream lwIP (overridable TCP_FIN_WAIT_TIMEOUT and
// TCP_OOSEQ_TIMEOUT, no RTO back-off in SYN_RCVD, on-demand timers), and
// Translation.LwipBase names the upstream release it is based on.
//
// # Versions
//
// The facts come from tables in data/, one per ESP-IDF release (see
// [Versions]): the Kconfig symbols (type, defaults, ranges, dependencies,
// citing the file and line), the lwipopts.h defines with their conditions,
// and the renames. They are generated from ESP-IDF's git tags by
// mirror_test.go and checked against them when a mirror is present;
// kconfgen_test.go runs kconfgen itself on every fixture and compares.
// The version is Options.Version, else that of Options.IDFPath
// (tools/cmake/version.cmake), else kconfgen's header line in the files,
// else the project's dependencies.lock, else [DefaultVersion]; a version
// without a table uses the nearest one and says so.
//
// # Discovery
//
// [Discover] finds project roots (a CMakeLists.txt that includes ESP-IDF's
// tools/cmake/project.cmake) and their files; [Project.Files] orders them
// for a target and [Project.Load] translates them.
package espidf
