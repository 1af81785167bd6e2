package simulate

import (
	_ "embed"
	"encoding/json"
	"fmt"

	"github.com/techcredit/techcredit/ledger"
)

// FundProgramsJSON is the programs file of the fund scenario (SPEC §13): a
// 鲁科贷 pool (for a loan that gives an enterprise its size) and the city's
// transformation fund under the national rules (at most 30% of a round, at
// least 3× its money invested).
//
//go:embed programs/fund.json
var FundProgramsJSON string

// FundStep is one input of the fund scenario with the outcome the engine
// gives it: Code is CodeNone when it is applied.
type FundStep = Step

type fundInput struct {
	ID     string `json:"id"`
	Type   string `json:"type"`
	Source string `json:"source"`
	Fund   string `json:"fund,omitempty"`
	Prog   string `json:"program,omitempty"`
	At     string `json:"at"`
	Data   any    `json:"data"`
}

type coInvestor struct {
	Investor string `json:"investor"`
	Amount   string `json:"amount"`
}

type round struct {
	Investment  string       `json:"investment"`
	Project     string       `json:"project"`
	RoundSize   string       `json:"round_size"`
	Amount      string       `json:"amount"`
	CoInvestors []coInvestor `json:"co_investors"`
	InvestedOn  string       `json:"invested_on"`
}

// FundScenario is a fixed stream for FundProgramsJSON: 100,000,000.00
// committed, three rounds (leverage 5.0000 at the end), a refused round for
// each limit (fund_share_exceeded, fund_largest_investor,
// insufficient_capital, bad_amount, unknown_project, duplicate_investment),
// roadshow interest and commitments, and an exit.
func FundScenario() []FundStep {
	var steps []FundStep
	n := 0
	add := func(code ledger.Code, typ, source, fund, program, day string, data any) {
		n++
		b, err := json.Marshal(fundInput{ID: fmt.Sprintf("fs-%03d", n), Type: typ, Source: source, Fund: fund,
			Prog: program, At: day + "T09:00:00+08:00", Data: data})
		if err != nil {
			panic(err) // plain types only
		}
		steps = append(steps, FundStep{Line: b, Code: code})
	}
	const f, mgr = "dz-transfer", "fund:dz-transfer"
	co := func(pairs ...string) []coInvestor {
		var out []coInvestor
		for i := 0; i+1 < len(pairs); i += 2 {
			out = append(out, coInvestor{pairs[i], pairs[i+1]})
		}
		return out
	}
	inv := func(code ledger.Code, id, project, size, amount string, c []coInvestor, day string) {
		add(code, ledger.TypeFundInvested, mgr, f, "", day, round{id, project, size, amount, c, day})
	}
	add(ledger.CodeNone, ledger.TypeFundCommitted, "finance:li", f, "", "2026-02-01", map[string]string{"funder": "city", "amount": "60000000.00"})
	add(ledger.CodeNone, ledger.TypeFundCommitted, "finance:li", f, "", "2026-02-01", map[string]string{"funder": "province", "amount": "40000000.00"})
	add(ledger.CodeNone, ledger.TypeEnterpriseRegistered, "admin:kjt-zhou", "", "", "2026-02-02",
		map[string]string{"enterprise": "e-chip", "name": "德州芯片", "sector": "ic", "size": "small"})
	add(ledger.CodeNone, ledger.TypeLoanDisbursed, "bank:icbc-dz", "", "dz-lukedai", "2026-02-03", map[string]any{"loan": "icbc-dz-R1",
		"borrower":  map[string]string{"id": "e-robot", "name": "德州机器人", "sector": "robotics", "size": "medium"},
		"principal": "2000000.00", "annual_rate": "0.0385", "term_months": 24, "disbursed_on": "2026-02-03"})
	for _, p := range [][6]string{
		{"p-chip", "e-chip", "车规级功率芯片", "ic", "industrialization", "30000000.00"},
		{"p-robot", "e-robot", "协作焊接机器人", "robotics", "pilot", "15000000.00"},
		{"p-food", "e-food", "预制菜中央厨房", "food", "research", "10000000.00"},
	} {
		add(ledger.CodeNone, ledger.TypeProjectRegistered, "admin:kjt-zhou", "", "", "2026-02-04", map[string]string{"project": p[0],
			"enterprise": p[1], "title": p[2], "sector": p[3], "stage": p[4], "funding_sought": p[5], "status": "roadshow"})
	}
	inv(ledger.CodeNone, "inv-chip", "p-chip", "20000000.00", "4000000.00", co("vc-a", "10000000.00", "vc-b", "6000000.00"), "2026-03-01")
	inv(ledger.CodeNone, "inv-robot", "p-robot", "10000000.00", "3000000.00", co("vc-a", "3500000.00", "vc-c", "3500000.00"), "2026-03-02")
	inv(ledger.CodeFundShareExceeded, "inv-food", "p-food", "10000000.00", "3500000.00", co("vc-d", "6500000.00"), "2026-03-03")
	inv(ledger.CodeFundLargestInvestor, "inv-food", "p-food", "10000000.00", "2500000.00",
		co("vc-d", "2500000.00", "vc-e", "2500000.00", "vc-f", "2500000.00"), "2026-03-03")
	inv(ledger.CodeInsufficientCapital, "inv-food", "p-food", "400000000.00", "95000000.00",
		co("vc-d", "200000000.00", "vc-e", "105000000.00"), "2026-03-03")
	inv(ledger.CodeBadAmount, "inv-food", "p-food", "10000000.00", "2000000.00", co("vc-d", "7000000.00"), "2026-03-03")
	inv(ledger.CodeUnknownProject, "inv-food", "p-none", "10000000.00", "2000000.00", co("vc-d", "8000000.00"), "2026-03-03")
	inv(ledger.CodeDuplicateInvestment, "inv-chip", "p-food", "10000000.00", "2000000.00", co("vc-d", "8000000.00"), "2026-03-03")
	inv(ledger.CodeNone, "inv-food", "p-food", "10000000.00", "1000000.00", co("vc-d", "9000000.00"), "2026-03-04")
	add(ledger.CodeNone, ledger.TypeProjectInterest, "investor:roadshow", "", "", "2026-03-05", map[string]string{"project": "p-chip", "kind": "equity", "amount": "5000000.00"})
	add(ledger.CodeNone, ledger.TypeProjectCommitted, "investor:roadshow", "", "", "2026-03-05", map[string]string{"project": "p-chip", "amount": "3000000.00"})
	add(ledger.CodeNone, ledger.TypeProjectInterest, "bank:icbc-dz", "", "", "2026-03-05", map[string]string{"project": "p-chip", "kind": "loan"})
	add(ledger.CodeUnknownInterest, ledger.TypeProjectWithdrawn, "investor:angel-1", "", "", "2026-03-06", map[string]string{"project": "p-robot"})
	add(ledger.CodeNone, ledger.TypeFundExited, mgr, f, "", "2026-09-01", map[string]string{"investment": "inv-chip", "proceeds": "6000000.00", "exited_on": "2026-09-01"})
	add(ledger.CodeAlreadyExited, ledger.TypeFundExited, mgr, f, "", "2026-09-02", map[string]string{"investment": "inv-chip", "proceeds": "1.00", "exited_on": "2026-09-02"})
	return steps
}
