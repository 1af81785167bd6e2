package main

import (
	"fmt"
	"io"
)

// command runs one (sub)command's arguments and returns its exit code.
type command func(args []string, stdout, stderr io.Writer) int

// dispatch runs the command args[0] names from cmds with the rest of args:
// `techcredit` and `techcredit risk` choose their (sub)command alike, so
// that help, a missing and an unknown name answer the same way in both
// (usage on stdout and 0 for help; on stderr and 2 otherwise). prog and
// noun word the unknown-name message ("techcredit risk: unknown
// subcommand").
func dispatch(args []string, stdout, stderr io.Writer, prog, noun, usage string, cmds map[string]command) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	cmd, ok := cmds[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "%s: unknown %s %q\n\n%s", prog, noun, args[0], usage)
		return 2
	}
	return cmd(args[1:], stdout, stderr)
}
