// Package linttest runs lwiplint rules over txtar fixtures and checks the
// findings against the fixtures' "want" comments.
//
// A fixture is a txtar archive. Its comment starts with a one-line purpose;
// further comment lines may be
//
//	lwip: 2.1.3 2.2.1 tree   versions to resolve with the built-in tables;
//	                         "tree" also resolves with Debian's lwIP headers;
//	                         "git:2.1.3" resolves with lwIP's real source tree
//	                         of that release (see [ExtractTree]), after
//	                         appending the archive's lwip-append/<path> files
//	ram-budget: 16384        lint.Options.RAMBudget in bytes
//	needs: preprocess        skip unless the resolver can preprocess .c files
//	want-elsewhere "regex"   a finding outside the archive's files (an lwIP
//	                         default) whose "LWxxxx message" matches
//
// Without an lwip line the fixture runs for every version the rule applies
// to; an ESP-IDF fixture runs once, with the esp-lwip table of its release. Files of the archive are written to a temporary directory; the
// configuration is its lwipopts.h. A line of any file may end with
// `// want "regex"` (several quoted regexes allowed): a finding of the rule
// on that line must match "LWxxxx message". Every finding of the rule must be
// wanted.
package linttest
