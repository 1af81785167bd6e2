package main

import (
	"errors"
	"io"
	"os"

	"github.com/techcredit/techcredit/api"
)

// serveInputs are the files serve starts from, or the demo's.
type serveInputs struct {
	programs []byte // nil: the journaled programs stay in force
	tokens   *api.Tokens
	demo     *demoSetup // nil unless --demo
}

// loadServeInputs reads the programs and tokens files, or makes the demo's.
func loadServeInputs(cfg ServeConfig, stdout io.Writer) (serveInputs, error) {
	if cfg.Demo {
		demo, err := newDemoSetup(cfg.DataDir, cfg.HTTPAddr, stdout)
		if err != nil {
			return serveInputs{}, err
		}
		return serveInputs{programs: demo.programs, tokens: demo.tokens, demo: demo}, nil
	}
	var in serveInputs
	if cfg.ProgramsPath != "" {
		var err error
		if in.programs, err = os.ReadFile(cfg.ProgramsPath); err != nil {
			return in, err
		}
	}
	if cfg.TokensPath == "" {
		return in, errors.New("--tokens is required (or --demo)")
	}
	var err error
	in.tokens, err = api.LoadTokens(cfg.TokensPath)
	return in, err
}
