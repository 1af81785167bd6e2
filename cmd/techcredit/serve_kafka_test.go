package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestServeKafkaEndToEnd runs serve's Main in the Kafka mode in-process
// (one partition, so its state is the deployment's), imports the stream
// over HTTP through the input topics, and reads the state document from
// the operations listener: every input is in it once the import returned
// (the API answers once the journal has an input). The outcomes may differ
// from `replay`: a finance approval travels on the commands topic and may
// overtake the bank's default it approves.
func TestServeKafkaEndToEnd(t *testing.T) {
	dir := t.TempDir()
	inputs, _ := fifoExampleStream(t, dir)
	brokers, session := crashKafka(t)
	sessionTimeout, _ := time.ParseDuration(session)
	addr := localAddr(t)
	opsAddr := localAddr(t)
	prefix := fmt.Sprintf("servekafka%d.", time.Now().UnixNano())
	m := startServeReady(t, ServeConfig{HTTPAddr: addr, MetricsAddr: opsAddr, KafkaBrokers: strings.Join(brokers, ","),
		KafkaPartitions: 1, KafkaGroup: prefix + "engines", KafkaPrefix: prefix, KafkaSession: sessionTimeout,
		ProgramsPath: filepath.Join(fifoExample, "programs.json"), TokensPath: writeTokens(t, dir, "admin:ops"),
		BatchMax: 64, LogLevel: "error"}, io.Discard, time.Minute)

	ingestAsAdmin(t, addr, inputs)
	var out, stderr bytes.Buffer
	code, got := fetch(t, http.MethodGet, "http://"+opsAddr+"/state", "", nil)
	if code != http.StatusOK || !bytes.Contains(got, []byte("\n  \"inputs\": 6,\n")) {
		t.Errorf("GET /state in the Kafka mode: %d %s, want the 6 inputs (the example's bank inputs; finance inputs are never imported):\n%s", code, http.StatusText(code), got)
	}
	// The history of an imported loan, from the Kafka journal: through the
	// API, and with the command once serve has stopped.
	wantImported := func(what string, body []byte) {
		t.Helper()
		var h historyDoc
		if err := json.Unmarshal(body, &h); err != nil || len(h.Entries) == 0 || h.Entries[0].ID != "d-A" ||
			h.Entries[0].ImportedBy == nil || *h.Entries[0].ImportedBy != "admin:ops" || h.Entries[0].Source != "bank:b1" {
			t.Errorf("%s: got %s (%v), want d-A by bank:b1 imported by admin:ops first", what, body, err)
		}
	}
	_, body := fetch(t, http.MethodGet, "http://"+addr+"/v1/loans/b1-A/history", "tok-admin:ops", nil)
	wantImported("GET /v1/loans/b1-A/history", body)
	if err := m.Close(); err != nil {
		t.Errorf("serve: %v", err)
	}
	out.Reset()
	if code := run([]string{"history", "loan", "b1-A", "--kafka-brokers", strings.Join(brokers, ","), "--kafka-partitions", "1",
		"--kafka-topic-prefix", prefix}, &out, &stderr); code != 0 {
		t.Fatalf("history: exit %d: %s", code, stderr.String())
	}
	wantImported("techcredit history --kafka-brokers", out.Bytes())
}
