package api

import (
	"context"
	"errors"
	"net/http"

	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/risk"
	"github.com/techcredit/techcredit/risk/programrisk"
)

// RiskFunc computes a program's pool-adequacy report (a
// *programrisk.Report in the embedded mode): the writer reads the
// program's state at a consistent point, then the analysis runs. found is
// false when there is no such program. An error wrapping
// ErrRiskUnavailable answers 503 not_ready with its message.
type RiskFunc func(ctx context.Context, programID string) (doc any, found bool, err error)

// ErrRiskUnavailable: this deployment cannot compute a risk report now
// (in the Kafka mode the program's writer may run in another instance).
var ErrRiskUnavailable = errors.New("the risk report is not available")

// WriterRisk is the Risk hook over a single writer's Do (the embedded
// mode's runner.Do): the writer copies the program's adequacy inputs
// between batches, in one pass over the loans, and the analysis then runs
// on the request's goroutine, so the simulations never hold up the writer.
func WriterRisk(do func(context.Context, func(*ledger.Engine)) error) RiskFunc {
	return func(ctx context.Context, programID string) (any, bool, error) {
		var in risk.AdequacyInputs
		found := false
		// When ctx ends first, Do returns at once and fn may still run
		// later: in and found are then written but never read.
		if err := do(ctx, func(e *ledger.Engine) { in, found = e.AdequacyInputs(programID) }); err != nil {
			return nil, false, err
		}
		if !found {
			return nil, false, nil
		}
		doc, err := programrisk.Build(ctx, &in, programrisk.DefaultOptions())
		if err != nil {
			return nil, false, err
		}
		return doc, true, nil
	}
}

// riskConcurrentMax bounds the reports computed at once: each runs
// simulations on every core, so more would only queue for the CPU. A
// request waits for a slot within its own timeout.
const riskConcurrentMax = 2

// getProgramRisk answers a program's pool-adequacy report: expected loss,
// the Vasicek closed form, a seeded Monte Carlo with its histogram,
// stress scenarios, the highest bearable leverage and fund leverage.
func (s *server) getProgramRisk(w http.ResponseWriter, r *http.Request, _ Subject) error {
	id, err := pathVar(r, "id")
	if err != nil {
		return err
	}
	if s.cfg.Risk == nil {
		return errorf(CodeNotReady, "%v: this deployment computes no risk reports", ErrRiskUnavailable)
	}
	ctx := r.Context()
	select {
	case s.riskSlots <- struct{}{}:
		defer func() { <-s.riskSlots }()
	case <-ctx.Done():
		return unavailable(ctx, "a slot for the risk report", ctx.Err())
	}
	doc, found, err := s.cfg.Risk(ctx, id)
	switch {
	case errors.Is(err, ErrRiskUnavailable):
		return errorf(CodeNotReady, "%v", err)
	case err != nil:
		return unavailable(ctx, "the risk report", err)
	case !found:
		return errorf(CodeNotFound, "no program %s", id)
	}
	writeJSON(w, http.StatusOK, doc)
	return nil
}
