package ledger

import (
	"encoding/json"
	"unicode/utf8"

	"github.com/shopspring/decimal"
	"github.com/techcredit/techcredit/risk"
)

// The input path reads each input once. decodeEnvelope calls
// decodeOnePass, which tries three ways, each giving exactly what the one
// after it would:
//
//  1. decodePlain: a hand-written parser of the plain form every bank
//     system writes (lower-case keys, strings without escapes, amounts as
//     strings), with no reflection and few allocations;
//  2. one json.Unmarshal of the envelope with its data, when the input is
//     valid JSON whose data member is unambiguous;
//  3. else (returning ok false) the two steps of the original design:
//     json.Unmarshal of the envelope with raw data, then of the data once
//     the type, role and program are checked; they alone word the reject
//     codes and messages of malformed inputs.
//
// Tests and a fuzz target hold 1 and 2 to 3 (decode_fast_test.go).

// wireInput is an input decoded in one pass: the envelope's fields as in
// envelope, with the data decoded instead of kept raw.
type wireInput struct {
	ID      string `json:"id"`
	Type    string `json:"type"`
	Source  string `json:"source"`
	Program string `json:"program"`
	Fund    string `json:"fund"`
	At      string `json:"at"`
	Data    *Data  `json:"data"`
}

// decodeOnePass decodes a JSON object (trimmed, starting with '{') into
// the envelope, with Data the raw bytes of the data value (inside obj, not
// a copy), and its decoded data; compact when the data has no white space
// to remove for the fingerprint. ok is false when the two-step decoding
// must decide instead.
func decodeOnePass(obj []byte, dec *decoder) (env envelope, data *Data, compact, ok bool) {
	if env, data, compact, ok := decodePlain(obj, dec); ok {
		return env, data, compact, true
	}
	var w wireInput
	if err := json.Unmarshal(obj, &w); err != nil {
		return envelope{}, nil, false, false
	}
	// obj is valid JSON now: find the data value encoding/json used.
	span, ok := dataSpan(obj)
	if !ok {
		return envelope{}, nil, false, false
	}
	if w.Data == nil { // no data, or null: decodeData's empty data
		w.Data = &Data{}
	}
	return envelope{ID: w.ID, Type: w.Type, Source: w.Source, Program: w.Program, Fund: w.Fund, At: w.At, Data: span}, w.Data, false, true
}

// dataFields returns the input's decoded data: decoded with the envelope,
// or now from the raw data (bad_field when it does not decode).
func (in *Input) dataFields() (*Data, *Reject) {
	if in.dataReject != nil {
		return nil, in.dataReject
	}
	if in.decoded != nil {
		return in.decoded, nil
	}
	return decodeData(in.Data)
}

// dataSpan returns the value of the member of a valid JSON object that
// encoding/json decodes into the envelope's data field: the one whose key
// is "data" in any ASCII case (no other spelling folds to it). ok is false
// when a key has escapes (it might unescape to "data") or data appears more
// than once (encoding/json would merge a repeated object into one Data but
// keep only the last raw value). A missing data member gives nil.
func dataSpan(obj []byte) (span []byte, ok bool) {
	i := skipSpace(obj, 1)
	if i < len(obj) && obj[i] == '}' {
		return nil, true
	}
	found := false
	for i < len(obj) && obj[i] == '"' {
		keyEnd := i + 1
		for keyEnd < len(obj) && obj[keyEnd] != '"' {
			if obj[keyEnd] == '\\' {
				return nil, false
			}
			keyEnd++
		}
		key := obj[i+1 : min(keyEnd, len(obj))]
		i = skipSpace(obj, keyEnd+1)
		if i >= len(obj) || obj[i] != ':' {
			return nil, false
		}
		start := skipSpace(obj, i+1)
		end := skipValue(obj, start)
		if end <= start {
			return nil, false
		}
		if isDataKey(key) {
			if found {
				return nil, false
			}
			found, span = true, obj[start:end]
		}
		i = skipSpace(obj, end)
		switch {
		case i < len(obj) && obj[i] == ',':
			i = skipSpace(obj, i+1)
		case i < len(obj) && obj[i] == '}':
			return span, true
		default:
			return nil, false
		}
	}
	return nil, false
}

func isDataKey(key []byte) bool {
	return len(key) == 4 && key[0]|0x20 == 'd' && key[1]|0x20 == 'a' && key[2]|0x20 == 't' && key[3]|0x20 == 'a'
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// skipValue returns the end of the JSON value starting at b[i], which is
// valid; i when there is none.
func skipValue(b []byte, i int) int {
	if i >= len(b) {
		return i
	}
	switch b[i] {
	case '"':
		return skipString(b, i)
	case '{', '[':
		depth := 0
		for j := i; j < len(b); j++ {
			switch b[j] {
			case '"':
				j = skipString(b, j) - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return j + 1
				}
			}
		}
		return i
	default: // a number, true, false or null
		j := i
		for j < len(b) && b[j] != ',' && b[j] != '}' && b[j] != ']' &&
			b[j] != ' ' && b[j] != '\t' && b[j] != '\n' && b[j] != '\r' {
			j++
		}
		return j
	}
}

// skipString returns the end of the JSON string starting at b[i] == '"'.
func skipString(b []byte, i int) int {
	for j := i + 1; j < len(b); j++ {
		switch b[j] {
		case '\\':
			j++
		case '"':
			return j + 1
		}
	}
	return len(b)
}

// appendCompact appends valid JSON without its insignificant white space:
// exactly what json.Compact writes for it, without a second validation.
func appendCompact(dst, src []byte) []byte {
	inString, escaped := false, false
	for _, c := range src {
		switch {
		case inString:
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			continue
		case c == '"':
			inString = true
		}
		dst = append(dst, c)
	}
	return dst
}

// plainString returns the text of a JSON string literal made of printable
// ASCII without escapes, which is its bytes between the quotes; false for
// any other literal, which json.Unmarshal must decode.
func plainString(b []byte) (string, bool) {
	if len(b) < 2 || b[0] != '"' || b[len(b)-1] != '"' {
		return "", false
	}
	for _, c := range b[1 : len(b)-1] {
		if c < 0x20 || c >= 0x80 || c == '"' || c == '\\' {
			return "", false
		}
	}
	return string(b[1 : len(b)-1]), true
}

// plainInt reads a JSON integer `-?(0|[1-9][0-9]*)` of at most 18 digits,
// which fits an int64; false for anything else, which json.Unmarshal must
// judge.
func plainInt(b []byte) (int64, bool) {
	digits, neg := b, false
	if len(digits) > 0 && digits[0] == '-' {
		digits, neg = digits[1:], true
	}
	if len(digits) == 0 || len(digits) > 18 || (digits[0] == '0' && len(digits) > 1) {
		return 0, false
	}
	var v int64
	for _, c := range digits {
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int64(c-'0')
	}
	if neg {
		v = -v
	}
	return v, true
}

// validID reports whether s matches idPattern, `^[A-Za-z0-9._:/-]{1,128}$`,
// without the regular expression engine.
func validID(s string) bool {
	if len(s) == 0 || len(s) > 128 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !nameByte(s[i]) && s[i] != ':' && s[i] != '/' {
			return false
		}
	}
	return true
}

// validName reports whether s matches sourceNamePatern,
// `^[A-Za-z0-9._-]{1,64}$`.
func validName(s string) bool {
	if len(s) == 0 || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !nameByte(s[i]) {
			return false
		}
	}
	return true
}

func nameByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '_' || c == '-'
}

// decodePlain parses the plain form of an input, the form every bank system
// writes, without reflection: an object of the envelope's keys written in
// lower case, each at most once, whose strings have no escapes and are valid
// UTF-8, amounts written as such strings (or null), counts as integers and
// data as an object of the data keys (or null). It returns what
// json.Unmarshal gives for such input, and whether the data has no white
// space to compact; for anything else, ok is false and encoding/json
// decides. obj is trimmed and starts with '{'. dec (or nil) provides the
// Data, the strings that recur and the loans the engine knows.
func decodePlain(obj []byte, dec *decoder) (env envelope, data *Data, compact, ok bool) {
	if dec != nil {
		dec.loan = nil // until this input's data names a known loan
	}
	p := plainParser{b: obj, dec: dec}
	if !p.open() {
		return envelope{}, nil, false, false
	}
	var seen uint64
	var id, at []byte // inside obj until the object has been read
	for first := true; ; first = false {
		key, done, ok := p.next(first)
		if !ok {
			return envelope{}, nil, false, false
		}
		if done {
			break
		}
		switch string(key) {
		case "id":
			ok = p.once(&seen, 0) && p.text(&id)
		case "type":
			ok = p.once(&seen, 1) && p.inputType(&env.Type)
		case "source":
			ok = p.once(&seen, 2) && p.common(&env.Source)
		case "program":
			ok = p.once(&seen, 3) && p.common(&env.Program)
		case "at":
			ok = p.once(&seen, 4) && p.text(&at)
		case "fund":
			ok = p.once(&seen, 6) && p.common(&env.Fund)
		case "data":
			start, spaces := p.i, p.spaces
			ok = p.once(&seen, 5) && (p.null() || p.data(&data))
			env.Data, compact = obj[start:p.i], p.spaces == spaces
		default:
			ok = false
		}
		if !ok {
			return envelope{}, nil, false, false
		}
	}
	if p.i != len(obj) {
		return envelope{}, nil, false, false
	}
	env.ID, env.At = dec.twoStrings(id, at)
	if data == nil {
		data = dec.newData()
	}
	return env, data, compact, true
}

// plainParser reads the plain form of decodePlain; every method returns
// false at the first byte outside it.
type plainParser struct {
	b      []byte
	i      int
	spaces int // white space bytes skipped
	dec    *decoder
}

func (p *plainParser) space() {
	j := skipSpace(p.b, p.i)
	p.spaces += j - p.i
	p.i = j
}

// open reads the '{' of an object.
func (p *plainParser) open() bool {
	p.space()
	if p.i >= len(p.b) || p.b[p.i] != '{' {
		return false
	}
	p.i++
	return true
}

// next reads up to the value of the object's next key, or its closing
// brace (done).
func (p *plainParser) next(first bool) (key []byte, done, ok bool) {
	p.space()
	if p.i >= len(p.b) {
		return nil, false, false
	}
	switch c := p.b[p.i]; {
	case c == '}':
		p.i++
		return nil, true, true
	case first:
	case c == ',':
		p.i++
		p.space()
	default:
		return nil, false, false
	}
	key, ok = p.rawString()
	if !ok {
		return nil, false, false
	}
	p.space()
	if p.i >= len(p.b) || p.b[p.i] != ':' {
		return nil, false, false
	}
	p.i++
	p.space()
	return key, false, true
}

// rawString reads a string without escapes or control characters and
// returns its bytes between the quotes.
func (p *plainParser) rawString() ([]byte, bool) {
	if p.i >= len(p.b) || p.b[p.i] != '"' {
		return nil, false
	}
	start := p.i + 1
	for j := start; j < len(p.b); j++ {
		switch c := p.b[j]; {
		case c == '"':
			p.i = j + 1
			return p.b[start:j], true
		case c == '\\' || c < 0x20:
			return nil, false
		}
	}
	return nil, false
}

// validString reads a string without escapes that is valid UTF-8: where
// encoding/json gives the same bytes (it replaces invalid bytes).
func (p *plainParser) validString() ([]byte, bool) {
	s, ok := p.rawString()
	return s, ok && utf8.Valid(s)
}

// str reads a string field.
func (p *plainParser) str(dst *string) bool {
	s, ok := p.validString()
	if !ok {
		return false
	}
	*dst = string(s)
	return true
}

// text reads a string field as str does, leaving it in the input's bytes.
func (p *plainParser) text(dst *[]byte) bool {
	s, ok := p.validString()
	if !ok {
		return false
	}
	*dst = s
	return true
}

// loanID reads the loan field. The id of a loan the engine knows is that
// loan's own string, not a new one, and the decoder keeps the loan, which
// the handler would otherwise look up again.
func (p *plainParser) loanID(dst *string) bool {
	s, ok := p.validString()
	if !ok {
		return false
	}
	if p.dec != nil {
		if l := p.dec.loans[string(s)]; l != nil {
			*dst, p.dec.loan = l.ID, l
			return true
		}
	}
	*dst = string(s)
	return true
}

// common reads a string field whose values repeat (types, sources,
// programs, dates, sectors), through the decoder.
func (p *plainParser) common(dst *string) bool {
	s, ok := p.validString()
	if !ok {
		return false
	}
	*dst = p.dec.string(s)
	return true
}

// inputType reads the type, as one of the type constants when it is one.
func (p *plainParser) inputType(dst *string) bool {
	s, ok := p.validString()
	if !ok {
		return false
	}
	switch string(s) {
	case TypeLoanDisbursed:
		*dst = TypeLoanDisbursed
	case TypeLoanRepaid:
		*dst = TypeLoanRepaid
	case TypeLoanOverdue:
		*dst = TypeLoanOverdue
	case TypeLoanDefaulted:
		*dst = TypeLoanDefaulted
	case TypeLoanRecovered:
		*dst = TypeLoanRecovered
	case TypeLoanClosed:
		*dst = TypeLoanClosed
	case TypePoolFunded:
		*dst = TypePoolFunded
	case TypeClaimApproved:
		*dst = TypeClaimApproved
	case TypeClaimRejected:
		*dst = TypeClaimRejected
	default:
		*dst = p.dec.string(s)
	}
	return true
}

func (p *plainParser) null() bool {
	if len(p.b)-p.i >= 4 && string(p.b[p.i:p.i+4]) == "null" {
		p.i += 4
		return true
	}
	return false
}

// amount hands the literal to Amount.UnmarshalJSON, as encoding/json does.
func (p *plainParser) amount(a *Amount) bool {
	start := p.i
	if !p.null() {
		if _, ok := p.rawString(); !ok {
			return false
		}
	}
	return a.UnmarshalJSON(p.b[start:p.i]) == nil
}

// count reads an integer (or null) and hands it to Count.UnmarshalJSON.
func (p *plainParser) count(c *Count) bool {
	start := p.i
	if !p.null() {
		for p.i < len(p.b) && (p.b[p.i] == '-' || '0' <= p.b[p.i] && p.b[p.i] <= '9') {
			p.i++
		}
		if _, ok := plainInt(p.b[start:p.i]); !ok {
			return false
		}
	}
	return c.UnmarshalJSON(p.b[start:p.i]) == nil
}

// once marks key number n of the current object as read; false when it was.
func (p *plainParser) once(seen *uint64, n uint) bool {
	if *seen&(1<<n) != 0 {
		return false
	}
	*seen |= 1 << n
	return true
}

func (p *plainParser) borrower(dst **BorrowerData) bool {
	if p.null() {
		*dst = nil
		return true
	}
	if !p.open() {
		return false
	}
	b := &BorrowerData{}
	var seen uint64
	for first := true; ; first = false {
		key, done, ok := p.next(first)
		if !ok {
			return false
		}
		if done {
			*dst = b
			return true
		}
		switch string(key) {
		case "id":
			ok = p.once(&seen, 0) && p.str(&b.ID)
		case "name":
			ok = p.once(&seen, 1) && p.str(&b.Name)
		case "sector":
			ok = p.once(&seen, 2) && p.common(&b.Sector)
		case "size":
			ok = p.once(&seen, 3) && p.common(&b.Size)
		default:
			ok = false
		}
		if !ok {
			return false
		}
	}
}

// data reads the data object.
func (p *plainParser) data(dst **Data) bool {
	if !p.open() {
		return false
	}
	d := p.dec.newData()
	var seen uint64
	for first := true; ; first = false {
		key, done, ok := p.next(first)
		if !ok {
			return false
		}
		if done {
			*dst = d
			return true
		}
		if !p.dataField(d, key, &seen) {
			return false
		}
	}
}

// dataField reads the value of one key of data into d. plainDataKeys lists
// the keys, in Data's order; a test holds both to Data's json tags.
func (p *plainParser) dataField(d *Data, key []byte, seen *uint64) bool {
	switch string(key) {
	case "loan":
		return p.once(seen, 0) && p.loanID(&d.Loan)
	case "borrower":
		return p.once(seen, 1) && p.borrower(&d.Borrower)
	case "principal":
		return p.once(seen, 2) && p.amount(&d.Principal)
	case "annual_rate":
		return p.once(seen, 3) && p.common(&d.AnnualRate)
	case "term_months":
		return p.once(seen, 4) && p.count(&d.TermMonths)
	case "disbursed_on":
		return p.once(seen, 5) && p.common(&d.DisbursedOn)
	case "currency":
		return p.once(seen, 6) && p.common(&d.Currency)
	case "guarantor":
		return p.once(seen, 7) && p.common(&d.Guarantor)
	case "interest":
		return p.once(seen, 8) && p.amount(&d.Interest)
	case "paid_on":
		return p.once(seen, 9) && p.common(&d.PaidOn)
	case "days_past_due":
		return p.once(seen, 10) && p.count(&d.DaysPastDue)
	case "as_of":
		return p.once(seen, 11) && p.common(&d.AsOf)
	case "outstanding_principal":
		return p.once(seen, 12) && p.amount(&d.OutstandingPrincipal)
	case "unpaid_interest":
		return p.once(seen, 13) && p.amount(&d.UnpaidInterest)
	case "amount":
		return p.once(seen, 14) && p.amount(&d.Amount)
	case "costs":
		return p.once(seen, 15) && p.amount(&d.Costs)
	case "recovered_on":
		return p.once(seen, 16) && p.common(&d.RecoveredOn)
	case "closed_on":
		return p.once(seen, 17) && p.common(&d.ClosedOn)
	case "funder":
		return p.once(seen, 18) && p.common(&d.Funder)
	case "claim":
		return p.once(seen, 19) && p.str(&d.Claim)
	case "reason":
		return p.once(seen, 20) && p.str(&d.Reason)
	case "net_assets":
		return p.once(seen, 21) && p.amount(&d.NetAssets)
	case "project":
		return p.once(seen, 22) && p.str(&d.Project)
	case "enterprise":
		return p.once(seen, 23) && p.str(&d.Enterprise)
	case "title":
		return p.once(seen, 24) && p.str(&d.Title)
	case "sector":
		return p.once(seen, 25) && p.common(&d.Sector)
	case "stage":
		return p.once(seen, 26) && p.common(&d.Stage)
	case "funding_sought":
		return p.once(seen, 27) && p.amount(&d.FundingSought)
	case "roadshow_on":
		return p.once(seen, 28) && p.common(&d.RoadshowOn)
	case "status":
		return p.once(seen, 29) && p.common(&d.Status)
	case "summary":
		return p.once(seen, 30) && p.str(&d.Summary)
	case "name":
		return p.once(seen, 31) && p.str(&d.Name)
	case "size":
		return p.once(seen, 32) && p.common(&d.Size)
	case "park":
		return p.once(seen, 33) && p.common(&d.Park)
	case "tech_sme_number":
		return p.once(seen, 34) && p.str(&d.TechSMENumber)
	case "tech_sme_year":
		return p.once(seen, 35) && p.count(&d.TechSMEYear)
	case "staff":
		return p.once(seen, 36) && p.count(&d.Staff)
	case "revenue":
		return p.once(seen, 37) && p.amount(&d.Revenue)
	case "assets":
		return p.once(seen, 38) && p.amount(&d.Assets)
	case "filed_on":
		return p.once(seen, 39) && p.common(&d.FiledOn)
	case "documents":
		// Only null here: a list of documents takes the general path.
		return p.once(seen, 40) && p.null()
	case "year":
		return p.once(seen, 41) && p.count(&d.Year)
	case "subsidy":
		return p.once(seen, 42) && p.str(&d.Subsidy)
	case "submitted_on":
		return p.once(seen, 43) && p.common(&d.SubmittedOn)
	case "reviewed_on":
		return p.once(seen, 44) && p.common(&d.ReviewedOn)
	case "decision":
		return p.once(seen, 45) && p.common(&d.Decision)
	case "fund":
		return p.once(seen, 46) && p.common(&d.Fund)
	case "investment":
		return p.once(seen, 47) && p.str(&d.Investment)
	case "round_size":
		return p.once(seen, 48) && p.amount(&d.RoundSize)
	case "co_investors":
		// Only null here: a list of co-investors takes the general path.
		return p.once(seen, 49) && p.null()
	case "invested_on":
		return p.once(seen, 50) && p.common(&d.InvestedOn)
	case "proceeds":
		return p.once(seen, 51) && p.amount(&d.Proceeds)
	case "exited_on":
		return p.once(seen, 52) && p.common(&d.ExitedOn)
	case "kind":
		return p.once(seen, 53) && p.common(&d.Kind)
	}
	return false
}

// plainDataKeys are the keys dataField reads, in Data's field order.
var plainDataKeys = []string{"loan", "borrower", "principal", "annual_rate", "term_months", "disbursed_on",
	"currency", "guarantor", "interest", "paid_on", "days_past_due", "as_of", "outstanding_principal",
	"unpaid_interest", "amount", "costs", "recovered_on", "closed_on", "funder", "claim", "reason",
	"net_assets", "project", "enterprise", "title", "sector", "stage", "funding_sought", "roadshow_on",
	"status", "summary", "name", "size", "park", "tech_sme_number", "tech_sme_year", "staff", "revenue",
	"assets", "filed_on", "documents", "year", "subsidy", "submitted_on", "reviewed_on", "decision", "fund",
	"investment", "round_size", "co_investors", "invested_on", "proceeds", "exited_on", "kind"}

// decoder holds what the plain path reuses from input to input: one Data
// (an input's data never outlives its input: handlers copy what they keep)
// and the strings that recur (types, sources, programs, dates, sectors),
// so that these are neither allocated for each input nor held once per loan
// or borrower. The strings are bounded: beyond internedMax it allocates.
type decoder struct {
	buf   []byte // where twoStrings joins its strings
	strs  map[string]string
	data  Data
	input Input
	// loans are the engine's loans, by id (nil: none known). loan is the
	// one the data of the last input decoded by decodePlain names, when
	// loans holds it; it is that input's only when decodePlain succeeded.
	loans map[string]*Loan
	loan  *Loan
}

const internedMax = 4096

// string returns b as a string, the same one each time while there is room.
func (dec *decoder) string(b []byte) string {
	if dec == nil {
		return string(b)
	}
	if s, ok := dec.strs[string(b)]; ok {
		return s
	}
	s := string(b)
	if dec.strs == nil {
		dec.strs = map[string]string{}
	}
	if len(dec.strs) < internedMax {
		dec.strs[s] = s
	}
	return s
}

// twoStrings returns a and b as strings made in one allocation instead of
// two: every input has an id and a time. What keeps one (an outcome's id,
// a claim's opening time) keeps the other's few bytes alive with it.
func (dec *decoder) twoStrings(a, b []byte) (string, string) {
	if dec == nil {
		s := string(a) + string(b)
		return s[:len(a)], s[len(a):]
	}
	dec.buf = append(append(dec.buf[:0], a...), b...)
	s := string(dec.buf)
	return s[:len(a)], s[len(a):]
}

// newData returns an empty Data: the reused one, or a new one without a decoder.
func (dec *decoder) newData() *Data {
	if dec == nil {
		return &Data{}
	}
	dec.data = Data{}
	return &dec.data
}

// plainAmount reads a quoted amount of the form risk.ParseAmount accepts,
// `"(0|[1-9][0-9]{0,14})(\.[0-9]{1,2})?"`, straight from the bytes into
// the decimal decimal.NewFromString makes of it; false for anything else,
// which the general path judges (and words the error of).
func plainAmount(b []byte) (decimal.Decimal, bool) {
	if len(b) < 3 || b[0] != '"' || b[len(b)-1] != '"' {
		return decimal.Decimal{}, false
	}
	s := b[1 : len(b)-1]
	var coef int64
	intDigits, fracDigits, i := 0, 0, 0
	for ; i < len(s) && '0' <= s[i] && s[i] <= '9'; i++ {
		coef = coef*10 + int64(s[i]-'0')
		intDigits++
	}
	if intDigits == 0 || intDigits > risk.AmountIntegerDigitsMax || (intDigits > 1 && s[0] == '0') {
		return decimal.Decimal{}, false
	}
	if i < len(s) {
		if s[i] != '.' {
			return decimal.Decimal{}, false
		}
		for i++; i < len(s) && '0' <= s[i] && s[i] <= '9'; i++ {
			coef = coef*10 + int64(s[i]-'0')
			fracDigits++
		}
		if i < len(s) || fracDigits == 0 || fracDigits > risk.AmountFractionDigitsMax {
			return decimal.Decimal{}, false
		}
	}
	return decimal.New(coef, int32(-fracDigits)), true
}
