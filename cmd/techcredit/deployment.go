package main

import (
	"context"
	"errors"
	"log/slog"

	"github.com/techcredit/techcredit/api"
)

// Deployment is one deployment mode of serve: the engine that applies the
// inputs, and what the API and the operations listener read of it. The
// embedded mode (deploy_embedded.go) and the Kafka mode (deploy_kafka.go)
// implement it; serve does not know which one runs.
type Deployment interface {
	// Run runs the engine until ctx ends (nil) or the engine fails.
	Run(ctx context.Context) error
	// API fills in what the API serves from: the submitter, the read
	// model, readiness, the risk reports and the engine's gauges.
	API(cfg *api.Config)
	// State is the state document (SPEC §7) of what this instance runs.
	State(ctx context.Context) ([]byte, error)
	// ControlSocket is where `techcredit state --data` finds this
	// instance ("" when the mode has no data directory of its own).
	ControlSocket() string
	// Close releases the journal and the producers once Run returned.
	Close() error
}

// openDeployment opens the mode cfg names: Kafka with --kafka-brokers,
// else the embedded journal.
func openDeployment(cfg ServeConfig, in serveInputs, rm readModel, log *slog.Logger) (Deployment, error) {
	if cfg.KafkaBrokers == "" {
		return asDeployment(openEmbedded(cfg, in, rm, log))
	}
	if in.programs == nil {
		return nil, errors.New("--programs is required in the Kafka mode")
	}
	return asDeployment(openKafka(cfg, in.programs, rm, log))
}

// asDeployment keeps a failed open's nil pointer out of the interface (a
// non-nil Deployment holding nil).
func asDeployment[D Deployment](d D, err error) (Deployment, error) {
	if err != nil {
		return nil, err
	}
	return d, nil
}
