package ledger

import (
	"bytes"
	"encoding/json"
	"sort"
	"strconv"

	"github.com/shopspring/decimal"
	"github.com/techcredit/techcredit/risk"
)

// UnmarshalState reads a state document.
func UnmarshalState(b []byte) (*State, error) {
	var s State
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, err
	}
	return &s, nil
}

// UnmarshalJSON reads shares back in their written order.
func (s *SharesDoc) UnmarshalJSON(b []byte) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	if _, err := dec.Token(); err != nil { // {
		return err
	}
	*s = (*s)[:0]
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			return err
		}
		var v string
		if err := dec.Decode(&v); err != nil {
			return err
		}
		amount, err := decimal.NewFromString(v)
		if err != nil {
			return err
		}
		*s = append(*s, risk.Share{Party: k.(string), Amount: amount})
	}
	return nil
}

// MergeStates combines the states of the partitions of a Kafka deployment.
// Every program, loan and claim lives on one partition; every engine knows
// every program, so a program's amounts are summed (the other partitions
// hold zeros) and its leverage and headroom recomputed. Guarantors and
// projects, which inputs without a program reach on every partition, are
// merged by id: a guarantor's liability is the sum over partitions and its
// limit the one of the partition where it is largest.
func MergeStates(states []*State) *State {
	out := &State{Rejected: []RejectedDoc{}, Programs: []ProgramDoc{}, Claims: []ClaimDoc{}, Loans: []LoanDoc{},
		Guarantors: []GuarantorDoc{}, Projects: []ProjectDoc{}, Ledger: LedgerDoc{Balanced: true}}
	programs := map[string]*programSum{}
	guarantors := map[string]*guarantorSum{}
	projects := map[string]ProjectDoc{}
	var enterprises map[string]EnterpriseDoc // nil: no partition lists the registry
	var funds map[string]FundDoc             // nil: no partition lists funds
	for _, s := range states {
		if s.Funds != nil && funds == nil {
			funds = map[string]FundDoc{}
		}
		if s.Funds != nil {
			// Every engine knows every fund; its inputs reach only the
			// partition of its key, the others hold an empty fund.
			for _, f := range *s.Funds {
				if old, ok := funds[f.ID]; !ok || (old.Investments == 0 && old.Committed == "0.00") {
					funds[f.ID] = f
				}
			}
		}
		if s.Enterprises != nil && enterprises == nil {
			enterprises = map[string]EnterpriseDoc{}
		}
		if s.Enterprises != nil {
			for _, x := range *s.Enterprises { // every partition holds the registry
				enterprises[x.ID] = x
			}
		}
		out.Inputs += s.Inputs
		out.Applied += s.Applied
		out.Duplicates += s.Duplicates
		out.Rejected = append(out.Rejected, s.Rejected...)
		out.Claims = append(out.Claims, s.Claims...)
		out.Loans = append(out.Loans, s.Loans...)
		out.Ledger.Balanced = out.Ledger.Balanced && s.Ledger.Balanced
		out.Ledger.Transactions += s.Ledger.Transactions
		for _, p := range s.Programs {
			if programs[p.ID] == nil {
				programs[p.ID] = &programSum{doc: p}
			} else {
				programs[p.ID].add(p)
			}
		}
		for _, g := range s.Guarantors {
			if guarantors[g.ID] == nil {
				guarantors[g.ID] = &guarantorSum{doc: g, liability: dec(g.Liability), largest: dec(g.Liability)}
			} else {
				guarantors[g.ID].add(g)
			}
		}
		for _, p := range s.Projects {
			projects[p.ID] = p
		}
		out.Subsidies = mergeSubsidyDocs(out.Subsidies, s.Subsidies)
	}
	sort.SliceStable(out.Rejected, func(i, j int) bool {
		if out.Rejected[i].ID != out.Rejected[j].ID {
			return out.Rejected[i].ID < out.Rejected[j].ID
		}
		return out.Rejected[i].Source < out.Rejected[j].Source
	})
	sort.Slice(out.Claims, func(i, j int) bool { return out.Claims[i].ID < out.Claims[j].ID })
	sort.Slice(out.Loans, func(i, j int) bool { return out.Loans[i].ID < out.Loans[j].ID })
	for _, id := range sortedKeys(programs) {
		out.Programs = append(out.Programs, programs[id].final())
	}
	for _, id := range sortedKeys(guarantors) {
		out.Guarantors = append(out.Guarantors, guarantors[id].final())
	}
	for _, id := range sortedKeys(projects) {
		out.Projects = append(out.Projects, projects[id])
	}
	if enterprises != nil {
		docs := make([]EnterpriseDoc, 0, len(enterprises))
		for _, id := range sortedKeys(enterprises) {
			docs = append(docs, enterprises[id])
		}
		out.Enterprises = &docs
	}
	if funds != nil {
		docs := make([]FundDoc, 0, len(funds))
		for _, id := range sortedKeys(funds) {
			docs = append(docs, funds[id])
		}
		out.Funds = &docs
	}
	return out
}

type programSum struct{ doc ProgramDoc }

func (s *programSum) add(p ProgramDoc) {
	d := &s.doc
	for _, f := range []struct {
		dst *string
		v   string
	}{
		{&d.PoolBalance, p.PoolBalance}, {&d.Funded, p.Funded}, {&d.Paid, p.Paid}, {&d.Recovered, p.Recovered},
		{&d.Owed, p.Owed}, {&d.CoveredOutstanding, p.CoveredOutstanding},
	} {
		*f.dst = risk.FormatAmount(dec(*f.dst).Add(dec(f.v)))
	}
	d.Loans += p.Loans
	d.CoveredLoans += p.CoveredLoans
	addSubsidyFigures(d, p)
}

func (s *programSum) final() ProgramDoc {
	d := s.doc
	pool, covered := dec(d.PoolBalance), dec(d.CoveredOutstanding)
	d.Leverage = nil
	if lev, ok := risk.Quotient(covered, pool); ok {
		d.Leverage = ptr(risk.FormatRatio(lev))
	}
	if d.MaxLeverage != nil {
		d.Headroom = ptr(risk.FormatAmount(risk.PoolHeadroom(dec(*d.MaxLeverage), pool, covered)))
	}
	return d
}

// MergeGuarantorDocs combines the documents of one guarantor published by
// the engines of several journal partitions, as MergeStates does: the
// liability summed, the limit of the part with the largest liability, the
// leverage recomputed. Parts are taken in the order of their Partition, so
// the result does not depend on the order they arrived in; it carries no
// Partition.
func MergeGuarantorDocs(parts []GuarantorDoc) GuarantorDoc {
	if len(parts) == 0 {
		return GuarantorDoc{}
	}
	sorted := append([]GuarantorDoc(nil), parts...)
	sort.SliceStable(sorted, func(i, j int) bool { return partitionLess(sorted[i].Partition, sorted[j].Partition) })
	sum := &guarantorSum{doc: sorted[0], liability: dec(sorted[0].Liability), largest: dec(sorted[0].Liability)}
	for _, g := range sorted[1:] {
		sum.add(g)
	}
	d := sum.final()
	d.Partition = ""
	return d
}

// partitionLess orders partition names by the text before their trailing
// number, then by that number.
func partitionLess(a, b string) bool {
	pa, na := splitTrailingNumber(a)
	pb, nb := splitTrailingNumber(b)
	if pa != pb {
		return pa < pb
	}
	if na != nb {
		return na < nb
	}
	return a < b
}

func splitTrailingNumber(s string) (prefix string, n uint64) {
	i := len(s)
	for i > 0 && s[i-1] >= '0' && s[i-1] <= '9' && len(s)-i < 18 {
		i--
	}
	n, _ = strconv.ParseUint(s[i:], 10, 64)
	return s[:i], n
}

type guarantorSum struct {
	doc                GuarantorDoc
	liability, largest decimal.Decimal
}

func (s *guarantorSum) add(g GuarantorDoc) {
	l := dec(g.Liability)
	s.liability = s.liability.Add(l)
	if l.Cmp(s.largest) > 0 {
		s.largest, s.doc.Limit = l, g.Limit
	}
	if s.doc.NetAssets == nil {
		s.doc.NetAssets = g.NetAssets
	}
}

func (s *guarantorSum) final() GuarantorDoc {
	d := s.doc
	d.Liability = risk.FormatAmount(s.liability)
	d.Leverage = nil
	if d.NetAssets != nil {
		if lev, ok := risk.Quotient(s.liability, dec(*d.NetAssets)); ok {
			d.Leverage = ptr(risk.FormatRatio(lev))
		}
	}
	return d
}

func dec(s string) decimal.Decimal {
	d, _ := decimal.NewFromString(s)
	return d
}
