package replay

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/techcredit/techcredit/internal/streamtest"
	"github.com/techcredit/techcredit/report"
	"github.com/techcredit/techcredit/stream"
	"github.com/techcredit/techcredit/stream/journal"
	"github.com/techcredit/techcredit/stream/journal/bolt"
)

const programs = `{"programs":[{"id":"p1","name":"p1","kind":"compensation_pool","currency":"CNY",
 "shares":[{"party":"province","ratio":"0.35"},{"party":"city","ratio":"0.35"}]}]}`

func disbursed(id, loan, at, on, principal string) string {
	return `{"id":"` + id + `","type":"loan.disbursed","source":"bank:b1","program":"p1","at":"` + at +
		`","data":{"loan":"` + loan + `","borrower":{"id":"e1","name":"E","sector":"ic","size":"small"},"principal":"` +
		principal + `","annual_rate":"0.04","term_months":12,"disbursed_on":"` + on + `"}}`
}

// writeJournal journals lines through the writer into a new bbolt journal.
func writeJournal(t *testing.T, lines ...string) journal.Journal {
	t.Helper()
	j, err := bolt.Open(t.TempDir(), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { j.Close() })
	r := stream.NewRunner(j, nil, stream.RunnerConfig{Logger: streamtest.QuietLogger()})
	if err := r.Recover(context.Background(), []byte(programs)); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.Run(ctx) }()
	var items []journal.Item
	for _, l := range lines {
		items = append(items, journal.Item{Raw: []byte(l)})
	}
	if _, err := r.Submit(ctx, items); err != nil {
		t.Fatal(err)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	return j
}

func loanRows(t *testing.T, js []journal.Journal, to string) []string {
	t.Helper()
	var seen []int64
	tab, err := Build(context.Background(), js, report.Query{Kind: report.KindLoans, To: to}, func(n int64) { seen = append(seen, n) })
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) == 0 {
		t.Error("no progress reported")
	}
	var rows []string
	for r := range tab.Rows {
		rows = append(rows, strings.Join([]string{r[0], r[5], r[6]}, " "))
	}
	return rows
}

// TestAsOfSkipsLaterInputs: as of a date, an input dated after it is left
// out, and the inputs after it are judged without it (the second
// disbursement of b1-L1, journaled as duplicate_loan, is the loan as of
// February); the whole journal gives the journaled outcomes.
func TestAsOfSkipsLaterInputs(t *testing.T) {
	j := writeJournal(t,
		disbursed("d1", "b1-L1", "2026-03-05T09:00:00+08:00", "2026-03-05", "5000000.00"),
		disbursed("d2", "b1-L1", "2026-02-10T09:00:00+08:00", "2026-02-10", "1000000.00"),
		disbursed("d3", "b1-L2", "2026-02-11T09:00:00+08:00", "2026-02-11", "2000000.00"))
	if got, want := loanRows(t, []journal.Journal{j}, ""), []string{"b1-L1 5000000.00 performing", "b1-L2 2000000.00 performing"}; !slices.Equal(got, want) {
		t.Errorf("whole journal: got %q, want %q", got, want)
	}
	if got, want := loanRows(t, []journal.Journal{j}, "2026-02-28"), []string{"b1-L1 1000000.00 performing", "b1-L2 2000000.00 performing"}; !slices.Equal(got, want) {
		t.Errorf("as of February: got %q, want %q", got, want)
	}
	if got := loanRows(t, []journal.Journal{j}, "2026-02-10"); !slices.Equal(got, []string{"b1-L1 1000000.00 performing"}) {
		t.Errorf("as of 10 February: got %q", got)
	}
}

// TestPartitionsMerge: the loans of several journals (Kafka partitions)
// come out in one order of ids.
func TestPartitionsMerge(t *testing.T) {
	a := writeJournal(t, disbursed("d1", "b1-L3", "2026-02-10T09:00:00+08:00", "2026-02-10", "3.00"),
		disbursed("d2", "b1-L1", "2026-02-10T09:00:00+08:00", "2026-02-10", "1.00"))
	b := writeJournal(t, disbursed("d3", "b1-L2", "2026-02-11T09:00:00+08:00", "2026-02-11", "2.00"))
	want := []string{"b1-L1 1.00 performing", "b1-L2 2.00 performing", "b1-L3 3.00 performing"}
	if got := loanRows(t, []journal.Journal{a, b}, ""); !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}
