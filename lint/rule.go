package lint

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/lwiplint/lwiplint/lwipopts"
)

// Rule is one check with a stable ID and its documentation.
type Rule struct {
	// ID is "LW" and four digits; its first digit is the family. An ID is
	// never reused for a different check.
	ID string
	// Name is a short kebab-case name, such as "syn-retries-raised".
	Name string
	// Title is a capitalised one-line summary without a final period.
	Title    string
	Severity Severity
	// Since is the lwiplint version that introduced the rule.
	Since string
	// Versions lists the lwIP versions the rule applies to; empty means all.
	Versions []string
	// Lwip1 is set on a rule whose condition was checked against lwIP
	// 1.x's source as well (the doc cites it): it runs on 1.x too.
	Lwip1 bool
	// Doc is the documentation; read it with Documentation, which
	// prefers DocFunc.
	Doc Doc
	// DocFunc, when not nil, builds the documentation in place of Doc:
	// for rules generated from tables, whose text is needed only when it
	// is shown, so that starting lwiplint does not build it.
	DocFunc func() Doc
	// Advice lists knowledge-base entry IDs (embedded/lwip-…) that every
	// finding of the rule links.
	Advice []string
	// Note marks a rule whose findings say what lwiplint could not read or
	// had to assume while resolving the configuration (a header not found,
	// an assumed release, names it was not given), not what the
	// configuration gets wrong. The command line prints such findings once
	// per run, grouped, on standard error, instead of as results
	// (lwiplint check --show-notes reports them as findings).
	Note bool
	// Check inspects Pass.Config and reports findings. It must not panic
	// on unknown values: it returns without reporting.
	Check func(*Pass)
}

// Doc is the documentation of a rule, in Markdown.
type Doc struct {
	What   string // what is wrong
	Bad    string // a configuration that triggers the rule
	Good   string // the same configuration fixed
	Why    string // why it matters, with lwIP sources
	Ignore string // when it is fine to ignore the finding
}

// Documentation returns the rule's documentation: what DocFunc builds, or
// Doc.
func (r *Rule) Documentation() Doc {
	if r.DocFunc != nil {
		return r.DocFunc()
	}
	return r.Doc
}

// AppliesTo reports whether the rule runs for the lwIP version v. A rule
// without Versions applies to every lwIP 2.x version. On lwIP 1.x only the
// load family (LW9xxx: what lwIP's own files and the preprocessor say) and
// the rules that list the version run: the other checks are proven from
// lwIP 2.x sources, and 1.x differs in names, defaults and checks.
func (r *Rule) AppliesTo(v string) bool {
	if lwip1(v) {
		return familyDigit(r.ID) == '9' || r.Lwip1 || slices.Contains(r.Versions, v)
	}
	return len(r.Versions) == 0 || slices.Contains(r.Versions, v)
}

// lwip1 reports whether v is an lwIP 1.x version.
func lwip1(v string) bool { return strings.HasPrefix(v, "1.") }

// ForStack reports whether the rule is about the TCP/IP stack cfg
// configures: the FreeRTOS+TCP family (LW5xxx) only for FreeRTOS+TCP, the
// lwIP families (LW1–LW4) only for lwIP, load problems (LW9xxx) for both.
func (r *Rule) ForStack(cfg *lwipopts.Config) bool {
	switch familyDigit(r.ID) {
	case '9':
		return true
	case '5':
		return cfg.Stack == lwipopts.StackFreeRTOS
	}
	return cfg.Stack != lwipopts.StackFreeRTOS
}

// Family returns the name of the rule's family, derived from its ID.
func (r *Rule) Family() string { return families[familyDigit(r.ID)] }

var families = map[byte]string{
	'1': "tcp",
	'2': "memory",
	'3': "esp-idf",
	'4': "options",
	'5': "freertos-plus-tcp",
	'9': "load",
}

func familyDigit(id string) byte {
	if len(id) < 3 {
		return 0
	}
	return id[2]
}

var (
	idPattern   = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^LW[123459]\d{3}$`) })
	namePattern = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`) })
	kbPattern   = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^embedded/(lwip|freertos|esp-idf)-[a-z0-9]+(-[a-z0-9]+)*$`)
	})
	versionsOK = []string{"1.4.1", "2.0.3", "2.1.3", "2.2.0", "2.2.1"}
)

// Validate checks a rule set: IDs unique and well formed, names unique,
// documentation complete, advice IDs well formed and, when knownAdvice is
// not nil, present in the knowledge base.
func Validate(rules []*Rule, knownAdvice func(id string) bool) error {
	var errs []error
	ids := map[string]bool{}
	names := map[string]bool{}
	for i, r := range rules {
		if r == nil {
			errs = append(errs, fmt.Errorf("rule %d is nil", i))
			continue
		}
		bad := func(format string, args ...any) {
			errs = append(errs, fmt.Errorf("%s: %s", r.ID, fmt.Sprintf(format, args...)))
		}
		if !idPattern().MatchString(r.ID) {
			bad("ID must match %s", idPattern())
		}
		if ids[r.ID] {
			bad("duplicate ID")
		}
		ids[r.ID] = true
		if !namePattern().MatchString(r.Name) {
			bad("name %q is not kebab-case", r.Name)
		}
		if names[r.Name] {
			bad("duplicate name %q", r.Name)
		}
		names[r.Name] = true
		if r.Title == "" || strings.HasSuffix(r.Title, ".") || strings.ToUpper(r.Title[:1]) != r.Title[:1] {
			bad("title %q must be non-empty, capitalised, without final period", r.Title)
		}
		if _, ok := severityNames[r.Severity]; !ok {
			bad("invalid severity %d", r.Severity)
		}
		if r.Since == "" {
			bad("missing Since")
		}
		for _, v := range r.Versions {
			if !slices.Contains(versionsOK, v) {
				bad("unknown lwIP version %q", v)
			}
		}
		doc := r.Documentation()
		for field, s := range map[string]string{"What": doc.What, "Bad": doc.Bad, "Good": doc.Good, "Why": doc.Why, "Ignore": doc.Ignore} {
			if strings.TrimSpace(s) == "" {
				bad("empty Doc.%s", field)
			}
		}
		for _, a := range r.Advice {
			if !kbPattern().MatchString(a) {
				bad("advice %q is not an embedded/lwip-…, embedded/freertos-… or embedded/esp-idf-… ID", a)
			} else if knownAdvice != nil && !knownAdvice(a) {
				bad("advice %q is not in the knowledge base", a)
			}
		}
		if r.Check == nil {
			bad("nil Check")
		}
	}
	if !slices.IsSortedFunc(rules, func(a, b *Rule) int {
		if a == nil || b == nil {
			return 0
		}
		return strings.Compare(a.ID, b.ID)
	}) {
		errs = append(errs, errors.New("rules are not sorted by ID"))
	}
	return errors.Join(errs...)
}
