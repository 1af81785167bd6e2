package kafka

import (
	"fmt"
	"testing"

	kafkago "github.com/segmentio/kafka-go"
)

func TestPairedRangeBalancerKeepsPartitionsTogether(t *testing.T) {
	members := []kafkago.GroupMember{{ID: "b", Topics: []string{"x", "y"}}, {ID: "a", Topics: []string{"x", "y"}}}
	// Metadata order differs between the topics.
	var parts []kafkago.Partition
	for _, id := range []int{2, 0, 3, 1} {
		parts = append(parts, kafkago.Partition{Topic: "x", ID: id})
	}
	for _, id := range []int{1, 3, 0, 2} {
		parts = append(parts, kafkago.Partition{Topic: "y", ID: id})
	}
	got := pairedRangeBalancer{}.AssignGroups(members, parts)
	for member, want := range map[string]string{"a": "[0 1]", "b": "[2 3]"} {
		for _, topic := range []string{"x", "y"} {
			if g := fmt.Sprint(got[member][topic]); g != want {
				t.Errorf("member %s topic %s: got %s, want %s", member, topic, g, want)
			}
		}
	}
}
