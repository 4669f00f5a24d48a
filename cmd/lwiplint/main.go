// Command lwiplint checks lwIP configurations (lwipopts.h) and shows the
// value lwIP really uses for every option.
package main

import "os"

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }
