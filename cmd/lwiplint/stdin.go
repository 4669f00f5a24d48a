package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"sync/atomic"

	"github.com/lwiplint/lwiplint/internal/fileio"
	"github.com/lwiplint/lwiplint/lwipopts"
)

// maxStdin bounds the configuration read from standard input, as the
// loader bounds a file (8 MiB).
const maxStdin = 8 << 20

// loadsStarted counts the configurations a process has started to load
// (TestFindingsStream watches it).
var loadsStarted atomic.Int64

// errStdinUsage marks the errors of - that are usage errors (exit 2).
var errStdinUsage = errors.New("usage")

// stdinInput reads the configuration an editor gives on standard input
// (lwiplint check --stdin-filename PATH -) and returns it as the input
// PATH with its text: its includes, lwIP tree, .lwiplint.toml and the
// positions of its findings are those of PATH, while its text is the
// editor's (fileio's overlay serves it in place of PATH's). PATH must
// exist: its directory decides where includes and the tree are searched.
func stdinInput(name string, r io.Reader) (lwipopts.Input, []byte, error) {
	if name == "" {
		return lwipopts.Input{}, nil, fmt.Errorf("the PATH - reads standard input and needs --stdin-filename PATH, the file it stands for: %w", errStdinUsage)
	}
	fi, err := os.Stat(name)
	if err != nil {
		return lwipopts.Input{}, nil, fmt.Errorf("--stdin-filename %s: %w (the file must exist: includes, the lwIP tree and .lwiplint.toml are found from it)", name, err)
	}
	if fi.IsDir() {
		return lwipopts.Input{}, nil, fmt.Errorf("--stdin-filename %s: is a directory, not a configuration file: %w", name, errStdinUsage)
	}
	data, err := fileio.ReadAll(r, -1, maxStdin)
	if err != nil {
		return lwipopts.Input{}, nil, fmt.Errorf("read standard input: %w", err)
	}
	if len(data) > maxStdin {
		return lwipopts.Input{}, nil, fmt.Errorf("standard input (%s): more than the limit of %s", name, fileio.Size(maxStdin))
	}
	if data == nil {
		data = []byte{}
	}
	return lwipopts.Input{Path: name, ESPIDF: lwipopts.IsESPIDF(name), FreeRTOS: lwipopts.IsFreeRTOS(name)}, data, nil
}

// loadJob loads one job's configuration; a job read from standard input
// is served from the overlay first.
func loadJob(j job) (*lwipopts.Config, error) {
	loadsStarted.Add(1)
	if j.stdin != nil {
		fileio.SetOverlay(j.in.Path, j.stdin)
	}
	return load(j.in, j.params)
}
