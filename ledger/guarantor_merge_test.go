package ledger

import "testing"

// TestMergeGuarantorDocsOrderMatchesMergeStates: `state --kafka-brokers`
// merges partitions 0, 1, 2, ... in numeric order, and ties in liability
// keep the first part's limit and net assets: the read model orders
// partition names by their number too ("2" before "10", as strings it was
// the other way from 11 partitions on).
func TestMergeGuarantorDocsOrderMatchesMergeStates(t *testing.T) {
	na2, na10 := "1000000.00", "2000000.00"
	p2 := GuarantorDoc{ID: "g1", NetAssets: &na2, Liability: "500000.00", Limit: "15.0000", Partition: "2"}
	p10 := GuarantorDoc{ID: "g1", NetAssets: &na10, Liability: "500000.00", Limit: "10.0000", Partition: "10"}

	strip := func(d GuarantorDoc) GuarantorDoc { d.Partition = ""; return d }
	st := MergeStates([]*State{{Guarantors: []GuarantorDoc{strip(p2)}}, {Guarantors: []GuarantorDoc{strip(p10)}}})
	want := st.Guarantors[0]
	got := MergeGuarantorDocs([]GuarantorDoc{p10, p2})
	if got.Limit != want.Limit || *got.NetAssets != *want.NetAssets || *got.Leverage != *want.Leverage {
		t.Errorf("read model: limit %s net assets %s leverage %s; state document: limit %s net assets %s leverage %s",
			got.Limit, *got.NetAssets, *got.Leverage, want.Limit, *want.NetAssets, *want.Leverage)
	}
	p2.Partition, p10.Partition = "techcredit.journal-2", "techcredit.journal-10"
	if got := MergeGuarantorDocs([]GuarantorDoc{p10, p2}); got.Limit != want.Limit || got.Partition != "" {
		t.Errorf("Kafka partition names: limit %s partition %q, want %s and none", got.Limit, got.Partition, want.Limit)
	}
}
