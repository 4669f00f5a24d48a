// Package ignored has a configuration that build constraints exclude.
package ignored
