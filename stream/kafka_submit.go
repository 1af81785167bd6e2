package stream

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"

	"github.com/techcredit/techcredit/ledger"
)

// Submit applies inputs that arrive over HTTP in Kafka mode on the runner
// of their program's partition, which journals them on that partition like
// any consumed input. This instance must own the partition; an input
// without a program (net assets, projects) goes to every partition, which
// it must then all own. Outcomes are in input order.
func (k *KafkaEngine) Submit(ctx context.Context, items []Item) ([]ledger.Outcome, error) {
	owned := k.Owned()
	byPart := map[int][]int{} // partition → indexes of items
	broadcast := []int{}
	for i, it := range items {
		var env struct {
			Program string `json:"program"`
		}
		if json.Unmarshal(it.Raw, &env) != nil || env.Program == "" {
			broadcast = append(broadcast, i)
			continue
		}
		p := ProgramPartition(env.Program, k.cfg.Partitions)
		byPart[p] = append(byPart[p], i)
	}
	if len(broadcast) > 0 && len(owned) != k.cfg.Partitions {
		return nil, fmt.Errorf("%w: inputs without a program go to every partition; this instance owns %d of %d",
			ErrNotReady, len(owned), k.cfg.Partitions)
	}
	for p := range byPart {
		if owned[p] == nil {
			return nil, fmt.Errorf("%w: partition %d is owned by another instance", ErrNotReady, p)
		}
	}
	outs := make([]ledger.Outcome, len(items))
	parts := make([]int, 0, len(owned))
	for p := range owned {
		parts = append(parts, p)
	}
	sort.Ints(parts)
	for _, p := range parts {
		idx := append(append([]int(nil), byPart[p]...), broadcast...)
		sort.Ints(idx)
		if len(idx) == 0 {
			continue
		}
		batch := make([]Item, len(idx))
		for j, i := range idx {
			batch[j] = items[i]
		}
		got, err := owned[p].Submit(ctx, batch)
		if err != nil {
			return nil, err
		}
		for j, i := range idx {
			if outs[i].Status == 0 { // a broadcast input reports its first partition's outcome
				outs[i] = got[j]
			}
		}
	}
	return outs, nil
}
