package rules

import (
	"strings"

	"github.com/lwiplint/lwiplint/lint"
	"github.com/lwiplint/lwiplint/lwipopts"
)

// chosen reports whether the value of name is the user's choice: the user
// set it (see [lint.Pass.UserSet]) to something other than what it would be
// without that definition. A value equal to lwIP's default, as full copies
// of opt.h carry, and a value that comes from a vendor's defaults (ESP-IDF's
// Kconfig defaults and its lwipopts.h, whose origins are "<ESP-IDF …>"
// paths) are inherited, not chosen: the severity policy of the README says
// rules do not report them.
func chosen(p *lint.Pass, name string) bool {
	if !p.UserSet(name) {
		return false
	}
	o := p.Config.Option(name)
	if o.Origin.Kind != lwipopts.OriginCmdline && strings.HasPrefix(o.Origin.Pos.File, "<") {
		return false
	}
	return !sameAsDefault(o)
}

// sameAsDefault reports whether the option's value is the value of lwIP's
// default in this configuration (the default of TCP_WND follows TCP_MSS,
// so it is compared as evaluated here), or its default's text.
func sameAsDefault(o *lwipopts.Option) bool {
	d := o.Default
	switch {
	case d == nil || !o.Defined || o.FuncLike:
		return false
	case o.HasValue && o.Evaluable && d.HasValue:
		return o.Value.Int == d.Value.Int
	}
	return strings.Join(strings.Fields(o.Expr), "") == strings.Join(strings.Fields(d.Expr), "")
}
