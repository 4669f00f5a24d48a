package report

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lwiplint/lwiplint/internal/testenv"
	"github.com/lwiplint/lwiplint/lint/rules"
)

// sarifMultitool returns Microsoft's SARIF validator: $LWIPLINT_SARIF_MULTITOOL,
// else sarif-multitool on PATH (npm install -g @microsoft/sarif-multitool),
// else "".
func sarifMultitool() string {
	if p := os.Getenv("LWIPLINT_SARIF_MULTITOOL"); p != "" {
		return p
	}
	p, err := exec.LookPath("sarif-multitool")
	if err != nil {
		return ""
	}
	return p
}

// TestSARIFMultitool validates the SARIF of real findings, of the test
// samples and of no findings with "sarif-multitool validate", and fails on
// any result of level error or warning. A broken log, validated alongside,
// must be reported, which shows that the validator really ran and that its
// log is read right. Its notes (SARIF2002 message IDs,
// SARIF2003 versionControlProvenance, SARIF2006 unreachable URLs, SARIF2011
// contextRegion, SARIF2012 Pascal-case rule names, SARIF2016 file: URIs
// outside the root) are advice lwiplint does not follow.
func TestSARIFMultitool(t *testing.T) {
	tool := sarifMultitool()
	testenv.Require(t, tool != "", "sarif-multitool (npm install -g @microsoft/sarif-multitool)")
	if testing.Short() {
		t.Skip("slow: runs a .NET program")
	}
	dir := t.TempDir()
	real := realFindings(t)
	var files []string
	write := func(name, sarif string) {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(sarif), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, p)
	}
	write("real.sarif", writeString(t, "sarif", real, Options{Root: "../..", ToolVersion: "0.1.0", Rules: rules.All()}))
	write("empty.sarif", writeString(t, "sarif", nil, Options{}))
	fakeWD(t)
	write("rich.sarif", writeString(t, "sarif", richSample(), testOptions()))
	write("broken.sarif", `{"version": "2.1.0", "runs": [{"tool": {"driver": {}}, "results": [{"ruleId": "X", "level": "fatal"}]}]}`)

	out := filepath.Join(dir, "validation.sarif")
	cmd := exec.Command(tool, append([]string{"validate", "--output", out}, files...)...)
	// The tool is a .NET program: without this it needs libicu.
	cmd.Env = append(os.Environ(), "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1")
	stdout, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s: %v\n%s", cmd, err, stdout)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatalf("no validation log: %v\n%s", err, stdout)
	}
	var log struct {
		Runs []struct {
			Results []struct {
				RuleID  string `json:"ruleId"`
				Level   string `json:"level"`
				Message struct {
					Text      string   `json:"text"`
					ID        string   `json:"id"`
					Arguments []string `json:"arguments"`
				} `json:"message"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI string `json:"uri"`
						} `json:"artifactLocation"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
			Invocations []struct {
				ExecutionSuccessful bool `json:"executionSuccessful"`
			} `json:"invocations"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(data, &log); err != nil {
		t.Fatal(err)
	}
	if len(log.Runs) == 0 {
		t.Fatalf("empty validation log:\n%s", data)
	}
	brokenErrors := 0
	for _, run := range log.Runs {
		for _, inv := range run.Invocations {
			if !inv.ExecutionSuccessful {
				t.Errorf("the validator did not run successfully:\n%s", stdout)
			}
		}
		for _, r := range run.Results {
			file := ""
			if len(r.Locations) > 0 {
				file = filepath.Base(r.Locations[0].PhysicalLocation.ArtifactLocation.URI)
			}
			if file == "broken.sarif" {
				brokenErrors++
				continue
			}
			// The validator's default level is warning.
			if r.Level == "" || r.Level == "error" || r.Level == "warning" {
				t.Errorf("%s: %s %s %s %s", file, r.Level, r.RuleID, r.Message.ID, strings.Join(r.Message.Arguments, " | "))
			}
		}
	}
	if brokenErrors < 2 {
		t.Errorf("the validator found %d problems in broken.sarif, want at least 2 (no driver name, no message, bad level):\n%s", brokenErrors, stdout)
	}
}
