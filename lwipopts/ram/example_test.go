package ram_test

import (
	"fmt"
	"log"

	"github.com/lwiplint/lwiplint/lwipopts"
	"github.com/lwiplint/lwiplint/lwipopts/ram"
)

// A build tool gates on the static RAM of a configuration.
func Example() {
	cfg, err := lwipopts.Load("lwipopts.h", lwipopts.Params{LwipDir: "third_party/lwip/src/include", IncludeDirs: []string{"port/include"}})
	if err != nil {
		log.Fatal(err)
	}
	b, err := ram.Compute(cfg, nil) // the target of compile_commands.json, else cortex-m
	if err != nil {
		log.Fatal(err) // a *ram.MissingError says what the layout needs
	}
	if limit := int64(48 << 10); b.Total > limit {
		for _, p := range b.Parts()[:3] {
			fmt.Printf("%s %d bytes (%s)\n", p.Name, p.Bytes, p.Options)
		}
		log.Fatalf("lwIP takes %d bytes of static RAM, above %d", b.Total, limit)
	}
}
