package report

import (
	"errors"
	"testing"
)

func TestPoolReportByMonth(t *testing.T) {
	b := fixtureBook(t, "")
	tab, rows := build(t, []*Book{b}, Query{Kind: KindPool})
	if tab.From != "2026-01-02" || tab.To != "2026-04-10" {
		t.Errorf("period: got %s..%s, want 2026-01-02..2026-04-10", tab.From, tab.To)
	}
	wantRows(t, rows,
		"lkd|2026-01|0.00|10000000.00|0.00|0.00|10000000.00",
		"lkd|2026-02|10000000.00|0.00|0.00|0.00|10000000.00",
		"lkd|2026-03|10000000.00|0.00|2800000.00|0.00|7200000.00",
		"lkd|2026-04|7200000.00|1000000.00|0.00|700000.00|8900000.00")
	wantReport(t, b, Query{Kind: KindPool, From: "2026-03-05", To: "2026-04-30"},
		"lkd|2026-03|10000000.00|0.00|2800000.00|0.00|7200000.00",
		"lkd|2026-04|7200000.00|1000000.00|0.00|700000.00|8900000.00")
}

// TestPoolClosingIsTheLedgers replays the demo stream month by month: each
// month's closing balance in the report of the whole stream equals the
// pool balance of the ledger folded to that month's last day.
func TestPoolClosingIsTheLedgers(t *testing.T) {
	programs, lines := demoLines(t)
	whole := foldLines(t, programs, lines, "", false)
	_, rows := build(t, []*Book{whole}, Query{Kind: KindPool})
	if len(rows) < 24 {
		t.Fatalf("got %d pool rows, want the months of several programs", len(rows))
	}
	closing := map[string]string{} // month → program → closing
	var months []string
	for _, r := range rows {
		if _, ok := closing[r[1]]; !ok {
			months = append(months, r[1])
		}
		closing[r[1]+"/"+r[0]] = r[6]
		closing[r[1]] = ""
	}
	moved := 0
	for _, m := range months[:min(len(months), 40)] {
		end := monthEnd(m)
		b := foldLines(t, programs, lines, end, false)
		for _, v := range b.Engine.Views(b.Engine.AllChanges()).Programs {
			if got, want := closing[m+"/"+v.ID], v.PoolBalance; got != want {
				t.Errorf("%s %s: the report closes at %s, the ledger folded to %s holds %s", v.ID, m, got, end, want)
			}
			if v.PoolBalance != "0.00" {
				moved++
			}
		}
	}
	if moved == 0 {
		t.Fatal("no pool ever held money: the test checks nothing")
	}
}

func monthEnd(m string) string {
	for _, d := range []string{"31", "30", "29", "28"} {
		if isDate(m + "-" + d) {
			return m + "-" + d
		}
	}
	panic(m)
}

func TestLoansReportAsOf(t *testing.T) {
	wantReport(t, fixtureBook(t, ""), Query{Kind: KindLoans},
		"abc-dz-L2|lkd|abc-dz|e2|Bio Co.|2000000.00|performing|2000000.00|0|true||2000000.00|approved|2000000.00|",
		"icbc-dz-L1|lkd|icbc-dz|e1|芯片公司|5000000.00|defaulted|4000000.00|0|true||4000000.00|approved|5000000.00|lkd/icbc-dz-L1",
		"icbc-dz-L3|lkd|icbc-dz|e2|Bio Co.|1000000.00|performing|1000000.00|0|true||1000000.00|approved|1000000.00|")
	// As of 31 January: no filing yet, so nothing is covered.
	wantReport(t, fixtureBook(t, "2026-01-31"), Query{Kind: KindLoans, Bank: "icbc-dz", To: "2026-01-31"},
		"icbc-dz-L1|lkd|icbc-dz|e1|芯片公司|5000000.00|performing|5000000.00|0|false|not_filed|0.00|none|0.00|",
		"icbc-dz-L3|lkd|icbc-dz|e2|Bio Co.|1000000.00|performing|1000000.00|0|false|not_filed|0.00|none|0.00|")
}

func TestClaimsReportSteps(t *testing.T) {
	wantReport(t, fixtureBook(t, ""), Query{Kind: KindClaims},
		"lkd/icbc-dz-L1|lkd|icbc-dz-L1|icbc-dz|paid|2026-03-15|||||||||2026-03-20|finance:li|2026-03-21|finance:wang||2026-03-21|4000000.00|2800000.00|2800000.00|0.00|700000.00")
	wantReport(t, fixtureBook(t, "2026-03-20"), Query{Kind: KindClaims, To: "2026-03-20"},
		"lkd/icbc-dz-L1|lkd|icbc-dz-L1|icbc-dz|awaiting_second_approval|2026-03-15|||||||||2026-03-20|finance:li|||||4000000.00|2800000.00|0.00|0.00|0.00")
	wantReport(t, fixtureBook(t, ""), Query{Kind: KindClaims, Bank: "abc-dz"})
}

func TestSubsidiesReport(t *testing.T) {
	wantReport(t, fixtureBook(t, ""), Query{Kind: KindSubsidies},
		"lkd/icbc-dz-L3/2026|lkd|icbc-dz-L3|e2|icbc-dz|2026|paid|2026-03-12|2026-03-20|finance:li||||2026-03-20|30000.00|12000.00|12000.00|0.00")
}

func TestFilingsReport(t *testing.T) {
	wantReport(t, fixtureBook(t, ""), Query{Kind: KindFilings},
		"2026-02|lkd|abc-dz|park-b|1|1|1|2000000.00|2000000.00|0.0500",
		"2026-02|lkd|icbc-dz|park-a|1|1|1|5000000.00|5000000.00|0.0400",
		"2026-02|lkd|icbc-dz|park-b|1|1|1|1000000.00|1000000.00|0.0600")
	wantReport(t, fixtureBook(t, ""), Query{Kind: KindFilings, From: "2026-02-02", Bank: "icbc-dz"}, "2026-02|lkd|icbc-dz|park-b|1|1|1|1000000.00|1000000.00|0.0600")
}

func TestQueryErrors(t *testing.T) {
	b := fixtureBook(t, "")
	for _, q := range []Query{{Kind: "fund"}, {Kind: "nope"}} {
		if _, err := Build([]*Book{b}, q); !errors.Is(err, ErrUnknownKind) {
			t.Errorf("%q: got %v, want ErrUnknownKind", q.Kind, err)
		}
	}
	for _, q := range []Query{{Kind: KindPool, From: "2026-13-01"}, {Kind: KindPool, From: "2026-03-02", To: "2026-03-01"}} {
		if _, err := Build([]*Book{b}, q); !errors.Is(err, ErrBadQuery) {
			t.Errorf("%+v: got %v, want ErrBadQuery", q, err)
		}
	}
}

// TestEveryKindIsBuilt: Validate accepts the kinds Kinds lists, and Build
// has a report for each of them and no other.
func TestEveryKindIsBuilt(t *testing.T) {
	for _, k := range Kinds {
		if builders[k] == nil {
			t.Errorf("kind %q: no builder", k)
		}
	}
	if len(builders) != len(Kinds) {
		t.Errorf("got %d builders, want one per kind (%d)", len(builders), len(Kinds))
	}
}
