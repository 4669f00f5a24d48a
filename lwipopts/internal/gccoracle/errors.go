package gccoracle

import (
	"context"
	"os"
	"path/filepath"
)

// Diagnostic is one error gcc reported while preprocessing a file.
type Diagnostic struct {
	File string // as gcc names it
	Line int
	Msg  string // the text after "error: ", such as `#error "text"`
}

// Errors preprocesses the C file src (lwIP's src/core/init.c, say) with
// the include path, defines and -include files of r (r.Headers and r.Names
// are not used) and returns every error gcc reports, in gcc's order: the
// #error lines reached and the errors gcc carries on from, such as a
// division by zero in #if. Missing headers are stubbed as in Eval.
func Errors(ctx context.Context, r Request, src string) ([]Diagnostic, error) {
	if r.GCC == "" {
		r.GCC = "gcc"
	}
	tmp, err := os.MkdirTemp("", "gccoracle-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	g := &runner{req: r, tmp: tmp, stub: filepath.Join(tmp, "stub")}
	if err := os.Mkdir(g.stub, 0o755); err != nil {
		return nil, err
	}
	g.protected = map[string]bool{"lwip/opt.h": true, "lwipopts.h": true}
	_, diags, err := g.run(ctx, src, "-P")
	if err != nil {
		return nil, err
	}
	var out []Diagnostic
	for _, d := range diags {
		out = append(out, Diagnostic{File: d.file, Line: d.line, Msg: d.msg})
	}
	return out, nil
}
