// Package lwipopts loads an lwIP configuration (lwipopts.h, its includes,
// -D/-I/--include and compile_commands.json) and resolves the effective
// value of every lwIP option exactly as lwip/opt.h and the C preprocessor
// would, together with where each value came from.
//
// Preprocessing is done by modernc.org/cc/v4; no host C compiler is run.
// Every file is served to cc/v4 through a filter that keeps preprocessing
// directives and blanks other lines (line numbers unchanged), so vendor
// headers full of C code never stop the preprocessor, and headers that
// cannot be found are read as empty and reported as a [Note]. cc/v4 does not
// evaluate #if itself: every conditional chain it reads is decided by the
// package's own evaluator, which follows gcc (ifhook.go).
//
// lwIP's own headers are reduced once per tree to what option resolution
// needs (conditionals, includes, #error lines and constant #defines, at
// their original line numbers) and reused across configurations by a
// [Loader]. Without a tree, built-in tables generated the same way from
// lwIP 1.4.1, 2.0.3, 2.1.3, 2.2.0 and 2.2.1 are used (see [BuiltinVersions]).
// Which tree and version a configuration is checked against is decided in
// one place (findlwip.go; the README's "How the version is chosen").
// The reduced headers are evaluated by lwiplint's own directive
// interpreter; cc/v4 preprocesses the files of the user (the
// configuration, what it includes, the port's headers) where lwIP includes
// them, with the macros defined up to that point. An input the interpreter
// does not handle as it handles lwIP's headers is preprocessed by cc/v4 as
// a whole instead; the environment variable LWIPLINT_INTERP=0 forces that.
// A [Loader] with a [TreeCache] also keeps the reduced trees on disk for
// later processes, and [Config.Inputs] lists the state of every path a
// result was computed from, so that a caller can tell, with one os.Stat per
// path, that loading again would give the same result.
//
// Values are those an #if line after lwIP's headers sees: identifiers that
// are not macros read as 0, arithmetic is intmax_t/uintmax_t, and a value
// with a cast, sizeof or an empty body is marked as not evaluable with the
// reason.
package lwipopts
