package redisstore_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/ledger/readmodel"
	"github.com/techcredit/techcredit/risk"
	"github.com/techcredit/techcredit/simulate"
)

// TestSubsidiesMatchMemory: seeded subsidies put in batches that move
// some between statuses; Redis answers every filter, page by page, as the
// in-memory read model does.
func TestSubsidiesMatchMemory(t *testing.T) {
	store, mem, ctx := newStore(t, sharedRedisAddr(t)), readmodel.NewMemory(), context.Background()
	r := rand.New(rand.NewPCG(11, 1))
	statuses := []string{"pending", "awaiting_second_approval", "queued", "paid", "rejected"}
	var all []ledger.SubsidyDoc
	for range 20 {
		var batch []ledger.SubsidyDoc
		for range 1 + r.IntN(4) {
			b := r.IntN(3)
			bank := fmt.Sprintf("b %d", b) // a space: keys escape it
			d := ledger.SubsidyDoc{Program: fmt.Sprintf("p:%d", r.IntN(2)), Loan: fmt.Sprintf("b%d-L%d", b, r.IntN(30)),
				Bank: bank, Year: 2024 + r.IntN(3), Status: "pending", Interest: "10.00", Amount: "4.00",
				Paid: "0.00", Owed: "0.00", Approvals: []string{}}
			d.ID = fmt.Sprintf("%s/%s/%d", d.Program, d.Loan, d.Year)
			all = append(all, d)
			batch = append(batch, d)
		}
		for range r.IntN(4) {
			d := all[r.IntN(len(all))]
			d.Status, d.Approvals = statuses[r.IntN(len(statuses))], []string{"finance:li"}
			batch = append(batch, d)
		}
		for _, m := range []putter{store, mem} {
			if err := m.Put(ctx, ledger.Views{Subsidies: batch}); err != nil {
				t.Fatal(err)
			}
		}
	}
	same := func(what string, g, w any) {
		t.Helper()
		gb, _ := json.Marshal(g)
		wb, _ := json.Marshal(w)
		if string(gb) != string(wb) {
			t.Fatalf("%s:\n got  %.400s\n want %.400s", what, gb, wb)
		}
	}
	for _, d := range append(all, ledger.SubsidyDoc{ID: "p:0/none/2026"}) {
		g, gok, err := store.Subsidy(ctx, d.ID)
		w, wok, _ := mem.Subsidy(ctx, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		same("subsidy "+d.ID, []any{g, gok}, []any{w, wok})
	}
	n := 0
	for _, bank := range []string{"", "b 0", "b 2", "b 9"} {
		for _, program := range []string{"", "p:1", "p:9"} {
			for _, status := range append([]string{""}, statuses...) {
				for _, year := range []int{0, 2025, 2030} {
					q := readmodel.SubsidyQuery{Bank: bank, Program: program, Status: status, Year: year, Limit: 4}
					pages(t, fmt.Sprintf("subsidies %+v", q), func(after string) (string, error) {
						q.After = after
						g, err := store.Subsidies(ctx, q)
						w, _ := mem.Subsidies(ctx, q)
						same(fmt.Sprintf("subsidies %+v", q), g, w)
						n += len(g)
						if len(g) == 0 {
							return "", err
						}
						return g[len(g)-1].ID, err
					})
				}
			}
		}
	}
	if n == 0 {
		t.Fatal("no filter kept a subsidy")
	}
}

// TestSubsidyScenarioInRedis: the engine's subsidy scenario published
// input by input, as the runner does, to Redis and to memory: every
// subsidy, every filter and the programme's budget figures agree, and
// Redis holds the scenario's final amounts to the cent.
func TestSubsidyScenarioInRedis(t *testing.T) {
	store, mem, ctx := newStore(t, sharedRedisAddr(t)), readmodel.NewMemory(), context.Background()
	programs, steps := simulate.SubsidyScenario()
	cfg, err := risk.ParsePrograms(bytes.NewReader(programs))
	if err != nil {
		t.Fatal(err)
	}
	e := ledger.NewEngine(cfg)
	for _, s := range steps {
		out, err := e.Apply(s.Line, ledger.Meta{})
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range []putter{store, mem} {
			if err := m.Put(ctx, e.Views(out.Changes)); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, q := range []readmodel.SubsidyQuery{{}, {Status: "paid"}, {Status: "rejected"}, {Bank: "boc-dz"},
		{Bank: "icbc-dz", Year: 2026, Program: "dz-subsidy", Status: "paid"}, {Status: "queued"}} {
		g, err := store.Subsidies(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		w, _ := mem.Subsidies(ctx, q)
		gb, _ := json.Marshal(g)
		wb, _ := json.Marshal(w)
		if string(gb) != string(wb) {
			t.Errorf("subsidies %+v:\n got  %s\n want %s", q, gb, wb)
		}
	}
	if got, _ := store.Subsidies(ctx, readmodel.SubsidyQuery{Status: "paid"}); len(got) != 3 {
		t.Errorf("paid: got %d subsidies, want 3", len(got))
	}
	d, ok, err := store.Subsidy(ctx, "dz-subsidy/boc-dz-S5/2026")
	if err != nil || !ok || d.Paid != "300000.00" || d.Owed != "0.00" || d.Status != "paid" {
		t.Errorf("boc-dz-S5: got %+v %v %v, want paid 300000.00", d, ok, err)
	}
	p, _, err := store.Program(ctx, "dz-subsidy")
	if err != nil || p.SubsidyBalance == nil || *p.SubsidyBalance != "50617.29" || *p.SubsidyPaid != "849382.71" {
		t.Errorf("program: got %+v (%v), want subsidy balance 50617.29, paid 849382.71", p.ProgramDoc, err)
	}
}
