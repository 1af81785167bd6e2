package ledger

import (
	"encoding/json"

	"github.com/shopspring/decimal"
	"github.com/techcredit/techcredit/risk"
)

// FundDoc is a transformation fund as the state document and the API list
// it (SPEC §13, §15). Leverage and the shares are null while nothing is
// invested (a zero denominator); leverage_ok is then false.
type FundDoc struct {
	ID            string  `json:"id"`
	Committed     string  `json:"committed"`
	Invested      string  `json:"invested"`
	Available     string  `json:"available"`
	Proceeds      string  `json:"proceeds"`
	Investments   int     `json:"investments"`
	Leverage      *string `json:"leverage"`
	MinLeverage   string  `json:"min_leverage"`
	LeverageOK    bool    `json:"leverage_ok"`
	EarlyShare    *string `json:"early_share"`
	SmallShare    *string `json:"small_share"`
	HardTechShare *string `json:"hard_tech_share"`
}

// FundDoc describes one fund. Leverage is compared with min_leverage
// exactly, before rounding.
func (e *Engine) FundDoc(f *Fund) FundDoc {
	d := FundDoc{ID: f.Def.ID, Committed: risk.FormatAmount(e.FundCommitted(f)),
		Invested: risk.FormatAmount(f.Invested), Available: risk.FormatAmount(e.FundAvailable(f)),
		Proceeds: risk.FormatAmount(f.Proceeds), Investments: len(f.order),
		MinLeverage: risk.FormatRatio(f.Def.MinLeverage)}
	if f.Invested.Sign() == 0 {
		return d
	}
	// leverage ≥ min ⇔ Σ round sizes ≥ min × Σ fund amounts: exact.
	d.LeverageOK = f.RoundSizes.Cmp(f.Def.MinLeverage.Mul(f.Invested)) >= 0
	d.Leverage = shareOf(f.RoundSizes, f.Invested)
	d.EarlyShare = shareOf(f.Early, f.Invested)
	d.SmallShare = shareOf(f.Small, f.Invested)
	d.HardTechShare = shareOf(f.HardTech, f.Invested)
	return d
}

func shareOf(num, den decimal.Decimal) *string {
	q, ok := risk.Quotient(num, den)
	if !ok {
		return nil
	}
	s := risk.FormatRatio(q)
	return &s
}

// fundDocs lists the funds by id; nil (no member in the state document)
// when the programs file has no funds.
func (e *Engine) fundDocs() *[]FundDoc {
	if len(e.funds) == 0 {
		return nil
	}
	docs := make([]FundDoc, 0, len(e.funds))
	for _, id := range e.fundIDs {
		docs = append(docs, e.FundDoc(e.funds[id]))
	}
	return &docs
}

// InvestmentDoc is one round of a fund (GET /v1/funds/{id}).
type InvestmentDoc struct {
	ID          string            `json:"id"`
	Project     string            `json:"project"`
	Enterprise  string            `json:"enterprise"`
	RoundSize   string            `json:"round_size"`
	Amount      string            `json:"amount"`
	CoInvestors []CoInvestmentDoc `json:"co_investors"`
	InvestedOn  string            `json:"invested_on"`
	Early       bool              `json:"early"`
	Small       bool              `json:"small"`
	HardTech    bool              `json:"hard_tech"`
	Exited      bool              `json:"exited"`
	Proceeds    string            `json:"proceeds"`
	ExitedOn    *string           `json:"exited_on"`
}

// CoInvestmentDoc is a co-investor's part of a round.
type CoInvestmentDoc struct {
	Investor string `json:"investor"`
	Amount   string `json:"amount"`
}

// InvestmentDocOf describes an investment.
func InvestmentDocOf(inv *Investment) InvestmentDoc {
	d := InvestmentDoc{ID: inv.ID, Project: inv.Project, Enterprise: inv.Enterprise,
		RoundSize: risk.FormatAmount(inv.RoundSize), Amount: risk.FormatAmount(inv.Amount),
		CoInvestors: []CoInvestmentDoc{}, InvestedOn: inv.InvestedOn, Early: inv.Early, Small: inv.Small,
		HardTech: inv.HardTech, Exited: inv.Exited, Proceeds: risk.FormatAmount(inv.Proceeds)}
	for _, c := range inv.CoInvestors {
		d.CoInvestors = append(d.CoInvestors, CoInvestmentDoc{Investor: c.Investor, Amount: risk.FormatAmount(c.Amount)})
	}
	if inv.Exited {
		d.ExitedOn = ptr(inv.ExitedOn)
	}
	return d
}

// nullRaw is JSON null for a member that must be written even when absent.
var nullRaw = json.RawMessage("null")

// withRoadshow adds a project's aggregates to its document (SPEC §13):
// counts of distinct callers with a standing, Σ committed and its share of
// funding_sought (null when that is zero).
func (e *Engine) withRoadshow(d *ProjectDoc, p *Project) {
	r := e.RoadshowOf(p.ID)
	d.InterestedBanks, d.InterestedInvestors = ptr(r.InterestedBanks), ptr(r.InterestedInvestors)
	d.Committed = ptr(risk.FormatAmount(r.Committed))
	share := nullRaw
	if s := CommittedShare(r.Committed, p.FundingSought); s != nil {
		share, _ = json.Marshal(*s)
	}
	d.CommittedShare = &share
}
