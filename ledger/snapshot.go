package ledger

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/techcredit/techcredit/risk"
)

// An engine snapshot is the engine's whole state in bytes, so that a
// restart restores it and replays only the journal records after it:
//
//	offset 0   8 bytes  magic "TCENGSNP"
//	offset 8   2 bytes  format version, big-endian (SnapshotVersion)
//	offset 10  2 bytes  reserved, 0
//	offset 12  8 bytes  body length n, big-endian
//	offset 20  n bytes  body
//	offset 20+n 32 bytes SHA-256 of everything before it
//
// The body is compact binary (varints, length-prefixed strings, exact
// decimals) in a fixed order of sections; maps are written with their keys
// sorted, so the same state always gives the same bytes. It holds every
// part of the state, including the idempotency memory, so that a duplicate
// or a conflicting id sent after a restart is still recognised.
//
// Version 2 adds each loan's disbursed_on (RulesStrictFields compares event
// dates with it) and each bank's remaining loss (its NPL numerator); a
// version 1 snapshot is refused and the journal replayed.
//
// Version 3 adds loan filing and the enterprise registry (RulesFiling):
// each program's filing definition, each bank's covered in-force part,
// each loan's filed amount and filing, and the registry after the project
// index. An older snapshot is refused and the journal replayed.
const (
	SnapshotVersion = 3
	snapshotMagic   = "TCENGSNP"
	snapHeaderLen   = 20
	snapSumLen      = sha256.Size
)

// ErrInvalidSnapshot is wrapped by every refusal of RestoreSnapshot: foreign
// bytes, another format version, a truncated or corrupted snapshot, or one
// taken under other program definitions. Such a snapshot is never trusted;
// the state is rebuilt from the journal instead.
var ErrInvalidSnapshot = errors.New("invalid engine snapshot")

// MarshalSnapshot writes the engine's state. It fails only on an engine
// that stopped after a broken invariant: its state must not be kept.
func (e *Engine) MarshalSnapshot() ([]byte, error) {
	if e.fatal != nil {
		return nil, fmt.Errorf("snapshot refused: %w", e.fatal)
	}
	w := &snapWriter{b: make([]byte, snapHeaderLen, snapHeaderLen+e.snapshotSizeHint())}
	e.writeSnapshotBody(w)
	copy(w.b, snapshotMagic)
	binary.BigEndian.PutUint16(w.b[8:], SnapshotVersion)
	binary.BigEndian.PutUint64(w.b[12:], uint64(len(w.b)-snapHeaderLen))
	sum := sha256.Sum256(w.b)
	return append(w.b, sum[:]...), nil
}

// snapshotSizeHint guesses the snapshot's size, to allocate once.
func (e *Engine) snapshotSizeHint() int {
	return 1024 + 26*e.seen.Len() + 96*len(e.loans) + 160*len(e.claims) + 64*len(e.rejected) +
		48*len(e.book.accounts) + 64*len(e.borrowers)
}

// checkSnapshotFrame checks the magic, the version, the length and the
// checksum, and returns the body.
func checkSnapshotFrame(b []byte) ([]byte, error) {
	if len(b) < 8 || string(b[:8]) != snapshotMagic {
		return nil, fmt.Errorf("%w: not an engine snapshot (no %q magic)", ErrInvalidSnapshot, snapshotMagic)
	}
	if len(b) < snapHeaderLen {
		return nil, fmt.Errorf("%w: truncated header (%d bytes)", ErrInvalidSnapshot, len(b))
	}
	if v := binary.BigEndian.Uint16(b[8:]); v != SnapshotVersion {
		return nil, fmt.Errorf("%w: format version %d, this build reads version %d", ErrInvalidSnapshot, v, SnapshotVersion)
	}
	n := binary.BigEndian.Uint64(b[12:])
	if want := uint64(snapHeaderLen) + n + snapSumLen; uint64(len(b)) != want {
		if uint64(len(b)) < want {
			return nil, fmt.Errorf("%w: truncated: %d bytes, the header announces %d", ErrInvalidSnapshot, len(b), want)
		}
		return nil, fmt.Errorf("%w: %d bytes, the header announces %d", ErrInvalidSnapshot, len(b), want)
	}
	end := snapHeaderLen + int(n)
	if sum := sha256.Sum256(b[:end]); !bytes.Equal(sum[:], b[end:]) {
		return nil, fmt.Errorf("%w: checksum mismatch: the snapshot is corrupted", ErrInvalidSnapshot)
	}
	return b[snapHeaderLen:end], nil
}

// RestoreSnapshot rebuilds an engine from a snapshot. When cfg is not nil
// it must hold exactly the program definitions and guarantor rules the
// snapshot was taken under, and the engine shares cfg's definitions, as
// NewEngine does; when cfg is nil the snapshot's own definitions are used.
// Every refusal wraps ErrInvalidSnapshot.
func RestoreSnapshot(cfg *risk.Config, b []byte) (*Engine, error) {
	body, err := checkSnapshotFrame(b)
	if err != nil {
		return nil, err
	}
	e, err := readSnapshotBody(cfg, body)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalidSnapshot, err)
	}
	if err := e.checkRestored(); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalidSnapshot, err)
	}
	return e, nil
}

// writeDefinitions writes the guarantor rules and the program definitions
// sorted by id. It is its own length-prefixed section, so that a restore
// can compare it byte for byte with the definitions it is given.
func writeDefinitions(w *snapWriter, rules risk.GuarantorRules, defs []*risk.Program) {
	w.dec(rules.LeverageLimit)
	w.dec(rules.LeverageLimitSmall)
	w.dec(rules.SmallBorrowerWeight)
	w.dec(rules.SmallBorrowerBalanceMax)
	w.count(len(defs))
	for _, d := range defs {
		w.str(d.ID)
		w.str(d.Name)
		w.str(string(d.Kind))
		w.str(d.Currency)
		w.varint(int64(d.ClaimTriggerDaysPastDue))
		w.optDec(d.DualApprovalThreshold)
		w.optDec(d.MaxLeverage)
		w.count(len(d.Shares))
		for _, s := range d.Shares {
			w.str(s.Party)
			w.dec(s.Ratio)
		}
		w.str(d.Covers)
		w.optDec(d.PerLoanCap)
		w.optDec(d.PerBankAnnualCap)
		w.optDec(d.BankNPLSuspendRatio)
		w.dec(d.GuaranteeRate)
		w.dec(d.CapRate)
		w.str(d.CapBasis)
		writeFilingDef(w, d.Filing)
	}
}

func writeFilingDef(w *snapWriter, f *risk.Filing) {
	w.bool(f != nil)
	if f == nil {
		return
	}
	w.varint(int64(f.WindowMonths))
	w.strs(f.Documents)
	w.optDec(f.CapPerBorrower)
	w.bool(f.QualifiedOnly)
}

func readFilingDef(r *snapReader) *risk.Filing {
	if !r.bool() {
		return nil
	}
	f := &risk.Filing{WindowMonths: r.int()}
	f.Documents = r.strs()
	f.CapPerBorrower = r.optDec()
	f.QualifiedOnly = r.bool()
	return f
}

func readDefinitions(r *snapReader) (risk.GuarantorRules, []*risk.Program) {
	var rules risk.GuarantorRules
	rules.LeverageLimit = r.dec()
	rules.LeverageLimitSmall = r.dec()
	rules.SmallBorrowerWeight = r.dec()
	rules.SmallBorrowerBalanceMax = r.dec()
	defs := make([]*risk.Program, r.count())
	for i := range defs {
		d := &risk.Program{}
		d.ID = r.str()
		d.Name = r.str()
		d.Kind = risk.Kind(r.str())
		d.Currency = r.istr()
		d.ClaimTriggerDaysPastDue = r.int()
		d.DualApprovalThreshold = r.optDec()
		d.MaxLeverage = r.optDec()
		shares := make([]risk.FunderShare, r.count())
		for j := range shares {
			shares[j] = risk.FunderShare{Party: r.istr(), Ratio: r.dec()}
		}
		if len(shares) > 0 {
			d.Shares = shares
		}
		d.Covers = r.str()
		d.PerLoanCap = r.optDec()
		d.PerBankAnnualCap = r.optDec()
		d.BankNPLSuspendRatio = r.optDec()
		d.GuaranteeRate = r.dec()
		d.CapRate = r.dec()
		d.CapBasis = r.str()
		d.Filing = readFilingDef(r)
		defs[i] = d
	}
	return rules, defs
}

// snapIndex numbers the engine's objects in id order for references.
type snapIndex struct {
	programs   []*Program
	borrowers  []string
	guarantors []string
	loans      []string
	claims     []string
	projects   []string
	program    map[*Program]int
	borrower   map[*Borrower]int
	guarantor  map[*Guarantor]int
	loan       map[*Loan]int
	claim      map[*Claim]int
}

func (e *Engine) snapIndex() *snapIndex {
	x := &snapIndex{borrowers: sortedKeys(e.borrowers), guarantors: sortedKeys(e.guarantors),
		loans: sortedKeys(e.loans), claims: sortedKeys(e.claims), projects: sortedKeys(e.projects),
		program: map[*Program]int{}, borrower: make(map[*Borrower]int, len(e.borrowers)),
		guarantor: make(map[*Guarantor]int, len(e.guarantors)), loan: make(map[*Loan]int, len(e.loans)),
		claim: make(map[*Claim]int, len(e.claims))}
	for i, id := range e.programIDs {
		x.programs = append(x.programs, e.programs[id])
		x.program[e.programs[id]] = i
	}
	for i, id := range x.borrowers {
		x.borrower[e.borrowers[id]] = i
	}
	for i, id := range x.guarantors {
		x.guarantor[e.guarantors[id]] = i
	}
	for i, id := range x.loans {
		x.loan[e.loans[id]] = i
	}
	for i, id := range x.claims {
		x.claim[e.claims[id]] = i
	}
	return x
}

func (x *snapIndex) claimRefs(w *snapWriter, cs []*Claim) {
	w.count(len(cs))
	for _, c := range cs {
		w.uvarint(uint64(x.claim[c]))
	}
}

func (e *Engine) writeSnapshotBody(w *snapWriter) {
	x := e.snapIndex()
	defs := make([]*risk.Program, len(x.programs))
	for i, p := range x.programs {
		defs[i] = p.Def
	}
	var dw snapWriter
	writeDefinitions(&dw, e.rules, defs)
	w.count(len(dw.b))
	w.b = append(w.b, dw.b...)

	w.varint(e.inputs)
	w.varint(e.applied)
	w.varint(e.duplicates)
	w.varint(e.book.transactions)
	for _, n := range []int{len(x.borrowers), len(x.guarantors), len(x.loans), len(x.claims), len(x.projects)} {
		w.count(n)
	}
	for _, p := range x.programs {
		e.writeProgram(w, x, p)
	}
	for _, id := range x.borrowers {
		b := e.borrowers[id]
		w.str(b.ID)
		w.str(b.Name)
		w.str(b.Sector)
		w.str(b.Size)
		w.count(len(b.Loans))
		for _, l := range b.Loans {
			w.uvarint(uint64(x.loan[l]))
		}
	}
	for _, id := range x.guarantors {
		writeGuarantor(w, e.guarantors[id])
	}
	for _, id := range x.loans {
		writeLoan(w, x, e.loans[id])
	}
	for _, id := range x.claims {
		writeClaim(w, x, e.claims[id])
	}
	for _, id := range x.projects {
		writeProject(w, e.projects[id])
	}
	enterprises := sortedKeys(e.projectsByEnterprise)
	w.count(len(enterprises))
	for _, ent := range enterprises {
		w.str(ent)
		w.strs(e.projectsByEnterprise[ent])
	}
	e.writeEnterprises(w)
	e.writeBook(w)
	e.writeSeen(w)
	w.count(len(e.rejected))
	for _, rj := range e.rejected {
		w.varint(rj.Seq)
		w.str(rj.ID)
		w.str(rj.Source)
		w.str(rj.Type)
		w.byte(byte(rj.Code))
		w.str(rj.Message)
	}
}

func (e *Engine) writeProgram(w *snapWriter, x *snapIndex, p *Program) {
	w.varint(int64(p.Loans))
	w.varint(int64(p.CoveredLoans))
	w.dec(p.PortfolioVolume)
	w.dec(p.Paid)
	w.dec(p.Recovered)
	w.dec(p.payableTotal)
	x.claimRefs(w, p.Claims)
	x.claimRefs(w, p.queue)
	banks := sortedKeys(p.banks)
	w.count(len(banks))
	for _, id := range banks {
		pb := p.banks[id]
		w.str(pb.id)
		w.dec(pb.defaultedLoss)
		w.dec(pb.remainingLoss)
		w.dec(pb.coveredInForce)
		years := make([]int, 0, len(pb.yearPayable))
		for y := range pb.yearPayable {
			years = append(years, y)
		}
		slices.Sort(years)
		w.count(len(years))
		for _, y := range years {
			w.varint(int64(y))
			w.dec(pb.yearPayable[y])
		}
		x.claimRefs(w, pb.claims)
	}
	w.strs(p.bankIDs)
	w.strs(p.funders)
}

func writeGuarantor(w *snapWriter, g *Guarantor) {
	w.str(g.ID)
	w.dec(g.NetAssets)
	w.bool(g.NetAssetsKnown)
	w.str(g.NetAssetsAsOf)
	w.dec(g.mix.Balance)
	w.dec(g.mix.SmallBalance)
	w.varint(int64(g.mix.Borrowers))
	w.varint(int64(g.mix.SmallBorrowers))
	w.dec(g.liability)
	ids := sortedKeys(g.borrowers)
	w.count(len(ids))
	for _, id := range ids {
		w.str(id)
		w.dec(g.borrowers[id].balance)
		w.bool(g.borrowers[id].small)
	}
}

func writeLoan(w *snapWriter, x *snapIndex, l *Loan) {
	w.str(l.ID)
	w.uvarint(uint64(x.program[l.Program]))
	w.str(l.Bank)
	w.str(l.DisbursedOn)
	w.uvarint(uint64(x.borrower[l.Borrower]))
	if l.Guarantor == nil {
		w.uvarint(0)
	} else {
		w.uvarint(uint64(x.guarantor[l.Guarantor]) + 1)
	}
	w.bool(l.Small)
	w.dec(l.Principal)
	w.dec(l.Outstanding)
	w.dec(l.UnpaidInterest)
	w.dec(l.NetRecovered)
	w.byte(byte(l.Status))
	w.varint(int64(l.DaysPastDue))
	w.bool(l.Covered)
	w.str(l.UncoveredReason)
	if l.Claim == nil {
		w.uvarint(0)
	} else {
		w.uvarint(uint64(x.claim[l.Claim]) + 1)
	}
	w.dec(l.Filed)
	writeLoanFiling(w, l.Filing)
}

func writeLoanFiling(w *snapWriter, f *LoanFiling) {
	w.bool(f != nil)
	if f == nil {
		return
	}
	w.byte(byte(f.Status))
	w.str(f.FiledOn)
	w.count(len(f.Documents))
	for _, d := range f.Documents {
		w.str(d.Kind)
		w.str(d.SHA256)
	}
	w.str(f.FiledAt)
	w.str(f.DecidedBy)
	w.str(f.DecidedAt)
	w.str(f.Reason)
	w.str(f.Park)
}

func readLoanFiling(r *snapReader) (*LoanFiling, error) {
	if !r.bool() {
		return nil, nil
	}
	f := &LoanFiling{Status: FilingStatus(r.byte()), FiledOn: r.istr()}
	if n := r.count(); n > 0 {
		f.Documents = make([]DocumentData, n)
		for i := range f.Documents {
			f.Documents[i] = DocumentData{Kind: r.istr(), SHA256: r.str()}
		}
	}
	f.FiledAt, f.DecidedBy, f.DecidedAt, f.Reason, f.Park = r.str(), r.istr(), r.str(), r.str(), r.istr()
	if r.err == nil && (f.Status == FilingNone || int(f.Status) >= len(filingStatusNames)) {
		return nil, fmt.Errorf("bad filing status %d", f.Status)
	}
	return f, nil
}

func writeClaim(w *snapWriter, x *snapIndex, c *Claim) {
	w.str(c.ID)
	w.uvarint(uint64(x.loan[c.Loan]))
	w.uvarint(uint64(x.program[c.Program]))
	w.varint(int64(c.Order))
	w.varint(int64(c.Year))
	w.str(c.OpenedAt)
	w.byte(byte(c.Status))
	w.dec(c.Assessment.Loss)
	w.count(len(c.Assessment.Shares))
	for _, s := range c.Assessment.Shares {
		w.str(s.Party)
		w.dec(s.Amount)
	}
	w.dec(c.Assessment.Payable)
	w.dec(c.Paid)
	w.dec(c.Owed)
	w.dec(c.Recovered)
	w.strs(c.Approvals)
	w.bool(c.NeedsTwo)
	w.str(c.RejectReason)
}

func writeProject(w *snapWriter, p *Project) {
	w.str(p.ID)
	w.str(p.Enterprise)
	w.str(p.Title)
	w.str(p.Sector)
	w.str(p.Stage)
	w.dec(p.FundingSought)
	w.str(p.RoadshowOn)
	w.str(p.Status)
	w.str(p.Summary)
	w.str(p.RegisteredBy)
	w.str(p.UpdatedAt.Format(time.RFC3339Nano))
}

func compareAccounts(a, b Account) int {
	return cmp.Or(cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Program, b.Program), cmp.Compare(a.Party, b.Party))
}

func (e *Engine) writeBook(w *snapWriter) {
	accounts := make([]Account, 0, len(e.book.accounts))
	for a := range e.book.accounts {
		accounts = append(accounts, a)
	}
	slices.SortFunc(accounts, compareAccounts)
	w.count(len(accounts))
	for _, a := range accounts {
		ab := e.book.accounts[a]
		w.str(a.Kind)
		w.str(a.Program)
		w.str(a.Party)
		w.str(ab.currency)
		w.dec(ab.balance)
	}
}

// writeSeen writes the idempotency memory: 16 bytes of key, 8 of content
// fingerprint and the outcome's code, 25 bytes an input, in the memory's
// slot order, which depends only on the keys it holds (inputMemory).
func (e *Engine) writeSeen(w *snapWriter) {
	w.count(e.seen.Len())
	for k, s := range e.seen.All() {
		w.b = append(w.b, k[:]...)
		w.b = binary.BigEndian.AppendUint64(w.b, s.content)
		w.b = append(w.b, byte(s.code))
	}
}
