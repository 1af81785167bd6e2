package api

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/techcredit/techcredit/stream/journal"
)

const overdueL3 = `{"id":"e-%d","type":"loan.overdue","source":"%s","program":"dz-lukedai","at":"2026-10-20T09:00:00+08:00","data":{"loan":"icbc-dz-L3","days_past_due":%d,"as_of":"2026-10-20"}}`

// journaled returns the journal's input records by input id.
func journaled(t *testing.T, e *env) map[string]journal.Record {
	t.Helper()
	recs := map[string]journal.Record{}
	err := e.journal.Replay(context.Background(), 0, func(r journal.Record) error {
		if r.Kind == journal.KindInput {
			var env struct{ ID string }
			if err := json.Unmarshal(r.Input, &env); err == nil {
				recs[env.ID] = r
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func TestEventsSourceIsTheCaller(t *testing.T) {
	e := newEnv(t)
	// The body claims to be another bank: the token decides.
	var res eventsResponse
	e.want(200, req{method: "POST", path: "/v1/events", subject: "bank:icbc-dz",
		body: fmt.Sprintf(overdueL3, 1, "bank:boc-jn", 10)}).decode(t, &res)
	if len(res.Results) != 1 || res.Results[0].Status != "applied" || res.Applied != 1 {
		t.Fatalf("got %+v, want one applied", res)
	}
	// The other bank cannot report on icbc's loan, whatever the body says:
	// the loan id is not of its form (SPEC §15).
	e.want(200, req{method: "POST", path: "/v1/events", subject: "bank:boc-jn",
		body: fmt.Sprintf(overdueL3, 2, "bank:icbc-dz", 20)}).decode(t, &res)
	if res.Results[0].Status != "rejected" || res.Results[0].Code != "bad_field" {
		t.Fatalf("got %+v, want rejected bad_field", res.Results[0])
	}
	recs := journaled(t, e)
	if r := recs["e-1"]; r.Source != "bank:icbc-dz" || r.ImportedBy != "" || r.Status != "applied" {
		t.Errorf("journal of e-1: source %q, imported by %q, status %s", r.Source, r.ImportedBy, r.Status)
	}
	if r := recs["e-2"]; r.Source != "bank:boc-jn" || r.Code != "bad_field" {
		t.Errorf("journal of e-2: source %q, code %s", r.Source, r.Code)
	}
}

func TestEventsAdminImport(t *testing.T) {
	e := newEnv(t)
	body := "[" + fmt.Sprintf(overdueL3, 3, "bank:icbc-dz", 15) + "," +
		`{"id":"na-9","type":"guarantor.net_assets","source":"guarantor:sd-kedan","at":"2026-10-01T09:00:00+08:00","data":{"guarantor":"sd-kedan","net_assets":"210000000.00","as_of":"2026-09-30"}}` + "]"
	var res eventsResponse
	e.want(200, req{method: "POST", path: "/v1/events", subject: "admin:sci", body: body}).decode(t, &res)
	if res.Applied != 2 {
		t.Fatalf("got %+v, want 2 applied", res)
	}
	recs := journaled(t, e)
	for _, id := range []string{"e-3", "na-9"} {
		if r := recs[id]; r.Source != "" || r.ImportedBy != "admin:sci" {
			t.Errorf("journal of %s: transport source %q, imported by %q; want the input's own source, imported by admin:sci",
				id, r.Source, r.ImportedBy)
		}
	}
	loan, _, _ := e.views.Loan(context.Background(), "icbc-dz-L3")
	if loan.DaysPastDue != 15 {
		t.Errorf("got %d days past due, want 15", loan.DaysPastDue)
	}
}

// TestEventsAdminImportOfFinance: money decisions are never imported (SPEC
// §15); the refusal is the engine's, journaled as a rejected input.
func TestEventsAdminImportOfFinance(t *testing.T) {
	e := newEnv(t)
	body := `{"id":"fx-1","type":"pool.funded","source":"finance:ghost","program":"dz-lukedai","at":"2026-10-01T09:00:00+08:00","data":{"funder":"province","amount":"1.00"}}`
	var res eventsResponse
	e.want(200, req{method: "POST", path: "/v1/events", subject: "admin:sci", body: body}).decode(t, &res)
	if res.Rejected != 1 || res.Results[0].Code != "forbidden" {
		t.Fatalf("got %+v, want one rejected forbidden", res)
	}
	if r := journaled(t, e)["fx-1"]; r.Code != "forbidden" || r.ImportedBy != "admin:sci" {
		t.Errorf("journal of fx-1: code %q, imported by %q; want forbidden, admin:sci", r.Code, r.ImportedBy)
	}
}

func TestEventsFormats(t *testing.T) {
	e := newEnv(t)
	ndjson := "\n" + fmt.Sprintf(overdueL3, 4, "", 1) + "\n\n  \n" + fmt.Sprintf(overdueL3, 5, "", 2) + "\r\n" +
		fmt.Sprintf(overdueL3, 4, "", 1) + "\n" + "not json\n"
	var res eventsResponse
	e.want(200, req{method: "POST", path: "/v1/events", subject: "bank:icbc-dz", body: ndjson,
		contentType: "application/x-ndjson"}).decode(t, &res)
	got := []string{}
	for _, r := range res.Results {
		got = append(got, r.Status+":"+r.Code)
	}
	want := "applied: applied: duplicate: rejected:bad_json"
	if strings.Join(got, " ") != want || res.Applied != 2 || res.Duplicates != 1 || res.Rejected != 1 {
		t.Errorf("got %v (%d/%d/%d), want %s", got, res.Applied, res.Duplicates, res.Rejected, want)
	}
	// A body that is not JSON is one input, journaled as bad_json.
	e.want(200, req{method: "POST", path: "/v1/events", subject: "bank:icbc-dz", body: "hello"}).decode(t, &res)
	if res.Rejected != 1 || res.Results[0].Code != "bad_json" {
		t.Errorf("got %+v", res)
	}
	// An empty array is no input at all.
	e.want(200, req{method: "POST", path: "/v1/events", subject: "bank:icbc-dz", body: "[]"}).decode(t, &res)
	if len(res.Results) != 0 {
		t.Errorf("got %+v", res)
	}
}

func TestEventsLimits(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.InputsPerRequestMax = 2; c.BodyBytesMax = 2048 })
	three := strings.Repeat(fmt.Sprintf(overdueL3, 6, "", 1)+"\n", 3)
	tests := []struct {
		name, body, contentType string
		status                  int
		code                    string
	}{
		{"too many inputs", three, "application/x-ndjson", 413, CodeTooManyInputs},
		{"body too large", `[` + strings.Repeat(`{},`, 1000) + `{}]`, "", 413, CodeBodyTooLarge},
		{"a broken array", `[{"id":1},`, "", 400, "bad_json"},
		{"data after the array", `[] []`, "", 400, "bad_json"},
		{"an empty body", ` `, "", 400, CodeBadRequest},
		{"another content type", `{}`, "text/plain", 400, CodeBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e.t = t
			res := e.want(tt.status, req{method: "POST", path: "/v1/events", subject: "bank:icbc-dz", body: tt.body, contentType: tt.contentType})
			if got := res.errorCode(t); got != tt.code {
				t.Errorf("got %s, want %s", got, tt.code)
			}
		})
	}
}

// TestEventsArrival: the arrival is the server's clock when the request was
// read (testNow); an at more than 24 hours after it is bad_date (SPEC §4).
func TestEventsArrival(t *testing.T) {
	e := newEnv(t)
	line := `{"id":"ar-%d","type":"loan.overdue","program":"dz-lukedai","at":"%s","data":{"loan":"icbc-dz-L3","days_past_due":1,"as_of":"2026-10-20"}}`
	var res eventsResponse
	body := "[" + fmt.Sprintf(line, 1, "2026-11-03T10:00:00+08:00") + "," + fmt.Sprintf(line, 2, "2026-11-03T10:00:01+08:00") + "]"
	e.want(200, req{method: "POST", path: "/v1/events", subject: "bank:icbc-dz", body: body}).decode(t, &res)
	if len(res.Results) != 2 || res.Results[0].Status != "applied" || res.Results[1].Code != "bad_date" {
		t.Fatalf("got %+v, want the first applied (24 hours ahead) and the second bad_date", res.Results)
	}
}
