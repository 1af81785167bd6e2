package redisstore_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/techcredit/techcredit/internal/testsvc"

	"github.com/techcredit/techcredit/api"
	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/ledger/readmodel"
	"github.com/techcredit/techcredit/ledger/redisstore"
	"github.com/techcredit/techcredit/risk"
	"github.com/techcredit/techcredit/simulate"
	"github.com/techcredit/techcredit/stream/journal"
	"github.com/techcredit/techcredit/stream/snapshot"
)

// Both read models satisfy what their users need.
var (
	_ readmodel.Reader         = (*redisstore.Store)(nil)
	_ readmodel.Store          = (*redisstore.Store)(nil)
	_ snapshot.Store           = (*redisstore.Store)(nil)
	_ readmodel.PartitionStore = (*redisstore.PartitionWriter)(nil)
)

// putter is a read model written directly: readmodel.Memory, or a
// redisstore.Store without a partition's marker.
type putter interface {
	Put(ctx context.Context, v ledger.Views) error
}

// feed applies a simulated stream and publishes the documents each batch
// of inputs changed to every read model, as the runner does.
func feed(t *testing.T, opts simulate.Options, batch int, models ...putter) *ledger.Engine {
	t.Helper()
	programs, gen := simulate.Generate(opts)
	cfg, err := risk.ParsePrograms(bytes.NewReader(programs))
	if err != nil {
		t.Fatal(err)
	}
	e := ledger.NewEngine(cfg)
	var changes ledger.Changes
	n := 0
	publish := func() {
		v := e.Views(changes)
		for _, m := range models {
			if err := m.Put(context.Background(), v); err != nil {
				t.Fatal(err)
			}
		}
		changes, n = ledger.Changes{}, 0
	}
	for line := range gen.All() {
		out, err := e.Apply(line, ledger.Meta{})
		if err != nil {
			t.Fatal(err)
		}
		c := out.Changes
		changes.Programs = append(changes.Programs, c.Programs...)
		changes.Loans = append(changes.Loans, c.Loans...)
		changes.Claims = append(changes.Claims, c.Claims...)
		changes.Guarantors = append(changes.Guarantors, c.Guarantors...)
		changes.Projects = append(changes.Projects, c.Projects...)
		changes.Subsidies = append(changes.Subsidies, c.Subsidies...)
		if n++; n == batch {
			publish()
		}
	}
	publish()
	return e
}

// readModel is what both read models answer.
type readModel interface {
	readmodel.Reader
}

// compareModels asks both read models the same questions: every document,
// every filter, pages of several sizes.
func compareModels(t *testing.T, e *ledger.Engine, got, want readModel) {
	t.Helper()
	ctx := context.Background()
	check := func(what string, g any, gerr error, w any, werr error) {
		t.Helper()
		if gerr != nil || werr != nil {
			t.Fatalf("%s: errors %v / %v", what, gerr, werr)
		}
		gb, _ := json.Marshal(g)
		wb, _ := json.Marshal(w)
		if !bytes.Equal(gb, wb) {
			t.Fatalf("%s:\n got  %.600s\n want %.600s", what, gb, wb)
		}
	}
	gp, gerr := got.Programs(ctx)
	wp, werr := want.Programs(ctx)
	check("programs", gp, gerr, wp, werr)
	state := e.State()
	for _, p := range append(state.Programs, ledger.ProgramDoc{ID: "no-such-program"}) {
		sameDoc(check, "program", got, want, readmodel.Reader.Program, p.ID)
	}
	banks := map[string]bool{"no-such-bank": true}
	for _, l := range state.Loans {
		banks[l.Bank] = true
	}
	for _, c := range state.Claims {
		sameDoc(check, "claim", got, want, readmodel.Reader.Claim, c.ID)
	}
	for _, gd := range append(state.Guarantors, ledger.GuarantorDoc{ID: "no-such-guarantor"}) {
		sameDoc(check, "guarantor", got, want, readmodel.Reader.Guarantor, gd.ID)
	}
	if state.Enterprises != nil {
		for _, x := range append(*state.Enterprises, ledger.EnterpriseDoc{ID: "no-such-enterprise"}) {
			sameDoc(check, "enterprise", got, want, readmodel.Reader.Enterprise, x.ID)
		}
	}
	sectors, stages := map[string]bool{"": true, "no-such-sector": true}, map[string]bool{"": true}
	for _, p := range state.Projects {
		sectors[p.Sector], stages[p.Stage] = true, true
		sameDoc(check, "project", got, want, readmodel.Reader.Project, p.ID)
	}
	for _, limit := range []int{0, 7, 1000} {
		statuses := []string{"", "pending", "awaiting_second_approval", "queued", "paid", "rejected", "no-such-status"}
		programs := []string{""}
		for _, p := range state.Programs {
			programs = append(programs, p.ID)
		}
		claimBanks := []string{""}
		for bank := range banks {
			claimBanks = append(claimBanks, bank)
		}
		for _, st := range statuses {
			for _, prog := range programs {
				for _, bank := range claimBanks {
					q := readmodel.ClaimQuery{Bank: bank, Status: st, Program: prog, Limit: limit}
					samePages(t, check, "claims", got, want, readmodel.Reader.Claims, func(after string) readmodel.ClaimQuery {
						q.After = after
						return q
					}, func(d *ledger.ClaimView) string { return d.ID })
				}
			}
		}
		// Loans by bank, guarantor and borrower, in every combination (a
		// few borrowers: the first of each bank's, and one that has none).
		guarantors := []string{"", "no-such-guarantor"}
		for _, gd := range state.Guarantors {
			guarantors = append(guarantors, gd.ID)
		}
		borrowers := []string{"", "no-such-borrower"}
		seen := map[string]bool{}
		for _, l := range state.Loans {
			if !seen[l.Bank] && len(borrowers) < 8 {
				seen[l.Bank] = true
				borrowers = append(borrowers, l.Borrower)
			}
		}
		for _, b := range claimBanks { // the same filters of banks

			for _, gr := range guarantors {
				for _, br := range borrowers {
					q := readmodel.LoanQuery{Bank: b, Guarantor: gr, Borrower: br, Limit: limit}
					samePages(t, check, "loans", got, want, readmodel.Reader.Loans, func(after string) readmodel.LoanQuery {
						q.After = after
						return q
					}, func(d *ledger.LoanView) string { return d.ID })
				}
			}
		}
		for _, st := range []string{"", "pending", "approved", "rejected", "revoked"} {
			for _, prog := range programs {
				for _, bank := range claimBanks {
					for _, year := range []int{0, 2026, 2027} {
						q := readmodel.FilingQuery{Bank: bank, Status: st, Program: prog, UnqualifiedIn: year, Limit: limit}
						samePages(t, check, "filings", got, want, readmodel.Reader.Filings, func(after string) readmodel.FilingQuery {
							q.After = after
							return q
						}, func(d *ledger.FilingView) string { return d.Loan })
					}
				}
			}
		}
		for _, bank := range claimBanks {
			q := readmodel.EnterpriseQuery{Bank: bank, Limit: limit}
			samePages(t, check, "enterprises", got, want, readmodel.Reader.Enterprises, func(after string) readmodel.EnterpriseQuery {
				q.After = after
				return q
			}, func(d *ledger.EnterpriseView) string { return d.ID })
		}
		for sector := range sectors {
			for stage := range stages {
				q := readmodel.ProjectQuery{Sector: sector, Stage: stage, Limit: limit}
				samePages(t, check, "projects", got, want, readmodel.Reader.Projects, func(after string) readmodel.ProjectQuery {
					q.After = after
					return q
				}, func(d *ledger.ProjectView) string { return d.ID })
			}
		}
	}
}

type checkFunc func(what string, g any, gerr error, w any, werr error)

// sameDoc checks that both read models answer read of id alike.
func sameDoc[T any](check checkFunc, kind string, got, want readModel,
	read func(readmodel.Reader, context.Context, string) (T, bool, error), id string) {
	ctx := context.Background()
	g, gok, gerr := read(got, ctx, id)
	w, wok, werr := read(want, ctx, id)
	check(kind+" "+id, []any{g, gok}, gerr, []any{w, wok}, werr)
}

// samePages checks that both read models answer every page of a list
// alike, following the cursor (the last id) until a page is empty.
func samePages[Q, T any](t *testing.T, check checkFunc, kind string, got, want readModel,
	list func(readmodel.Reader, context.Context, Q) ([]T, error), after func(string) Q, id func(*T) string) {
	t.Helper()
	ctx := context.Background()
	pages(t, kind, func(cursor string) (string, error) {
		q := after(cursor)
		what := fmt.Sprintf("%s %+v", kind, q)
		g, gerr := list(got, ctx, q)
		w, werr := list(want, ctx, q)
		check(what, g, gerr, w, werr)
		if len(g) == 0 {
			return "", nil
		}
		return id(&g[len(g)-1]), nil
	})
}

// pages follows a cursor until a page is empty (bounded).
func pages(t *testing.T, what string, page func(after string) (string, error)) {
	t.Helper()
	after := ""
	for range 10_000 {
		next, err := page(after)
		if err != nil {
			t.Fatal(err)
		}
		if next == "" {
			return
		}
		after = next
	}
	t.Fatalf("%s: more than 10,000 pages", what)
}

// TestViewsMatchMemory: the Redis read model answers every question
// exactly as the in-memory one fed the same documents, after claims moved
// between statuses and projects between sectors and stages.
func TestViewsMatchMemory(t *testing.T) {
	addr := sharedRedisAddr(t)
	for _, seed := range []uint64{1, 2} {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			store := newStore(t, addr)
			mem := readmodel.NewMemory()
			e := feed(t, simulate.Options{Loans: 250, Seed: seed, BadInputRate: 0.02}, 37, mem, store)
			compareModels(t, e, store, mem)
		})
	}
}

// TestProjectMovesBetweenIndexes: a project whose sector and stage change
// leaves the sets it was in.
func TestProjectMovesBetweenIndexes(t *testing.T) {
	store := newStore(t, sharedRedisAddr(t))
	ctx := context.Background()
	put := func(sector, stage string) {
		p := ledger.ProjectView{ProjectDoc: ledger.ProjectDoc{ID: "p:1/x", Enterprise: "e1", Sector: sector, Stage: stage}}
		if err := store.Put(ctx, ledger.Views{Projects: []ledger.ProjectView{p}}); err != nil {
			t.Fatal(err)
		}
	}
	count := func(q readmodel.ProjectQuery) int {
		ps, err := store.Projects(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		return len(ps)
	}
	put("bio tech", "pilot")
	put("ai:chips", "scale-up")
	for _, c := range []struct {
		q    readmodel.ProjectQuery
		want int
	}{
		{readmodel.ProjectQuery{Sector: "bio tech"}, 0},
		{readmodel.ProjectQuery{Stage: "pilot"}, 0},
		{readmodel.ProjectQuery{Sector: "bio tech", Stage: "pilot"}, 0},
		{readmodel.ProjectQuery{Sector: "ai:chips"}, 1},
		{readmodel.ProjectQuery{Stage: "scale-up"}, 1},
		{readmodel.ProjectQuery{Sector: "ai:chips", Stage: "scale-up"}, 1},
		{readmodel.ProjectQuery{Sector: "ai", Stage: "chips:stage:scale-up"}, 0}, // no key forgery
		{readmodel.ProjectQuery{}, 1},
	} {
		if got := count(c.q); got != c.want {
			t.Errorf("projects %+v: got %d, want %d", c.q, got, c.want)
		}
	}
}

// TestClaimMovesBetweenIndexes: a claim that changes status leaves the
// sets of its old status, with and without its bank and program.
func TestClaimMovesBetweenIndexes(t *testing.T) {
	store := newStore(t, sharedRedisAddr(t))
	ctx := context.Background()
	put := func(status string) {
		c := ledger.ClaimView{ClaimDoc: ledger.ClaimDoc{ID: "p:1/L1", Program: "p:1", Loan: "L1", Bank: "b 1", Status: status}}
		if err := store.Put(ctx, ledger.Views{Claims: []ledger.ClaimView{c}}); err != nil {
			t.Fatal(err)
		}
	}
	put("pending")
	put("paid")
	for _, c := range []struct {
		q    readmodel.ClaimQuery
		want int
	}{
		{readmodel.ClaimQuery{Bank: "b 1"}, 1},
		{readmodel.ClaimQuery{Bank: "b 1", Status: "paid"}, 1},
		{readmodel.ClaimQuery{Bank: "b 1", Program: "p:1"}, 1},
		{readmodel.ClaimQuery{Bank: "b 1", Program: "p:1", Status: "paid"}, 1},
		{readmodel.ClaimQuery{Status: "paid"}, 1},
		{readmodel.ClaimQuery{Bank: "b 1", Status: "pending"}, 0},
		{readmodel.ClaimQuery{Bank: "b 1", Program: "p:1", Status: "pending"}, 0},
		{readmodel.ClaimQuery{Status: "pending"}, 0},
		{readmodel.ClaimQuery{Bank: "b 2"}, 0},
		{readmodel.ClaimQuery{Bank: "b 1:program:p:1"}, 0}, // no key forgery
	} {
		got, err := store.Claims(ctx, c.q)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != c.want {
			t.Errorf("claims %+v: got %d, want %d", c.q, len(got), c.want)
		}
	}
}

// TestReadsFailFastWithoutRedis: with Redis stopped every read fails
// within a bounded time, and the API answers 503.
func TestReadsFailFastWithoutRedis(t *testing.T) {
	srv := testsvc.StartRedis(t)
	store := newStore(t, srv.Addr())
	mem := readmodel.NewMemory()
	feed(t, simulate.Options{Loans: 20, Seed: 3}, 10, store, mem)
	srv.Stop()
	ctx := context.Background()
	reads := map[string]func() error{
		"programs":  func() error { _, err := store.Programs(ctx); return err },
		"program":   func() error { _, _, err := store.Program(ctx, "x"); return err },
		"claims":    func() error { _, err := store.Claims(ctx, readmodel.ClaimQuery{}); return err },
		"claim":     func() error { _, _, err := store.Claim(ctx, "x"); return err },
		"loans":     func() error { _, err := store.Loans(ctx, readmodel.LoanQuery{}); return err },
		"loan":      func() error { _, _, err := store.Loan(ctx, "x"); return err },
		"guarantor": func() error { _, _, err := store.Guarantor(ctx, "x"); return err },
		"projects":  func() error { _, err := store.Projects(ctx, readmodel.ProjectQuery{}); return err },
		"project":   func() error { _, _, err := store.Project(ctx, "x"); return err },
	}
	for name, read := range reads {
		start := time.Now()
		err := read()
		if err == nil {
			t.Errorf("%s with Redis stopped: got no error", name)
		}
		// Bounded, not measured: a read must never hang on a missing Redis.
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("%s with Redis stopped took %s", name, d)
		}
	}

	token := "finance-token"
	sum := sha256.Sum256([]byte(token))
	tokens, err := api.ParseTokens(strings.NewReader(`{"tokens":[{"sha256":"` + hex.EncodeToString(sum[:]) + `","subject":"finance:li"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	hs, err := api.NewHandlers(api.Config{Submitter: nopSubmitter{}, Views: store, Ready: func() bool { return true }, Tokens: tokens,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/v1/loans", "/v1/claims", "/v1/programs"} {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		rec := httptest.NewRecorder()
		hs.API.ServeHTTP(rec, req)
		if rec.Code != http.StatusServiceUnavailable {
			t.Errorf("GET %s with Redis stopped: got %d %s, want 503", path, rec.Code, rec.Body)
		}
	}
	srv.Start()
	// The client probes a server that refused its dials once a second.
	deadline := time.Now().Add(10 * time.Second)
	for {
		_, err := store.Programs(ctx)
		if err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("reads 10 s after Redis returned: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

type nopSubmitter struct{}

func (nopSubmitter) Submit(context.Context, []journal.Item) ([]ledger.Outcome, error) {
	return nil, errors.New("no writer in this test")
}

// TestPartitionNoticesLostDocuments: after a flush, a partition's next Put
// fails with ErrReadModelLost until it is rebuilt; each partition notices.
func TestPartitionNoticesLostDocuments(t *testing.T) {
	store := newStore(t, sharedRedisAddr(t))
	ctx := context.Background()
	a, b := store.ForPartition("0").(*redisstore.PartitionWriter), store.ForPartition("1").(*redisstore.PartitionWriter)
	v := ledger.Views{Guarantors: []ledger.GuarantorDoc{{ID: "g1", Liability: "0.00", Limit: "10.0000"}}}
	for _, w := range []*redisstore.PartitionWriter{a, b} {
		if err := w.Rebuild(ctx, v); err != nil {
			t.Fatal(err)
		}
		if err := w.Put(ctx, v); err != nil {
			t.Fatalf("put after rebuild: %v", err)
		}
	}
	// Lose every key of this store's prefix, as a Redis restart would.
	keys, err := store.Client().Keys(ctx, store.KeyPrefix()+"*").Result()
	if err != nil {
		t.Fatal(err)
	}
	if err := store.Client().Del(ctx, keys...).Err(); err != nil {
		t.Fatal(err)
	}
	for i, w := range []*redisstore.PartitionWriter{a, b} {
		if err := w.Put(ctx, v); !errors.Is(err, redisstore.ErrReadModelLost) {
			t.Fatalf("partition %d put after the loss: got %v, want ErrReadModelLost", i, err)
		}
	}
	if err := a.Rebuild(ctx, v); err != nil {
		t.Fatal(err)
	}
	if err := a.Put(ctx, v); err != nil {
		t.Errorf("put after the rebuild: %v", err)
	}
	if err := b.Put(ctx, v); !errors.Is(err, redisstore.ErrReadModelLost) {
		t.Errorf("the other partition, not rebuilt: got %v, want ErrReadModelLost", err)
	}
}

// TestConfigValidate: a missing or malformed address and negative limits
// are refused.
func TestConfigValidate(t *testing.T) {
	for _, c := range []struct {
		cfg redisstore.Config
		ok  bool
	}{
		{redisstore.Config{Addr: "127.0.0.1:6379"}, true},
		{redisstore.Config{}, false},
		{redisstore.Config{Addr: "localhost"}, false},
		{redisstore.Config{Addr: "h:1", ReadTimeout: -1}, false},
		{redisstore.Config{Addr: "h:1", PoolSize: -1}, false},
		{redisstore.Config{Addr: "h:1", KeyPrefix: "a b"}, false},
	} {
		if err := c.cfg.Validate(); (err == nil) != c.ok {
			t.Errorf("%+v: got %v, want ok %v", c.cfg, err, c.ok)
		}
	}
}

// TestGuarantorPartsMerged: each partition writes its part of a guarantor;
// the store serves them merged, as the in-memory read model does, whatever
// order they were written in.
func TestGuarantorPartsMerged(t *testing.T) {
	store := newStore(t, sharedRedisAddr(t))
	ctx := context.Background()
	na := "200000000.00"
	parts := []ledger.GuarantorDoc{
		{ID: "g1", NetAssets: &na, Liability: "0.00", Limit: "10.0000", Partition: "0"},
		{ID: "g1", NetAssets: &na, Liability: "3000000.00", Limit: "15.0000", Partition: "1"},
		{ID: "g1", NetAssets: &na, Liability: "2500000.00", Limit: "10.0000", Partition: "2"},
	}
	mem := readmodel.NewMemory()
	for _, i := range []int{2, 0, 1} {
		w := store.ForPartition(parts[i].Partition)
		if err := w.Put(ctx, ledger.Views{Guarantors: []ledger.GuarantorDoc{parts[i]}}); err != nil && !errors.Is(err, redisstore.ErrReadModelLost) {
			t.Fatal(err)
		}
		mem.Put(ctx, ledger.Views{Guarantors: []ledger.GuarantorDoc{parts[i]}})
	}
	got, ok, err := store.Guarantor(ctx, "g1")
	if err != nil || !ok {
		t.Fatalf("Guarantor(g1): %v %v", ok, err)
	}
	if got.Liability != "5500000.00" || got.Leverage == nil || *got.Leverage != "0.0275" || got.Limit != "15.0000" {
		t.Errorf("merged g1: liability %s leverage %v limit %s, want 5500000.00, 0.0275, 15.0000", got.Liability, got.Leverage, got.Limit)
	}
	fromMem, _, _ := mem.Guarantor(ctx, "g1")
	gb, _ := json.Marshal(got)
	mb, _ := json.Marshal(fromMem)
	if !bytes.Equal(gb, mb) {
		t.Errorf("Redis %s, memory %s: want the same document", gb, mb)
	}
	// A partition's newer part replaces its older one.
	parts[1].Liability = "1000000.00"
	if err := store.ForPartition("1").Put(ctx, ledger.Views{Guarantors: []ledger.GuarantorDoc{parts[1]}}); err != nil && !errors.Is(err, redisstore.ErrReadModelLost) {
		t.Fatal(err)
	}
	if got, _, _ := store.Guarantor(ctx, "g1"); got.Liability != "3500000.00" {
		t.Errorf("after partition 1's update: liability %s, want 3500000.00", got.Liability)
	}
	if _, ok, err := store.Guarantor(ctx, "nobody"); ok || err != nil {
		t.Errorf("unknown guarantor: got %v %v, want not found", ok, err)
	}
}

// TestClaimOverdueIndex: ?overdue_on= walks the claims with a current
// deadline, in Redis as in memory; a claim past its last step leaves it.
func TestClaimOverdueIndex(t *testing.T) {
	store := newStore(t, sharedRedisAddr(t))
	mem := readmodel.NewMemory()
	ctx := context.Background()
	put := func(id, status string, due *string) {
		t.Helper()
		c := ledger.ClaimView{ClaimDoc: ledger.ClaimDoc{ID: id, Program: "p:1", Loan: strings.TrimPrefix(id, "p:1/"), Bank: "b 1", Status: status,
			ClaimReviewDoc: &ledger.ClaimReviewDoc{SubmitBy: "2026-11-24"}}, ClaimReviewView: &ledger.ClaimReviewView{DueBy: due}}
		for _, s := range []interface {
			Put(context.Context, ledger.Views) error
		}{store, mem} {
			if err := s.Put(ctx, ledger.Views{Claims: []ledger.ClaimView{c}}); err != nil {
				t.Fatal(err)
			}
		}
	}
	day := func(s string) *string { return &s }
	put("p:1/A", "awaiting_documents", day("2026-11-24"))
	put("p:1/B", "submitted", day("2026-10-13"))
	put("p:1/C", "pending", day("2026-10-20"))
	put("p:1/C", "paid", nil) // approved: no deadline any more
	for _, c := range []struct {
		q    readmodel.ClaimQuery
		want string
	}{
		{readmodel.ClaimQuery{OverdueOn: "2026-10-13"}, ""},
		{readmodel.ClaimQuery{OverdueOn: "2026-10-14"}, "p:1/B"},
		{readmodel.ClaimQuery{OverdueOn: "2026-11-25"}, "p:1/A,p:1/B"},
		{readmodel.ClaimQuery{OverdueOn: "2026-11-25", Status: "submitted"}, "p:1/B"},
		{readmodel.ClaimQuery{OverdueOn: "2026-11-25", Bank: "b 1", Program: "p:1"}, "p:1/A,p:1/B"},
		{readmodel.ClaimQuery{OverdueOn: "2026-11-25", Bank: "b 2"}, ""},
		{readmodel.ClaimQuery{OverdueOn: "2026-11-25", Limit: 1}, "p:1/A"},
		{readmodel.ClaimQuery{OverdueOn: "2026-11-25", After: "p:1/A"}, "p:1/B"},
		// The statuses of claim review have status sets like the others.
		{readmodel.ClaimQuery{Status: "submitted"}, "p:1/B"},
		{readmodel.ClaimQuery{Status: "awaiting_documents", Bank: "b 1"}, "p:1/A"},
		{readmodel.ClaimQuery{Status: "pending"}, ""},
	} {
		for name, r := range map[string]readmodel.Reader{"redis": store, "memory": mem} {
			got, err := r.Claims(ctx, c.q)
			if err != nil {
				t.Fatal(err)
			}
			ids := []string{}
			for _, g := range got {
				ids = append(ids, g.ID)
			}
			if s := strings.Join(ids, ","); s != c.want {
				t.Errorf("%s: claims %+v: got %q, want %q", name, c.q, s, c.want)
			}
		}
	}
}
