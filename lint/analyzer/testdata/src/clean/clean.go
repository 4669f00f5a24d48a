// Package clean has a configuration without findings.
package clean
