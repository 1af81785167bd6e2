package api

import (
	"testing"
)

// TestLoanFilters: GET /v1/loans?bank=&guarantor=&borrower= (an
// enterprise's loans), each from its own index; a bank is held to its own
// loans and a guarantor to those it guarantees, whatever they ask.
func TestLoanFilters(t *testing.T) {
	e := newEnv(t)
	ids := func(path, subject string) string { return pageIDs(t, e, path, subject, "loans", "id") }
	cases := []struct{ path, subject, want string }{
		{"/v1/loans?borrower=e-robot", "finance:li", "boc-jn-G2,boc-jn-L4"},
		{"/v1/loans?borrower=e-chip", "admin:sci", "icbc-dz-L1,icbc-dz-L3"},
		{"/v1/loans?guarantor=sd-kedan", "finance:li", "boc-jn-G1,boc-jn-G2"},
		{"/v1/loans?guarantor=sd-kedan&borrower=e-robot", "admin:sci", "boc-jn-G2"},
		{"/v1/loans?bank=boc-jn&borrower=e-robot", "finance:li", "boc-jn-G2,boc-jn-L4"},
		{"/v1/loans?bank=icbc-dz&borrower=e-robot", "finance:li", ""},
		{"/v1/loans", "guarantor:sd-kedan", "boc-jn-G1,boc-jn-G2"},
		{"/v1/loans?guarantor=other-g", "guarantor:sd-kedan", "boc-jn-G1,boc-jn-G2"},
		{"/v1/loans", "guarantor:other-g", ""},
		{"/v1/loans?borrower=e-robot", "bank:icbc-dz", ""},
		{"/v1/loans?borrower=e-robot&bank=boc-jn", "bank:icbc-dz", ""},
		{"/v1/loans?borrower=e-chip&limit=1", "bank:icbc-dz", "icbc-dz-L1"},
		{"/v1/loans?borrower=e-chip&after=icbc-dz-L1", "bank:icbc-dz", "icbc-dz-L3"},
	}
	for _, c := range cases {
		if got := ids(c.path, c.subject); got != c.want {
			t.Errorf("%s as %s: got [%s], want [%s]", c.path, c.subject, got, c.want)
		}
	}
	e.want(404, req{method: "GET", path: "/v1/loans/icbc-dz-L1", subject: "guarantor:sd-kedan"})
	e.want(200, req{method: "GET", path: "/v1/loans/boc-jn-G1", subject: "guarantor:sd-kedan"})
	e.want(404, req{method: "GET", path: "/v1/loans/boc-jn-G1", subject: "guarantor:other-g"})
}

// TestClaimBankFilter: finance and the admin list one bank's claims with
// ?bank= (the read model's bank index); a bank is held to its own.
func TestClaimBankFilter(t *testing.T) {
	e := newEnv(t)
	ids := func(path, subject string) string { return pageIDs(t, e, path, subject, "claims", "id") }
	cases := []struct{ path, subject, want string }{
		{"/v1/claims?bank=boc-jn", "finance:li", "dz-lukedai/boc-jn-L7,lukedan/boc-jn-G1"},
		{"/v1/claims?bank=boc-jn&program=lukedan", "admin:sci", "lukedan/boc-jn-G1"},
		{"/v1/claims?bank=boc-jn&status=paid", "finance:li", "dz-lukedai/boc-jn-L7"},
		{"/v1/claims?bank=icbc-dz", "bank:boc-jn", "dz-lukedai/boc-jn-L7,lukedan/boc-jn-G1"},
		{"/v1/claims?bank=no-such-bank", "finance:li", ""},
	}
	for _, c := range cases {
		if got := ids(c.path, c.subject); got != c.want {
			t.Errorf("%s as %s: got [%s], want [%s]", c.path, c.subject, got, c.want)
		}
	}
}
