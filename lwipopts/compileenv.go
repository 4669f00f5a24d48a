package lwipopts

import (
	"errors"
	"path/filepath"
	"strings"
)

// CompileEnv is how a C compiler building lwIP with a configuration is
// set up: what lwIP's sources see besides the configuration file. It lets
// a caller compile (or type-check) lwIP's own .c files with the same
// include path and macros as the load that resolved the options
// (lwipopts/ram lays out lwIP's memory pools from it).
type CompileEnv struct {
	// File is the configuration file, absolute. lwIP's opt.h includes it
	// as "lwipopts.h": a caller must serve it under that name when its
	// base name differs.
	File string
	// LwipDir is the include directory of the lwIP tree (it holds
	// lwip/opt.h), absolute.
	LwipDir string
	// IncludeDirs are the -I directories after the configuration's own
	// directory, in order, absolute: those of -I and of
	// compile_commands.json, then those lwIP 1.x needs.
	IncludeDirs []string
	// Defines, Undefines and Includes are the -D, -U and -include
	// arguments, those of compile_commands.json included (Includes
	// absolute).
	Defines, Undefines, Includes []string
	// TargetFlags are the flags of the compile_commands.json entry that
	// choose the target's ABI: the compiler (its first word), -m… and
	// -f[no-]short-enums, in order; nil without compile_commands.json.
	TargetFlags []string
}

// CompileEnv returns the compile environment of the configuration. It
// needs a real lwIP tree, and a configuration loaded from an lwipopts.h:
// an sdkconfig or a FreeRTOSIPConfig.h has none.
func (c *Config) CompileEnv() (*CompileEnv, error) {
	if c.src == nil {
		return nil, errors.New("configuration was not loaded by lwipopts.Load")
	}
	if c.LwipDir == "" {
		return nil, errors.New("no lwIP tree: the built-in defaults have no headers or .c files to compile")
	}
	if c.src.params.gen != nil {
		return nil, errors.New("an ESP-IDF sdkconfig is translated, not compiled: there is no lwipopts.h to build lwIP with")
	}
	abs := func(ps []string) ([]string, error) {
		var out []string
		for _, p := range ps {
			a, err := filepath.Abs(p)
			if err != nil {
				return nil, err
			}
			out = append(out, a)
		}
		return out, nil
	}
	file, err := filepath.Abs(c.File)
	if err != nil {
		return nil, err
	}
	lw, err := filepath.Abs(c.LwipDir)
	if err != nil {
		return nil, err
	}
	p := c.src.params
	inc, err := abs(p.IncludeDirs)
	if err != nil {
		return nil, err
	}
	incs, err := abs(p.Includes)
	if err != nil {
		return nil, err
	}
	var undef []string
	for _, u := range p.Undefines {
		undef = append(undef, strings.TrimSpace(u))
	}
	return &CompileEnv{
		File: file, LwipDir: lw, IncludeDirs: inc,
		Defines: append([]string(nil), p.Defines...), Undefines: undef, Includes: incs,
		TargetFlags: append([]string(nil), p.targetFlags...),
	}, nil
}
