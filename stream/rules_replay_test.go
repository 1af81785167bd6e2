package stream

import (
	"context"
	"testing"
	"time"

	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/stream/journal"
	"github.com/techcredit/techcredit/stream/journal/bolt"
)

// TestReplayJudgesUnderTheRecordsRules: a journal written by the
// version before internal/jsonkeys (commit 704f889) holds inputs whose data
// has a member in another case ("Amount") or a repeated member ("amount"
// twice): that version applied them (encoding/json folds case and keeps
// the last value). The records below are what 704f889's runner journals for
// them (checked by running it: both "applied", one posting each). After the
// upgrade the same journal must still replay: the journal is the book of
// record, and the embedded default (no snapshots) replays it on every start.
// Records without a rules version replay under ledger.RulesLenientJSON;
// without that, Recover failed ("replay gave rejected bad_field, the
// journal says applied") and serve refused to start on its own history.
// New inputs are judged, and journaled, under the current rules.
func TestReplayJudgesUnderTheRecordsRules(t *testing.T) {
	programs, _ := exampleInputs(t, examples+"1-lukedai-default")
	dir := t.TempDir()
	j, err := bolt.Open(dir, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	recs := []journal.Record{
		{Seq: 1, Kind: journal.KindPrograms, Programs: compactJSON(programs)},
		{Seq: 2, Kind: journal.KindInput, Status: "applied", Input: []byte(`{"id":"f-1","type":"pool.funded","source":"finance:li","program":"dz-lukedai","at":"2026-01-02T09:00:00+08:00","data":{"funder":"province","Amount":"5000000.00"}}`),
			Postings: []journal.PostingRecord{{From: "funding:dz-lukedai:province", To: "pool:dz-lukedai", Amount: "5000000.00", Currency: "CNY"}}},
		{Seq: 3, Kind: journal.KindInput, Status: "applied", Input: []byte(`{"id":"f-2","type":"pool.funded","source":"finance:li","program":"dz-lukedai","at":"2026-01-02T09:05:00+08:00","data":{"funder":"city","amount":"1.00","amount":"5000000.00"}}`),
			Postings: []journal.PostingRecord{{From: "funding:dz-lukedai:city", To: "pool:dz-lukedai", Amount: "5000000.00", Currency: "CNY"}}},
	}
	if err := j.Append(context.Background(), recs); err != nil {
		t.Fatal(err)
	}
	r := NewRunner(j, nil, RunnerConfig{})
	if err := r.Recover(context.Background(), nil); err != nil {
		t.Fatalf("a journal written by the previous version does not replay: %v", err)
	}
	done := make(chan error, 1)
	ctx, cancel := context.WithCancel(context.Background())
	go func() { done <- r.Run(ctx) }()
	defer func() { cancel(); <-done }()
	outs, err := r.Submit(context.Background(), []journal.Item{{Raw: []byte(`{"id":"f-3","type":"pool.funded","source":"finance:li","program":"dz-lukedai","at":"2026-01-02T09:10:00+08:00","data":{"funder":"city","Amount":"7.00"}}`)}})
	if err != nil || len(outs) != 1 || outs[0].Code.String() != "bad_field" {
		t.Fatalf("a new input with a field in another case: got %+v (%v), want rejected bad_field", outs, err)
	}
	var last journal.Record
	j.Replay(context.Background(), 3, func(rec journal.Record) error { last = rec; return nil })
	if last.Seq != 4 || last.Rules != ledger.RulesCurrent || last.Code != "bad_field" {
		t.Fatalf("journaled: seq %d rules %d code %s, want seq 4 under the current rules, bad_field", last.Seq, last.Rules, last.Code)
	}
	// A fresh replay judges each record under its own rules again.
	again := NewRunner(j, nil, RunnerConfig{})
	if err := again.Recover(context.Background(), nil); err != nil {
		t.Fatalf("replay of records under two rules versions: %v", err)
	}
}

// TestReplayReadsProgramsUnderTheRecordsRules: the same for a programs
// version journaled by 704f889 whose file spelt a member in another case
// ("Name"): ParsePrograms accepted it then, and every replay reads it again.
func TestReplayReadsProgramsUnderTheRecordsRules(t *testing.T) {
	programs := []byte(`{"programs":[{"id":"dz-lukedai","Name":"Dezhou","kind":"compensation_pool","currency":"CNY","shares":[{"party":"province","ratio":"0.35"},{"party":"city","ratio":"0.35"}]}]}`)
	j, err := bolt.Open(t.TempDir(), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	if err := j.Append(context.Background(), []journal.Record{{Seq: 1, Kind: journal.KindPrograms, Programs: programs}}); err != nil {
		t.Fatal(err)
	}
	r := NewRunner(j, nil, RunnerConfig{})
	if err := r.Recover(context.Background(), nil); err != nil {
		t.Fatalf("a programs version journaled by the previous version does not replay: %v", err)
	}
}
