// Package lint is the rules engine of lwiplint.
//
// A [Rule] is a stable ID (LW1xxx TCP, LW2xxx memory and pools, LW3xxx
// ESP-IDF, LW4xxx option names, versions and combinations, LW9xxx load
// problems), documentation and a check. [Run] applies rules to a resolved
// [lwipopts.Config] and returns [Finding]s in a deterministic order;
// [Validate] checks a rule set for unique IDs and complete documentation.
// [Timing] computes the time budgets a configuration implies.
//
// The rules themselves live in package rules, the output formats in package
// report and the fixture harness in package linttest.
package lint
