package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/lwiplint/lwiplint/lwipopts"
)

func runShow(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("show", "lwiplint show [flags] PATH...\n\nPrint the value lwIP uses for every option of each configuration.", stderr)
	var lf loadFlags
	lf.register(fs)
	all := fs.Bool("all", false, "show every option, not only those set or derived from set ones")
	format := fs.String("format", "text", "output `FORMAT`: text or json")
	noCache := noCacheFlag(fs)
	if code, ok := parse(fs, args); !ok {
		return code
	}
	setTreeCache(*noCache)
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "lwiplint show: no PATH given (a lwipopts.h or a directory)")
		return exitUsage
	}
	if *format != "text" && *format != "json" {
		fmt.Fprintf(stderr, "lwiplint show: unknown --format %q (text, json)\n", *format)
		return exitUsage
	}
	cfgs, code := loadAll(fs.Args(), lf.p, stderr)
	if code == exitUsage {
		return code
	}
	switch *format {
	case "json":
		var out any
		objs := make([]*showJSON, len(cfgs))
		for i, c := range cfgs {
			objs[i] = toShowJSON(c)
		}
		out = objs
		if len(objs) == 1 {
			out = objs[0]
		}
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(out); err != nil {
			fmt.Fprintln(stderr, "lwiplint:", err)
			return exitUsage
		}
	default:
		for i, c := range cfgs {
			if i > 0 {
				fmt.Fprintln(stdout)
			}
			writeShowText(stdout, c, *all)
		}
	}
	return code
}

type showJSON struct {
	File        string                 `json:"file"`
	LwipVersion string                 `json:"lwip_version"`
	VersionFrom string                 `json:"lwip_version_from"`
	LwipDir     *string                `json:"lwip_dir"`
	Notes       []string               `json:"notes"`
	Errors      []string               `json:"errors"`
	Options     map[string]*optionJSON `json:"options"`
}

type optionJSON struct {
	Value     any        `json:"value"`
	Defined   bool       `json:"defined"`
	Expr      *string    `json:"expr"`
	Params    *[]string  `json:"params,omitempty"` // set for a function-like macro, [] for NAME()
	Evaluable bool       `json:"evaluable"`
	Reason    string     `json:"reason,omitempty"`
	Origin    originJSON `json:"origin"`
	Depends   []string   `json:"depends"`
}

type originJSON struct {
	Kind  string  `json:"kind"`
	File  *string `json:"file"`
	Line  *int    `json:"line"`
	Undef bool    `json:"undef,omitempty"`
}

func toShowJSON(c *lwipopts.Config) *showJSON {
	s := &showJSON{File: c.File, LwipVersion: c.Version, VersionFrom: c.VersionFrom, Notes: []string{}, Errors: []string{}, Options: map[string]*optionJSON{}}
	if c.LwipDir != "" {
		d := c.LwipDir
		s.LwipDir = &d
	}
	for _, n := range c.Notes {
		s.Notes = append(s.Notes, n.String())
	}
	for _, n := range c.Errors {
		s.Errors = append(s.Errors, n.String())
	}
	names := append([]string(nil), c.Names()...)
	for _, n := range c.SetNames() {
		if !c.Option(n).Known {
			names = append(names, n)
		}
	}
	for _, n := range names {
		o := c.Option(n)
		j := &optionJSON{Defined: o.Defined, Evaluable: o.Evaluable, Reason: o.Reason, Depends: o.Depends}
		if o.FuncLike {
			ps := append([]string{}, o.Params...)
			j.Params = &ps
		}
		if j.Depends == nil {
			j.Depends = []string{}
		}
		if o.HasValue {
			if o.Value.Unsigned {
				j.Value = o.Value.Uint()
			} else {
				j.Value = o.Value.Int
			}
		}
		if o.Defined {
			e := o.Expr
			j.Expr = &e
		}
		j.Origin.Kind = string(o.Origin.Kind)
		j.Origin.Undef = o.Origin.Undef
		if o.Origin.Pos.IsValid() {
			f, l := o.Origin.Pos.File, o.Origin.Pos.Line
			j.Origin.File, j.Origin.Line = &f, &l
		}
		s.Options[n] = j
	}
	return s
}

// interesting reports the options `show` prints without --all: those the
// user set and those derived from them.
func interesting(c *lwipopts.Config) map[string]bool {
	set := map[string]bool{}
	for _, n := range c.UserNames() {
		set[n] = true
	}
	changed := true
	for changed {
		changed = false
		for _, n := range c.Names() {
			if set[n] {
				continue
			}
			for _, d := range c.Option(n).Depends {
				if set[d] {
					set[n] = true
					changed = true
					break
				}
			}
		}
	}
	return set
}

func writeShowText(w io.Writer, c *lwipopts.Config, all bool) {
	where := c.LwipDir
	if where == "" {
		where = "built-in defaults"
	}
	stack := "lwIP"
	if c.FreeRTOS != nil {
		stack = "FreeRTOS+TCP"
	}
	fmt.Fprintf(w, "%s: %s %s (%s)\n", c.File, stack, c.Version, where)
	for _, n := range c.Notes {
		fmt.Fprintf(w, "note: %s\n", n)
	}
	for _, n := range c.Errors {
		fmt.Fprintf(w, "#error: %s\n", n)
	}
	show := interesting(c)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "OPTION\tVALUE\t\tORIGIN")
	names := append([]string(nil), c.Names()...)
	for _, n := range c.SetNames() {
		if !c.Option(n).Known {
			names = append(names, n)
		}
	}
	for _, n := range names {
		if !all && !show[n] {
			continue
		}
		o := c.Option(n)
		val := valueText(o)
		mark := ""
		if o.Default != nil && o.Default.HasValue && o.HasValue && o.Default.Value != o.Value {
			mark = "*"
		}
		if o.Origin.Kind == lwipopts.OriginDefault || !o.Known {
			mark = ""
		}
		if !o.Known {
			mark = "?"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", n, val, mark, originText(o))
	}
	tw.Flush()
	fmt.Fprintln(w, "(* differs from lwIP's default, ? not an option of this lwIP version)")
}

func valueText(o *lwipopts.Option) string {
	s := valueText1(o)
	if len(s) > 72 {
		s = s[:69] + "..."
	}
	return s
}

func valueText1(o *lwipopts.Option) string {
	switch {
	case o.Defined && o.Expr == "" && !o.FuncLike:
		return "(empty)"
	case !o.Defined:
		return "(undefined)"
	case o.FuncLike:
		return "(" + strings.Join(o.Params, ",") + ") " + o.Expr
	case !o.HasValue:
		return o.Expr + "  [not evaluable: " + o.Reason + "]"
	case !o.Evaluable:
		return o.Value.String() + "  [" + o.Reason + "]"
	case o.Expr != o.Value.String():
		return o.Value.String() + " = " + o.Expr
	}
	return o.Value.String()
}

func originText(o *lwipopts.Option) string {
	var b strings.Builder
	switch o.Origin.Kind {
	case lwipopts.OriginDefault:
		b.WriteString("default")
		if o.Origin.Pos.IsValid() {
			b.WriteString(" " + o.Origin.Pos.String())
		}
	default:
		if o.Origin.Undef {
			b.WriteString("#undef ")
		}
		b.WriteString(o.Origin.Pos.String())
		for _, c := range o.Origin.Chain {
			b.WriteString(" <- " + c.String())
		}
	}
	if len(o.Depends) > 0 {
		b.WriteString(" (from " + strings.Join(o.Depends, ", ") + ")")
	}
	return b.String()
}
