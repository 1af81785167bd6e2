package api

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/ledger/readmodel"
)

// roles of the matrix, in the order each endpoint is tried; "none" sends
// no token.
var matrixRoles = []string{"none", "bank", "guarantor", "investor", "admin", "finance"}

// endpoint is one row of the role matrix: the status each role gets.
type endpoint struct {
	method, path, body string
	want               map[string]int // by role; "none" is 401 unless listed
}

func statuses(ok int, roles ...string) map[string]int {
	m := map[string]int{"none": 401, "bank": 403, "guarantor": 403, "finance": 403, "investor": 403, "admin": 403}
	for _, r := range roles {
		m[r] = ok
	}
	return m
}

// with is m with role's status set to status.
func with(m map[string]int, role string, status int) map[string]int {
	m[role] = status
	return m
}

func public() map[string]int {
	return map[string]int{"none": 200, "bank": 200, "guarantor": 200, "finance": 200, "investor": 200, "admin": 200}
}

// roleMatrix is every endpoint of the API × every role (SPEC §9).
var roleMatrix = []endpoint{
	{method: "GET", path: "/healthz", want: public()},
	{method: "GET", path: "/readyz", want: public()},
	{method: "GET", path: "/openapi.json", want: public()},
	{method: "GET", path: "/", want: public()},
	{method: "GET", path: "/v1/me", want: statuses(200, "bank", "guarantor", "finance", "investor", "admin")},
	{method: "POST", path: "/v1/events", want: statuses(200, "bank", "guarantor", "admin", "investor"),
		body: `{"id":"m-1","type":"loan.overdue","program":"dz-lukedai","at":"2026-10-20T09:00:00+08:00","data":{"loan":"icbc-dz-L3","days_past_due":5,"as_of":"2026-10-20"}}`},
	{method: "GET", path: "/v1/loans", want: statuses(200, "bank", "guarantor", "finance", "admin")},
	{method: "GET", path: "/v1/loans/icbc-dz-L1", want: with(statuses(200, "bank", "finance", "admin"), "guarantor", 404)},
	{method: "GET", path: "/v1/loans/boc-jn-G1", want: with(statuses(200, "guarantor", "finance", "admin"), "bank", 404)},
	{method: "GET", path: "/v1/programs", want: statuses(200, "bank", "guarantor", "finance", "admin")},
	{method: "GET", path: "/v1/programs/dz-lukedai", want: statuses(200, "bank", "guarantor", "finance", "admin")},
	{method: "POST", path: "/v1/programs/dz-lukedai/funding", want: statuses(200, "finance"),
		body: `{"funder":"city","amount":"100000.00","id":"m-fund-1"}`},
	{method: "GET", path: "/v1/programs/dz-lukedai/risk", want: statuses(200, "finance", "admin")},
	{method: "GET", path: "/v1/programs/lukedan/risk", want: statuses(200, "finance", "admin")},
	{method: "GET", path: "/v1/claims", want: statuses(200, "bank", "finance", "admin")},
	{method: "GET", path: "/v1/claims?status=pending&program=dz-lukedai", want: statuses(200, "bank", "finance", "admin")},
	{method: "GET", path: "/v1/claims/dz-lukedai/icbc-dz-L2", want: statuses(200, "bank", "finance", "admin")},
	{method: "POST", path: "/v1/claims/lukedan/boc-jn-G1/approve", want: statuses(200, "finance")},
	{method: "POST", path: "/v1/claims/dz-lukedai/icbc-dz-L6/reject", want: statuses(200, "finance"),
		body: `{"reason":"collateral was never registered"}`},
	// The fixture's programmes offer no interest subsidy: the roles are
	// judged before the engine's 404 and 422 (SPEC §11 in subsidies_test.go).
	{method: "GET", path: "/v1/subsidies", want: statuses(200, "bank", "finance", "admin")},
	{method: "GET", path: "/v1/subsidies?program=dz-lukedai&year=2026&status=pending", want: statuses(200, "bank", "finance", "admin")},
	{method: "GET", path: "/v1/subsidies/dz-lukedai/icbc-dz-L1/2026", want: statuses(404, "bank", "finance", "admin")},
	{method: "POST", path: "/v1/subsidies/dz-lukedai/icbc-dz-L1/2026/approve", want: statuses(404, "finance")},
	{method: "POST", path: "/v1/subsidies/dz-lukedai/icbc-dz-L1/2026/reject", want: statuses(404, "finance"), body: `{"reason":"r"}`},
	{method: "POST", path: "/v1/programs/dz-lukedai/subsidy-funding", want: statuses(422, "finance"),
		body: `{"funder":"city","amount":"100000.00","id":"m-subsidy-fund-1"}`},
	{method: "GET", path: "/v1/reports/loans", want: statuses(200, "bank", "finance", "admin")},
	{method: "GET", path: "/v1/reports/pool?format=csv", want: statuses(200, "bank", "guarantor", "finance", "investor", "admin")},
	{method: "GET", path: "/v1/reports/projects?format=xlsx", want: statuses(200, "bank", "finance", "investor", "admin")},
	{method: "GET", path: "/v1/reports/enterprises?format=csv", want: statuses(200, "bank", "finance", "admin")},
	{method: "GET", path: "/v1/guarantors/sd-kedan", want: statuses(200, "guarantor", "finance", "admin")},
	{method: "GET", path: "/v1/pipeline", want: statuses(200, "investor", "bank", "finance", "admin")},
	{method: "GET", path: "/v1/pipeline?sector=semiconductors&stage=pilot", want: statuses(200, "investor", "bank", "finance", "admin")},
	{method: "GET", path: "/v1/pipeline/stats", want: statuses(200, "investor", "bank", "finance", "admin")},
	{method: "GET", path: "/v1/pipeline/p-chip", want: statuses(200, "investor", "bank", "finance", "admin")},
	{method: "POST", path: "/v1/pipeline", want: statuses(201, "admin"),
		body: `{"project":"p-matrix","enterprise":"e-matrix","title":"Matrix test","sector":"software","stage":"pilot","funding_sought":"1000000.00","status":"listed"}`},
	{method: "PATCH", path: "/v1/pipeline/p-robot", want: statuses(200, "admin"), body: `{"status":"roadshow"}`},
}

// TestRoleMatrix sends every endpoint as every role and checks the status,
// that every answer matches openapi.json, and that no investor answer ever
// holds a loan id or a bank name.
func TestRoleMatrix(t *testing.T) {
	// The matrix sends an unknown token to every endpoint from one
	// address, more than the brute-force limit (auth_limit_test.go) allows.
	e := newEnv(t, func(c *Config) { c.AuthFailuresMax = 10 * len(roleMatrix) })
	secrets := bankSecrets(t, e)
	for _, ep := range roleMatrix {
		for _, role := range matrixRoles {
			t.Run(ep.method+" "+ep.path+" as "+role, func(t *testing.T) {
				e.t = t
				res := e.do(req{method: ep.method, path: ep.path, subject: asRole[role], body: ep.body})
				if want := ep.want[role]; res.status != want {
					t.Fatalf("got status %d, want %d\n%s", res.status, want, res.body)
				}
				if res.status >= 400 && res.header.Get("Content-Type") != "application/json; charset=utf-8" {
					t.Errorf("error Content-Type %q", res.header.Get("Content-Type"))
				}
				if role == "investor" {
					assertNoSecrets(t, string(res.body), secrets)
				}
			})
		}
	}
	t.Run("an unknown token is 401 everywhere", func(t *testing.T) {
		e.t = t
		for _, ep := range roleMatrix {
			if ep.want["none"] != 401 {
				continue
			}
			res := e.do(req{method: ep.method, path: ep.path, token: "not-a-token", body: ep.body})
			if res.status != 401 || res.errorCode(t) != CodeUnauthorized {
				t.Errorf("%s %s: got %d %s, want 401 unauthorized", ep.method, ep.path, res.status, res.body)
			}
			if res.header.Get("WWW-Authenticate") == "" {
				t.Errorf("%s %s: 401 without WWW-Authenticate", ep.method, ep.path)
			}
		}
	})
}

// bankSecrets lists what investors must never see: every loan id and every
// bank id of the deployment.
func bankSecrets(t *testing.T, e *env) []string {
	t.Helper()
	loans, err := e.views.Loans(context.Background(), readmodel.LoanQuery{Limit: readmodel.ListLimitMax})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	var secrets []string
	for _, l := range loans {
		for _, s := range []string{l.ID, l.Bank} {
			if !seen[s] {
				seen[s] = true
				secrets = append(secrets, s)
			}
		}
	}
	if len(secrets) < 10 {
		t.Fatalf("the fixture has too few loans and banks to test for leaks: %v", secrets)
	}
	return secrets
}

func assertNoSecrets(t *testing.T, body string, secrets []string) {
	t.Helper()
	for _, s := range secrets {
		if strings.Contains(body, s) {
			t.Errorf("an investor's answer contains %q:\n%s", s, body)
		}
	}
}

// TestInvestorSeesNoLoanDetails walks the whole pipeline as an investor,
// every filter and page, searching the raw bodies.
func TestInvestorSeesNoLoanDetails(t *testing.T) {
	e := newEnv(t)
	secrets := bankSecrets(t, e)
	paths := []string{"/v1/pipeline", "/v1/pipeline?limit=1", "/v1/pipeline?limit=1&after=p-chip",
		"/v1/pipeline/stats", "/v1/pipeline/stats?stage=pilot", "/v1/me"}
	for _, id := range []string{"p-chip", "p-laser", "p-robot", "p-quantum"} {
		paths = append(paths, "/v1/pipeline/"+id)
	}
	for _, p := range paths {
		res := e.want(200, req{method: "GET", path: p, subject: "investor:vc1"})
		assertNoSecrets(t, string(res.body), secrets)
	}
	// The standing is there, in aggregate.
	var p ledger.ProjectView
	e.want(200, req{method: "GET", path: "/v1/pipeline/p-chip", subject: "investor:vc1"}).decode(t, &p)
	if p.Standing.Loans != 2 || p.Standing.WorstStatus != "defaulted" || p.Standing.CoveredOutstanding != "2000000.00" {
		t.Errorf("got standing %+v, want 2 loans, worst defaulted, 2000000.00 covered outstanding", p.Standing)
	}
}

// TestBankSeesOnlyItsOwn checks that a bank never sees another bank's
// loans or claims, and that asking for one is 404 (ids do not leak).
func TestBankSeesOnlyItsOwn(t *testing.T) {
	e := newEnv(t)
	for _, bank := range []string{"icbc-dz", "boc-jn"} {
		sub := "bank:" + bank
		other := map[string]string{"icbc-dz": "boc-jn", "boc-jn": "icbc-dz"}[bank]

		var loans loansResponse
		res := e.want(200, req{method: "GET", path: "/v1/loans?bank=" + other, subject: sub})
		res.decode(t, &loans)
		all, _ := e.views.Loans(context.Background(), readmodel.LoanQuery{Bank: bank})
		if len(loans.Loans) != len(all) || len(all) == 0 {
			t.Errorf("%s: got %d loans, want its %d", bank, len(loans.Loans), len(all))
		}
		if strings.Contains(string(res.body), other) {
			t.Errorf("%s's loan list mentions %s:\n%s", bank, other, res.body)
		}
		// Paging through one at a time gives the same loans.
		var paged []string
		after := ""
		for i := 0; i < 20; i++ {
			var page loansResponse
			e.want(200, req{method: "GET", path: "/v1/loans?limit=1&after=" + after, subject: sub}).decode(t, &page)
			for _, l := range page.Loans {
				paged = append(paged, l.ID)
			}
			if page.NextAfter == nil {
				break
			}
			after = *page.NextAfter
		}
		if len(paged) != len(all) {
			t.Errorf("%s: paging one by one gave %v, want %d loans", bank, paged, len(all))
		}

		var claims testClaims
		res = e.want(200, req{method: "GET", path: "/v1/claims?limit=1", subject: sub})
		res.decode(t, &claims)
		for _, c := range claims.Claims {
			if c.Bank != bank {
				t.Errorf("%s sees claim %s of %s", bank, c.ID, c.Bank)
			}
		}
		if len(claims.Claims) != 1 || claims.NextAfter == nil {
			t.Errorf("%s: a page of 1 claim: got %d claims, next %v", bank, len(claims.Claims), claims.NextAfter)
		}

		var programs programsResponse
		e.want(200, req{method: "GET", path: "/v1/programs", subject: sub}).decode(t, &programs)
		for _, p := range programs.Programs {
			for b := range p.BankNPLRatio {
				if b != bank {
					t.Errorf("%s sees the NPL ratio of %s in %s", bank, b, p.ID)
				}
			}
		}
	}
	for _, p := range []string{"/v1/loans/boc-jn-L4", "/v1/claims/dz-lukedai/boc-jn-L7"} {
		if code := e.want(404, req{method: "GET", path: p, subject: "bank:icbc-dz"}).errorCode(t); code != CodeNotFound {
			t.Errorf("%s: got code %s, want not_found", p, code)
		}
	}
	// The same ids exist: finance sees them.
	e.want(200, req{method: "GET", path: "/v1/loans/boc-jn-L4", subject: "finance:li"})
	// A guarantor sees only itself, and another guarantor is 404.
	e.want(404, req{method: "GET", path: "/v1/guarantors/sd-kedan", subject: "guarantor:other-g"})
	var g ledger.GuarantorDoc
	e.want(200, req{method: "GET", path: "/v1/guarantors/sd-kedan", subject: "guarantor:sd-kedan"}).decode(t, &g)
	if g.NetAssets == nil || *g.NetAssets != "200000000.00" {
		t.Errorf("got guarantor %+v", g)
	}
	// Finance sees every bank's NPL ratio.
	var p ledger.ProgramView
	e.want(200, req{method: "GET", path: "/v1/programs/dz-lukedai", subject: "finance:li"}).decode(t, &p)
	if len(p.BankNPLRatio) != 2 {
		t.Errorf("finance: got NPL ratios %v, want both banks", p.BankNPLRatio)
	}
	// The read model's document was not altered by the bank's filtered copy.
	doc, _, _ := e.views.Program(context.Background(), "dz-lukedai")
	if b, _ := json.Marshal(doc.BankNPLRatio); len(doc.BankNPLRatio) != 2 {
		t.Errorf("the read model's NPL ratios changed: %s", b)
	}
}

func TestUnknownRouteAndMethod(t *testing.T) {
	e := newEnv(t)
	e.validate = false // not operations of the document
	if got := e.want(http.StatusNotFound, req{method: "GET", path: "/v1/nothing", subject: "finance:li"}).errorCode(t); got != CodeNotFound {
		t.Errorf("got %s, want not_found", got)
	}
	if got := e.want(http.StatusMethodNotAllowed, req{method: "DELETE", path: "/v1/programs", subject: "finance:li"}).errorCode(t); got != CodeMethodNotAllowed {
		t.Errorf("got %s, want method_not_allowed", got)
	}
}
