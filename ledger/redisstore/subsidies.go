package redisstore

import (
	"context"
	"strconv"

	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/ledger/readmodel"
)

// Interest subsidies (SPEC §11), id program/loan/year.
const kindSubsidy = "subsidy"

// subsidyIndexKey is the set of the subsidies of one bank, program, year
// and status, an empty one (year 0) meaning any: every combination a
// SubsidyQuery can ask has its set, as claims have.
func (s *Store) subsidyIndexKey(bank, program string, year int, status string) string {
	y := ""
	if year != 0 {
		y = strconv.Itoa(year)
	}
	return s.indexKey(kindSubsidy, "bank", bank, "program", program, "year", y, "status", status)
}

// subsidyStatuses are every subsidy status, for moving a subsidy between
// sets.
var subsidyStatuses = statusNames(ledger.SubsidyPending, ledger.SubsidyRejected)

// indexSubsidy puts a subsidy in the sets of every combination of its
// bank, program, year and status, and takes it out of those of every
// other status (its id fixes its program, loan, bank and year), at its
// positions in every order (sorted.go); as a filing, only when its
// positions or status changed, or on a rebuild (all).
func (s *Store) indexSubsidy(w *writeSet, d *ledger.SubsidyDoc, old positions, all bool) {
	pos := positionsOf(func(by readmodel.SortBy) string { return readmodel.SubsidyPosition(d, by) }, d.Status)
	if !w.placed(s.posKey(kindSubsidy), d.ID, pos, old, all) {
		return
	}
	for _, bank := range []string{"", d.Bank} {
		for _, program := range []string{"", d.Program} {
			for _, year := range []int{0, d.Year} {
				w.place(s.subsidyIndexKey(bank, program, year, ""), d.ID, true, pos, old)
				for _, st := range subsidyStatuses {
					if st == d.Status || old.mayBeIn(st) {
						w.place(s.subsidyIndexKey(bank, program, year, st), d.ID, st == d.Status, pos, old)
					}
				}
			}
		}
	}
}

// Subsidies lists interest subsidies matching q in the order q.Sort after
// q.After.
func (s *Store) Subsidies(ctx context.Context, q readmodel.SubsidyQuery) ([]ledger.SubsidyDoc, error) {
	index := s.subsidyIndexKey(q.Bank, q.Program, q.Year, q.Status)
	return sortedList[ledger.SubsidyDoc](ctx, s, index, s.docKey(kindSubsidy), q.Sort, q.After, q.Limit)
}

// Subsidy returns one interest subsidy.
func (s *Store) Subsidy(ctx context.Context, id string) (ledger.SubsidyDoc, bool, error) {
	return get[ledger.SubsidyDoc](ctx, s, kindSubsidy, id)
}
