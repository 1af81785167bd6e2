package main

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestRefusalsByTransportFactsReplay: the engine refuses an admin's import
// of a finance input (forbidden) and an at more than a day after the
// request's arrival (bad_date) from what the transport tells it
// (ledger.Meta.ImportedBy, Meta.Arrival). The journal must carry both, so
// that `state` re-judges these records alike.
// Without the record keeping both, a replay applied what serve refused
// and `state` refused the journal.
func TestRefusalsByTransportFactsReplay(t *testing.T) {
	dir := t.TempDir()
	addr := localAddr(t)
	cfg := fifoServeConfig(t, dir, addr, "admin:ops", "bank:b1")
	cfg.MetricsAddr = "off"
	m := startServeReady(t, cfg, io.Discard, 30*time.Second)

	post := func(token, body string) {
		t.Helper()
		code, b := fetch(t, http.MethodPost, "http://"+addr+"/v1/events", token, strings.NewReader(body))
		if code != 200 || !strings.Contains(string(b), `"rejected":1`) {
			t.Fatalf("POST %s: %d %s, want one rejected input", body, code, b)
		}
	}
	post("tok-admin:ops", `{"id":"imp-1","type":"pool.funded","source":"finance:ghost","program":"pool-50","at":"2026-01-02T09:00:00+08:00","data":{"funder":"city","amount":"1.00"}}`)
	future := time.Now().Add(72 * time.Hour).UTC().Format(time.RFC3339)
	post("tok-bank:b1", `{"id":"fut-1","type":"loan.disbursed","program":"pool-50","at":"`+future+`","data":{"loan":"b1-F1",`+
		`"borrower":{"id":"e-f","name":"F","sector":"software","size":"small"},"principal":"1000.00","annual_rate":"0.04","term_months":12,"disbursed_on":"2026-01-05"}}`)
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}

	var out, stderr bytes.Buffer
	if code := run([]string{"state", "--data", cfg.DataDir}, &out, &stderr); code != 0 {
		t.Fatalf("state: exit %d: %s", code, stderr.String())
	}
	for _, want := range []string{`"code": "forbidden"`, `"code": "bad_date"`, `"applied": 0,`} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("state: want %s, got:\n%s", want, out.String())
		}
	}
}
