package main

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
)

// TestManifestAndVerdicts checks the committed data: enough configurations
// from enough projects, full commits, and a verdict with a reason for each
// judged finding of a listed configuration.
func TestManifestAndVerdicts(t *testing.T) {
	cfgs, err := readManifest("manifest.tsv")
	if err != nil {
		t.Fatal(err)
	}
	repos := map[string]bool{}
	ids := map[string]bool{}
	hex := regexp.MustCompile(`^[0-9a-f]{40}$`)
	for _, c := range cfgs {
		repos[c.Repo] = true
		ids[c.ID] = true
		if !hex.MatchString(c.Commit) {
			t.Errorf("%s: commit %q is not a full hash", c.ID, c.Commit)
		}
		switch c.Stack {
		case "lwip", "esp-idf", "freertos-tcp":
		default:
			t.Errorf("%s: unknown stack %q", c.ID, c.Stack)
		}
		if strings.HasPrefix(c.Path, "/") || strings.Contains(c.Path, "..") {
			t.Errorf("%s: path %q leaves the repository", c.ID, c.Path)
		}
	}
	if len(cfgs) < 60 || len(repos) < 30 {
		t.Errorf("%d configurations from %d projects, want at least 60 from 30", len(cfgs), len(repos))
	}
	vs, err := readVerdicts("verdicts.tsv")
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) == 0 {
		t.Fatal("no verdicts")
	}
	for k, v := range vs {
		if id := strings.SplitN(k, "\t", 2)[0]; !ids[id] {
			t.Errorf("verdict for %q, which manifest.tsv does not list", k)
		}
		if len(strings.Fields(v.Reason)) < 4 {
			t.Errorf("%q: reason %q is too short to cite anything", k, v.Reason)
		}
	}
}

func TestSubject(t *testing.T) {
	for msg, want := range map[string]string{
		"TCP_SYNMAXRTX = 12 (lwipopts.h:21) raises SYN retries":                              "TCP_SYNMAXRTX",
		"ipconfigUSE_FTP is not read by the FreeRTOS+TCP V4.0.0 core sources":                "ipconfigUSE_FTP",
		"CONFIG_NEWLIB_NANO_FORMAT is the deprecated name of CONFIG_LIBC_NEWLIB_NANO_FORMAT": "CONFIG_NEWLIB_NANO_FORMAT",
		"malformed line: kconfgen ignores it":                                                "-",
	} {
		if got := subject(msg); got != want {
			t.Errorf("subject(%q) = %q, want %q", msg, got, want)
		}
	}
}

func TestKeysNumberRepeats(t *testing.T) {
	c := config{ID: "p"}
	fs := []finding{
		{Rule: "LW1", File: "a.h", Line: 3, Message: "X_Y = 1"},
		{Rule: "LW1", File: "a.h", Line: 3, Message: "X_Y = 2"},
		{Rule: "LW2", File: "a.h", Line: 3, Message: "X_Y = 1"},
	}
	got := keys(c, fs)
	want := []string{"p\tLW1\ta.h:3\tX_Y", "p\tLW1\ta.h:3\tX_Y#2", "p\tLW2\ta.h:3\tX_Y"}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("key %d = %q, want %q", i, got[i], want[i])
		}
	}
}

// TestReport checks the figures on a small made-up run: a false error, a
// lost TP, an unjudged finding and a load note counted apart.
func TestReport(t *testing.T) {
	c := config{ID: "p", Repo: "o/p", Stack: "lwip"}
	results := []result{{cfg: c, findings: []finding{
		{Rule: "LW4007", Severity: "error", File: "lwipopts.h", Line: 5, Message: "TCPIP_THREAD_PRIO = x"},
		{Rule: "LW2001", Severity: "warning", File: "lwipopts.h", Line: 7, Message: "MEM_SIZE = 1600"},
		{Rule: "LW9001", Severity: "info", File: "lwipopts.h", Line: 1, Message: "note"},
	}}}
	verdicts := map[string]verdict{
		"p\tLW4007\tlwipopts.h:5\tTCPIP_THREAD_PRIO": {Verdict: "FP", Reason: "no #if reads it"},
		"p\tLW1004\tlwipopts.h:9\tTCP_WND":           {Verdict: "TP", Reason: "window below a record", Message: "TCP_WND = 17520"},
	}
	var out bytes.Buffer
	code := report(&out, "", "", false, results, verdicts)
	if code != exitDiff {
		t.Errorf("exit %d, want %d", code, exitDiff)
	}
	for _, want := range []string{
		"configurations: 1 from 1 projects (lwip 1)",
		"findings: 2 (1 errors), load notes apart: 1",
		"judged: 1  TP 0  FP 1  debatable 0",
		"false errors: 1",
		"TP kept: 0 of 1",
		"unjudged: 1",
		"TP lost: p\tLW1004\tlwipopts.h:9\tTCP_WND",
		"unjudged: p\tLW2001\tlwipopts.h:7\tMEM_SIZE",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
}
