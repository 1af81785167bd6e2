package kafka

import (
	"context"
	"fmt"

	kafkago "github.com/segmentio/kafka-go"
)

// catchUp is how far one owned partition must get before the instance is
// ready: the end offsets of its input topics' partitions when it was
// assigned, and the last offset of each the journal has settled since.
// Settled offsets only grow; the partition is caught up once each topic's
// next offset reaches its target.
type catchUp struct {
	target map[string]int64 // topic → its end offset at assignment
	next   map[string]int64 // topic → the offset after the last one journaled
}

func (c *catchUp) done() bool {
	for topic, end := range c.target {
		if c.next[topic] < end {
			return false
		}
	}
	return true
}

// endOffsets are the high watermarks (the offset the next message gets)
// of partition p of each topic.
func endOffsets(ctx context.Context, cfg Config, p int, topics []string) (map[string]int64, error) {
	client := &kafkago.Client{Addr: kafkago.TCP(cfg.Brokers...), Timeout: cfg.IOTimeout}
	req := &kafkago.ListOffsetsRequest{Topics: map[string][]kafkago.OffsetRequest{}}
	for _, t := range topics {
		req.Topics[t] = []kafkago.OffsetRequest{kafkago.LastOffsetOf(p)}
	}
	resp, err := client.ListOffsets(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("input partition %d offsets: %w", p, err)
	}
	out := map[string]int64{}
	for _, t := range topics {
		for _, po := range resp.Topics[t] {
			if po.Partition != p {
				continue
			}
			if po.Error != nil {
				return nil, fmt.Errorf("%s partition %d offsets: %w", t, p, po.Error)
			}
			out[t] = po.LastOffset
		}
		if _, ok := out[t]; !ok {
			return nil, fmt.Errorf("%s partition %d: no offsets returned", t, p)
		}
	}
	return out, nil
}

// startCatchUp records partition p's targets; next holds where its
// readers start (what the journal already has).
func (k *Engine) startCatchUp(p int, target, next map[string]int64) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.catchUps[p] = &catchUp{target: target, next: next}
}

// settled notes that partition p's journal holds the messages of msgs.
func (k *Engine) settled(p int, msgs []kafkago.Message) {
	k.mu.Lock()
	defer k.mu.Unlock()
	c := k.catchUps[p]
	if c == nil {
		return
	}
	for _, m := range msgs {
		c.next[m.Topic] = max(c.next[m.Topic], m.Offset+1)
	}
}

// Ready reports whether this instance owns its partitions and has caught
// up: it is in a generation that assigned it at least one partition, it
// runs every partition assigned (each rebuilt from its journal), and each
// has journaled its input topics up to the end offsets read when it was
// assigned. Between generations (a rebalance, a broker lost) it is not
// ready: the partitions it ran may already be another instance's.
func (k *Engine) Ready() bool {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.assigned == 0 || len(k.owned) != k.assigned {
		return false
	}
	for p, r := range k.owned {
		if c := k.catchUps[p]; c == nil || !c.done() || !r.Ready() {
			return false
		}
	}
	return true
}

// endGeneration notes that gen ended (nil: whichever was current, as when
// the group fails): no partition is assigned until the next one.
func (k *Engine) endGeneration(gen *kafkago.Generation) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if gen == nil || k.generation == gen {
		k.assigned, k.generation = 0, nil
	}
}
