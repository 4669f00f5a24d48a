package report

import (
	"bytes"
	_ "embed"
)

//go:embed schema/findings-v1.schema.json
var jsonSchema []byte

// JSONSchema returns the JSON Schema (draft 2020-12) of the json format,
// version [JSONVersion]. The schema is closed: a new field means a new
// version.
func JSONSchema() []byte { return bytes.Clone(jsonSchema) }
