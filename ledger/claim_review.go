package ledger

import (
	"strings"

	"github.com/techcredit/techcredit/risk"
)

// Claim dossiers and their review (SPEC §12): with claim_review a claim
// opens awaiting_documents; the bank submits its dossier (claim.submitted),
// the science bureau recommends it to finance or returns it
// (claim.reviewed), and only then may finance approve it.

// Review decisions.
const (
	DecisionRecommend = "recommend"
	DecisionReturn    = "return"
)

// openReview starts the dossier review of a claim just opened, when its
// program has claim_review (under RulesClaimReview): the claim awaits the
// bank's documents until submit_by, which never moves.
func (e *Engine) openReview(c *Claim, in *Input, defaultOn string) {
	def := c.Program.Def.ClaimReview
	if def == nil || in.rules < RulesClaimReview {
		return
	}
	c.Status = ClaimAwaitingDocuments
	c.Review = &ClaimReview{DefaultOn: defaultOn, SubmitBy: risk.AddDays(defaultOn, def.SubmitWithinDays)}
}

func (e *Engine) claimSubmitted(r *request) (*Reject, error) {
	d := r.data
	var f fields
	f.id("claim", d.Claim)
	f.date(r.in, "submitted_on", d.SubmittedOn, true)
	f.documents(d.Documents)
	if f.rej != nil {
		return f.rej, nil
	}
	c, rej := e.findClaim(r)
	if rej != nil {
		return rej, nil
	}
	if c.Loan.Bank != r.in.Actor {
		return reject(CodeForbidden, "claim %s is on a loan of another bank", c.ID), nil
	}
	rv := c.Review
	if rv != nil && d.SubmittedOn < rv.DefaultOn {
		return reject(CodeBadDate, "submitted_on %s is before the default date %s", d.SubmittedOn, rv.DefaultOn), nil
	}
	if def := c.Program.Def.ClaimReview; def != nil { // nil: the claim opened without review
		for _, kind := range def.Documents {
			if !hasDocument(d.Documents, kind) {
				return reject(CodeMissingDocuments, "the dossier of claim %s lacks a %s document", c.ID, kind), nil
			}
		}
	}
	if rv != nil && d.SubmittedOn > rv.SubmitBy {
		return reject(CodeSubmissionLate, "submitted_on %s is after submit_by %s", d.SubmittedOn, rv.SubmitBy), nil
	}
	if c.Status != ClaimAwaitingDocuments {
		return reject(CodeNotAwaitingDocuments, "claim %s is %s, not awaiting_documents", c.ID, c.Status), nil
	}
	c.Status = ClaimSubmitted
	rv.SubmittedOn = d.SubmittedOn
	rv.Documents = append([]DocumentData(nil), d.Documents...)
	rv.ReviewBy = e.calendar.AddWorkingDays(d.SubmittedOn, c.Program.Def.ClaimReview.ReviewWorkingDays)
	e.touched = append(e.touched, c)
	return nil, nil
}

func (e *Engine) claimReviewed(r *request) (*Reject, error) {
	d := r.data
	var f fields
	f.id("claim", d.Claim)
	f.date(r.in, "reviewed_on", d.ReviewedOn, true)
	switch d.Decision {
	case DecisionRecommend:
	case DecisionReturn:
		f.text(r.in, "reason", d.Reason, true)
	case "":
		f.fail(CodeBadField, "decision is required (recommend or return)")
	default:
		f.fail(CodeBadField, "decision %q is not recommend or return", truncate(d.Decision))
	}
	if f.rej != nil {
		return f.rej, nil
	}
	c, rej := e.findClaim(r)
	if rej != nil {
		return rej, nil
	}
	rv := c.Review
	if rv != nil && rv.SubmittedOn != "" && d.ReviewedOn < rv.SubmittedOn {
		return reject(CodeBadDate, "reviewed_on %s is before submitted_on %s", d.ReviewedOn, rv.SubmittedOn), nil
	}
	if c.Status != ClaimSubmitted {
		return reject(CodeNotSubmitted, "claim %s is %s, not submitted", c.ID, c.Status), nil
	}
	rv.ReviewedOn, rv.ReviewedBy, rv.Decision, rv.ReturnReason = d.ReviewedOn, r.in.Source, d.Decision, ""
	if d.Decision == DecisionReturn {
		c.Status, rv.ReturnReason = ClaimAwaitingDocuments, strings.TrimSpace(d.Reason)
	} else {
		c.Status = ClaimPending
		rv.DecideBy = e.calendar.AddWorkingDays(d.ReviewedOn, c.Program.Def.ClaimReview.DecideWorkingDays)
	}
	e.touched = append(e.touched, c)
	return nil, nil
}

// Deadline is the date the claim's current step is due by (SPEC §12,
// §15): submit_by while it awaits documents, review_by once submitted,
// decide_by once recommended and until the final approval; "" for a claim
// without review or past its last step.
func (c *Claim) Deadline() string {
	rv := c.Review
	if rv == nil {
		return ""
	}
	switch c.Status {
	case ClaimAwaitingDocuments:
		return rv.SubmitBy
	case ClaimSubmitted:
		return rv.ReviewBy
	case ClaimPending, ClaimAwaitingSecondApproval:
		return rv.DecideBy
	}
	return ""
}

// OverdueOn reports whether the claim is past its current step's deadline
// on date: date later than the deadline.
func (c *Claim) OverdueOn(date string) bool {
	due := c.Deadline()
	return due != "" && date > due
}
