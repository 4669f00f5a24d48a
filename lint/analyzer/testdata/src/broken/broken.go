// Package broken has a configuration that cannot be resolved.
package broken
