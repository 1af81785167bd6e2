package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/techcredit/techcredit/stream"
	"github.com/techcredit/techcredit/stream/journal"
	"github.com/techcredit/techcredit/stream/kafka"
)

// verifiedPartition is one line of verify's report.
type verifiedPartition struct {
	Partition int    `json:"partition"`
	Records   int64  `json:"records"`
	Seq       int64  `json:"seq"`
	Fenced    int64  `json:"fenced"`
	Chained   bool   `json:"chained"`
	Head      string `json:"head"`
}

// runVerify checks a deployment's journal record by record (SPEC §14,
// stream.Verify): exit 0 when every record holds, 1 naming the first that
// does not, 2 when the journal cannot be read at all (or on a usage error).
func runVerify(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("verify", stderr)
	jf := addJournalFlags(fs, "directory of the embedded journal (serve must be stopped)", "Kafka brokers: verify the Kafka journal instead", 30*time.Minute)
	if !parseArgs(fs, args, stderr) {
		return 2
	}
	ctx, cancel := jf.context()
	defer cancel()
	var report []verifiedPartition
	fail := func(p int, err error) int {
		fmt.Fprintf(stderr, "techcredit verify: journal partition %d: %v\n", p, err)
		if errors.Is(err, stream.ErrUnreadable) {
			return 2
		}
		return 1
	}
	check := func(p int, j journal.Journal) int {
		v, err := stream.Verify(ctx, j)
		if err != nil {
			return fail(p, err)
		}
		report = append(report, verifiedPartition{Partition: p, Records: v.Records, Seq: v.Seq, Fenced: v.Fenced, Chained: v.Chained, Head: v.Head})
		return 0
	}
	if jf.brokers != "" {
		cfg := jf.config()
		if err := cfg.Validate(); err != nil {
			return failed(stderr, "verify", 2, err)
		}
		for p := 0; p < cfg.Partitions; p++ {
			j := kafka.NewJournal(cfg, p)
			code := check(p, j)
			j.Close()
			if code != 0 {
				return code
			}
		}
	} else {
		j, err := openStoppedJournal(jf.data)
		if errors.Is(err, errServeHolds) {
			fmt.Fprintf(stderr, "techcredit verify: serve holds the journal under %s: stop it first\n", jf.data)
			return 2
		}
		if err != nil {
			return fail(0, errors.Join(stream.ErrUnreadable, err))
		}
		code := check(0, j)
		j.Close()
		if code != 0 {
			return code
		}
	}
	out, _ := json.Marshal(struct {
		Holds      bool                `json:"holds"`
		Partitions []verifiedPartition `json:"partitions"`
	}{true, report})
	fmt.Fprintf(stdout, "%s\n", out)
	return 0
}
