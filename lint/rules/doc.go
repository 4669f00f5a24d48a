// Package rules holds lwiplint's rules, one file per family: tcp.go (LW1xxx),
// memory.go (LW2xxx), options.go (LW4xxx), load.go (LW9xxx), and the replay
// of lwIP's own compile-time checks (initc.go with its table in
// initc_table.go, IDs LW11xx, LW21xx and LW41xx). [All] lists them.
package rules
