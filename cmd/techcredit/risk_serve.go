package main

import (
	"context"
	"fmt"

	"github.com/techcredit/techcredit/api"
	"github.com/techcredit/techcredit/ledger"
)

// riskHook is the API's Risk hook (GET /v1/programs/{id}/risk) over a
// writer's Do: api.WriterRisk builds the program's adequacy inputs on the
// writer, between batches, and runs the analysis off it.
//
// The embedded mode passes runner.Do. The Kafka mode passes nil for now:
// its reports answer 503 not_ready. LEAD: to serve them there, pass a Do
// that runs on the engine owning the program's partition (answering
// api.ErrRiskUnavailable when this instance does not own it).
func riskHook(do func(context.Context, func(*ledger.Engine)) error) api.RiskFunc {
	if do == nil {
		return func(context.Context, string) (any, bool, error) {
			return nil, false, fmt.Errorf("%w in the Kafka mode yet: run `techcredit risk program` on the inputs", api.ErrRiskUnavailable)
		}
	}
	return api.WriterRisk(do)
}
