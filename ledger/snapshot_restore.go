package ledger

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"github.com/techcredit/techcredit/risk"
)

// snapObjects are the engine's objects allocated before they are filled
// in, so that references between them resolve in any order.
type snapObjects struct {
	programs   []*Program
	borrowers  []*Borrower
	guarantors []*Guarantor
	loans      []*Loan
	claims     []*Claim
}

func readSnapshotBody(cfg *risk.Config, body []byte) (*Engine, error) {
	r := &snapReader{b: body}
	defsBytes := r.raw(r.count())
	if r.err != nil {
		return nil, r.err
	}
	rules, defs, err := restoreDefinitions(cfg, defsBytes)
	if err != nil {
		return nil, err
	}
	e := NewEngine(&risk.Config{Programs: defs, GuarantorRules: rules})
	o := &snapObjects{}
	for _, id := range e.programIDs {
		o.programs = append(o.programs, e.programs[id])
	}
	e.inputs, e.applied, e.duplicates, e.book.transactions = r.varint(), r.varint(), r.varint(), r.varint()
	o.borrowers = make([]*Borrower, r.count())
	o.guarantors = make([]*Guarantor, r.count())
	o.loans = make([]*Loan, r.count())
	o.claims = make([]*Claim, r.count())
	projects := r.count()
	if r.err != nil {
		return nil, r.err
	}
	for i := range o.borrowers {
		o.borrowers[i] = &Borrower{}
	}
	for i := range o.guarantors {
		o.guarantors[i] = &Guarantor{borrowers: map[string]*guaranteedBorrower{}}
	}
	for i := range o.loans {
		o.loans[i] = &Loan{}
	}
	for i := range o.claims {
		o.claims[i] = &Claim{}
	}
	steps := []func(*snapReader, *Engine) error{
		o.readPrograms, o.readBorrowers, o.readGuarantors, o.readLoans, o.readClaims,
		func(r *snapReader, e *Engine) error { return readProjects(r, e, projects) },
		readProjectIndex, readEnterprises, readBook, readSeen, readRejected,
	}
	for _, step := range steps {
		if err := step(r, e); err != nil {
			return nil, err
		}
		if r.err != nil {
			return nil, r.err
		}
	}
	if r.off != len(r.b) {
		return nil, fmt.Errorf("%d bytes left over after the last section", len(r.b)-r.off)
	}
	return e, nil
}

// restoreDefinitions reads the definitions section. With cfg, the section
// must be byte for byte what cfg's definitions write, and cfg's are used.
func restoreDefinitions(cfg *risk.Config, section []byte) (risk.GuarantorRules, []*risk.Program, error) {
	if cfg != nil {
		defs := slices.Clone(cfg.Programs)
		slices.SortFunc(defs, func(a, b *risk.Program) int { return strings.Compare(a.ID, b.ID) })
		var w snapWriter
		writeDefinitions(&w, cfg.GuarantorRules, defs)
		if !bytes.Equal(w.b, section) {
			return risk.GuarantorRules{}, nil, errors.New("the program definitions or guarantor rules differ from those the snapshot was taken under")
		}
		return cfg.GuarantorRules, defs, nil
	}
	r := &snapReader{b: section}
	rules, defs := readDefinitions(r)
	if r.err == nil && r.off != len(section) {
		r.fail("bytes left over in the definitions")
	}
	if r.err != nil {
		return rules, nil, fmt.Errorf("definitions: %w", r.err)
	}
	for i := 1; i < len(defs); i++ {
		if defs[i-1].ID >= defs[i].ID {
			return rules, nil, fmt.Errorf("definitions: program ids not in order at %q", defs[i].ID)
		}
	}
	return rules, defs, nil
}

// claimRefs reads a list of claim references.
func (o *snapObjects) claimRefs(r *snapReader) []*Claim {
	n := r.count()
	if n == 0 {
		return nil
	}
	out := make([]*Claim, n)
	for i := range out {
		out[i] = o.claims[r.index(len(o.claims))]
	}
	return out
}

func (o *snapObjects) readPrograms(r *snapReader, e *Engine) error {
	for _, p := range o.programs {
		p.Loans = r.int()
		p.CoveredLoans = r.int()
		p.PortfolioVolume = r.dec()
		p.Paid = r.dec()
		p.Recovered = r.dec()
		p.payableTotal = r.dec()
		p.Claims = o.claimRefs(r)
		p.queue = o.claimRefs(r)
		n := r.count()
		for range n {
			pb := &programBank{id: r.istr(), defaultedLoss: r.dec(), remainingLoss: r.dec(), coveredInForce: r.dec(), yearPayable: map[int]decimal.Decimal{}}
			years := r.count()
			for range years {
				y := r.int()
				pb.yearPayable[y] = r.dec()
			}
			pb.claims = o.claimRefs(r)
			if r.err != nil {
				return nil
			}
			p.banks[pb.id] = pb
		}
		p.bankIDs = r.strs()
		p.funders = r.strs()
		if r.err == nil && (len(p.banks) != n || len(p.bankIDs) != n || !slices.IsSorted(p.bankIDs)) {
			return fmt.Errorf("program %s: %d banks, %d bank ids", p.Def.ID, len(p.banks), len(p.bankIDs))
		}
	}
	return nil
}

// checkOrder fails unless ids are strictly increasing, as they were written.
func checkOrder(kind string, prev *string, id string) error {
	if *prev != "" && id <= *prev || id == "" {
		return fmt.Errorf("%s ids out of order at %q", kind, id)
	}
	*prev = id
	return nil
}

func (o *snapObjects) readBorrowers(r *snapReader, e *Engine) error {
	var prev string
	for _, b := range o.borrowers {
		b.ID, b.Name, b.Sector, b.Size = r.str(), r.str(), r.istr(), r.istr()
		n := r.count()
		b.Loans = make([]*Loan, 0, n)
		for range n {
			b.Loans = append(b.Loans, o.loans[r.index(len(o.loans))])
		}
		if r.err != nil {
			return nil
		}
		if err := checkOrder("borrower", &prev, b.ID); err != nil {
			return err
		}
		e.borrowers[b.ID] = b
	}
	return nil
}

func (o *snapObjects) readGuarantors(r *snapReader, e *Engine) error {
	var prev string
	for _, g := range o.guarantors {
		g.ID = r.str()
		g.NetAssets = r.dec()
		g.NetAssetsKnown = r.bool()
		g.NetAssetsAsOf = r.str()
		g.mix.Balance = r.dec()
		g.mix.SmallBalance = r.dec()
		g.mix.Borrowers = r.int()
		g.mix.SmallBorrowers = r.int()
		g.liability = r.dec()
		n := r.count()
		for range n {
			id := r.str()
			g.borrowers[id] = &guaranteedBorrower{balance: r.dec(), small: r.bool()}
		}
		if r.err != nil {
			return nil
		}
		if len(g.borrowers) != n {
			return fmt.Errorf("guarantor %s: repeated borrower ids", g.ID)
		}
		if err := checkOrder("guarantor", &prev, g.ID); err != nil {
			return err
		}
		e.guarantors[g.ID] = g
	}
	return nil
}

func (o *snapObjects) readLoans(r *snapReader, e *Engine) error {
	var prev string
	for _, l := range o.loans {
		l.ID = r.str()
		l.Program = o.programs[r.index(len(o.programs))]
		l.Bank = r.istr()
		l.DisbursedOn = r.istr()
		l.Borrower = o.borrowers[r.index(len(o.borrowers))]
		if g := r.optIndex(len(o.guarantors)); g >= 0 {
			l.Guarantor = o.guarantors[g]
		}
		l.Small = r.bool()
		l.Principal = r.dec()
		l.Outstanding = r.dec()
		l.UnpaidInterest = r.dec()
		l.NetRecovered = r.dec()
		l.Status = LoanStatus(r.byte())
		l.DaysPastDue = r.int32()
		l.Covered = r.bool()
		l.UncoveredReason = r.istr()
		if c := r.optIndex(len(o.claims)); c >= 0 {
			l.Claim = o.claims[c]
		}
		l.Filed = r.dec()
		f, err := readLoanFiling(r)
		if err != nil {
			return fmt.Errorf("loan %s: %w", l.ID, err)
		}
		l.Filing = f
		if r.err != nil {
			return nil
		}
		if int(l.Status) >= len(loanStatusNames) {
			return fmt.Errorf("loan %s: bad status %d", l.ID, l.Status)
		}
		if err := checkOrder("loan", &prev, l.ID); err != nil {
			return err
		}
		e.loans[l.ID] = l
	}
	return nil
}

func (o *snapObjects) readClaims(r *snapReader, e *Engine) error {
	var prev string
	for _, c := range o.claims {
		c.ID = r.str()
		c.Loan = o.loans[r.index(len(o.loans))]
		c.Program = o.programs[r.index(len(o.programs))]
		c.Order = r.int()
		c.Year = r.int()
		c.OpenedAt = r.str()
		c.Status = ClaimStatus(r.byte())
		c.Assessment.Loss = r.dec()
		if n := r.count(); n > 0 {
			c.Assessment.Shares = make([]risk.Share, n)
			for i := range c.Assessment.Shares {
				c.Assessment.Shares[i] = risk.Share{Party: r.istr(), Amount: r.dec()}
			}
		}
		c.Assessment.Payable = r.dec()
		c.Paid = r.dec()
		c.Owed = r.dec()
		c.Recovered = r.dec()
		c.Approvals = r.strs()
		c.NeedsTwo = r.bool()
		c.RejectReason = r.str()
		if r.err != nil {
			return nil
		}
		if int(c.Status) >= len(claimStatusNames) {
			return fmt.Errorf("claim %s: bad status %d", c.ID, c.Status)
		}
		if err := checkOrder("claim", &prev, c.ID); err != nil {
			return err
		}
		e.claims[c.ID] = c
	}
	return nil
}

func readProjects(r *snapReader, e *Engine, n int) error {
	var prev string
	for range n {
		p := &Project{}
		p.ID, p.Enterprise, p.Title, p.Sector, p.Stage = r.str(), r.str(), r.str(), r.istr(), r.istr()
		p.FundingSought = r.dec()
		p.RoadshowOn, p.Status, p.Summary, p.RegisteredBy = r.str(), r.istr(), r.str(), r.istr()
		at := r.str()
		if r.err != nil {
			return nil
		}
		t, err := time.Parse(time.RFC3339Nano, at)
		if err != nil {
			return fmt.Errorf("project %s: updated_at: %w", p.ID, err)
		}
		p.UpdatedAt = t
		if err := checkOrder("project", &prev, p.ID); err != nil {
			return err
		}
		e.projects[p.ID] = p
	}
	return nil
}

func readProjectIndex(r *snapReader, e *Engine) error {
	n := r.count()
	for range n {
		ent := r.str()
		ids := r.strs()
		if r.err != nil {
			return nil
		}
		e.projectsByEnterprise[ent] = ids
	}
	if len(e.projectsByEnterprise) != n {
		return errors.New("repeated enterprises in the project index")
	}
	return nil
}

func readBook(r *snapReader, e *Engine) error {
	n := r.count()
	e.book.accounts = make(map[Account]*accountBalance, n)
	for range n {
		a := Account{Kind: r.istr(), Program: r.istr(), Party: r.istr()}
		ab := &accountBalance{currency: r.istr(), balance: r.dec()}
		e.book.accounts[a] = ab
	}
	if r.err == nil && len(e.book.accounts) != n {
		return errors.New("repeated accounts in the book")
	}
	return nil
}

const seenEntryLen = 16 + 8 + 1

func readSeen(r *snapReader, e *Engine) error {
	n := r.uvarint()
	if r.err != nil {
		return nil
	}
	if n > uint64(len(r.b)-r.off)/seenEntryLen {
		return fmt.Errorf("%d remembered inputs do not fit in the %d bytes left", n, len(r.b)-r.off)
	}
	raw := r.raw(int(n) * seenEntryLen)
	e.seen = newInputMemory(int(n))
	for i := 0; i < len(raw); i += seenEntryLen {
		var k inputKey
		copy(k[:], raw[i:i+16])
		code := Code(raw[i+24])
		if code >= codeCount {
			return fmt.Errorf("remembered input %d: bad code %d", i/seenEntryLen, code)
		}
		e.seen.put(k, seenInput{content: binary.BigEndian.Uint64(raw[i+16 : i+24]), code: code})
	}
	if uint64(e.seen.Len()) != n {
		return errors.New("repeated keys in the idempotency memory")
	}
	return nil
}

func readRejected(r *snapReader, e *Engine) error {
	n := r.count()
	if n > 0 {
		e.rejected = make([]Rejection, 0, n)
	}
	for range n {
		rj := Rejection{Seq: r.varint(), ID: r.str(), Source: r.istr(), Type: r.istr(), Code: Code(r.byte()), Message: r.str()}
		if r.err != nil {
			return nil
		}
		if rj.Code >= codeCount {
			return fmt.Errorf("rejection %d: bad code %d", rj.Seq, rj.Code)
		}
		e.rejected = append(e.rejected, rj)
	}
	return nil
}

// checkRestored asserts what must hold of any engine state: the counts add
// up, claims and loans point at each other, every program's claims are in
// opening order, and the book balances.
func (e *Engine) checkRestored() error {
	if e.inputs != e.applied+e.duplicates+int64(len(e.rejected)) {
		return fmt.Errorf("inputs %d != applied %d + duplicates %d + rejected %d",
			e.inputs, e.applied, e.duplicates, len(e.rejected))
	}
	for _, l := range e.loans {
		if l.Claim != nil && l.Claim.Loan != l {
			return fmt.Errorf("loan %s: its claim %s belongs to loan %s", l.ID, l.Claim.ID, l.Claim.Loan.ID)
		}
	}
	for _, c := range e.claims {
		if c.Loan.Claim != c || c.Program != c.Loan.Program {
			return fmt.Errorf("claim %s: not the claim of loan %s", c.ID, c.Loan.ID)
		}
	}
	for _, id := range e.programIDs {
		for i, c := range e.programs[id].Claims {
			if c.Order != i || c.Program != e.programs[id] {
				return fmt.Errorf("program %s: claim %s out of order", id, c.ID)
			}
		}
	}
	if !e.book.Balanced() {
		return errors.New("the book does not balance")
	}
	return nil
}
