package ledger

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"

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
	rules, cal, defs, err := restoreDefinitions(cfg, defsBytes)
	if err != nil {
		return nil, err
	}
	e := NewEngine(&risk.Config{Programs: defs, GuarantorRules: rules, Calendar: cal})
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
		readProjectIndex, readEnterprises, readBook, readSeen, readRejected, o.readSubsidies,
		readFunds(cfg),
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
func restoreDefinitions(cfg *risk.Config, section []byte) (risk.GuarantorRules, *risk.Calendar, []*risk.Program, error) {
	if cfg != nil {
		defs := slices.Clone(cfg.Programs)
		slices.SortFunc(defs, func(a, b *risk.Program) int { return strings.Compare(a.ID, b.ID) })
		var w snapWriter
		writeDefinitions(&w, cfg.GuarantorRules, cfg.Calendar, defs)
		if !bytes.Equal(w.b, section) {
			return risk.GuarantorRules{}, nil, nil, errors.New("the program definitions, calendar or guarantor rules differ from those the snapshot was taken under")
		}
		return cfg.GuarantorRules, cfg.Calendar, defs, nil
	}
	r := &snapReader{b: section}
	rules, cal, defs := readDefinitions(r)
	if r.err == nil && r.off != len(section) {
		r.fail("bytes left over in the definitions")
	}
	if r.err != nil {
		return rules, nil, nil, fmt.Errorf("definitions: %w", r.err)
	}
	for i := 1; i < len(defs); i++ {
		if defs[i-1].ID >= defs[i].ID {
			return rules, nil, nil, fmt.Errorf("definitions: program ids not in order at %q", defs[i].ID)
		}
	}
	return rules, cal, defs, nil
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

// readEach reads the objects of one section in id order: fill reads
// each one's members; unless the reader failed, check (nil: none) refuses
// what its kind does not allow, its id must follow the one before, and
// the object is filed under it in byID.
func readEach[T any](r *snapReader, kind string, objs []*T, fill func(*T), check func(*T) error,
	id func(*T) string, byID map[string]*T) error {
	var prev string
	for _, x := range objs {
		fill(x)
		if r.err != nil {
			return nil
		}
		if check != nil {
			if err := check(x); err != nil {
				return err
			}
		}
		if err := checkOrder(kind, &prev, id(x)); err != nil {
			return err
		}
		byID[id(x)] = x
	}
	return nil
}

// fresh is n new objects to fill in.
func fresh[T any](n int) []*T {
	out := make([]*T, n)
	for i := range out {
		out[i] = new(T)
	}
	return out
}

// checkOrder fails unless ids are strictly increasing, as they were written.
func checkOrder(kind string, prev *string, id string) error {
	if *prev != "" && id <= *prev || id == "" {
		return fmt.Errorf("%s ids out of order at %q", kind, id)
	}
	*prev = id
	return nil
}

const seenEntryLen = 16 + 8 + 1

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
