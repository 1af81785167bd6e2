package main

import (
	"flag"
	"fmt"
	"os"
	"strings"
)

// envPrefix: every flag of serve can also be set as TECHCREDIT_<FLAG>,
// with dashes as underscores (--kafka-brokers: TECHCREDIT_KAFKA_BROKERS).
const envPrefix = "TECHCREDIT_"

// applyEnv sets each flag not given on the command line from its
// environment variable, if that is set.
func applyEnv(fs *flag.FlagSet) error {
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	var err error
	fs.VisitAll(func(f *flag.Flag) {
		if given[f.Name] || err != nil {
			return
		}
		name := envPrefix + strings.ToUpper(strings.ReplaceAll(f.Name, "-", "_"))
		if v, ok := os.LookupEnv(name); ok {
			if e := fs.Set(f.Name, v); e != nil {
				err = fmt.Errorf("%s=%q: %v", name, v, e)
			}
		}
	})
	return err
}
