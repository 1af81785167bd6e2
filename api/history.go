package api

import (
	"context"
	"net/http"
	"strconv"

	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/stream"
	"github.com/techcredit/techcredit/stream/journal"
)

// HistoryFunc reads the history of a claim, a loan or a subsidy of a
// program from the journal (SPEC §12): stream.History over the embedded
// journal, or over the Kafka journal partition of the program.
type HistoryFunc func(ctx context.Context, program, kind, id string) ([]journal.HistoryEntry, error)

// JournalHistory is the History hook over one journal (the embedded
// mode's): every program is in it.
func JournalHistory(j journal.Journal) HistoryFunc {
	return func(ctx context.Context, _, kind, id string) ([]journal.HistoryEntry, error) {
		return stream.History(ctx, j, kind, id, stream.HistoryChunkEmbedded)
	}
}

// historyConcurrentMax bounds the journal scans at once: each folds the
// journal on a core the writer needs too.
const historyConcurrentMax = 1

type historyResponse struct {
	Kind    string                 `json:"kind"`
	ID      string                 `json:"id"`
	Entries []journal.HistoryEntry `json:"entries"`
}

// getClaimHistory: GET /v1/claims/{program}/{loan}/history, to those who
// may read the claim (a bank: its own).
func (s *server) getClaimHistory(w http.ResponseWriter, r *http.Request, sub Subject) error {
	c, err := s.claimOfPath(r, sub)
	if err != nil {
		return err
	}
	return s.history(w, r, c.Program, journal.HistoryClaim, c.ID)
}

// getLoanHistory: GET /v1/loans/{id}/history.
func (s *server) getLoanHistory(w http.ResponseWriter, r *http.Request, sub Subject) error {
	id, err := pathVar(r, "id")
	if err != nil {
		return err
	}
	loan, err := readDoc(r, s.cfg.Views.Loan, "loan", id, func(l *ledger.LoanView) bool {
		return sub.Role != RoleBank || l.Bank == sub.Name
	})
	if err != nil {
		return err
	}
	return s.history(w, r, loan.Program, journal.HistoryLoan, id)
}

// getSubsidyHistory: GET /v1/subsidies/{program}/{loan}/{year}/history, a
// subsidy's id written in its segments as a claim's is; a bank reads the
// subsidies of its own loans.
func (s *server) getSubsidyHistory(w http.ResponseWriter, r *http.Request, sub Subject) error {
	program, err := pathVar(r, "program")
	if err != nil {
		return err
	}
	loanID, err := pathVar(r, "loan")
	if err != nil {
		return err
	}
	year, err := pathVar(r, "year")
	if err != nil {
		return err
	}
	id := program + "/" + loanID + "/" + year
	if y, err := strconv.Atoi(year); err != nil || strconv.Itoa(y) != year {
		return errorf(CodeNotFound, "no subsidy %s", id)
	}
	// The subsidy is there to read when its loan is, in its program.
	loanOf := func(ctx context.Context, _ string) (ledger.LoanView, bool, error) {
		return s.cfg.Views.Loan(ctx, loanID)
	}
	if _, err := readDoc(r, loanOf, "subsidy", id, func(l *ledger.LoanView) bool {
		return l.Program == program && (sub.Role != RoleBank || l.Bank == sub.Name)
	}); err != nil {
		return err
	}
	return s.history(w, r, program, journal.HistorySubsidy, id)
}

// history scans the journal, one scan at a time, within the request's
// timeout.
func (s *server) history(w http.ResponseWriter, r *http.Request, program, kind, id string) error {
	if s.cfg.History == nil {
		return errorf(CodeUnavailable, "this deployment keeps no journal to read histories from")
	}
	select {
	case s.historySlots <- struct{}{}:
		defer func() { <-s.historySlots }()
	case <-r.Context().Done():
		return unavailable(r.Context(), "the journal", r.Context().Err())
	}
	entries, err := s.cfg.History(r.Context(), program, kind, id)
	if err != nil {
		return unavailable(r.Context(), "the journal", err)
	}
	writeJSON(w, http.StatusOK, historyResponse{Kind: kind, ID: id, Entries: entries})
	return nil
}
