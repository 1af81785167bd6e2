package redisstore_test

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/ledger/readmodel"
	"github.com/techcredit/techcredit/risk"
	"github.com/techcredit/techcredit/simulate"
)

// TestFundViewsMatchMemory: the fund scenario's fund pages and project
// aggregates read back from a real redis-server as from memory, to the
// byte, input by input.
func TestFundViewsMatchMemory(t *testing.T) {
	store := newStore(t, sharedRedisAddr(t))
	mem := readmodel.NewMemory()
	cfg, err := risk.ParsePrograms(strings.NewReader(simulate.FundProgramsJSON))
	if err != nil {
		t.Fatal(err)
	}
	e := ledger.NewEngine(cfg)
	ctx := context.Background()
	part := store.ForPartition("0")
	if err := part.Rebuild(ctx, e.Views(e.AllChanges())); err != nil {
		t.Fatal(err)
	}
	for _, s := range simulate.FundScenario() {
		out, err := e.Apply(s.Line, ledger.Meta{})
		if err != nil {
			t.Fatal(err)
		}
		v := e.Views(out.Changes)
		if err := part.Put(ctx, v); err != nil {
			t.Fatal(err)
		}
		if err := mem.Put(ctx, v); err != nil {
			t.Fatal(err)
		}
	}
	same := func(what string, g, w any) {
		t.Helper()
		gb, _ := json.Marshal(g)
		wb, _ := json.Marshal(w)
		if !bytes.Equal(gb, wb) {
			t.Fatalf("%s:\n got  %s\n want %s", what, gb, wb)
		}
	}
	gf, err := store.Funds(ctx)
	if err != nil {
		t.Fatal(err)
	}
	wf, _ := mem.Funds(ctx)
	same("funds", gf, wf)
	if len(gf) != 1 || gf[0].Leverage == nil || *gf[0].Leverage != "5.0000" || len(gf[0].Rounds) != 3 {
		t.Fatalf("funds: got %+v", gf)
	}
	g, gok, _ := store.Fund(ctx, "dz-transfer")
	w, wok, _ := mem.Fund(ctx, "dz-transfer")
	same("fund", []any{g, gok}, []any{w, wok})
	_, ok, _ := store.Fund(ctx, "no-such-fund")
	if ok {
		t.Fatal("an unknown fund was found")
	}
	gp, _, _ := store.Project(ctx, "p-chip")
	wp, _, _ := mem.Project(ctx, "p-chip")
	same("project p-chip", gp, wp)
	if gp.Committed == nil || *gp.Committed != "3000000.00" || len(gp.Interests) != 2 {
		t.Fatalf("p-chip: committed %v interests %+v", gp.Committed, gp.Interests)
	}
}
