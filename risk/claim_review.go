package risk

import "fmt"

// ClaimReview is a programme's claim dossier review (SPEC §12): with it a
// claim opens awaiting the bank's documents, the science bureau reviews the
// dossier, and only a recommended claim goes to finance.
type ClaimReview struct {
	Documents         []string // the kinds a dossier must carry, in file order
	SubmitWithinDays  int      // calendar days from the default date
	ReviewWorkingDays int      // working days from submitted_on
	DecideWorkingDays int      // working days from reviewed_on (a recommendation)
}

// SubmitWithinDaysMax bounds submit_within_days (ten years).
const SubmitWithinDaysMax = 3650

type claimReviewJSON struct {
	Documents         []string `json:"documents"`
	SubmitWithinDays  *int     `json:"submit_within_days"`
	ReviewWorkingDays *int     `json:"review_working_days"`
	DecideWorkingDays *int     `json:"decide_working_days"`
}

// validate checks the claim_review object: every count is required (a
// deadline nobody set is no deadline), documents may be empty.
func (cj *claimReviewJSON) validate() (*ClaimReview, error) {
	if cj == nil {
		return nil, nil
	}
	r := &ClaimReview{}
	var err error
	if r.Documents, err = documentKinds("claim_review.documents", cj.Documents); err != nil {
		return nil, err
	}
	for _, c := range []struct {
		field string
		v     *int
		max   int
		dst   *int
	}{
		{"submit_within_days", cj.SubmitWithinDays, SubmitWithinDaysMax, &r.SubmitWithinDays},
		{"review_working_days", cj.ReviewWorkingDays, WorkingDaysMax, &r.ReviewWorkingDays},
		{"decide_working_days", cj.DecideWorkingDays, WorkingDaysMax, &r.DecideWorkingDays},
	} {
		if c.v == nil {
			return nil, fmt.Errorf("claim_review.%s: required", c.field)
		}
		if *c.v < 1 || *c.v > c.max {
			return nil, fmt.Errorf("claim_review.%s: %d must be between 1 and %d", c.field, *c.v, c.max)
		}
		*c.dst = *c.v
	}
	return r, nil
}
