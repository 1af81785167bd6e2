package report

import (
	"os"
	"testing"
)

// example11 folds the worked example testdata/examples/11-transformation-fund
// as of to (its rejected inputs included, as a journal holds them).
func example11(t *testing.T, to string) *Book {
	t.Helper()
	programs, lines := streamLines(t, "../testdata/examples/11-transformation-fund")
	return foldLines(t, programs, lines, to, false)
}

// TestFundsReportExample11: the fund's row is GET /v1/funds' figures of
// the worked example (committed 100,000,000.00, invested 7,000,000.00,
// leverage 4.2857); the investments' rows carry the co-investors' total,
// never a name.
func TestFundsReportExample11(t *testing.T) {
	tab, rows := build(t, []*Book{example11(t, "")}, Query{Kind: KindFunds})
	if tab.From != "2026-02-01" || tab.To != "2026-09-02" || len(tab.Columns) != 14 || tab.Columns[8].Header() != "放大倍数 leverage" {
		t.Fatalf("table %s..%s, columns %v", tab.From, tab.To, tab.Columns)
	}
	wantRows(t, rows,
		"dz-transfer|德州市科技成果转化基金|CNY|100000000.00|7000000.00|93000000.00|6000000.00|2|4.2857|3.0000|true|0.4286|0.5714|1.0000")
	wantReport(t, example11(t, ""), Query{Kind: KindFundInvestments},
		"dz-transfer|inv-1|p-chip|e-chip|20000000.00|4000000.00|16000000.00|2|2026-03-01|false|true|true|true|2026-09-01|6000000.00",
		"dz-transfer|inv-2|p-robot|e-robot|10000000.00|3000000.00|7000000.00|2|2026-03-02|true|false|true|false||0.00")
}

// TestFundsReportAsOfTo: as of 2026-02-28 the capital is committed and
// nothing invested (leverage and shares empty, not ok); as of 2026-03-01
// one round; another fund's filter keeps no row.
func TestFundsReportAsOfTo(t *testing.T) {
	wantReport(t, example11(t, "2026-02-28"), Query{Kind: KindFunds, To: "2026-02-28"}, "dz-transfer|德州市科技成果转化基金|CNY|100000000.00|0.00|100000000.00|0.00|0||3.0000|false|||")
	wantReport(t, example11(t, "2026-03-01"), Query{Kind: KindFunds, To: "2026-03-01"}, "dz-transfer|德州市科技成果转化基金|CNY|100000000.00|4000000.00|96000000.00|0.00|1|5.0000|3.0000|true|0.0000|1.0000|1.0000")
	wantReport(t, example11(t, ""), Query{Kind: KindFundInvestments, Fund: "other"})
}

// TestFundsReportPartitions: in the Kafka mode every partition knows the
// fund but only one journals it; the row is that partition's, once.
func TestFundsReportPartitions(t *testing.T) {
	programs, _ := os.ReadFile("../testdata/examples/11-transformation-fund/programs.json")
	idle := foldLines(t, string(programs), nil, "", true)
	_, rows := build(t, []*Book{idle, example11(t, ""), idle}, Query{Kind: KindFunds})
	wantRows(t, rows,
		"dz-transfer|德州市科技成果转化基金|CNY|100000000.00|7000000.00|93000000.00|6000000.00|2|4.2857|3.0000|true|0.4286|0.5714|1.0000")
}
