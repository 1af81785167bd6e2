package ledger

import (
	"fmt"
	"reflect"
	"slices"
	"testing"
)

// Lists carved from the same array must stay their own: each keeps its ids
// however many lists follow, and appending to one leaves the others alone.
func TestIDListsAreTheirOwn(t *testing.T) {
	var l idLists
	var lists, want [][]string
	for i := 0; i < 3*idListsLen; i++ {
		var ids []string
		for j := range i % 5 { // 0 to 4 ids
			ids = append(ids, fmt.Sprintf("id-%d-%d", i, j))
		}
		if i%97 == 0 { // now and then one longer than a shared array takes
			for j := range idListsLen / 4 {
				ids = append(ids, fmt.Sprintf("long-%d-%d", i, j))
			}
		}
		var got []string
		if len(ids) == 1 {
			got = l.one(ids[0])
		} else {
			got = l.copy(ids)
		}
		if len(got) <= idListsLen/8 && cap(got) != len(got) { // shared: no room after it
			t.Fatalf("list %d: capacity %d, want its length %d", i, cap(got), len(got))
		}
		lists, want = append(lists, got), append(want, slices.Clone(ids))
	}
	for i := range lists {
		lists[i] = append(lists[i], "appended")
	}
	for i := range lists {
		if got := lists[i][:len(lists[i])-1]; !slices.Equal(got, want[i]) {
			t.Fatalf("list %d: got %v, want %v", i, got, want[i])
		}
	}
}

// changesOf looks a loan's projects up only for the borrowers of
// projectBorrowers, a cache kept beside projectsByEnterprise: a loan event
// must list the borrower's projects whichever came first, the project or
// the borrower, and after a restore, which leaves the cache to be rebuilt.
func TestLoanChangesListTheBorrowersProjects(t *testing.T) {
	cfg := halfPools(t, "p")
	const at = `"at":"2026-01-05T09:00:00+08:00"`
	disburse := func(loan, borrower string) string {
		return `{"id":"d-` + loan + `","type":"loan.disbursed","source":"bank:b","program":"p",` + at + `,` +
			`"data":{"loan":"` + loan + `","borrower":{"id":"` + borrower + `","name":"E","sector":"s","size":"small"},` +
			`"principal":"5000000.00","annual_rate":"0.04","term_months":12,"disbursed_on":"2026-01-05"}}`
	}
	repay := func(id, loan string) string {
		return `{"id":"` + id + `","type":"loan.repaid","source":"bank:b","program":"p",` + at + `,` +
			`"data":{"loan":"` + loan + `","principal":"1.00","interest":"0","paid_on":"2026-01-05"}}`
	}
	register := func(project, enterprise string) string {
		return `{"id":"r-` + project + `","type":"project.registered","source":"admin:a",` + at + `,` +
			`"data":{"project":"` + project + `","enterprise":"` + enterprise + `","title":"T","sector":"s",` +
			`"stage":"pilot","funding_sought":"100.00","status":"listed"}}`
	}
	move := func(id, project, enterprise string) string {
		return `{"id":"` + id + `","type":"project.updated","source":"admin:a",` + at + `,` +
			`"data":{"project":"` + project + `","enterprise":"` + enterprise + `"}}`
	}
	steps := []struct {
		line    string
		restore bool // restore the engine from its snapshot first
		want    []string
	}{
		// The first loan event builds the cache, before any project.
		{line: disburse("b-L0", "e-0")},
		{line: register("P0", "e-0"), want: []string{"P0"}},
		{line: repay("r1", "b-L0"), want: []string{"P0"}},
		// A project before its borrower.
		{line: register("P1", "e-1"), want: []string{"P1"}},
		{line: disburse("b-L1", "e-1"), want: []string{"P1"}},
		{line: repay("r2", "b-L1"), want: []string{"P1"}},
		{line: move("m1", "P1", "e-2"), want: []string{"P1"}},
		{line: repay("r3", "b-L1"), restore: true},
		{line: repay("r4", "b-L0"), want: []string{"P0"}},
		{line: disburse("b-L2", "e-2"), want: []string{"P1"}},
		{line: register("P2", "e-2"), restore: true, want: []string{"P2"}},
		{line: repay("r5", "b-L2"), want: []string{"P1", "P2"}},
	}
	e := NewEngine(cfg)
	for i, s := range steps {
		if s.restore {
			snap, err := e.MarshalSnapshot()
			if err != nil {
				t.Fatal(err)
			}
			if e, err = RestoreSnapshot(cfg, snap); err != nil {
				t.Fatal(err)
			}
		}
		out, err := e.Apply([]byte(s.line), Meta{})
		if err != nil || out.Status != StatusApplied {
			t.Fatalf("step %d: %v %v %s", i, err, out.Code, out.Message)
		}
		if !slices.Equal(out.Changes.Projects, s.want) {
			t.Errorf("step %d (%s): projects changed %v, want %v", i, out.Type, out.Changes.Projects, s.want)
		}
	}
}

// TestChangesMerge: a batch lists programs and guarantors once each, and
// the rest as its inputs named them; the inputs' own lists are not written.
func TestChangesMerge(t *testing.T) {
	a := Changes{Programs: []string{"p1"}, Loans: []string{"l1"}, Guarantors: []string{"g1"}}
	b := Changes{Programs: []string{"p1", "p2"}, Loans: []string{"l1", "l2"}, Claims: []string{"c1"},
		Guarantors: []string{"g1"}, Projects: []string{"x"}}
	var batch Changes
	batch.Merge(a)
	batch.Merge(b)
	want := Changes{Programs: []string{"p1", "p2"}, Loans: []string{"l1", "l1", "l2"}, Claims: []string{"c1"},
		Guarantors: []string{"g1"}, Projects: []string{"x"}}
	if !reflect.DeepEqual(batch, want) {
		t.Errorf("merged %+v, want %+v", batch, want)
	}
	if len(a.Loans) != 1 || a.Loans[0] != "l1" || len(a.Programs) != 1 {
		t.Errorf("an input's changes were written: %+v", a)
	}
}
