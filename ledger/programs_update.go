package ledger

import (
	"fmt"
	"sort"

	"github.com/techcredit/techcredit/risk"
)

// UpdatePrograms installs a new version of the programs file: programs that
// exist take their new definition (caps, thresholds, triggers apply from the
// next input on, never retroactively) and new programs start empty. A
// program may not change kind or currency, nor gain or lose filing, and none may disappear: its
// history is in the book. On error nothing changes.
func (e *Engine) UpdatePrograms(cfg *risk.Config) error {
	seen := map[string]bool{}
	for _, def := range cfg.Programs {
		seen[def.ID] = true
		if p := e.programs[def.ID]; p != nil {
			if p.Def.Kind != def.Kind || p.Def.Currency != def.Currency {
				return fmt.Errorf("program %s: kind and currency cannot change (%s %s -> %s %s)",
					def.ID, p.Def.Kind, p.Def.Currency, def.Kind, def.Currency)
			}
			// Its loans were covered on one footing or the other: filing
			// may change its members, not come or go.
			if (p.Def.Filing == nil) != (def.Filing == nil) {
				return fmt.Errorf("program %s: filing cannot be added or removed once the program exists", def.ID)
			}
			// claim_review may come (later claims open awaiting
			// documents), not go: its open dossiers count their deadlines
			// by it.
			if p.Def.ClaimReview != nil && def.ClaimReview == nil {
				return fmt.Errorf("program %s: claim_review cannot be removed once the program has it", def.ID)
			}
		}
	}
	for _, id := range e.programIDs {
		if !seen[id] {
			return fmt.Errorf("program %s: cannot be removed from the programs file once it exists", id)
		}
	}
	if err := e.checkFundsUpdate(cfg); err != nil {
		return err
	}
	e.rules = cfg.GuarantorRules
	e.calendar = cfg.Calendar // deadlines already set stay: they are state
	for _, def := range cfg.Funds {
		if f := e.funds[def.ID]; f != nil {
			f.Def = def
		} else {
			e.addFund(def)
		}
	}
	for _, def := range cfg.Programs {
		if p := e.programs[def.ID]; p != nil {
			p.Def = def
			continue
		}
		e.programs[def.ID] = &Program{Def: def, banks: map[string]*programBank{}}
		e.programIDs = append(e.programIDs, def.ID)
	}
	sort.Strings(e.programIDs)
	return nil
}

// checkFundsUpdate: a fund may not disappear or change currency (its
// capital is in the book); its limits apply from the next input on.
func (e *Engine) checkFundsUpdate(cfg *risk.Config) error {
	for _, id := range e.fundIDs {
		def := cfg.Fund(id)
		if def == nil {
			return fmt.Errorf("fund %s: cannot be removed from the programs file once it exists", id)
		}
		if def.Currency != e.funds[id].Def.Currency {
			return fmt.Errorf("fund %s: currency cannot change (%s -> %s)", id, e.funds[id].Def.Currency, def.Currency)
		}
	}
	for _, def := range cfg.Funds {
		if e.programs[def.ID] != nil {
			return fmt.Errorf("fund %s: a program has that id", def.ID)
		}
	}
	return nil
}
