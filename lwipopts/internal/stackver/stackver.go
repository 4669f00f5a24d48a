package stackver

import (
	"fmt"
	"strings"
)

// Found is the result of the search for one stack's tree and version.
type Found struct {
	// Stack names the stack for messages: "lwIP", "ESP-IDF",
	// "FreeRTOS+TCP".
	Stack string
	// Tree is the directory of the stack's tree that was chosen (for lwIP
	// the include directory holding lwip/init.h), "" when none is used.
	Tree string
	// Version is the version the configuration is checked against
	// ("2.1.3", "v5.1.2", "V4.1.0").
	Version string
	// From is the short word for where Version came from, as
	// lwipopts.Config.VersionFrom and `lwiplint show --json` report it:
	// "flag", "tree", "names", "newest", … Each stack documents its words.
	From string
	// How says in words how the tree or the version was found, for the
	// note that names it: "the -I directory", "the only lwIP tree in the
	// project", "named by .gitmodules". Empty when there is nothing more
	// to say than From.
	How string
	// Others are the other trees the search saw and did not choose.
	Others []string
	// Assumed is set when nothing was found: Version is a default, not a
	// fact about the project. A finding that exists only because of an
	// assumed version is never an error.
	Assumed bool
}

// Note is the one line that says what was chosen, such as
// "lwIP 2.0.3 from lwip/init.h of third_party/lwip/src/include (the only
// lwIP tree in the project)". rel shortens paths for display; nil keeps
// them.
func (f Found) Note(rel func(string) string) string {
	if rel == nil {
		rel = func(s string) string { return s }
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s", f.Stack, f.Version)
	switch {
	case f.Assumed:
		b.WriteString(" assumed")
	case f.Tree != "":
		fmt.Fprintf(&b, " from the tree %s", rel(f.Tree))
	}
	if f.How != "" {
		fmt.Fprintf(&b, " (%s)", f.How)
	} else if f.From != "" && f.Tree == "" && !f.Assumed {
		fmt.Fprintf(&b, " (%s)", f.From)
	}
	if len(f.Others) > 0 {
		o := make([]string, len(f.Others))
		for i, s := range f.Others {
			o[i] = rel(s)
		}
		fmt.Fprintf(&b, "; also found, not used: %s", strings.Join(o, ", "))
	}
	return b.String()
}
