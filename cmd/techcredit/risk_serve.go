package main

import (
	"context"
	"fmt"

	"github.com/techcredit/techcredit/api"
	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/stream/kafka"
)

// riskHook is the API's Risk hook (GET /v1/programs/{id}/risk) over a
// writer's Do: api.WriterRisk builds the program's adequacy inputs on the
// writer, between batches, and runs the analysis off it.
func riskHook(do func(context.Context, func(*ledger.Engine)) error) api.RiskFunc {
	return api.WriterRisk(do)
}

// kafkaRiskHook answers a program's report on the engine of the program's
// partition when this instance owns it; another instance's program is
// unavailable here (503), as its documents come from that instance.
func kafkaRiskHook(k *kafka.Engine) api.RiskFunc {
	return func(ctx context.Context, programID string) (any, bool, error) {
		r := k.Owned()[k.PartitionOf(programID)]
		if r == nil {
			return nil, false, fmt.Errorf("%w: program %s is on a partition another instance owns", api.ErrRiskUnavailable, programID)
		}
		return api.WriterRisk(r.Do)(ctx, programID)
	}
}
