package report

import (
	"encoding/json"

	"github.com/shopspring/decimal"

	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/risk"
)

// Recorder watches the inputs of one journal (partition) as they are
// folded: what the engine's state no longer shows afterwards (the date of
// each step of a claim, a loan's rate, the pool's money by month). One
// Recorder per fold; Take and then Observe for each input, in journal
// order.
type Recorder struct {
	// To is the "as of" date: Take refuses inputs dated after it ("":
	// none).
	To string
	// First and Last are the earliest and latest local dates of the inputs
	// taken: the defaults of a query's from and to.
	First, Last string
	// Inputs counts the inputs taken (progress).
	Inputs int64

	cur       envelope
	rates     map[string]decimal.Decimal // loan → annual_rate, of its applied disbursement
	claims    map[string]*steps
	subsidies map[string]*steps
	subIDs    []string
	pool      map[string]*poolBook
}

// NewRecorder returns a recorder of the inputs dated on or before to.
func NewRecorder(to string) *Recorder {
	return &Recorder{To: to, rates: map[string]decimal.Decimal{}, claims: map[string]*steps{},
		subsidies: map[string]*steps{}, pool: map[string]*poolBook{}}
}

// envelope is what a report reads of an input.
type envelope struct {
	Type string `json:"type"`
	At   string `json:"at"`
	Data struct {
		Loan       string `json:"loan"`
		Claim      string `json:"claim"`
		Subsidy    string `json:"subsidy"`
		AnnualRate string `json:"annual_rate"`
	} `json:"data"`
	date string // local date of At, "" when unreadable
}

// Take reads the input's envelope and reports whether it is dated on or
// before To. An input without a readable date (bad_json, bad_envelope) is
// taken: it changes nothing but the counts.
func (r *Recorder) Take(raw []byte) bool {
	r.cur = envelope{}
	if json.Unmarshal(raw, &r.cur) != nil {
		r.cur = envelope{}
	}
	r.cur.date = localDate(r.cur.At)
	if r.cur.date != "" && r.To != "" && r.cur.date > r.To {
		return false
	}
	if d := r.cur.date; d != "" {
		if r.First == "" || d < r.First {
			r.First = d
		}
		if d > r.Last {
			r.Last = d
		}
	}
	r.Inputs++
	return true
}

// Observe records what the input just taken did; e is the engine right
// after it. Only applied inputs change anything.
func (r *Recorder) Observe(e *ledger.Engine, out ledger.Outcome) error {
	if out.Status != ledger.StatusApplied {
		return nil
	}
	in := &r.cur
	if in.Type == ledger.TypeLoanDisbursed {
		if rate, err := risk.ParseRatio(in.Data.AnnualRate); err == nil {
			r.rates[in.Data.Loan] = rate
		}
	}
	r.observeClaims(e, in, out)
	r.observeSubsidies(e, in, out)
	return r.observePool(e, in, out)
}

// steps are the dated steps of a claim or a subsidy.
type steps struct {
	openedOn    string
	approvedOn  []string // one per approval, in order
	rejectedOn  string
	paidOn      string // the date it became paid in full
	approvalsBy []string
}

func (r *Recorder) observeClaims(e *ledger.Engine, in *envelope, out ledger.Outcome) {
	if len(out.Changes.Claims) == 0 {
		return
	}
	for _, v := range e.Views(ledger.Changes{Claims: out.Changes.Claims}).Claims {
		s := r.claims[v.ID]
		if s == nil {
			s = &steps{openedOn: localDate(v.OpenedAt)}
			r.claims[v.ID] = s
		}
		if v.ID == in.Data.Claim {
			switch in.Type {
			case ledger.TypeClaimApproved:
				s.approvedOn = append(s.approvedOn, in.date)
			case ledger.TypeClaimRejected:
				s.rejectedOn = in.date
			}
		}
		if v.Status == ledger.ClaimPaid.String() && s.paidOn == "" {
			s.paidOn = in.date
		}
	}
}

func (r *Recorder) observeSubsidies(e *ledger.Engine, in *envelope, out ledger.Outcome) {
	for _, id := range out.Changes.Subsidies {
		sub := e.Subsidy(id)
		if sub == nil {
			continue
		}
		s := r.subsidies[id]
		if s == nil {
			s = &steps{openedOn: in.date}
			r.subsidies[id] = s
			r.subIDs = append(r.subIDs, id)
		}
		if id == in.Data.Subsidy {
			switch in.Type {
			case ledger.TypeSubsidyApproved:
				s.approvedOn = append(s.approvedOn, in.date)
			case ledger.TypeSubsidyRejected:
				s.rejectedOn = in.date
			}
		}
		if sub.Status == ledger.SubsidyPaid && s.paidOn == "" {
			s.paidOn = in.date
		}
	}
}

// stepAt is the i-th approval date, "" when there is none.
func (s *steps) stepAt(i int) string {
	if i < len(s.approvedOn) {
		return s.approvedOn[i]
	}
	return ""
}
