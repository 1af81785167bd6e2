package ledger

import (
	"slices"
	"strings"

	"github.com/techcredit/techcredit/risk"
)

// SubsidyDoc is an interest subsidy as the state document and the API list
// it (SPEC §11).
type SubsidyDoc struct {
	ID        string   `json:"id"`
	Program   string   `json:"program"`
	Loan      string   `json:"loan"`
	Borrower  string   `json:"borrower"`
	Bank      string   `json:"bank"`
	Year      int      `json:"year"`
	Interest  string   `json:"interest"`
	Amount    string   `json:"amount"`
	Paid      string   `json:"paid"`
	Owed      string   `json:"owed"`
	Status    string   `json:"status"`
	Approvals []string `json:"approvals"`
}

// SubsidyDocOf describes a subsidy.
func SubsidyDocOf(s *Subsidy) SubsidyDoc {
	return SubsidyDoc{ID: s.ID, Program: s.Program.Def.ID, Loan: s.Loan.ID, Borrower: s.Loan.Borrower.ID,
		Bank: s.Loan.Bank, Year: s.Year, Interest: risk.FormatAmount(s.Interest), Amount: risk.FormatAmount(s.Amount),
		Paid: risk.FormatAmount(s.Paid), Owed: risk.FormatAmount(s.Owed), Status: s.Status.String(),
		Approvals: append([]string{}, s.Approvals...)}
}

// offersSubsidies reports whether any program has an interest subsidy.
func (e *Engine) offersSubsidies() bool {
	for _, p := range e.programs {
		if p.Def.InterestSubsidy != nil {
			return true
		}
	}
	return false
}

// subsidyDocs lists the subsidies by id; nil (no member in the state
// document) when no program offers a subsidy and none was applied for, so
// that the documents of programs without one stay as they were.
func (e *Engine) subsidyDocs() *[]SubsidyDoc {
	if !e.offersSubsidies() && len(e.subsidies.byID) == 0 {
		return nil
	}
	docs := []SubsidyDoc{}
	for _, id := range sortedKeys(e.subsidies.byID) {
		docs = append(docs, SubsidyDocOf(e.subsidies.byID[id]))
	}
	return &docs
}

// addSubsidyFigures sets the subsidy budget's figures of a program with an
// interest subsidy; a program without one has none of these members.
func (e *Engine) addSubsidyFigures(d *ProgramDoc, p *Program) {
	if p.Def.InterestSubsidy == nil {
		return
	}
	d.SubsidyBalance = ptr(risk.FormatAmount(e.SubsidyBalance(p)))
	d.SubsidyFunded = ptr(risk.FormatAmount(e.SubsidyFunded(p)))
	d.SubsidyPaid = ptr(risk.FormatAmount(e.SubsidyPaid(p)))
	d.SubsidyOwed = ptr(risk.FormatAmount(e.SubsidyOwed(p)))
}

// mergeSubsidyDocs adds one partition's subsidies to the merged ones,
// sorted by id; absent stays absent until a partition has the member.
func mergeSubsidyDocs(into, part *[]SubsidyDoc) *[]SubsidyDoc {
	if part == nil {
		return into
	}
	if into == nil {
		into = &[]SubsidyDoc{}
	}
	*into = append(*into, *part...)
	slices.SortFunc(*into, func(a, b SubsidyDoc) int { return strings.Compare(a.ID, b.ID) })
	return into
}

// addSubsidyFigures sums a program's subsidy figures over partitions.
func addSubsidyFigures(d *ProgramDoc, p ProgramDoc) {
	for _, f := range []struct{ dst, v **string }{{&d.SubsidyBalance, &p.SubsidyBalance},
		{&d.SubsidyFunded, &p.SubsidyFunded}, {&d.SubsidyPaid, &p.SubsidyPaid}, {&d.SubsidyOwed, &p.SubsidyOwed}} {
		if *f.v == nil {
			continue
		}
		if *f.dst == nil {
			*f.dst = ptr(**f.v)
			continue
		}
		*f.dst = ptr(risk.FormatAmount(dec(**f.dst).Add(dec(**f.v))))
	}
}
