package main

import (
	"strings"
	"testing"

	"github.com/lwiplint/lwiplint/lwipopts/espidf"
	"github.com/lwiplint/lwiplint/lwipopts/freertos"
)

// TestVersionHelp keeps the versions named in the flag help in step with
// the tables.
func TestVersionHelp(t *testing.T) {
	var idf []string
	for _, v := range espidf.Versions() {
		idf = append(idf, strings.TrimPrefix(v, "v"))
	}
	if got := strings.Join(idf, ", "); got != idfVersions {
		t.Errorf("idfVersions = %q, tables have %q", idfVersions, got)
	}
	vs := freertos.Versions()
	if want := vs[0] + " … " + vs[len(vs)-1]; want != freertosVersions {
		t.Errorf("freertosVersions = %q, tables have %q", freertosVersions, want)
	}
}
