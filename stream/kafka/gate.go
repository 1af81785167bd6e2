package kafka

import (
	"fmt"
	"strings"

	kafkago "github.com/segmentio/kafka-go"

	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/stream/journal"
)

// Headers the API sets on the inputs it produces: the source the caller's
// token proves (it replaces the body's, as over HTTP in the embedded mode)
// and the admin who imported an input. Kafka ACLs decide who may produce.
const (
	HeaderSource     = "techcredit-source"
	HeaderImportedBy = "techcredit-imported-by"
)

// partitionGate is the transport's check of the inputs consumed from one
// partition: a program's inputs belong on its partition, and the bank-events
// topic carries only bank, guarantor, investor and fund sources. The engine calls it with the
// envelope it decodes anyway (ledger.Meta.Admit), so a message is decoded
// once. It belongs to the partition's runner goroutine.
type partitionGate struct {
	partition, partitions int
	keys                  Keys  // each program's kafka_key
	parts                 []int // 0..partitions-1, reused: no allocation per input
	// The checks as func values, made once: a method value made per
	// message is an allocation per message.
	admitCommandFn, admitBankEventFn func(program, source string) *ledger.Reject
}

func newPartitionGate(partition, partitions int, keys Keys) *partitionGate {
	g := &partitionGate{partition: partition, partitions: partitions, keys: keys, parts: partitionIDs(partitions)}
	g.admitCommandFn, g.admitBankEventFn = g.admitCommand, g.admitBankEvent
	return g
}

func (g *partitionGate) admitCommand(program, _ string) *ledger.Reject {
	if program == "" {
		return nil
	}
	key := g.keys.Of(program)
	if want := programPartition(key, g.parts); want != g.partition {
		return &ledger.Reject{Code: ledger.CodeWrongPartition, Message: fmt.Sprintf(
			"program %s (kafka_key %s) belongs on partition %d of %d, not %d: key messages by the program's kafka_key with the murmur2 partitioner",
			program, key, want, g.partitions, g.partition)}
	}
	return nil
}

func (g *partitionGate) admitBankEvent(program, source string) *ledger.Reject {
	if rej := g.admitCommand(program, source); rej != nil {
		return rej
	}
	// The topic of the parties outside the city's offices: banks,
	// guarantors, and since SPEC §13 investors and fund managers; finance
	// and admin act through the commands topic.
	role, _, _ := strings.Cut(source, ":")
	switch role {
	case ledger.RoleBank, ledger.RoleGuarantor, ledger.RoleInvestor, ledger.RoleFund:
	default:
		if strings.Contains(source, ":") {
			return &ledger.Reject{Code: ledger.CodeForbidden, Message: fmt.Sprintf(
				"%s accepts only bank, guarantor, investor and fund sources, not %s", TopicBankEvents, source)}
		}
	}
	return nil
}

// gateMessage turns a consumed message into an engine item whose envelope
// the gate checks. Anything (even garbage) goes to the engine, which
// rejects it with a code; nothing is dropped.
func (g *partitionGate) gateMessage(m kafkago.Message, bankEvents bool, origin *journal.Origin) journal.Item {
	*origin = journal.Origin{Topic: m.Topic, Partition: int32(m.Partition), Offset: m.Offset}
	// The record's timestamp is the input's arrival (SPEC §4 "Dates").
	it := journal.Item{Raw: m.Value, Meta: ledger.Meta{Arrival: m.Time}, Origin: origin}
	for _, h := range m.Headers {
		switch h.Key {
		case HeaderSource:
			it.Meta.Source = string(h.Value)
		case HeaderImportedBy:
			it.Meta.ImportedBy = string(h.Value)
		}
	}
	it.Meta.Admit = g.admitCommandFn
	if bankEvents {
		it.Meta.Admit = g.admitBankEventFn
	}
	return it
}

// gateBatch gates a batch of messages consumed from the partition's topics;
// their origins share one allocation, not one each.
func (g *partitionGate) gateBatch(batch []kafkago.Message, bankEvents string) []journal.Item {
	items := make([]journal.Item, len(batch))
	origins := make([]journal.Origin, len(batch))
	for i, m := range batch {
		items[i] = g.gateMessage(m, m.Topic == bankEvents, &origins[i])
	}
	return items
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
