package ledger

import (
	"fmt"

	"github.com/techcredit/techcredit/risk"
)

// Claims in the engine snapshot, written and read side by side.

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
	writeClaimReview(w, c.Review)
}

// writeClaimReview and readClaimReview: a claim's dossier review (SPEC
// §12), since snapshot version 5.
func writeClaimReview(w *snapWriter, rv *ClaimReview) {
	w.bool(rv != nil)
	if rv == nil {
		return
	}
	for _, s := range []string{rv.DefaultOn, rv.SubmitBy, rv.SubmittedOn, rv.ReviewBy, rv.ReviewedOn,
		rv.ReviewedBy, rv.Decision, rv.ReturnReason, rv.DecideBy} {
		w.str(s)
	}
	w.count(len(rv.Documents))
	for _, d := range rv.Documents {
		w.str(d.Kind)
		w.str(d.SHA256)
	}
}

func readClaimReview(r *snapReader) *ClaimReview {
	if !r.bool() {
		return nil
	}
	rv := &ClaimReview{}
	for _, s := range []*string{&rv.DefaultOn, &rv.SubmitBy, &rv.SubmittedOn, &rv.ReviewBy, &rv.ReviewedOn,
		&rv.ReviewedBy, &rv.Decision, &rv.ReturnReason, &rv.DecideBy} {
		*s = r.str()
	}
	if n := r.count(); n > 0 {
		rv.Documents = make([]DocumentData, n)
		for i := range rv.Documents {
			rv.Documents[i] = DocumentData{Kind: r.istr(), SHA256: r.str()}
		}
	}
	return rv
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
		c.Review = readClaimReview(r)
		if r.err != nil {
			return nil
		}
		if int(c.Status) >= len(claimStatusNames) {
			return fmt.Errorf("claim %s: bad status %d", c.ID, c.Status)
		}
		if (c.Status == ClaimAwaitingDocuments || c.Status == ClaimSubmitted) && c.Review == nil {
			return fmt.Errorf("claim %s: %s without a review", c.ID, c.Status)
		}
		if err := checkOrder("claim", &prev, c.ID); err != nil {
			return err
		}
		e.claims[c.ID] = c
	}
	return nil
}
