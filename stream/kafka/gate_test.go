package kafka

import (
	"testing"

	"github.com/techcredit/techcredit/ledger"
)

// TestPartitionGate: the verdicts of the gate on each topic.
func TestPartitionGate(t *testing.T) {
	right := ProgramPartition("dz-lukedai", 3)
	g := newPartitionGate(right, 3, nil)
	other := newPartitionGate((right+1)%3, 3, nil)
	code := func(r *ledger.Reject) string {
		if r == nil {
			return "admitted"
		}
		return r.Code.String()
	}
	for _, c := range []struct {
		name string
		got  *ledger.Reject
		want string
	}{
		{"bank on its partition", g.admitBankEvent("dz-lukedai", "bank:b1"), "admitted"},
		{"guarantor on its partition", g.admitBankEvent("dz-lukedai", "guarantor:g1"), "admitted"},
		{"bank on another partition", other.admitBankEvent("dz-lukedai", "bank:b1"), "wrong_partition"},
		{"finance on bank-events", g.admitBankEvent("dz-lukedai", "finance:li"), "forbidden"},
		{"admin on bank-events without program", g.admitBankEvent("", "admin:root"), "forbidden"},
		{"source without role: the engine answers", g.admitBankEvent("dz-lukedai", "nobody"), "admitted"},
		{"finance on commands", g.admitCommand("dz-lukedai", "finance:li"), "admitted"},
		{"command on another partition", other.admitCommand("dz-lukedai", "finance:li"), "wrong_partition"},
		{"command without program: every partition", other.admitCommand("", "admin:root"), "admitted"},
	} {
		if got := code(c.got); got != c.want {
			t.Errorf("%s: got %s, want %s", c.name, got, c.want)
		}
	}
}
