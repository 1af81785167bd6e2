package risk

import (
	"testing"

	"github.com/shopspring/decimal"
)

func TestNeedsTwoApprovals(t *testing.T) {
	threshold := decimal.RequireFromString("2000000.00")
	with, without := &Program{DualApprovalThreshold: &threshold}, &Program{}
	for _, tc := range []struct {
		p       *Program
		payable string
		want    bool
	}{
		{with, "1999999.99", false},
		{with, "2000000.00", true}, // at the threshold: two
		{with, "2000000.01", true},
		{without, "99999999.00", false}, // no threshold: one approval always
	} {
		if got := NeedsTwoApprovals(tc.p, decimal.RequireFromString(tc.payable)); got != tc.want {
			t.Errorf("NeedsTwoApprovals(threshold %v, %s): got %v, want %v", tc.p.DualApprovalThreshold, tc.payable, got, tc.want)
		}
	}
}
