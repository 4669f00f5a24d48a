// Command tryload is a scratch tool (to be removed).
package main

import (
	"fmt"
	"os"

	"github.com/lwiplint/lwiplint/lint"
	"github.com/lwiplint/lwiplint/lint/report"
	"github.com/lwiplint/lwiplint/lint/rules"
	"github.com/lwiplint/lwiplint/lwipopts"
)

func main() {
	p := lwipopts.Params{NoTree: true, LwipVersion: os.Args[2]}
	if os.Args[2] == "tree" {
		p = lwipopts.Params{LwipDir: "/usr/include/lwip"}
	}
	cfg, err := lwipopts.Load(os.Args[1], p)
	if err != nil {
		fmt.Println("ERR", err)
		return
	}
	fs := lint.Run(cfg, rules.All(), lint.Options{})
	if len(os.Args) > 3 && os.Args[3] == "json" {
		report.JSON(os.Stdout, fs)
	} else {
		report.Text(os.Stdout, fs)
	}
	for _, b := range lint.Timing(cfg) {
		fmt.Println(b)
	}
}
