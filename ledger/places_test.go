package ledger

import (
	"encoding/json"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// TestEveryFieldHasItsPlaces names every place a field of an entity must
// also go when it is added: the snapshot codec (snapshot_<entity>.go, its
// encode and decode side by side), the state document (state.go), the
// view documents (views.go), api/openapi.json's schema of the view, and
// the Redis read model's indexes (ledger/redisstore/views.go). Each place
// declares the entity fields it carries, mapped to its own member name,
// and the fields it does not carry, each with the reason. A field that is
// in neither fails the test with the names of the places it is missing
// from; a declared member that the place's type or schema lacks fails too.
func TestEveryFieldHasItsPlaces(t *testing.T) {
	openAPISchemas(t)
	for _, ent := range entityPlaces() {
		var missing = map[string][]string{}
		fieldNames := map[string]bool{}
		for i := range ent.typ.NumField() {
			f := ent.typ.Field(i).Name
			fieldNames[f] = true
			for _, p := range ent.places {
				member, carried := p.fields[f]
				_, excused := p.notHere[f]
				switch {
				case carried && excused:
					t.Errorf("%s.%s: %s both carries it and says it is not stored there", ent.typ.Name(), f, p.name)
				case !carried && !excused:
					missing[f] = append(missing[f], p.name)
				case carried && p.members != nil && !p.members[member]:
					t.Errorf("%s.%s: %s declares member %q, which it does not have", ent.typ.Name(), f, p.name, member)
				}
			}
		}
		for _, f := range slices.Sorted(func(yield func(string) bool) {
			for f := range missing {
				if !yield(f) {
					return
				}
			}
		}) {
			t.Errorf("%s.%s is missing from: %s (add it there, or to that place's notHere list with the reason)",
				ent.typ.Name(), f, strings.Join(missing[f], "; "))
		}
		for _, p := range ent.places {
			for f := range p.fields {
				if !fieldNames[f] {
					t.Errorf("%s: %s lists field %s, which %s does not have", ent.typ.Name(), p.name, f, ent.typ.Name())
				}
			}
			for f := range p.notHere {
				if !fieldNames[f] {
					t.Errorf("%s: %s excuses field %s, which %s does not have", ent.typ.Name(), p.name, f, ent.typ.Name())
				}
			}
		}
	}

}

type entityPlace struct {
	name    string
	members map[string]bool   // the place's own member names; nil: not checked by reflection
	fields  map[string]string // entity field → the place's member
	notHere map[string]string // entity field → why the place does not hold it
}

type entity struct {
	typ    reflect.Type
	places []entityPlace
}

// Reasons shared by many fields.
const (
	notIndexed  = "not a filter of any list: served inside the document"
	internalRef = "a reference between the engine's objects, written as the other object's id"
	notShown    = "internal bookkeeping, not a document member"
)

func pairs(kv ...string) map[string]string {
	m := map[string]string{}
	for i := 0; i < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return m
}

func because(reason string, fields ...string) map[string]string {
	m := map[string]string{}
	for _, f := range fields {
		m[f] = reason
	}
	return m
}

func merge(ms ...map[string]string) map[string]string {
	out := map[string]string{}
	for _, m := range ms {
		for k, v := range m {
			out[k] = v
		}
	}
	return out
}

// jsonMembers is the JSON member names of a struct type, embedded structs
// flattened as encoding/json does.
func jsonMembers(typ reflect.Type) map[string]bool {
	out := map[string]bool{}
	for i := range typ.NumField() {
		f := typ.Field(i)
		if f.Anonymous {
			t := f.Type
			if t.Kind() == reflect.Pointer { // an optional group of members (ClaimReviewDoc)
				t = t.Elem()
			}
			for k := range jsonMembers(t) {
				out[k] = true
			}
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name != "" && name != "-" {
			out[name] = true
		}
	}
	return out
}

var openAPI map[string]map[string]bool

func openAPISchemas(t *testing.T) map[string]map[string]bool {
	t.Helper()
	if openAPI != nil {
		return openAPI
	}
	b, err := os.ReadFile("../api/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Components struct {
			Schemas map[string]struct {
				Properties map[string]json.RawMessage `json:"properties"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	openAPI = map[string]map[string]bool{}
	for name, s := range doc.Components.Schemas {
		openAPI[name] = map[string]bool{}
		for p := range s.Properties {
			openAPI[name][p] = true
		}
	}
	return openAPI
}

func schema(name string) map[string]bool {
	if s, ok := openAPI[name]; ok {
		return s
	}
	return map[string]bool{}
}

// entityPlaces declares, per entity, what each place holds of it.
func entityPlaces() []entity {
	const (
		snap  = "the snapshot codec (ledger/snapshot_<entity>.go)"
		state = "the state document (ledger/state.go)"
		view  = "the view document (ledger/views.go)"
		api   = "api/openapi.json"
		redis = "the Redis read model's indexes (ledger/redisstore/views.go)"
	)
	all := func(typ reflect.Type) map[string]string {
		m := map[string]string{}
		for i := range typ.NumField() {
			m[typ.Field(i).Name] = typ.Field(i).Name
		}
		return m
	}
	const (
		stateOnly7   = "SPEC §7 lists these members only; the view document has the rest"
		claimView    = "shown in the claim's view, where it matters"
		viewTooMuch  = "bookkeeping of the engine, shown through derived members"
		programsFew  = "programs are few and listed whole: no index"
		guarantorDoc = "one document per guarantor and partition, read by id: no index"
		auditOnly    = "the journal keeps who sent what (history): not a document member"
	)
	loanState := pairs("ID", "id", "Program", "program", "Bank", "bank", "Borrower", "borrower", "Status", "status",
		"Outstanding", "outstanding", "Covered", "covered", "UncoveredReason", "uncovered_reason", "Filed", "filed", "Filing", "filing")
	loanView := merge(loanState, pairs("Principal", "principal", "Guarantor", "guarantor", "DaysPastDue", "days_past_due",
		"Claim", "claim", "Small", "size"))
	loanNotInView := merge(because(claimView, "UnpaidInterest", "NetRecovered"),
		because("a check of event dates, not yet a document member", "DisbursedOn"),
		because("what an interest subsidy is judged on (SPEC §11): shown through subsidies[]", "InterestPaid", "Delinquent"))
	claimState := pairs("ID", "id", "Loan", "loan", "Program", "program", "Status", "status", "Assessment", "loss",
		"Decision", "paid", "Recovered", "recovered")
	claimState["Review"] = "submit_by"
	claimView2 := merge(claimState, pairs("OpenedAt", "opened_at", "RejectReason", "reject_reason"))
	reviewState := pairs("SubmitBy", "submit_by", "ReviewBy", "review_by", "DecideBy", "decide_by",
		"SubmittedOn", "submitted_on", "ReviewedOn", "reviewed_on", "Documents", "documents")
	reviewView := merge(reviewState, pairs("DefaultOn", "default_on", "ReviewedBy", "reviewed_by",
		"Decision", "decision", "ReturnReason", "return_reason"))
	programState := pairs("Def", "id", "Loans", "loans", "CoveredLoans", "covered_loans", "Paid", "paid", "Recovered", "recovered",
		"banks", "covered_outstanding", "funders", "funded", "queue", "owed")
	programView := merge(programState, pairs("Claims", "claims_by_status"))
	guarantorDocFields := pairs("ID", "id", "NetAssets", "net_assets", "NetAssetsKnown", "net_assets", "liability", "liability", "mix", "limit")
	projectState := pairs("ID", "id", "Enterprise", "enterprise", "Title", "title", "Sector", "sector", "Stage", "stage",
		"FundingSought", "funding_sought", "RoadshowOn", "roadshow_on", "Status", "status")
	projectView := merge(projectState, pairs("Summary", "summary", "UpdatedAt", "updated_at"))
	entState := pairs("ID", "id", "Name", "name", "Sector", "sector", "Size", "size", "Park", "park",
		"TechSMENumber", "tech_sme_number", "TechSMEYear", "tech_sme_year")
	entView := merge(entState, pairs("Staff", "staff", "HasStaff", "staff", "Revenue", "revenue", "HasRevenue", "revenue",
		"Assets", "assets", "HasAssets", "assets", "UpdatedAt", "updated_at"))
	filingView := pairs("Status", "status", "FiledOn", "filed_on", "Documents", "documents", "FiledAt", "filed_at",
		"DecidedBy", "decided_by", "DecidedAt", "decided_at", "Reason", "reason", "Park", "park")
	rest := func(typ reflect.Type, reason string, except ...map[string]string) map[string]string {
		m := map[string]string{}
		for i := range typ.NumField() {
			f := typ.Field(i).Name
			in := false
			for _, e := range except {
				if _, ok := e[f]; ok {
					in = true
				}
			}
			if !in {
				m[f] = reason
			}
		}
		return m
	}
	loanT, claimT, progT := reflect.TypeFor[Loan](), reflect.TypeFor[Claim](), reflect.TypeFor[Program]()
	guarT, projT, entT, filT := reflect.TypeFor[Guarantor](), reflect.TypeFor[Project](), reflect.TypeFor[Enterprise](), reflect.TypeFor[LoanFiling]()
	subT, revT := reflect.TypeFor[Subsidy](), reflect.TypeFor[ClaimReview]()
	subState := pairs("ID", "id", "Program", "program", "Loan", "loan", "Year", "year", "Interest", "interest",
		"Amount", "amount", "Status", "status", "Decision", "paid")
	const subRejected = "a rejected subsidy shows its status only (SPEC §11, §15)"
	fundT, invT := reflect.TypeFor[Fund](), reflect.TypeFor[Investment]()
	fundState := pairs("Invested", "invested", "Proceeds", "proceeds", "order", "investments", "RoundSizes", "leverage",
		"Early", "early_share", "Small", "small_share", "HardTech", "hard_tech_share", "Def", "id", "funders", "committed")
	fundView := pairs("Invested", "invested", "Proceeds", "proceeds", "order", "rounds", "RoundSizes", "leverage",
		"Early", "early_share", "Small", "small_share", "HardTech", "hard_tech_share", "Def", "name", "funders", "committed")
	invDoc := pairs("ID", "id", "Project", "project", "Enterprise", "enterprise", "RoundSize", "round_size", "Amount", "amount",
		"CoInvestors", "co_investors", "InvestedOn", "invested_on", "Early", "early", "Small", "small", "HardTech", "hard_tech",
		"Exited", "exited", "Proceeds", "proceeds", "ExitedOn", "exited_on")
	const fundsFew = "a deployment has a few funds: listed whole by id, no index"
	return []entity{
		{loanT, []entityPlace{
			{snap, nil, all(loanT), nil},
			{state, jsonMembers(reflect.TypeFor[LoanDoc]()), loanState, rest(loanT, stateOnly7, loanState)},
			{view, jsonMembers(reflect.TypeFor[LoanView]()), loanView, loanNotInView},
			{api + " LoanView", schema("LoanView"), loanView, loanNotInView},
			{redis, nil, pairs("Bank", "ids:loan:bank", "Filing", "idx:filing"), rest(loanT, notIndexed, pairs("Bank", "", "Filing", ""))},
		}},
		{claimT, []entityPlace{
			{snap, nil, all(claimT), nil},
			{state, jsonMembers(reflect.TypeFor[ClaimDoc]()), claimState, rest(claimT, stateOnly7, claimState)},
			{view, jsonMembers(reflect.TypeFor[ClaimView]()), claimView2, rest(claimT, viewTooMuch, claimView2)},
			{api + " ClaimView", schema("ClaimView"), claimView2, rest(claimT, viewTooMuch, claimView2)},
			{redis, nil, pairs("Status", "idx:claim", "Program", "idx:claim", "Loan", "idx:claim (its bank)"),
				rest(claimT, notIndexed, pairs("Status", "", "Program", "", "Loan", ""))},
		}},
		{revT, []entityPlace{
			{snap, nil, all(revT), nil},
			{state, jsonMembers(reflect.TypeFor[ClaimDoc]()), reviewState,
				rest(revT, "SPEC §12 names the dates and documents; who reviewed and why is in the view", reviewState)},
			{view, jsonMembers(reflect.TypeFor[ClaimView]()), reviewView, nil},
			{api + " ClaimView", schema("ClaimView"), reviewView, nil},
			{redis, nil, pairs("SubmitBy", "idx:claim:due", "ReviewBy", "idx:claim:due", "DecideBy", "idx:claim:due"),
				rest(revT, notIndexed, pairs("SubmitBy", "", "ReviewBy", "", "DecideBy", ""))},
		}},
		{progT, []entityPlace{
			{snap, nil, all(progT), nil},
			{state, jsonMembers(reflect.TypeFor[ProgramDoc]()), programState, rest(progT, stateOnly7, programState)},
			{view, jsonMembers(reflect.TypeFor[ProgramView]()), programView, rest(progT, viewTooMuch, programView)},
			{api + " ProgramView", schema("ProgramView"), programView, rest(progT, viewTooMuch, programView)},
			{redis, nil, nil, rest(progT, programsFew)},
		}},
		{guarT, []entityPlace{
			{snap, nil, all(guarT), nil},
			{state, jsonMembers(reflect.TypeFor[GuarantorDoc]()), guarantorDocFields, rest(guarT, stateOnly7, guarantorDocFields)},
			{view, jsonMembers(reflect.TypeFor[GuarantorDoc]()), guarantorDocFields, rest(guarT, viewTooMuch, guarantorDocFields)},
			{api + " GuarantorDoc", schema("GuarantorDoc"), guarantorDocFields, rest(guarT, viewTooMuch, guarantorDocFields)},
			{redis, nil, nil, rest(guarT, guarantorDoc)},
		}},
		{projT, []entityPlace{
			{snap, nil, all(projT), nil},
			{state, jsonMembers(reflect.TypeFor[ProjectDoc]()), projectState, rest(projT, stateOnly7, projectState)},
			{view, jsonMembers(reflect.TypeFor[ProjectView]()), projectView, because(auditOnly, "RegisteredBy")},
			{api + " ProjectView", schema("ProjectView"), projectView, because(auditOnly, "RegisteredBy")},
			{redis, nil, pairs("Sector", "idx:project:sector", "Stage", "idx:project:stage"),
				rest(projT, notIndexed, pairs("Sector", "", "Stage", ""))},
		}},
		{entT, []entityPlace{
			{snap, nil, all(entT), nil},
			{state, jsonMembers(reflect.TypeFor[EnterpriseDoc]()), entState, rest(entT, "SPEC §15 lists the seven members of enterprises[]", entState)},
			{view, jsonMembers(reflect.TypeFor[EnterpriseView]()), entView, because(auditOnly, "RegisteredBy")},
			{api + " EnterpriseView", schema("EnterpriseView"), entView, because(auditOnly, "RegisteredBy")},
			{redis, nil, nil, rest(entT, "listed by id, and by bank through the loans (not a member of its own)")},
		}},
		{filT, []entityPlace{
			{snap, nil, all(filT), nil},
			{state, jsonMembers(reflect.TypeFor[LoanDoc]()), pairs("Status", "filing"),
				rest(filT, "the state document shows each loan's filing status and filed amount only (SPEC §10)", pairs("Status", ""))},
			{view, jsonMembers(reflect.TypeFor[FilingView]()), filingView, nil},
			{api + " FilingView", schema("FilingView"), filingView, nil},
			{redis, nil, pairs("Status", "idx:filing"), rest(filT, notIndexed, pairs("Status", ""))},
		}},
		{subT, []entityPlace{
			{snap, nil, all(subT), nil},
			{state, jsonMembers(reflect.TypeFor[SubsidyDoc]()), subState, because(subRejected, "RejectReason")},
			{view, jsonMembers(reflect.TypeFor[SubsidyDoc]()), subState, because(subRejected, "RejectReason")},
			{api + " SubsidyDoc", schema("SubsidyDoc"), subState, because(subRejected, "RejectReason")},
			{redis, nil, pairs("Status", "ids:subsidy", "Program", "ids:subsidy", "Year", "ids:subsidy", "Loan", "ids:subsidy (its bank)"),
				rest(subT, notIndexed, pairs("Status", "", "Program", "", "Year", "", "Loan", ""))},
		}},
		{fundT, []entityPlace{
			{snap, nil, all(fundT), nil},
			{state, jsonMembers(reflect.TypeFor[FundDoc]()), fundState,
				because("an index of the investments: the state document counts them (investments)", "Investments")},
			{view, jsonMembers(reflect.TypeFor[FundView]()), fundView, because("an index of rounds, which the view lists", "Investments")},
			{api + " FundView", schema("FundView"), fundView, because("an index of rounds, which the view lists", "Investments")},
			{redis, nil, nil, rest(fundT, fundsFew)},
		}},
		{invT, []entityPlace{
			{snap, nil, all(invT), nil},
			{state, nil, nil, rest(invT, "SPEC §13 counts investments in funds[]; rounds are listed by the fund's view")},
			{view, jsonMembers(reflect.TypeFor[InvestmentDoc]()), invDoc, nil},
			{api + " Investment", schema("Investment"), invDoc, nil},
			{redis, nil, nil, rest(invT, "inside its fund's document")},
		}},
	}
}
