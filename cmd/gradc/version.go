package main

import (
	"flag"
	"fmt"
	"runtime/debug"
)

func init() {
	register(&command{
		name:    "version",
		summary: "print gradc's version",
		doc:     "Prints the module version gradc was built from, and the Go version.",
		flags: func(fs *flag.FlagSet) func(*env, []string) int {
			return func(e *env, args []string) int {
				if len(args) != 0 {
					fmt.Fprintln(e.stderr, "gradc version: takes no arguments")
					return exitUsage
				}
				v, gov := "(devel)", ""
				if bi, ok := debug.ReadBuildInfo(); ok {
					if bi.Main.Version != "" {
						v = bi.Main.Version
					}
					gov = bi.GoVersion
				}
				fmt.Fprintf(e.stdout, "gradc %s %s\n", v, gov)
				return exitOK
			}
		},
	})
}
