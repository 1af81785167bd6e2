package ledger

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"regexp"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"github.com/techcredit/techcredit/internal/jsonkeys"
	"github.com/techcredit/techcredit/risk"
)

// InputBytesMax bounds one input. A loan event is a few hundred bytes, an
// input with every text field at its limit (text.go) a few kilobytes. The
// bound is far above that, so that a text field far over its own limit (a
// reason of 70,000 bytes) is still read and refused as bad_field; anything
// larger than InputBytesMax is refused as bad_json without being read.
const InputBytesMax = 128 << 10

// inputBytesMaxLenient was InputBytesMax under rules before
// RulesStrictFields.
const inputBytesMaxLenient = 64 << 10

// Input types (SPEC §4).
const (
	TypeLoanDisbursed      = "loan.disbursed"
	TypeLoanRepaid         = "loan.repaid"
	TypeLoanOverdue        = "loan.overdue"
	TypeLoanDefaulted      = "loan.defaulted"
	TypeLoanRecovered      = "loan.recovered"
	TypeLoanClosed         = "loan.closed"
	TypePoolFunded         = "pool.funded"
	TypeClaimApproved      = "claim.approved"
	TypeClaimRejected      = "claim.rejected"
	TypeGuarantorNetAssets = "guarantor.net_assets"
	TypeProjectRegistered  = "project.registered"
	TypeProjectUpdated     = "project.updated"
	// Since RulesFiling (SPEC §10).
	TypeEnterpriseRegistered = "enterprise.registered"
	TypeEnterpriseUpdated    = "enterprise.updated"
	TypeLoanFiled            = "loan.filed"
	TypeFilingApproved       = "filing.approved"
	TypeFilingRejected       = "filing.rejected"
	TypeFilingRevoked        = "filing.revoked"
	// Since RulesClaimReview (SPEC §12).
	TypeClaimSubmitted = "claim.submitted"
	TypeClaimReviewed  = "claim.reviewed"
)

// Roles are the prefixes of a source (SPEC §4) and of an API subject (§9).
const (
	RoleBank      = "bank"
	RoleGuarantor = "guarantor"
	RoleFinance   = "finance"
	RoleAdmin     = "admin"
	RoleInvestor  = "investor"
	// RoleFund is a transformation fund's manager, source fund:<fund id>
	// (SPEC §13), since RulesFund.
	RoleFund = "fund"
)

// The forms of ids and names. validID and validName check them without the
// regular expression engine (a test holds them to these patterns).
var (
	idPattern        = regexp.MustCompile(`^[A-Za-z0-9._:/-]{1,128}$`)
	sourceNamePatern = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)
)

// envelope is the outer JSON object of every input; data stays raw until the
// type is known, and its bytes are part of the content fingerprint.
type envelope struct {
	ID      string          `json:"id"`
	Type    string          `json:"type"`
	Source  string          `json:"source"`
	Program string          `json:"program"`
	Fund    string          `json:"fund"` // fund inputs (SPEC §13) name a fund instead of a program
	At      string          `json:"at"`
	Data    json.RawMessage `json:"data"`
}

// Input is a decoded input whose envelope is valid.
type Input struct {
	ID      string
	Type    string
	Source  string
	Role    string // the source's prefix: bank, guarantor, finance, admin
	Actor   string // the source without its prefix
	Program string
	Fund    string // the fund a fund input names (SPEC §13), or ""
	At      time.Time
	AtText  string
	Data    json.RawMessage
	decoded *Data // Data decoded with the envelope in one pass, or nil
	// dataReject refuses data that encoding/json would read ambiguously
	// (a repeated member, a field's name in another case).
	dataReject *Reject
	compact    bool // Data has no white space outside its strings
	// loan is the engine's loan that data.loan names, found while
	// decoding, or nil: unknown, or not looked up.
	loan *Loan
	// What the transport told of the input (Meta): the rules version it is
	// judged under, its importer and its arrival.
	rules      int
	importedBy string
	arrival    time.Time
}

// Meta is what the transport knows about an input beyond its bytes.
type Meta struct {
	// Source, when set, replaces the envelope's source: over HTTP it comes
	// from the caller's token and is never trusted from the body.
	Source string
	// Admit, when set, is the transport's check of the decoded envelope's
	// program and (effective) source, such as the Kafka partition gate. A
	// reject is the input's outcome before the id is looked up, and, as
	// with Engine.Reject, the id is not remembered: the input belongs to
	// another writer. It saves the transport a decode of its own.
	Admit func(program, source string) *Reject
	// Rules is the rules version to judge the input under (a replay passes
	// the version its journal record was judged under); 0 is RulesCurrent.
	Rules int
	// ImportedBy is the admin source that imported the input (SPEC §9,
	// §15), or "": the engine judges what an import may carry, so that a
	// refused import is journaled as a rejected input like any other. An
	// input whose source is the importer's own is not an import.
	ImportedBy string
	// Arrival is when the transport took the input (HTTP: the server's
	// clock when the request was read; Kafka: the record's timestamp);
	// zero when unknown, as in a replay of plain files, which skips only
	// the check that at is not more than 24 hours after it (bad_date).
	Arrival time.Time
}

// Rules versions. What the engine refuses may change from one version to
// the next; each journal record carries the version its input was judged
// under, so that a replay after an upgrade judges it alike and the journal
// of record stays readable.
const (
	// RulesLenientJSON read a member repeated in one object, or a field's
	// name in another case, as encoding/json does (last wins, folding case).
	RulesLenientJSON = 1
	// RulesStrictJSON refuses them (bad_envelope, bad_field).
	RulesStrictJSON = 2
	// RulesStrictFields adds the rules of issue 13 (SPEC §4, §6, §15): an
	// import of a finance source is forbidden; a bank's loan ids begin with
	// its bank id and a hyphen (bad_field); dates are checked against the
	// calendar, at, the arrival and disbursed_on (bad_date); the NPL ratio
	// counts the remaining loss of defaulted loans, recomputed after every
	// recovery; text fields have byte limits and refuse control characters
	// and invalid UTF-8 (bad_field); an input may be InputBytesMax bytes.
	RulesStrictFields = 3
	// RulesFiling adds the enterprise registry and loan filing (SPEC §10):
	// enterprise.registered, enterprise.updated, loan.filed and
	// filing.approved, .rejected and .revoked were unknown_type before.
	RulesFiling = 4
	// RulesSubsidy adds the interest subsidy of issue 15 (SPEC §11): the
	// subsidy.* inputs, unknown_type before it.
	RulesSubsidy = 5
	// RulesClaimReview adds the claim dossier review of issue 16 (SPEC
	// §12): claim.submitted and claim.reviewed, unknown_type before it, and
	// claims of programs with claim_review opening awaiting_documents.
	RulesClaimReview = 6
	// RulesFund adds the transformation fund and the roadshow's interest
	// (SPEC §13): investor: and fund: sources, the fund member of the
	// envelope, fund.* and project.interest, .committed and .withdrawn,
	// which were bad_envelope or unknown_type before it.
	RulesFund = 7
	// RulesCurrent is the version new inputs are judged under.
	RulesCurrent = RulesFund
)

// inputBytesMaxOf is the size bound of an input under meta's rules.
func inputBytesMaxOf(m Meta) int {
	if rulesOf(m) < RulesStrictFields {
		return inputBytesMaxLenient
	}
	return InputBytesMax
}

// rulesOf is the rules version meta asks for, RulesCurrent for 0.
func rulesOf(m Meta) int {
	if m.Rules == 0 {
		return RulesCurrent
	}
	return m.Rules
}

// strictJSON reports whether meta's rules refuse ambiguous JSON members.
func (m Meta) strictJSON() bool { return m.Rules == 0 || m.Rules >= RulesStrictJSON }

// decodeEnvelope checks the outer object: bad_json when it is not a JSON
// object, bad_envelope when id, source or at are missing or malformed.
func decodeEnvelope(raw []byte, meta Meta, dec *decoder) (*Input, *Reject) {
	if limit := inputBytesMaxOf(meta); len(raw) > limit {
		return nil, reject(CodeBadJSON, "input is %d bytes, above the limit of %d", len(raw), limit)
	}
	trimmed := bytes.TrimSpace(raw)
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return nil, reject(CodeBadJSON, "input is not a JSON object")
	}
	var dataReject *Reject
	var loan *Loan
	env, decoded, compact, onePass := decodePlain(trimmed, dec)
	if onePass && dec != nil {
		loan = dec.loan
	}
	if !onePass {
		// Unusual input: refuse what encoding/json would read ambiguously,
		// the envelope now, the data (bad_field) once the id is remembered.
		if meta.strictJSON() {
			top, nested := jsonkeys.Find(trimmed, wireInputType)
			if top != nil {
				return nil, ambiguousMember(top)
			}
			if nested != nil {
				dataReject = ambiguousMember(nested)
			}
		}
		env, decoded, compact, onePass = decodeOnePass(trimmed, dec)
	}
	if !onePass {
		// Unmarshal into a variable of its own: taking env's address would
		// move it to the heap for every input, not just for this rare one.
		var slow envelope
		if err := json.Unmarshal(trimmed, &slow); err != nil {
			return nil, envelopeReject(err)
		}
		env = slow
	}
	if meta.Source != "" {
		env.Source = meta.Source
	}
	if !validID(env.ID) {
		return nil, reject(CodeBadEnvelope, "id %q must be 1-128 characters of [A-Za-z0-9._:/-]", env.ID)
	}
	role, actor, ok := strings.Cut(env.Source, ":")
	switch {
	case !ok || !validName(actor):
		return nil, reject(CodeBadEnvelope, "source %q must be <role>:<name>", env.Source)
	case (role == RoleInvestor || role == RoleFund) && rulesOf(meta) >= RulesFund:
	case role != RoleBank && role != RoleGuarantor && role != RoleFinance && role != RoleAdmin:
		return nil, reject(CodeBadEnvelope, "source %q must start with bank:, guarantor:, finance:, admin:, investor: or fund:", env.Source)
	}
	if env.Fund != "" && rulesOf(meta) < RulesFund {
		env.Fund = "" // unknown member before funds: ignored, as then
	}
	at, err := time.Parse(time.RFC3339, env.At)
	if err != nil {
		return nil, reject(CodeBadEnvelope, "at %q is not an RFC 3339 time", env.At)
	}
	var in *Input
	if dec != nil {
		in = &dec.input // reused: an input's envelope does not outlive it
	} else {
		in = new(Input)
	}
	*in = Input{ID: env.ID, Type: env.Type, Source: env.Source, Role: role, Actor: actor,
		Program: env.Program, Fund: env.Fund, At: at, AtText: env.At, Data: env.Data, decoded: decoded, compact: compact,
		dataReject: dataReject, loan: loan, rules: rulesOf(meta), importedBy: meta.ImportedBy, arrival: meta.Arrival}
	return in, nil
}

var wireInputType = reflect.TypeOf(wireInput{})

// ambiguousMember refuses a repeated member name, or a field's name in
// another case, which encoding/json would read as last-wins or
// case-insensitively: bad_envelope at the top level, bad_field in data.
func ambiguousMember(p *jsonkeys.Problem) *Reject {
	if p.Path == "" {
		return reject(CodeBadEnvelope, "%s", p.Error())
	}
	return reject(CodeBadField, "%s", p.Error())
}

// envelopeReject is bad_json for input that is not JSON, bad_envelope for
// an envelope field of the wrong JSON type.
func envelopeReject(err error) *Reject {
	var typeErr *json.UnmarshalTypeError
	if !errors.As(err, &typeErr) {
		return reject(CodeBadJSON, "input is not valid JSON: %v", err)
	}
	return reject(CodeBadEnvelope, "envelope field %q has the wrong JSON type", typeErr.Field)
}

// Amount is a money field of an input's data. Decoding never fails on it,
// so that a malformed amount is told apart (bad_amount) from a malformed
// other field (bad_field).
type Amount struct {
	Value decimal.Decimal
	Set   bool   // present and not null
	Err   string // why it is malformed, when it is
}

// UnmarshalJSON accepts only a JSON string in plain decimal notation.
func (a *Amount) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	a.Set = true
	if v, ok := plainAmount(b); ok {
		a.Value = v
		return nil
	}
	if len(b) < 2 || b[0] != '"' {
		a.Err = "must be a JSON string such as \"1250000.00\", not " + truncate(string(b))
		return nil
	}
	s, plain := plainString(b)
	if !plain {
		if err := json.Unmarshal(b, &s); err != nil {
			a.Err = "is not a valid JSON string"
			return nil
		}
	}
	v, err := risk.ParseAmount(s)
	if err != nil {
		a.Err = err.Error()
		return nil
	}
	a.Value = v
	return nil
}

// Count is an integer field of an input's data (term_months, days_past_due).
type Count struct {
	Value int64
	Set   bool
	Bad   bool
}

// UnmarshalJSON accepts a JSON integer; anything else marks the field bad.
func (c *Count) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	c.Set = true
	if v, ok := plainInt(b); ok {
		c.Value = v
		return nil
	}
	if err := json.Unmarshal(b, &c.Value); err != nil {
		c.Bad = true
	}
	return nil
}

// BorrowerData describes the enterprise a loan is made to.
type BorrowerData struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Sector string `json:"sector"`
	Size   string `json:"size"`
}

// Data is the union of the data fields of every input type; each handler
// reads and checks only the fields of its type and ignores the rest.
type Data struct {
	Loan                 string        `json:"loan"`
	Borrower             *BorrowerData `json:"borrower"`
	Principal            Amount        `json:"principal"`
	AnnualRate           string        `json:"annual_rate"`
	TermMonths           Count         `json:"term_months"`
	DisbursedOn          string        `json:"disbursed_on"`
	Currency             string        `json:"currency"`
	Guarantor            string        `json:"guarantor"`
	Interest             Amount        `json:"interest"`
	PaidOn               string        `json:"paid_on"`
	DaysPastDue          Count         `json:"days_past_due"`
	AsOf                 string        `json:"as_of"`
	OutstandingPrincipal Amount        `json:"outstanding_principal"`
	UnpaidInterest       Amount        `json:"unpaid_interest"`
	Amount               Amount        `json:"amount"`
	Costs                Amount        `json:"costs"`
	RecoveredOn          string        `json:"recovered_on"`
	ClosedOn             string        `json:"closed_on"`
	Funder               string        `json:"funder"`
	Claim                string        `json:"claim"`
	Reason               string        `json:"reason"`
	NetAssets            Amount        `json:"net_assets"`
	Project              string        `json:"project"`
	Enterprise           string        `json:"enterprise"`
	Title                string        `json:"title"`
	Sector               string        `json:"sector"`
	Stage                string        `json:"stage"`
	FundingSought        Amount        `json:"funding_sought"`
	RoadshowOn           string        `json:"roadshow_on"`
	Status               string        `json:"status"`
	Summary              string        `json:"summary"`
	// Since RulesFiling: the enterprise registry and loan filing.
	Name          string         `json:"name"`
	Size          string         `json:"size"`
	Park          string         `json:"park"`
	TechSMENumber string         `json:"tech_sme_number"`
	TechSMEYear   Count          `json:"tech_sme_year"`
	Staff         Count          `json:"staff"`
	Revenue       Amount         `json:"revenue"`
	Assets        Amount         `json:"assets"`
	FiledOn       string         `json:"filed_on"`
	Documents     []DocumentData `json:"documents"`
	// Since RulesSubsidy: the interest subsidy.
	Year    Count  `json:"year"`
	Subsidy string `json:"subsidy"`
	// Since RulesClaimReview: the claim dossier and its review.
	SubmittedOn string `json:"submitted_on"`
	ReviewedOn  string `json:"reviewed_on"`
	Decision    string `json:"decision"`
	// Since RulesFund: the transformation fund and the roadshow (SPEC §13).
	Fund        string           `json:"fund"`
	Investment  string           `json:"investment"`
	RoundSize   Amount           `json:"round_size"`
	CoInvestors []CoInvestorData `json:"co_investors"`
	InvestedOn  string           `json:"invested_on"`
	Proceeds    Amount           `json:"proceeds"`
	ExitedOn    string           `json:"exited_on"`
	Kind        string           `json:"kind"`
}

// CoInvestorData is one private investor's part of a fund's round.
type CoInvestorData struct {
	Investor string `json:"investor"`
	Amount   Amount `json:"amount"`
}

// DocumentData is one document of a filing: its kind and the SHA-256 of
// its bytes (64 lowercase hex digits).
type DocumentData struct {
	Kind   string `json:"kind"`
	SHA256 string `json:"sha256"`
}

// decodeData decodes the data object. A field of the wrong JSON type is
// bad_field; amounts never fail here (see Amount).
func decodeData(raw json.RawMessage) (*Data, *Reject) {
	d := &Data{}
	if len(raw) == 0 || string(raw) == "null" {
		return d, nil
	}
	if raw[0] != '{' {
		return nil, reject(CodeBadField, "data must be a JSON object")
	}
	if err := json.Unmarshal(raw, d); err != nil {
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) {
			return nil, reject(CodeBadField, "data.%s has the wrong JSON type", strings.TrimPrefix(typeErr.Field, "data."))
		}
		return nil, reject(CodeBadField, "data: %v", err)
	}
	return d, nil
}

func truncate(s string) string {
	const max = 40
	if len(s) > max {
		return s[:max] + "…"
	}
	return s
}
