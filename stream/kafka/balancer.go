package kafka

import (
	"sort"

	kafkago "github.com/segmentio/kafka-go"
)

// pairedRangeBalancer assigns partition ranges by partition id, the same
// ranges for every topic, so that partition p of bank events and of
// commands always go to the same member (and so to the same engine).
// kafka-go's RangeGroupBalancer slices partitions in metadata order, which
// may differ between topics.
type pairedRangeBalancer struct{}

func (pairedRangeBalancer) ProtocolName() string { return "techcredit-paired-range" }

func (pairedRangeBalancer) UserData() ([]byte, error) { return nil, nil }

// AssignGroups gives member i of n (sorted by id) the partition ids
// [i·P/n, (i+1)·P/n) of every topic it consumes.
func (pairedRangeBalancer) AssignGroups(members []kafkago.GroupMember, partitions []kafkago.Partition) kafkago.GroupMemberAssignments {
	ids := make([]string, len(members))
	topicsOf := map[string]map[string]bool{}
	for i, m := range members {
		ids[i] = m.ID
		topicsOf[m.ID] = map[string]bool{}
		for _, t := range m.Topics {
			topicsOf[m.ID][t] = true
		}
	}
	sort.Strings(ids)
	byTopic := map[string][]int{}
	for _, p := range partitions {
		byTopic[p.Topic] = append(byTopic[p.Topic], p.ID)
	}
	out := kafkago.GroupMemberAssignments{}
	for _, id := range ids {
		out[id] = map[string][]int{}
	}
	for topic, parts := range byTopic {
		sort.Ints(parts)
		var consumers []string
		for _, id := range ids {
			if topicsOf[id][topic] {
				consumers = append(consumers, id)
			}
		}
		n := len(consumers)
		for i, id := range consumers {
			lo, hi := i*len(parts)/n, (i+1)*len(parts)/n
			out[id][topic] = append([]int(nil), parts[lo:hi]...)
		}
	}
	return out
}
