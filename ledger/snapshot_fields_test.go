package ledger

import (
	"reflect"
	"slices"
	"testing"

	"github.com/techcredit/techcredit/risk"
)

// TestSnapshotCoversEveryField fails when a type whose values make up the
// engine's state gains, loses or renames a field: the snapshot format
// (snapshot.go and the entity's snapshot_<entity>.go, encode and decode side by side) must then be extended, and
// SnapshotVersion raised when old snapshots can no longer be read. A field
// that is not state (a cache, the input being applied) is listed in
// engineScratch instead.
func TestSnapshotCoversEveryField(t *testing.T) {
	covered := []struct {
		typ    reflect.Type
		fields []string
	}{
		{reflect.TypeFor[Engine](), []string{"rules", "programs", "programIDs", "loans", "claims", "borrowers",
			"guarantors", "projects", "enterprises", "projectsByEnterprise", "book", "seen", "inputs", "applied", "duplicates",
			"rejected", "fatal", "subsidies", "calendar", "funds", "fundIDs", "roadshow"}},
		{reflect.TypeFor[Fund](), []string{"Def", "funders", "Investments", "order", "Invested", "RoundSizes", "Proceeds",
			"Early", "Small", "HardTech"}},
		{reflect.TypeFor[Investment](), []string{"ID", "Project", "Enterprise", "RoundSize", "Amount", "CoInvestors",
			"InvestedOn", "Early", "Small", "HardTech", "Exited", "Proceeds", "ExitedOn"}},
		{reflect.TypeFor[CoInvestment](), []string{"Investor", "Amount"}},
		{reflect.TypeFor[risk.Fund](), []string{"ID", "Name", "Currency", "GovernmentShareMax", "MinLeverage",
			"HardTechSectors", "EarlyStages"}},
		{reflect.TypeFor[roadshowBook](), []string{"byProject", "inUse"}},
		{reflect.TypeFor[Interest](), []string{"Caller", "Kind", "InterestAmount", "Committed"}},
		{reflect.TypeFor[Program](), []string{"Def", "Loans", "CoveredLoans", "PortfolioVolume", "Paid", "Recovered",
			"Claims", "banks", "bankIDs", "queue", "payableTotal", "funders"}},
		{reflect.TypeFor[programBank](), []string{"id", "defaultedLoss", "remainingLoss", "yearPayable", "claims", "coveredInForce"}},
		{reflect.TypeFor[Loan](), []string{"ID", "Program", "Bank", "DisbursedOn", "Borrower", "Guarantor", "Small", "Principal",
			"Outstanding", "UnpaidInterest", "NetRecovered", "Status", "DaysPastDue", "Covered", "UncoveredReason", "Claim", "Filed", "Filing",
			"InterestPaid", "Delinquent"}},
		{reflect.TypeFor[LoanFiling](), []string{"Status", "FiledOn", "Documents", "FiledAt", "DecidedBy", "DecidedAt", "Reason", "Park"}},
		{reflect.TypeFor[DocumentData](), []string{"Kind", "SHA256"}},
		{reflect.TypeFor[Enterprise](), []string{"ID", "Name", "Sector", "Size", "Park", "TechSMENumber", "TechSMEYear",
			"Staff", "HasStaff", "Revenue", "HasRevenue", "Assets", "HasAssets", "RegisteredBy", "UpdatedAt"}},
		{reflect.TypeFor[risk.Filing](), []string{"WindowMonths", "Documents", "CapPerBorrower", "QualifiedOnly"}},
		{reflect.TypeFor[Claim](), []string{"ID", "Loan", "Program", "Order", "Year", "OpenedAt", "Status", "Assessment",
			"Decision", "Recovered", "RejectReason", "Review"}},
		{reflect.TypeFor[ClaimReview](), []string{"DefaultOn", "SubmitBy", "SubmittedOn", "Documents", "ReviewBy", "ReviewedOn",
			"ReviewedBy", "Decision", "ReturnReason", "DecideBy"}},
		{reflect.TypeFor[risk.ClaimReview](), []string{"Documents", "SubmitWithinDays", "ReviewWorkingDays", "DecideWorkingDays"}},
		{reflect.TypeFor[risk.Calendar](), []string{"Holidays", "Workdays"}},
		{reflect.TypeFor[Decision](), []string{"Paid", "Owed", "Approvals", "NeedsTwo"}},
		{reflect.TypeFor[Borrower](), []string{"ID", "Name", "Sector", "Size", "Loans"}},
		{reflect.TypeFor[Guarantor](), []string{"ID", "NetAssets", "NetAssetsKnown", "NetAssetsAsOf", "borrowers", "mix", "liability"}},
		{reflect.TypeFor[guaranteedBorrower](), []string{"balance", "small"}},
		{reflect.TypeFor[Project](), []string{"ID", "Enterprise", "Title", "Sector", "Stage", "FundingSought", "RoadshowOn",
			"Status", "Summary", "RegisteredBy", "UpdatedAt"}},
		{reflect.TypeFor[Book](), []string{"accounts", "transactions"}},
		{reflect.TypeFor[accountBalance](), []string{"balance", "currency"}},
		{reflect.TypeFor[Account](), []string{"Kind", "Program", "Party"}},
		{reflect.TypeFor[seenInput](), []string{"content", "code"}},
		{reflect.TypeFor[Rejection](), []string{"Seq", "ID", "Source", "Type", "Code", "Message"}},
		{reflect.TypeFor[risk.Program](), []string{"ID", "Name", "Kind", "Currency", "ClaimTriggerDaysPastDue",
			"DualApprovalThreshold", "MaxLeverage", "Shares", "Covers", "PerLoanCap", "PerBankAnnualCap",
			"BankNPLSuspendRatio", "GuaranteeRate", "CapRate", "CapBasis", "Filing", "InterestSubsidy", "ClaimReview"}},
		{reflect.TypeFor[risk.InterestSubsidy](), []string{"Rate", "CapPerBorrower"}},
		{reflect.TypeFor[subsidyBook](), []string{"byID", "programs", "touched"}},
		{reflect.TypeFor[programSubsidies](), []string{"list", "queue", "funders", "paid", "granted"}},
		{reflect.TypeFor[Subsidy](), []string{"ID", "Program", "Loan", "Year", "Interest", "Amount", "Status",
			"Decision", "RejectReason"}},
		{reflect.TypeFor[YearAmount](), []string{"Year", "Amount"}},
		{reflect.TypeFor[risk.FunderShare](), []string{"Party", "Ratio"}},
		{reflect.TypeFor[risk.GuarantorRules](), []string{"LeverageLimit", "LeverageLimitSmall", "SmallBorrowerWeight",
			"SmallBorrowerBalanceMax"}},
		{reflect.TypeFor[risk.GuarantorMix](), []string{"Balance", "SmallBalance", "Borrowers", "SmallBorrowers"}},
		{reflect.TypeFor[risk.Assessment](), []string{"Loss", "Shares", "Payable"}},
		{reflect.TypeFor[risk.Share](), []string{"Party", "Amount"}},
	}
	for _, c := range covered {
		var got []string
		for i := range c.typ.NumField() {
			name := c.typ.Field(i).Name
			if c.typ == reflect.TypeFor[Engine]() && engineScratch[name] {
				continue
			}
			if c.typ == reflect.TypeFor[risk.Program]() && name == "Risk" {
				// The adequacy assumptions change no state: a restore takes
				// them from its cfg (nil cfg: the defaults apply).
				continue
			}
			if c.typ == reflect.TypeFor[risk.Program]() && name == "KafkaKey" {
				// The Kafka key only places inputs on partitions (the
				// transport reads it from the programs file it starts
				// with); it changes no state.
				continue
			}
			got = append(got, name)
		}
		slices.Sort(got)
		want := slices.Sorted(slices.Values(c.fields))
		if !slices.Equal(got, want) {
			t.Errorf("%s has fields %v, the snapshot covers %v: extend the snapshot format (and SnapshotVersion) "+
				"or, for an Engine field that is not state, engineScratch", c.typ, got, want)
		}
	}
}
