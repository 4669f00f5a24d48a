// Package lwiplint is the module root of lwiplint, a linter that knows an
// lwIP configuration the way the C preprocessor does.
//
// The work is split into packages:
//
//   - [github.com/lwiplint/lwiplint/lwipopts] loads a lwipopts.h (with
//     modernc.org/cc/v4, no host compiler), resolves every lwIP option as
//     lwip/opt.h would, and keeps the origin of each value;
//   - [github.com/lwiplint/lwiplint/lint] runs rules over a resolved
//     configuration and links each finding to the knowledge base;
//   - cmd/lwiplint is the command-line front end.
package lwiplint
