package ledger

import (
	"testing"
	"time"
)

// TestDatesCloseTheAnnualCapEscape reproduces issue 13.6: a default dated
// before its loan's disbursement, with an at in 2099, opened its claim in
// a year of its own and escaped the bank's annual cap (payable 700,000.00
// instead of 0.00). Now the at is refused against the arrival and the
// as_of against disbursed_on (bad_date); the honest default pays nothing.
func TestDatesCloseTheAnnualCapEscape(t *testing.T) {
	programs := programsOf(poolProgram("yr", `,"per_bank_annual_cap":"700000.00","claim_trigger_days_past_due":0`))
	const none = " paid=0.00 owed=0.00 recovered=0.00 approvals="
	const capUsed = `pending loss=1000000.00 shares={"province":"0.00","city":"0.00","bank":"1000000.00"} payable=0.00` + none
	const escaped = `pending loss=1000000.00 shares={"province":"350000.00","city":"350000.00","bank":"300000.00"} payable=700000.00` + none
	setup := func(t *testing.T, meta Meta) *scenario {
		s := newScenario(t, programs)
		s.meta = meta
		s.at = "2026-03-01T09:00:00+08:00"
		s.fund("yr", "5000000.00")
		s.disburse(bank1, "yr", "b1-L1", "e1", "small", "1000000.00", "")
		s.defaultLoan(bank1, "yr", "b1-L1")
		s.wantClaim("yr/b1-L1", escaped) // the first claim of 2026 uses up the cap
		s.at = "2026-06-01T09:00:00+08:00"
		s.ok(TypeLoanDisbursed, bank1, "yr", obj("loan", "b1-L2", "borrower", rawJSON(obj("id", "e2", "name", "Firm e2", "sector", "software", "size", "small")),
			"principal", "1000000.00", "annual_rate", "0.04", "term_months", 36, "disbursed_on", "2026-06-01"))
		return s
	}
	arrival := time.Date(2026, 6, 2, 1, 0, 0, 0, time.UTC)
	backdated := obj("loan", "b1-L2", "as_of", "2026-05-01")

	t.Run("refused", func(t *testing.T) {
		s := setup(t, Meta{Arrival: arrival})
		s.at = "2099-01-01T09:00:00+08:00"
		s.refused(CodeBadDate, TypeLoanDefaulted, bank1, "yr", obj("loan", "b1-L2", "as_of", "2026-06-02"))
		s.at = "2026-06-02T09:00:00+08:00"
		s.refused(CodeBadDate, TypeLoanDefaulted, bank1, "yr", backdated)
		s.noClaim("yr/b1-L2")
		s.ok(TypeLoanDefaulted, bank1, "yr", obj("loan", "b1-L2", "as_of", "2026-06-02"))
		s.wantClaim("yr/b1-L2", capUsed)
	})
	t.Run("a replay of plain files skips only the arrival check", func(t *testing.T) {
		s := setup(t, Meta{})
		s.at = "2099-01-01T09:00:00+08:00"
		s.refused(CodeBadDate, TypeLoanDefaulted, bank1, "yr", backdated)
	})
	t.Run("old rules replay as judged", func(t *testing.T) {
		s := setup(t, Meta{Rules: RulesStrictJSON, Arrival: arrival})
		s.at = "2099-01-01T09:00:00+08:00"
		s.ok(TypeLoanDefaulted, bank1, "yr", backdated)
		s.wantClaim("yr/b1-L2", escaped)
	})
}

// TestAtAgainstArrival: an at up to 24 hours after the arrival is taken
// (a bank's clock may run ahead), one second more is bad_date.
func TestAtAgainstArrival(t *testing.T) {
	s := newScenario(t, programsOf(poolProgram("pool", "")))
	s.meta = Meta{Arrival: time.Date(2026, 3, 1, 1, 0, 0, 0, time.UTC)}
	s.at = "2026-03-02T09:00:00+08:00" // exactly 24 hours after the arrival
	s.fund("pool", "1.00")
	s.at = "2026-03-02T01:00:01Z"
	s.refused(CodeBadDate, TypePoolFunded, finLi, "pool", fundedData("city", "1.00"))
	s.at = "2025-01-01T00:00:00Z" // long before the arrival: a late report
	s.fund("pool", "1.00")
}
