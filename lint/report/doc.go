// Package report writes lint findings: [Text] for terminals and logs,
// [JSON] for the versioned machine-readable contract.
package report
