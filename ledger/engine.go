package ledger

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"sort"

	"github.com/shopspring/decimal"
	"github.com/techcredit/techcredit/risk"
)

// Status is what became of an input.
type Status uint8

const (
	StatusApplied Status = iota + 1
	StatusDuplicate
	StatusRejected
)

var statusNames = [...]string{"", "applied", "duplicate", "rejected"}

func (s Status) String() string { return statusNames[s] }

// Outcome reports what one input did. Postings are those of the input's
// transaction when it was applied.
type Outcome struct {
	Seq      int64 // 1-based position of the input in the engine's history
	ID       string
	Source   string
	Type     string
	Program  string
	Status   Status
	Code     Code // the reject code; for a duplicate, the original's code
	Message  string
	Postings []Posting
	Changes  Changes // what an applied input changed, for read models
	// Admission is set when Meta.Admit refused the input: the transport's
	// verdict, which a replay gives back without the transport.
	Admission bool
}

// Rejection is a rejected input as the state document lists it.
type Rejection struct {
	Seq     int64
	ID      string
	Source  string
	Type    string
	Code    Code
	Message string
}

// inputKey identifies (source, id): the first 16 bytes of SHA-256 over both.
// A collision would need about 2^64 inputs; the key keeps the idempotency
// memory at a fixed size per input, whatever the length of the ids.
type inputKey [16]byte

// seenInput is what the engine remembers of every input with a readable
// envelope: a fingerprint of its content and its outcome.
type seenInput struct {
	content uint64
	code    Code // CodeNone when it was applied
}

// InvariantError reports a broken invariant of the book: a bug, never an
// input error. The engine refuses every input after one.
type InvariantError struct {
	Seq    int64
	Detail string
}

func (e *InvariantError) Error() string {
	return fmt.Sprintf("invariant broken after input %d: %s", e.Seq, e.Detail)
}

// Engine applies inputs in order. It is not safe for concurrent use: it is
// the single writer of its programs.
type Engine struct {
	rules      risk.GuarantorRules
	calendar   *risk.Calendar // working days of claim review deadlines (SPEC §12)
	programs   map[string]*Program
	programIDs []string
	loans      map[string]*Loan
	claims     map[string]*Claim
	borrowers  map[string]*Borrower
	guarantors map[string]*Guarantor
	projects   map[string]*Project
	// enterprises is the registry of SPEC §10.
	enterprises map[string]*Enterprise
	// projectsByEnterprise indexes projects by the borrower they present.
	projectsByEnterprise map[string][]string
	subsidies            subsidyBook // interest subsidies (SPEC §11)
	funds                map[string]*Fund
	fundIDs              []string
	roadshow             roadshowBook // interest and commitments per project (SPEC §13)
	book                 *Book
	seen                 inputMemory

	// projectBorrowers is a cache (nil until changesOf first needs it, so
	// a restore need not rebuild it): the borrowers whose id is a key of
	// projectsByEnterprise. Most loans' borrowers present no project, and
	// telling so by the borrower's pointer spares reading the borrower and
	// hashing its id, a cache miss each, for every loan event.
	projectBorrowers map[*Borrower]struct{}

	inputs, applied, duplicates int64
	rejected                    []Rejection
	fatal                       error

	// The input being applied: its transaction and the claims it touched.
	tx          Transaction
	touched     []*Claim
	fundTouched *Fund // the fund the input moved, or nil
	changes     Changes
	scratch     bytes.Buffer
	// postingSlab is where outcomes' postings are copied to: carved from
	// one array of postingSlabLen, not allocated one input at a time.
	postingSlab []Posting
	changeIDs   idLists // where outcomes' Changes lists are carved from
	dec         decoder // what decoding reuses from input to input
	req         request
}

// NewEngine returns an engine for the programs of cfg with nothing applied.
func NewEngine(cfg *risk.Config) *Engine {
	e := &Engine{
		rules:                cfg.GuarantorRules,
		calendar:             cfg.Calendar,
		programs:             map[string]*Program{},
		loans:                map[string]*Loan{},
		claims:               map[string]*Claim{},
		borrowers:            map[string]*Borrower{},
		guarantors:           map[string]*Guarantor{},
		projects:             map[string]*Project{},
		enterprises:          map[string]*Enterprise{},
		projectsByEnterprise: map[string][]string{},
		book:                 NewBook(),
	}
	for _, def := range cfg.Programs {
		e.programs[def.ID] = &Program{Def: def, banks: map[string]*programBank{}}
		e.programIDs = append(e.programIDs, def.ID)
	}
	sort.Strings(e.programIDs)
	e.funds = map[string]*Fund{}
	for _, def := range cfg.Funds {
		e.addFund(def)
	}
	return e
}

// Book is the engine's double-entry book (read-only use).
func (e *Engine) Book() *Book { return e.book }

// Counts returns inputs, applied, duplicates and rejected so far; inputs is
// always the sum of the other three.
func (e *Engine) Counts() (inputs, applied, duplicates, rejected int64) {
	return e.inputs, e.applied, e.duplicates, int64(len(e.rejected))
}

// Apply applies one input. A rejected input is an Outcome, not an error;
// the error is an *InvariantError, after which the engine refuses
// everything: the state can no longer be trusted and must be rebuilt from
// the journal once the bug is fixed.
func (e *Engine) Apply(raw []byte, meta Meta) (Outcome, error) {
	if e.fatal != nil {
		return Outcome{}, e.fatal
	}
	e.inputs++
	out := Outcome{Seq: e.inputs}
	e.dec.loans = e.loans
	in, rej := decodeEnvelope(raw, meta, &e.dec)
	if rej != nil {
		e.rejectInput(&out, rej)
		return out, nil
	}
	out.ID, out.Source, out.Type, out.Program = in.ID, in.Source, in.Type, in.Program
	if meta.Admit != nil {
		if rej := meta.Admit(in.routingKey(), in.Source); rej != nil {
			out.Admission = true
			e.rejectInput(&out, rej)
			return out, nil
		}
	}
	key := keyOf(in.Source, in.ID)
	content := e.fingerprint(in)
	prior, ok, spot := e.seen.lookup(key)
	if ok {
		if prior.content != content {
			e.rejectInput(&out, reject(CodeIDConflict, "%s already sent %s with other content; a corrected input needs a new id", in.Source, in.ID))
			return out, nil
		}
		e.duplicates++
		out.Status, out.Code = StatusDuplicate, prior.code
		out.Message = "duplicate of an input already applied"
		if prior.code != CodeNone {
			out.Message = "duplicate of an input already rejected: " + prior.code.String()
		}
		return out, nil
	}
	e.tx.Postings = e.tx.Postings[:0]
	e.touched = e.touched[:0]
	e.fundTouched = nil
	rej, err := e.dispatch(in)
	if err != nil {
		e.fatal = &InvariantError{Seq: out.Seq, Detail: err.Error()}
		return out, e.fatal
	}
	if rej != nil {
		e.seen.addAt(spot, key, seenInput{content: content, code: rej.Code})
		e.rejectInput(&out, rej)
		return out, nil
	}
	e.seen.addAt(spot, key, seenInput{content: content})
	e.book.Commit()
	e.applied++
	out.Status = StatusApplied
	out.Postings = e.outcomePostings()
	out.Changes = e.changes
	if err := e.checkInvariants(); err != nil {
		e.fatal = &InvariantError{Seq: out.Seq, Detail: err.Error()}
		return out, e.fatal
	}
	return out, nil
}

// Reject records an input that the transport refuses before the engine can
// apply it (wrong_partition): it is counted and listed like any rejection,
// but not remembered by id, since it belongs to another writer.
func (e *Engine) Reject(raw []byte, meta Meta, code Code, message string) Outcome {
	e.inputs++
	out := Outcome{Seq: e.inputs}
	if in, rej := decodeEnvelope(raw, meta, &e.dec); rej == nil {
		out.ID, out.Source, out.Type, out.Program = in.ID, in.Source, in.Type, in.Program
	}
	e.rejectInput(&out, &Reject{Code: code, Message: message})
	return out
}

func (e *Engine) rejectInput(out *Outcome, rej *Reject) {
	out.Status, out.Code, out.Message = StatusRejected, rej.Code, rej.Message
	e.rejected = append(e.rejected, Rejection{Seq: out.Seq, ID: out.ID, Source: out.Source,
		Type: out.Type, Code: rej.Code, Message: rej.Message})
}

func keyOf(source, id string) inputKey {
	var buf [256]byte
	b := append(append(append(buf[:0], source...), 0), id...)
	sum := sha256.Sum256(b)
	return inputKey(sum[:16])
}

// fingerprint hashes what makes an input's content: its type, program,
// time and data, with insignificant white space removed. The source is part
// of the key, so the same event sent over Kafka and over HTTP (where the
// source comes from the token) has the same content.
func (e *Engine) fingerprint(in *Input) uint64 {
	e.scratch.Reset()
	e.scratch.WriteString(in.Type)
	e.scratch.WriteByte(0)
	e.scratch.WriteString(in.Program)
	e.scratch.WriteByte(0)
	if in.Fund != "" { // only then: the fingerprints of earlier inputs stay as they were
		e.scratch.WriteString("fund:")
		e.scratch.WriteString(in.Fund)
		e.scratch.WriteByte(0)
	}
	e.scratch.WriteString(in.AtText)
	e.scratch.WriteByte(0)
	// The envelope decoded, so the whole input and its data are valid JSON:
	// appendCompact writes what json.Compact would.
	if in.compact {
		e.scratch.Write(in.Data)
	} else {
		e.scratch.Write(appendCompact(e.scratch.AvailableBuffer(), in.Data))
	}
	sum := sha256.Sum256(e.scratch.Bytes())
	return binary.BigEndian.Uint64(sum[:8])
}

// postingSlabLen is the number of postings outcomes share one allocation
// of: an outcome kept long keeps at most this many others' postings alive.
const postingSlabLen = 64

// outcomePostings copies the current transaction's postings for its
// outcome, which the caller may keep: the engine reuses e.tx. The copy's
// capacity ends at its length, so that appending to it never writes into
// the next outcome's postings.
func (e *Engine) outcomePostings() []Posting {
	n := len(e.tx.Postings)
	if n == 0 {
		return nil
	}
	if n > postingSlabLen/4 { // a large transaction (a funding paying many claims) gets its own
		return append([]Posting(nil), e.tx.Postings...)
	}
	if cap(e.postingSlab)-len(e.postingSlab) < n {
		e.postingSlab = make([]Posting, 0, postingSlabLen)
	}
	start := len(e.postingSlab)
	e.postingSlab = append(e.postingSlab, e.tx.Postings...)
	return e.postingSlab[start : start+n : start+n]
}

// move posts one posting of the current input's transaction at once, so
// that what follows in the same input sees the new balances.
func (e *Engine) move(from, to Account, amount decimal.Decimal, currency string) error {
	if amount.Sign() == 0 {
		return nil
	}
	p := Posting{From: from, To: to, Amount: amount, Currency: currency}
	if err := e.book.Move(p); err != nil {
		return err
	}
	e.tx.Postings = append(e.tx.Postings, p)
	return nil
}

// checkInvariants runs after every applied input (SPEC §6): the input's
// transaction balances per currency, no pool is below zero, and no claim it
// touched has paid more than its payable or owes a negative amount.
func (e *Engine) checkInvariants() error {
	// A posting debits one account and credits another with the same
	// positive amount in one currency, so a transaction of well-formed
	// postings balances per currency: Σ debits = Σ credits without summing.
	for _, p := range e.tx.Postings {
		if p.Amount.Sign() <= 0 || p.Currency == "" || p.From == p.To {
			return fmt.Errorf("transaction does not balance: malformed posting %s -> %s %s %s", p.From, p.To, p.Amount, p.Currency)
		}
	}
	// Only the pools this transaction moved can have gone below zero; the
	// others were checked after the inputs that last moved them. Most
	// transactions (loan events) move none.
	if e.movesAPool() {
		for _, id := range e.programIDs {
			if e.movedPool(id) {
				if bal := e.PoolBalance(e.programs[id]); bal.Sign() < 0 {
					return fmt.Errorf("program %s: pool balance %s below zero", id, bal)
				}
			}
		}
	}
	if e.fundTouched != nil {
		if err := e.checkFund(e.fundTouched); err != nil {
			return err
		}
	}
	for _, c := range e.touched {
		if c.Paid.Cmp(c.Assessment.Payable) > 0 {
			return fmt.Errorf("claim %s: paid %s above payable %s", c.ID, c.Paid, c.Assessment.Payable)
		}
		if c.Owed.Sign() < 0 || c.Paid.Sign() < 0 {
			return fmt.Errorf("claim %s: paid %s, owed %s", c.ID, c.Paid, c.Owed)
		}
	}
	return nil
}

// movesAPool reports whether the current transaction moves any pool.
func (e *Engine) movesAPool() bool {
	for _, p := range e.tx.Postings {
		if p.From.Kind == AccountPool || p.To.Kind == AccountPool {
			return true
		}
	}
	return false
}

// movedPool reports whether the current transaction moves the program's pool.
func (e *Engine) movedPool(program string) bool {
	for _, p := range e.tx.Postings {
		if (p.From.Kind == AccountPool && p.From.Program == program) || (p.To.Kind == AccountPool && p.To.Program == program) {
			return true
		}
	}
	return false
}

// dispatch runs the checks of SPEC §4 in order after the duplicate check:
// type, role, program, then the type's own fields and rules. A handler
// returns a *Reject before it changes anything, or changes state and posts.
func (e *Engine) dispatch(in *Input) (*Reject, error) {
	h, ok := handlers[in.Type]
	if !ok || in.rules < h.since {
		return reject(CodeUnknownType, "type %q is not an input type", in.Type), nil
	}
	if !h.roles[in.Role] {
		return reject(CodeForbidden, "a %s may not send %s", in.Role, in.Type), nil
	}
	if rej := importReject(in); rej != nil {
		return rej, nil
	}
	ownFund, needsFund := fundInputs[in.Type]
	if ownFund && in.Actor != in.Fund {
		return reject(CodeForbidden, "%s may act only for its own fund, not %q", in.Source, in.Fund), nil
	}
	var prog *Program
	var fund *Fund
	if needsFund {
		if in.Fund == "" {
			return reject(CodeBadEnvelope, "fund is required for %s", in.Type), nil
		}
		if fund = e.funds[in.Fund]; fund == nil {
			return reject(CodeUnknownFund, "fund %q is not defined", in.Fund), nil
		}
	}
	if h.needsProgram {
		if in.Program == "" {
			return reject(CodeBadEnvelope, "program is required for %s", in.Type), nil
		}
		if prog = e.programs[in.Program]; prog == nil {
			return reject(CodeUnknownProgram, "program %q is not defined", in.Program), nil
		}
	}
	d, rej := in.dataFields()
	if rej != nil {
		return rej, nil
	}
	if rej := atReject(in); rej != nil {
		return rej, nil
	}
	if fund != nil && d.Currency != "" && d.Currency != fund.Def.Currency {
		return reject(CodeCurrencyMismatch, "fund %s is in %s, not %s", fund.Def.ID, fund.Def.Currency, d.Currency), nil
	}
	if prog != nil && d.Currency != "" && d.Currency != prog.Def.Currency {
		return reject(CodeCurrencyMismatch, "program %s is in %s, not %s", prog.Def.ID, prog.Def.Currency, d.Currency), nil
	}
	r := &e.req // reused: a request does not outlive its input
	*r = request{in: in, data: d, prog: prog, fund: fund}
	rej, err := h.apply(e, r)
	if rej == nil && err == nil {
		e.changes = e.changesOf(r)
	}
	return rej, err
}

// request is one input on its way through a handler.
type request struct {
	in   *Input
	data *Data
	prog *Program
	fund *Fund // the fund of a fund input
	loan *Loan // the loan data.loan names, once the handler found or made it
}

type handler struct {
	roles        map[string]bool
	needsProgram bool
	apply        func(e *Engine, r *request) (*Reject, error)
	since        int // the first rules version that knows the type; 0: every
}

// fundInputs are the types whose envelope names a fund (SPEC §13); true:
// only the fund itself may send it (fund:<the envelope's fund>).
var fundInputs = map[string]bool{TypeFundCommitted: false, TypeFundInvested: true, TypeFundExited: true}

var handlers map[string]handler

func init() {
	bank := map[string]bool{RoleBank: true}
	finance := map[string]bool{RoleFinance: true}
	admin := map[string]bool{RoleAdmin: true}
	fundRole := map[string]bool{RoleFund: true}
	investor := map[string]bool{RoleInvestor: true}
	bankOrInvestor := map[string]bool{RoleBank: true, RoleInvestor: true}
	handlers = map[string]handler{
		TypeLoanDisbursed:      {bank, true, (*Engine).loanDisbursed, 0},
		TypeLoanRepaid:         {bank, true, (*Engine).loanRepaid, 0},
		TypeLoanOverdue:        {bank, true, (*Engine).loanOverdue, 0},
		TypeLoanDefaulted:      {bank, true, (*Engine).loanDefaulted, 0},
		TypeLoanRecovered:      {bank, true, (*Engine).loanRecovered, 0},
		TypeLoanClosed:         {bank, true, (*Engine).loanClosed, 0},
		TypePoolFunded:         {finance, true, (*Engine).poolFunded, 0},
		TypeClaimApproved:      {finance, true, (*Engine).claimApproved, 0},
		TypeClaimRejected:      {finance, true, (*Engine).claimRejected, 0},
		TypeGuarantorNetAssets: {map[string]bool{RoleGuarantor: true, RoleFinance: true}, false, (*Engine).guarantorNetAssets, 0},
		TypeProjectRegistered:  {map[string]bool{RoleAdmin: true}, false, (*Engine).projectRegistered, 0},
		TypeProjectUpdated:     {map[string]bool{RoleAdmin: true}, false, (*Engine).projectUpdated, 0},

		TypeEnterpriseRegistered: {admin, false, (*Engine).enterpriseRegistered, RulesFiling},
		TypeEnterpriseUpdated:    {admin, false, (*Engine).enterpriseUpdated, RulesFiling},
		TypeLoanFiled:            {bank, true, (*Engine).loanFiled, RulesFiling},
		TypeFilingApproved:       {admin, true, (*Engine).filingApproved, RulesFiling},
		TypeFilingRejected:       {admin, true, (*Engine).filingRejected, RulesFiling},
		TypeFilingRevoked:        {admin, true, (*Engine).filingRevoked, RulesFiling},

		TypeSubsidyFunded:   {finance, true, (*Engine).subsidyFunded, RulesSubsidy},
		TypeSubsidyApplied:  {bank, true, (*Engine).subsidyApplied, RulesSubsidy},
		TypeSubsidyApproved: {finance, true, (*Engine).subsidyApproved, RulesSubsidy},
		TypeSubsidyRejected: {finance, true, (*Engine).subsidyRejected, RulesSubsidy},

		TypeClaimSubmitted:   {bank, true, (*Engine).claimSubmitted, RulesClaimReview},
		TypeClaimReviewed:    {admin, true, (*Engine).claimReviewed, RulesClaimReview},
		TypeFundCommitted:    {finance, false, (*Engine).fundCommitted, RulesFund},
		TypeFundInvested:     {fundRole, false, (*Engine).fundInvested, RulesFund},
		TypeFundExited:       {fundRole, false, (*Engine).fundExited, RulesFund},
		TypeProjectInterest:  {bankOrInvestor, false, (*Engine).projectInterest, RulesFund},
		TypeProjectCommitted: {investor, false, (*Engine).projectCommitted, RulesFund},
		TypeProjectWithdrawn: {bankOrInvestor, false, (*Engine).projectWithdrawn, RulesFund},
	}
}

// PoolBalance is the balance of the program's pool account.
func (e *Engine) PoolBalance(p *Program) decimal.Decimal {
	return e.book.Balance(Account{Kind: AccountPool, Program: p.Def.ID})
}

// StatusFromString is the inverse of Status.String.
func StatusFromString(s string) (Status, bool) {
	for i, n := range statusNames {
		if n == s && i > 0 {
			return Status(i), true
		}
	}
	return 0, false
}
