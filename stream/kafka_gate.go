package stream

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/segmentio/kafka-go"
	"github.com/techcredit/techcredit/ledger"
)

// Headers the API sets on the inputs it produces: the source the caller's
// token proves (it replaces the body's, as over HTTP in the embedded mode)
// and the admin who imported an input. Kafka ACLs decide who may produce.
const (
	HeaderSource     = "techcredit-source"
	HeaderImportedBy = "techcredit-imported-by"
)

// ProgramPartition is the partition of a program's inputs among n:
// (murmur2(program id) & 0x7fffffff) mod n, the Java client's default for
// keyed messages (kafka-go Murmur2Balancer, kcat -X partitioner=murmur2_random).
func ProgramPartition(program string, n int) int {
	parts := make([]int, n)
	for i := range parts {
		parts[i] = i
	}
	return (&kafka.Murmur2Balancer{}).Balance(kafka.Message{Key: []byte(program)}, parts...)
}

// gateMessage turns a consumed message into an engine item, with the
// transport's verdict when the message is on the wrong partition or on a
// topic its source may not use. Anything else (even garbage) goes to the
// engine, which rejects it with a code; nothing is dropped.
func gateMessage(m kafka.Message, partitions int, bankEvents bool) Item {
	it := Item{Raw: m.Value, Origin: &Origin{Topic: m.Topic, Partition: int32(m.Partition), Offset: m.Offset}}
	for _, h := range m.Headers {
		switch h.Key {
		case HeaderSource:
			it.Meta.Source = string(h.Value)
		case HeaderImportedBy:
			it.ImportedBy = string(h.Value)
		}
	}
	var env struct {
		Program string `json:"program"`
		Source  string `json:"source"`
	}
	if json.Unmarshal(m.Value, &env) != nil {
		return it
	}
	if it.Meta.Source != "" {
		env.Source = it.Meta.Source
	}
	if env.Program != "" {
		if want := ProgramPartition(env.Program, partitions); want != m.Partition {
			it.Reject = &ledger.Reject{Code: ledger.CodeWrongPartition, Message: fmt.Sprintf(
				"program %s belongs on partition %d of %d, not %d: key messages by program id with the murmur2 partitioner",
				env.Program, want, partitions, m.Partition)}
			return it
		}
	}
	if bankEvents {
		role, _, _ := strings.Cut(env.Source, ":")
		if role != ledger.RoleBank && role != ledger.RoleGuarantor && strings.Contains(env.Source, ":") {
			it.Reject = &ledger.Reject{Code: ledger.CodeForbidden, Message: fmt.Sprintf(
				"%s accepts only bank and guarantor sources, not %s", TopicBankEvents, env.Source)}
		}
	}
	return it
}

// deadLettered reports whether an outcome means the message could not even
// be decoded or does not belong here: those also go to the DLQ.
func deadLettered(out ledger.Outcome) bool {
	switch out.Code {
	case ledger.CodeBadJSON, ledger.CodeBadEnvelope, ledger.CodeWrongPartition:
		return out.Status == ledger.StatusRejected
	}
	return false
}
