package main

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/lwiplint/lwiplint/lint"
	"github.com/lwiplint/lwiplint/lint/linttest"
	"github.com/lwiplint/lwiplint/lint/rules"
	"github.com/lwiplint/lwiplint/lwipopts"
)

// TestRuleFixturesThroughCLI runs every rule's fixture archives
// (lint/rules/testdata/<ID>/*.txtar: a configuration that triggers the
// rule, and a fixed one that does not) through the command line, `lwiplint
// check --format json`, with every rule enabled, and checks the findings of
// the fixture's rule against its `// want` annotations: rule ID, file,
// line and the values in the message. lint/rules runs the same archives
// in-process, one rule at a time.
func TestRuleFixturesThroughCLI(t *testing.T) {
	byID := map[string]*lint.Rule{}
	for _, r := range rules.All() {
		byID[r.ID] = r
	}
	files, _ := filepath.Glob(filepath.Join("..", "..", "lint", "rules", "testdata", "LW*", "*.txtar"))
	if len(files) == 0 {
		t.Fatal("no rule fixtures found")
	}
	for _, file := range files {
		id := filepath.Base(filepath.Dir(file))
		rule := byID[id]
		if rule == nil {
			t.Errorf("%s: no rule %s", file, id)
			continue
		}
		t.Run(id+"/"+strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			t.Parallel()
			fx, err := linttest.Parse(file)
			if err != nil {
				t.Fatal(err)
			}
			wants, err := fx.Wants()
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range linttest.Setups(t, fx, rule) {
				t.Run(s.Name, func(t *testing.T) {
					dir := t.TempDir()
					cfgPath, err := fx.Extract(dir)
					if err != nil {
						t.Fatal(err)
					}
					// --show-notes: the fixtures expect the environment notes too.
					args := []string{"check", "--format", "json", "--show-notes"}
					switch {
					case s.Git != "":
						tree := linttest.ExtractTree(t, s.Git, t.TempDir())
						if err := fx.AppendToTree(tree); err != nil {
							t.Fatal(err)
						}
						args = append(args, "--lwip", filepath.Join(tree, "src", "include"))
					case s.Params.LwipDir != "":
						args = append(args, "--lwip", s.Params.LwipDir)
					case strings.HasPrefix(s.Params.LwipVersion, "V"):
						args = append(args, "--freertos-tcp-version", s.Params.LwipVersion)
					default:
						args = append(args, "--lwip-version", s.Params.LwipVersion)
					}
					if fx.RAMBudget > 0 {
						args = append(args, "--ram-budget", strconv.FormatInt(fx.RAMBudget, 10))
					}
					args = append(args, cfgPath)
					var stdout, stderr bytes.Buffer
					code := run(args, &stdout, &stderr)
					var doc struct {
						Version  int
						Findings []struct {
							Rule, Message, File, Severity string
							Line, Column                  int
						}
					}
					if err := json.Unmarshal(stdout.Bytes(), &doc); err != nil {
						t.Fatalf("exit %d, output is not JSON: %v\n%s\n%s", code, err, stdout.String(), stderr.String())
					}
					var got []lint.Finding
					hasError := false
					for _, f := range doc.Findings {
						hasError = hasError || f.Severity == "error"
						if f.Rule == id {
							got = append(got, lint.Finding{Rule: f.Rule, Message: f.Message, Pos: lwipopts.Position{File: f.File, Line: f.Line, Col: f.Column}})
						}
					}
					for _, e := range linttest.Check(dir, got, wants, fx.Elsewhere) {
						t.Error(e)
					}
					if want := map[bool]int{true: exitFindings, false: exitOK}[hasError]; code != want {
						t.Errorf("exit code %d, want %d (error findings: %v)\n%s", code, want, hasError, stderr.String())
					}
				})
			}
		})
	}

}
