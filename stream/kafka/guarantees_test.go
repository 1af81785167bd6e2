package kafka

import (
	"fmt"
	"testing"

	"github.com/techcredit/techcredit/internal/streamtest"
	"github.com/techcredit/techcredit/risk"
)

// guaranteeProgramsApart is a programs file of two guarantee programs whose
// ids fall on different partitions, with their ids; both carry kafka_key key
// unless it is empty.
func guaranteeProgramsApart(cfg Config, key string) (ids []string, programs []byte) {
	taken := map[int]bool{}
	for i := 0; len(ids) < 2; i++ {
		id := fmt.Sprintf("gp-%d", i)
		if p := ProgramPartition(id, cfg.Partitions); !taken[p] {
			taken[p] = true
			ids = append(ids, id)
		}
	}
	keyMember := ""
	if key != "" {
		keyMember = `"kafka_key":"` + key + `",`
	}
	program := func(id string) string {
		return `{"id":"` + id + `","name":"` + id + `","kind":"guarantee_program","currency":"CNY",` + keyMember + `"shares":[` +
			`{"party":"guarantor","ratio":"0.40"},{"party":"reguarantor","ratio":"0.30"},{"party":"bank","ratio":"0.20"},{"party":"government","ratio":"0.10"}]}`
	}
	return ids, []byte(`{"programs":[` + program(ids[0]) + `,` + program(ids[1]) + `]}`)
}

// guarantorLoan is the disbursement of a medium borrower's loan in program,
// guaranteed by g1.
func guarantorLoan(id, program, principal string) []byte {
	return []byte(`{"id":"d-` + id + `","type":"loan.disbursed","source":"bank:b1","program":"` + program +
		`","at":"2026-02-01T09:00:00+08:00","data":{"loan":"` + id + `","borrower":{"id":"e-` + id +
		`","name":"n","sector":"software","size":"medium"},"principal":"` + principal +
		`","annual_rate":"0.04","term_months":36,"disbursed_on":"2026-02-01","guarantor":"g1"}}`)
}

// checkedPrograms parses a programs file and checks its guarantee
// programs' keys, as the Kafka mode does before it starts.
func checkedPrograms(t *testing.T, programs []byte) *risk.Config {
	t.Helper()
	pc := streamtest.ParsePrograms(t, programs)
	if err := CheckGuaranteeKeys(pc); err != nil {
		t.Fatal(err)
	}
	return pc
}

// keyedProducer is a producer that keys inputs by the programs' kafka
// keys; it is closed at the end of the test.
func keyedProducer(t *testing.T, cfg Config, pc *risk.Config) *Producer {
	t.Helper()
	cfg.Keys = KeysOf(pc)
	prod, err := NewProducer(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { prod.Close() })
	return prod
}
