package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/lwiplint/lwiplint/lint"
	"github.com/lwiplint/lwiplint/lint/rules"
	"github.com/lwiplint/lwiplint/lwipopts"
)

// exampleConfig is a bad configuration of the repository's README.
const exampleConfig = "../../testdata/example/lwipopts.h"

// realFindings runs every rule on the README's example configuration.
func realFindings(t *testing.T) []lint.Finding {
	t.Helper()
	cfg, err := lwipopts.Load(exampleConfig, lwipopts.Params{NoTree: true})
	if err != nil {
		t.Fatal(err)
	}
	findings := lint.Run(cfg, rules.All(), lint.Options{})
	if len(findings) < 3 {
		t.Fatalf("the example configuration gives %d findings; the tests need a bad one", len(findings))
	}
	return findings
}

func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(JSONSchema()))
	if err != nil {
		t.Fatalf("schema is not JSON: %v", err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	const url = "https://lwiplint.test/findings-v1.schema.json"
	if err := c.AddResource(url, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(url)
	if err != nil {
		t.Fatalf("schema does not compile: %v", err)
	}
	return sch
}

func validate(sch *jsonschema.Schema, doc []byte) error {
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		return err
	}
	return sch.Validate(inst)
}

// TestJSONSchema validates the json output of real findings, of the test
// samples and of no findings against the schema.
func TestJSONSchema(t *testing.T) {
	sch := compileSchema(t)
	var draft struct {
		Schema string `json:"$schema"`
	}
	if err := json.Unmarshal(JSONSchema(), &draft); err != nil || draft.Schema != "https://json-schema.org/draft/2020-12/schema" {
		t.Errorf("$schema %q (%v), want draft 2020-12", draft.Schema, err)
	}
	for name, findings := range map[string][]lint.Finding{
		"real":   realFindings(t),
		"rich":   richSample(),
		"sample": sample(),
		"none":   nil,
	} {
		var b bytes.Buffer
		if err := Write(&b, "json", findings, Options{}); err != nil {
			t.Fatal(err)
		}
		if err := validate(sch, b.Bytes()); err != nil {
			t.Errorf("%s: the json output does not match the schema: %v\n%s", name, err, b.String())
		}
	}
}

// TestJSONSchemaRejects checks that the schema rejects broken documents.
func TestJSONSchemaRejects(t *testing.T) {
	sch := compileSchema(t)
	var b bytes.Buffer
	if err := JSON(&b, sample()); err != nil {
		t.Fatal(err)
	}
	good := b.String()
	if err := validate(sch, b.Bytes()); err != nil {
		t.Fatalf("the base document is invalid: %v", err)
	}
	for _, tc := range []struct{ name, old, new string }{
		{"other version", `"version": 1`, `"version": 2`},
		{"unknown severity", `"severity": "warning"`, `"severity": "fatal"`},
		{"bad rule ID", `"rule": "LW4003"`, `"rule": "W4003"`},
		{"kb null", `"kb": [
        "embedded/lwip-cubemx-frozen-derived-values"
      ]`, `"kb": null`},
		{"line as a string", `"line": 44`, `"line": "44"`},
		{"negative column", `"column": 9,
      "message": "TCP_SND_QUEUELEN`, `"column": -1,
      "message": "TCP_SND_QUEUELEN`},
		{"missing lwip_error", `"lwip_error": null,`, ``},
		{"extra field", `"version": 1,`, `"version": 1, "extra": true,`},
		{"fix without edits", `"edits": [`, `"edit": [`},
		{"empty message", `"message": "TCP_SND_QUEUELEN = 9 (lwipopts.h:44) is a frozen literal"`, `"message": ""`},
	} {
		bad := strings.Replace(good, tc.old, tc.new, 1)
		if bad == good {
			t.Fatalf("%s: %q is not in the document", tc.name, tc.old)
		}
		if err := validate(sch, []byte(bad)); err == nil {
			t.Errorf("%s: the schema accepts the broken document", tc.name)
		}
	}
}
