package kafka

import (
	"bytes"
	"fmt"
	"sort"
	"strings"

	"github.com/techcredit/techcredit/risk"
)

// Keys maps a program's id to its Kafka key (SPEC §2: the programs file's
// kafka_key, by default the id). A program it does not list, and a fund
// (SPEC §13: its key is the fund id), key by their own id.
type Keys map[string]string

// KeysOf is the key of every program of cfg that does not key by its id.
func KeysOf(cfg *risk.Config) Keys {
	keys := Keys{}
	for _, p := range cfg.Programs {
		if p.KafkaKey != "" && p.KafkaKey != p.ID {
			keys[p.ID] = p.KafkaKey
		}
	}
	return keys
}

// KeysOfFile is KeysOf a programs file; a file that does not parse keys
// every program by its id (the engine refuses such a file anyway).
func KeysOfFile(programsFile []byte) Keys {
	cfg, err := risk.ParsePrograms(bytes.NewReader(programsFile))
	if err != nil {
		return Keys{}
	}
	return KeysOf(cfg)
}

// Of is the key of a program's inputs.
func (k Keys) Of(program string) string {
	if key, ok := k[program]; ok {
		return key
	}
	return program
}

// InputKey is the key of an input whose envelope names program or fund:
// the program's key, else the fund id, else "" (an input of every
// partition, InputMessages).
func (k Keys) InputKey(program, fund string) string {
	if program != "" {
		return k.Of(program)
	}
	return fund
}

// CheckGuaranteeKeys refuses a programs file whose guarantee programs do
// not all have the same kafka_key (SPEC §2): guarantor leverage is one
// rule over every guarantee program, so the Kafka mode decides it as one
// engine does only when they all live on one partition. The error names
// each program with its key.
func CheckGuaranteeKeys(cfg *risk.Config) error {
	byKey := map[string][]string{}
	for _, p := range cfg.Programs {
		if p.Kind == risk.KindGuaranteeProgram {
			byKey[p.KafkaKey] = append(byKey[p.KafkaKey], p.ID)
		}
	}
	if len(byKey) <= 1 {
		return nil
	}
	var parts []string
	for key, ids := range byKey {
		parts = append(parts, fmt.Sprintf("%s (kafka_key %s)", strings.Join(ids, ", "), key))
	}
	sort.Strings(parts)
	return fmt.Errorf("%w: the guarantee programs must share one kafka_key in the Kafka mode, so that guarantor leverage sees all of a guarantor's liability on one partition: %s",
		risk.ErrInvalidPrograms, strings.Join(parts, "; "))
}
