package main

import (
	"bytes"
	"context"
	"crypto/rand"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"
	"time"

	"github.com/techcredit/techcredit/api"
	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/risk"
	"github.com/techcredit/techcredit/simulate"
	"github.com/techcredit/techcredit/stream/journal"
)

// Demo portfolio: a simulated stream cut off while programs are in flight,
// so the console shows pending claims, overdue loans and a pipeline.
const (
	demoLoans       = 400
	demoSeed        = 1
	demoSubmitBatch = 500
)

var demoUntil = time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)

// demoSubjects are the demo's users: names the simulated stream uses.
var demoSubjects = []string{"finance:li", "finance:wang", "bank:icbc-jn", "guarantor:sd-kedan", "investor:roadshow", "admin:kjt-zhou",
	"fund:dz-transfer"}

// demoSetup holds the demo's programs, its fresh tokens and its inputs.
type demoSetup struct {
	programs []byte
	tokens   *api.Tokens
}

// newDemoSetup makes a fresh token per demo user (printed once, never
// stored) and the demo programs.
func newDemoSetup(dataDir, httpAddr string, stdout io.Writer) (*demoSetup, error) {
	type entry struct {
		SHA256  string `json:"sha256"`
		Subject string `json:"subject"`
	}
	var file struct {
		Tokens []entry `json:"tokens"`
	}
	fmt.Fprintf(stdout, "techcredit demo (data in %s): programs and a simulated portfolio of %d loans.\n", dataDir, demoLoans)
	fmt.Fprintf(stdout, "Sign in to the console at %s with one of these tokens:\n", consoleURL(httpAddr))
	for _, s := range demoSubjects {
		var b [16]byte
		if _, err := rand.Read(b[:]); err != nil {
			return nil, err
		}
		token := "demo-" + hex.EncodeToString(b[:])
		file.Tokens = append(file.Tokens, entry{SHA256: api.HashToken(token), Subject: s})
		fmt.Fprintf(stdout, "  %-20s %s\n", s, token)
	}
	raw, _ := json.Marshal(file)
	tokens, err := api.ParseTokens(bytes.NewReader(raw))
	if err != nil {
		return nil, err
	}
	programs, err := demoProgramsJSON()
	if err == nil {
		programs, err = withDemoFund(programs)
	}
	if err != nil {
		return nil, err
	}
	return &demoSetup{programs: programs, tokens: tokens}, nil
}

// demoFund is the demo's transformation fund (SPEC §13), managed by
// fund:dz-transfer; its capital and rounds come from finance and the fund
// through the console or the API.
//
//go:embed demo/fund.json
var demoFund string

// withDemoFund adds the demo's fund to a programs file.
func withDemoFund(programs []byte) ([]byte, error) {
	var file map[string]json.RawMessage
	if err := json.Unmarshal(programs, &file); err != nil {
		return nil, err
	}
	file["funds"] = json.RawMessage("[" + demoFund + "]")
	return json.Marshal(file)
}

// load submits the simulated portfolio and a few open claims; on a
// second start every input is a duplicate and nothing changes.
func (d *demoSetup) load(ctx context.Context, s api.Submitter, log *slog.Logger) error {
	items, err := demoItems()
	if err != nil {
		return err
	}
	for lo := 0; lo < len(items); lo += demoSubmitBatch {
		if _, err := s.Submit(ctx, items[lo:min(lo+demoSubmitBatch, len(items))]); err != nil {
			return err
		}
	}
	log.Info("demo portfolio loaded", "inputs", len(items))
	return nil
}

// demoItems are the simulated stream's inputs, then the defaults that
// leave claims open, then the filing, subsidy and review programmes' and
// the fund's inputs. The defaults are picked from the stream's own outcome
// (a scratch engine's), never from the deployment's state, so that every
// start submits the same inputs: a restart adds nothing.
func demoItems() ([]journal.Item, error) {
	pc, err := risk.ParsePrograms(strings.NewReader(simulate.ProgramsJSON))
	if err != nil {
		return nil, err
	}
	scratch := ledger.NewEngine(pc)
	_, inputs := simulate.Generate(simulate.Options{Loans: demoLoans, Seed: demoSeed, Until: demoUntil})
	var items []journal.Item
	for line := range inputs.All() {
		raw := append([]byte(nil), line...)
		if _, err := scratch.Apply(raw, ledger.Meta{}); err != nil {
			return nil, err
		}
		items = append(items, journal.Item{Raw: raw, Origin: &journal.Origin{Topic: "demo", Offset: int64(len(items))}})
	}
	items = append(items, openClaims(scratch.State())...)
	items = append(items, demoFilingItems()...)
	items = append(items, demoReviewItems()...)
	return append(items, demoFundItems()...), nil
}

// demoOpenClaimsPerProgram: the simulated finance office has decided every
// claim by the cut-off, so the demo reports a few more defaults on its last
// day to leave claims waiting in the queue.
const demoOpenClaimsPerProgram = 2

// openClaims reports the first performing covered loans of each program
// (in id order) of st as defaulted.
func openClaims(st *ledger.State) []journal.Item {
	var items []journal.Item
	per := map[string]int{}
	at := demoUntil.Format(time.RFC3339)
	for _, l := range st.Loans {
		if !l.Covered || l.Status != "performing" || per[l.Program] == demoOpenClaimsPerProgram {
			continue
		}
		per[l.Program]++
		raw := fmt.Sprintf(`{"id":"demo-default-%s","type":"loan.defaulted","source":"bank:%s","program":%q,"at":%q,"data":{"loan":%q,"as_of":%q}}`,
			l.ID, l.Bank, l.Program, at, l.ID, demoUntil.Format("2006-01-02"))
		items = append(items, journal.Item{Raw: []byte(raw), Origin: &journal.Origin{Topic: "demo"}})
	}
	return items
}

// consoleURL is where a browser on this machine finds the console served
// on addr (":8080", "0.0.0.0:8080", "127.0.0.1:18080").
func consoleURL(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "http://" + addr
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port)
}
