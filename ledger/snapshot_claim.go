package ledger

import (
	"fmt"

	"github.com/techcredit/techcredit/risk"
)

// Claims in the engine snapshot, each listed member by member once for
// writing and reading.

// claimMembers are a claim's members in snapshot order.
func claimMembers(m snapMembers, c *Claim) {
	m.str(&c.ID)
	ref(m, &c.Loan, m.x.loan, m.o.loans)
	ref(m, &c.Program, m.x.program, m.o.programs)
	m.int(&c.Order, &c.Year)
	m.str(&c.OpenedAt)
	status(m, &c.Status)
	m.dec(&c.Assessment.Loss)
	list(m, &c.Assessment.Shares, func(m snapMembers, s *risk.Share) {
		m.istr(&s.Party)
		m.dec(&s.Amount)
	})
	m.dec(&c.Assessment.Payable, &c.Paid, &c.Owed, &c.Recovered)
	m.strs(&c.Approvals)
	m.bool(&c.NeedsTwo)
	m.str(&c.RejectReason)
	optional(m, &c.Review, claimReviewMembers)
}

// claimReviewMembers are a claim's dossier review (SPEC §12), since
// snapshot version 5.
func claimReviewMembers(m snapMembers, rv *ClaimReview) {
	m.str(&rv.DefaultOn, &rv.SubmitBy, &rv.SubmittedOn, &rv.ReviewBy, &rv.ReviewedOn,
		&rv.ReviewedBy, &rv.Decision, &rv.ReturnReason, &rv.DecideBy)
	m.documents(&rv.Documents)
}

func (o *snapObjects) readClaims(r *snapReader, e *Engine) error {
	m := readingRefs(r, o)
	return readEach(r, "claim", o.claims, func(c *Claim) { claimMembers(m, c) }, checkRestoredClaim,
		func(c *Claim) string { return c.ID }, e.claims)
}

// checkRestoredClaim refuses a claim with a status out of range, or awaiting
// documents or submitted without a review.
func checkRestoredClaim(c *Claim) error {
	if int(c.Status) >= len(claimStatusNames) {
		return fmt.Errorf("claim %s: bad status %d", c.ID, c.Status)
	}
	if (c.Status == ClaimAwaitingDocuments || c.Status == ClaimSubmitted) && c.Review == nil {
		return fmt.Errorf("claim %s: %s without a review", c.ID, c.Status)
	}
	return nil
}
