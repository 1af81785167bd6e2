package ledger

import (
	"fmt"
	"sort"

	"github.com/shopspring/decimal"
	"github.com/techcredit/techcredit/risk"
)

// Transformation fund inputs (SPEC §13), judged from RulesFund on.
const (
	TypeFundCommitted = "fund.committed"
	TypeFundInvested  = "fund.invested"
	TypeFundExited    = "fund.exited"
)

// A fund's capital is accounts of the ledger like a pool's: committed
// government money is credited to its funders and debited to the fund's
// capital; an investment moves its cost from the capital to the investment;
// an exit writes the cost off and books the proceeds as cash returned. So
// the capital's balance is always committed − invested.
const (
	AccountFundCommitments = "fund_commitments" // fund, funder: government capital committed (credit)
	AccountFundCapital     = "fund_capital"     // fund: capital not yet invested (debit)
	AccountFundInvestments = "fund_investments" // fund, investment: cost of an investment held (debit)
	AccountFundExitedCost  = "fund_exited_cost" // fund, investment: cost of an investment exited (debit)
	AccountFundProceeds    = "fund_proceeds"    // fund, investment: what an exit brought (credit)
	AccountFundReturns     = "fund_returns"     // fund: the cash exits returned (debit)
)

// coInvestorsMax bounds the co-investors of one round.
const coInvestorsMax = 100

// Fund is a transformation fund with its investments.
type Fund struct {
	Def         *risk.Fund
	funders     []string // who committed capital, in order of first commitment
	Investments map[string]*Investment
	order       []*Investment // in the order invested
	// Running sums over every investment, exited or not (SPEC §15).
	Invested, RoundSizes, Proceeds decimal.Decimal
	Early, Small, HardTech         decimal.Decimal // the fund amounts of qualifying investments
}

// CoInvestment is one private investor's part of a round.
type CoInvestment struct {
	Investor string
	Amount   decimal.Decimal
}

// Investment is one round the fund took part in. Early, Small and HardTech
// are the project's stage and sector and the enterprise's size as they
// stood at fund.invested, never re-judged.
type Investment struct {
	ID          string
	Project     string
	Enterprise  string
	RoundSize   decimal.Decimal
	Amount      decimal.Decimal // the fund's part
	CoInvestors []CoInvestment
	InvestedOn  string
	Early       bool
	Small       bool
	HardTech    bool
	Exited      bool
	Proceeds    decimal.Decimal
	ExitedOn    string
}

func (e *Engine) addFund(def *risk.Fund) {
	e.funds[def.ID] = &Fund{Def: def, Investments: map[string]*Investment{}}
	e.fundIDs = append(e.fundIDs, def.ID)
	sort.Strings(e.fundIDs)
}

// Fund returns the fund with the given id, or nil.
func (e *Engine) Fund(id string) *Fund { return e.funds[id] }

// FundIDs lists the funds by id.
func (e *Engine) FundIDs() []string { return append([]string(nil), e.fundIDs...) }

// Committed is the government capital committed to the fund.
func (e *Engine) FundCommitted(f *Fund) decimal.Decimal {
	return e.fundedBy(AccountFundCommitments, f.Def.ID, f.funders)
}

// FundAvailable is the fund's capital not yet invested.
func (e *Engine) FundAvailable(f *Fund) decimal.Decimal {
	return e.book.Balance(Account{AccountFundCapital, f.Def.ID, ""})
}

// Investments lists the fund's investments in the order invested.
func (f *Fund) InvestmentList() []*Investment { return append([]*Investment(nil), f.order...) }

// dataFund checks data.fund, which may repeat the envelope's fund.
func (f *fields) dataFund(r *request) {
	if r.data.Fund != "" && r.data.Fund != r.in.Fund {
		f.fail(CodeBadField, "data.fund %q is not the envelope's fund %q", r.data.Fund, r.in.Fund)
	}
}

func (e *Engine) fundCommitted(r *request) (*Reject, error) {
	d := r.data
	var f fields
	f.dataFund(r)
	f.funding(d)
	if f.rej != nil {
		return f.rej, nil
	}
	fund := r.fund
	addFunder(&fund.funders, d.Funder)
	e.fundTouched = fund
	return nil, e.move(Account{AccountFundCommitments, fund.Def.ID, d.Funder},
		Account{AccountFundCapital, fund.Def.ID, ""}, d.Amount.Value, fund.Def.Currency)
}

// roundFields checks a round's fields: the parts are each above zero, no
// co-investor is named twice, and they sum to round_size (bad_amount).
func roundFields(r *request) *Reject {
	d := r.data
	var f fields
	f.dataFund(r)
	f.id("investment", d.Investment)
	f.id("project", d.Project)
	f.amount("round_size", d.RoundSize, amountPositive)
	f.amount("amount", d.Amount, amountPositive)
	if len(d.CoInvestors) > coInvestorsMax {
		f.fail(CodeBadField, "co_investors: more than %d", coInvestorsMax)
	}
	seen := map[string]bool{}
	sum := d.Amount.Value
	for i, c := range d.CoInvestors {
		f.name(fmt.Sprintf("co_investors[%d].investor", i), c.Investor)
		f.amount(fmt.Sprintf("co_investors[%d].amount", i), c.Amount, amountPositive)
		if seen[c.Investor] {
			f.fail(CodeBadField, "co-investor %s is named twice", c.Investor)
		}
		seen[c.Investor] = true
		sum = sum.Add(c.Amount.Value)
	}
	f.date(r.in, "invested_on", d.InvestedOn, true)
	if f.rej == nil && !sum.Equal(d.RoundSize.Value) {
		f.fail(CodeBadAmount, "the parts sum to %s, not round_size %s", risk.FormatAmount(sum), risk.FormatAmount(d.RoundSize.Value))
	}
	return f.rej
}

func (e *Engine) fundInvested(r *request) (*Reject, error) {
	if rej := roundFields(r); rej != nil {
		return rej, nil
	}
	d, fund := r.data, r.fund
	pr := e.projects[d.Project]
	if pr == nil {
		return reject(CodeUnknownProject, "project %s is not registered", d.Project), nil
	}
	if fund.Investments[d.Investment] != nil {
		return reject(CodeDuplicateInvestment, "fund %s already has investment %s", fund.Def.ID, d.Investment), nil
	}
	amount, round := d.Amount.Value, d.RoundSize.Value
	if limit := fund.Def.GovernmentShareMax.Mul(round); amount.Cmp(limit) > 0 {
		return reject(CodeFundShareExceeded, "the fund's %s is above %s of the round %s",
			risk.FormatAmount(amount), fund.Def.GovernmentShareMax, risk.FormatAmount(round)), nil
	}
	largest := decimal.Zero
	for _, c := range d.CoInvestors {
		if c.Amount.Value.Cmp(largest) > 0 {
			largest = c.Amount.Value
		}
	}
	if len(d.CoInvestors) == 0 || amount.Cmp(largest) >= 0 {
		return reject(CodeFundLargestInvestor, "the fund's %s is not below the largest co-investor's %s",
			risk.FormatAmount(amount), risk.FormatAmount(largest)), nil
	}
	if avail := e.FundAvailable(fund); amount.Cmp(avail) > 0 {
		return reject(CodeInsufficientCapital, "the fund's %s is above its available capital %s",
			risk.FormatAmount(amount), risk.FormatAmount(avail)), nil
	}
	inv := &Investment{ID: d.Investment, Project: pr.ID, Enterprise: pr.Enterprise, RoundSize: round, Amount: amount,
		InvestedOn: d.InvestedOn, Early: containsString(fund.Def.EarlyStages, pr.Stage),
		Small: e.enterpriseIsSmall(pr.Enterprise), HardTech: containsString(fund.Def.HardTechSectors, pr.Sector)}
	for _, c := range d.CoInvestors {
		inv.CoInvestors = append(inv.CoInvestors, CoInvestment{Investor: c.Investor, Amount: c.Amount.Value})
	}
	fund.addInvestment(inv)
	e.fundTouched = fund
	return nil, e.move(Account{AccountFundCapital, fund.Def.ID, ""},
		Account{AccountFundInvestments, fund.Def.ID, inv.ID}, amount, fund.Def.Currency)
}

// addInvestment files an investment and adds it to the running sums.
func (f *Fund) addInvestment(inv *Investment) {
	f.Investments[inv.ID] = inv
	f.order = append(f.order, inv)
	f.Invested = f.Invested.Add(inv.Amount)
	f.RoundSizes = f.RoundSizes.Add(inv.RoundSize)
	f.Proceeds = f.Proceeds.Add(inv.Proceeds)
	if inv.Early {
		f.Early = f.Early.Add(inv.Amount)
	}
	if inv.Small {
		f.Small = f.Small.Add(inv.Amount)
	}
	if inv.HardTech {
		f.HardTech = f.HardTech.Add(inv.Amount)
	}
}

// enterpriseIsSmall is the size rule of SPEC §13/§15: the registry's size,
// else the size of the latest loan disbursed to it; neither: not small.
func (e *Engine) enterpriseIsSmall(id string) bool {
	size := ""
	if x := e.enterprises[id]; x != nil {
		size = x.Size
	} else if b := e.borrowers[id]; b != nil {
		size = b.Size
	}
	return size == SizeMicro || size == SizeSmall
}

func (e *Engine) fundExited(r *request) (*Reject, error) {
	d, fund := r.data, r.fund
	var f fields
	f.dataFund(r)
	f.id("investment", d.Investment)
	f.amount("proceeds", d.Proceeds, amountRequired)
	f.date(r.in, "exited_on", d.ExitedOn, true)
	if f.rej != nil {
		return f.rej, nil
	}
	inv := fund.Investments[d.Investment]
	switch {
	case inv == nil:
		return reject(CodeUnknownInvestment, "fund %s has no investment %s", fund.Def.ID, d.Investment), nil
	case d.ExitedOn < inv.InvestedOn:
		return reject(CodeBadDate, "exited_on %s is before invested_on %s", d.ExitedOn, inv.InvestedOn), nil
	case inv.Exited:
		return reject(CodeAlreadyExited, "investment %s was exited on %s", inv.ID, inv.ExitedOn), nil
	}
	inv.Exited, inv.Proceeds, inv.ExitedOn = true, d.Proceeds.Value, d.ExitedOn
	fund.Proceeds = fund.Proceeds.Add(inv.Proceeds)
	e.fundTouched = fund
	cur := fund.Def.Currency
	if err := e.move(Account{AccountFundInvestments, fund.Def.ID, inv.ID},
		Account{AccountFundExitedCost, fund.Def.ID, inv.ID}, inv.Amount, cur); err != nil {
		return nil, err
	}
	return nil, e.move(Account{AccountFundProceeds, fund.Def.ID, inv.ID},
		Account{AccountFundReturns, fund.Def.ID, ""}, inv.Proceeds, cur)
}

// checkFund asserts the fund's invariants after an input moved it: its
// capital is committed − invested and never below zero.
func (e *Engine) checkFund(f *Fund) error {
	avail := e.FundAvailable(f)
	if avail.Sign() < 0 {
		return fmt.Errorf("fund %s: available capital %s below zero", f.Def.ID, avail)
	}
	if want := e.FundCommitted(f).Sub(f.Invested); !avail.Equal(want) {
		return fmt.Errorf("fund %s: capital %s is not committed − invested %s", f.Def.ID, avail, want)
	}
	return nil
}

// routingKey is the Kafka key an input belongs to (SPEC §2, §13): its
// fund's id for a fund input, else its program's ("" for inputs without
// either, which go to every partition).
func (in *Input) routingKey() string {
	if in.Fund != "" {
		return in.Fund
	}
	return in.Program
}
