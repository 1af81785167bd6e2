package stream

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/stream/journal"
)

const historyPrograms = `{"programs":[{"id":"p1","name":"P","kind":"compensation_pool","currency":"CNY",
 "shares":[{"party":"province","ratio":"0.35"},{"party":"city","ratio":"0.35"}],
 "claim_review":{"documents":["application"],"submit_within_days":60,"review_working_days":5,"decide_working_days":5}}]}`

func historyInput(id, typ, source, at, data string) []byte {
	return []byte(fmt.Sprintf(`{"id":%q,"type":%q,"source":%q,"program":"p1","at":%q,"data":%s}`, id, typ, source, at, data))
}

// TestHistory: the admin imports the bank's disbursement (imported_by),
// the bank defaults the loan and files a dossier twice (the second is
// not_awaiting_documents), the bureau recommends, finance approves while
// the pool is empty and a later funding pays the claim. The claim's
// history lists every input naming it and the funding that paid it; the
// loan's lists its own events, with the importer.
func TestHistory(t *testing.T) {
	rr := startRunner(t, t.TempDir(), []byte(historyPrograms))
	defer rr.stop(t)
	arrival := time.Date(2026, 11, 2, 2, 0, 0, 0, time.UTC)
	const doc = `[{"kind":"application","sha256":"00000000000000000000000000000000000000000000000000000000000000a1"}]`
	items := []journal.Item{
		{Raw: historyInput("d-1", "loan.disbursed", "bank:b1", "2026-09-01T09:00:00+08:00",
			`{"loan":"b1-L1","borrower":{"id":"e1","name":"E","sector":"ic","size":"small"},"principal":"1000000.00","annual_rate":"0.04","term_months":12,"disbursed_on":"2026-09-01"}`),
			Meta: ledger.Meta{ImportedBy: "admin:kjt-zhou", Arrival: arrival}},
		{Raw: historyInput("x-1", "loan.defaulted", "bank:b1", "2026-09-25T09:00:00+08:00", `{"loan":"b1-L1","as_of":"2026-09-25"}`), Meta: ledger.Meta{Source: "bank:b1", Arrival: arrival}},
		{Raw: historyInput("s-1", "claim.submitted", "bank:b1", "2026-09-30T09:00:00+08:00", `{"claim":"p1/b1-L1","submitted_on":"2026-09-30","documents":`+doc+`}`), Meta: ledger.Meta{Source: "bank:b1", Arrival: arrival}},
		{Raw: historyInput("s-2", "claim.submitted", "bank:b1", "2026-09-30T10:00:00+08:00", `{"claim":"p1/b1-L1","submitted_on":"2026-09-30","documents":`+doc+`}`), Meta: ledger.Meta{Source: "bank:b1", Arrival: arrival}},
		{Raw: historyInput("r-1", "claim.reviewed", "admin:kjt-zhou", "2026-10-09T09:00:00+08:00", `{"claim":"p1/b1-L1","reviewed_on":"2026-10-09","decision":"recommend"}`), Meta: ledger.Meta{Source: "admin:kjt-zhou", Arrival: arrival}},
		{Raw: historyInput("a-1", "claim.approved", "finance:li", "2026-10-10T09:00:00+08:00", `{"claim":"p1/b1-L1"}`), Meta: ledger.Meta{Source: "finance:li", Arrival: arrival}},
		{Raw: historyInput("f-1", "pool.funded", "finance:li", "2026-10-12T09:00:00+08:00", `{"funder":"province","amount":"1000000.00"}`), Meta: ledger.Meta{Source: "finance:li", Arrival: arrival}},
		{Raw: historyInput("f-2", "pool.funded", "finance:li", "2026-10-12T10:00:00+08:00", `{"funder":"city","amount":"1.00"}`), Meta: ledger.Meta{Source: "finance:li", Arrival: arrival}},
	}
	for _, it := range items {
		if _, err := rr.r.Submit(context.Background(), []journal.Item{it}); err != nil {
			t.Fatal(err)
		}
	}
	summary := func(kind, id string) string {
		t.Helper()
		h, err := History(context.Background(), rr.j, kind, id, 3)
		if err != nil {
			t.Fatal(err)
		}
		var parts []string
		for _, e := range h {
			s := fmt.Sprintf("%d %s %s %s", e.Position, e.ID, e.Source, e.Outcome)
			if e.Code != nil {
				s += " " + *e.Code
			}
			if e.ImportedBy != nil {
				s += " imported_by " + *e.ImportedBy
			}
			if e.Hash == nil || len(*e.Hash) != 64 || e.Arrival == nil {
				t.Errorf("%s: hash %v, arrival %v", e.ID, e.Hash, e.Arrival)
			}
			parts = append(parts, s)
		}
		return strings.Join(parts, "; ")
	}
	// Record 1 is the programs file.
	if got, want := summary(journal.HistoryClaim, "p1/b1-L1"),
		"3 x-1 bank:b1 applied; 4 s-1 bank:b1 applied; 5 s-2 bank:b1 rejected not_awaiting_documents; "+
			"6 r-1 admin:kjt-zhou applied; 7 a-1 finance:li applied; 8 f-1 finance:li applied"; got != want {
		t.Errorf("claim history:\n got  %s\n want %s", got, want)
	}
	if got, want := summary(journal.HistoryLoan, "b1-L1"),
		"2 d-1 bank:b1 applied imported_by admin:kjt-zhou; 3 x-1 bank:b1 applied"; got != want {
		t.Errorf("loan history:\n got  %s\n want %s", got, want)
	}
	h, _ := History(context.Background(), rr.j, journal.HistoryClaim, "p1/b1-L1", 0)
	if f := h[len(h)-1]; len(f.Postings) != 2 || f.Postings[1].Amount != "700000.00" || f.Postings[1].From != "pool:p1" {
		t.Errorf("the funding's postings: got %+v, want the funding and the claim's payment of 700000.00", f.Postings)
	}
	if got := summary(journal.HistorySubsidy, "p1/b1-L1/2026"); got != "" {
		t.Errorf("subsidy history: got %q, want none", got)
	}
	if _, err := History(context.Background(), rr.j, "project", "x", 0); err == nil {
		t.Errorf("a history of a project: no error")
	}
}
