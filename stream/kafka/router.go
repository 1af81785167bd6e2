package kafka

import (
	"strconv"

	kafkago "github.com/segmentio/kafka-go"
)

// HeaderPartition names the partition a message goes to, whatever its key:
// it carries the copies of an input without a program, one per partition.
const HeaderPartition = "techcredit-partition"

// ProgramPartition is the partition of a key's inputs among n (a
// program's key is its kafka_key, Keys.Of): (murmur2(key) & 0x7fffffff) mod n, the Java client's default for
// keyed messages (kafka-go Murmur2Balancer, kcat -X partitioner=murmur2_random).
func ProgramPartition(program string, n int) int {
	return programPartition(program, partitionIDs(n))
}

// programPartition is ProgramPartition among parts, 0..n-1 (the partition
// gate keeps its own, so that checking an input allocates nothing).
func programPartition(program string, parts []int) int {
	return kafkago.Murmur2Balancer{}.Balance(kafkago.Message{Key: []byte(program)}, parts...)
}

// partitionIDs is 0..n-1.
func partitionIDs(n int) []int {
	parts := make([]int, n)
	for i := range parts {
		parts[i] = i
	}
	return parts
}

// InputMessages are the messages that carry one input to topic among n
// partitions, and the partition of each: one message with the input's key
// (Keys.InputKey: its program's kafka_key or its fund), which Router places
// on ProgramPartition; or, for an input without a key (net assets,
// projects: every partition's engine needs them), one copy per partition,
// each naming it in HeaderPartition. Every message carries headers as well.
func InputMessages(topic, key string, value []byte, n int, headers []kafkago.Header) ([]kafkago.Message, []int) {
	if key != "" {
		m := kafkago.Message{Topic: topic, Key: []byte(key), Value: value, Headers: headers}
		return []kafkago.Message{m}, []int{ProgramPartition(key, n)}
	}
	msgs, parts := make([]kafkago.Message, n), make([]int, n)
	for p := range n {
		h := append([]kafkago.Header{{Key: HeaderPartition, Value: []byte(strconv.Itoa(p))}}, headers...)
		msgs[p], parts[p] = kafkago.Message{Topic: topic, Value: value, Headers: h}, p
	}
	return msgs, parts
}

// Router is the balancer of every producer of inputs (the API's
// submitter, techcredit ingest): the partition a message's HeaderPartition
// names, else murmur2 of its key as ProgramPartition computes it.
type Router struct{}

// Balance implements kafkago.Balancer.
func (Router) Balance(m kafkago.Message, partitions ...int) int {
	for _, h := range m.Headers {
		if h.Key == HeaderPartition {
			if p, err := strconv.Atoi(string(h.Value)); err == nil && p >= 0 && p < len(partitions) {
				return partitions[p]
			}
		}
	}
	return kafkago.Murmur2Balancer{}.Balance(m, partitions...)
}
