package api

import (
	"net/http"

	"github.com/techcredit/techcredit/ledger"
)

type programsResponse struct {
	Programs []ledger.ProgramView `json:"programs"`
}

// getPrograms lists every program's dashboard: pool, leverage, headroom,
// claims by status and NPL ratios by bank.
func (s *server) getPrograms(w http.ResponseWriter, r *http.Request, sub Subject) error {
	programs, err := s.cfg.Views.Programs(r.Context())
	if err != nil {
		return unavailable(r.Context(), "the read model", err)
	}
	for i := range programs {
		programs[i] = programFor(sub, programs[i])
	}
	writeJSON(w, http.StatusOK, programsResponse{Programs: programs})
	return nil
}

// getProgram returns one program's dashboard.
func (s *server) getProgram(w http.ResponseWriter, r *http.Request, sub Subject) error {
	id, err := pathVar(r, "id")
	if err != nil {
		return err
	}
	p, err := readDoc(r, s.cfg.Views.Program, "program", id, nil)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, programFor(sub, p))
	return nil
}

// programFor hides other banks from a bank and every bank from a
// guarantor: bank_npl_ratio keeps only the caller's own entry. The read
// model's map is shared, so a new one is built.
func programFor(sub Subject, p ledger.ProgramView) ledger.ProgramView {
	if sub.Role == RoleFinance || sub.Role == RoleAdmin {
		return p
	}
	own := map[string]string{}
	if v, ok := p.BankNPLRatio[sub.Name]; ok && sub.Role == RoleBank {
		own[sub.Name] = v
	}
	p.BankNPLRatio = own
	return p
}
