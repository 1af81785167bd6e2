package report

import "testing"

// TestProjectsReport: the pipeline of the fund's worked example as of its
// end, with the roadshow's aggregates (counts and sums, no names), and as
// of a day before any interest was registered.
func TestProjectsReport(t *testing.T) {
	wantReport(t, example11(t, ""), Query{Kind: KindProjects},
		"p-chip|e-chip|车规级芯片|ic|industrialization|roadshow||30000000.00|1|2|4500000.00|0.1500",
		"p-food|e-food|预制菜|food|research|roadshow||0.00|0|1|1000000.00|",
		"p-robot|e-robot|协作机器人|robotics|pilot|roadshow||15000000.00|0|0|0.00|0.0000")
	wantReport(t, example11(t, "2026-02-04"), Query{Kind: KindProjects, To: "2026-02-04"},
		"p-chip|e-chip|车规级芯片|ic|industrialization|roadshow||30000000.00|0|0|0.00|0.0000",
		"p-food|e-food|预制菜|food|research|roadshow||0.00|0|0|0.00|",
		"p-robot|e-robot|协作机器人|robotics|pilot|roadshow||15000000.00|0|0|0.00|0.0000")
	// The first day of the roadshow: on p-chip the bank's interest and two
	// investors' commitments of 3,000,000.00 and 1,500,000.00; on p-food a
	// commitment of 1,000,000.00 against nothing sought (no share).
	wantReport(t, example11(t, "2026-03-05"), Query{Kind: KindProjects, To: "2026-03-05"},
		"p-chip|e-chip|车规级芯片|ic|industrialization|roadshow||30000000.00|1|2|4500000.00|0.1500",
		"p-food|e-food|预制菜|food|research|roadshow||0.00|0|1|1000000.00|",
		"p-robot|e-robot|协作机器人|robotics|pilot|roadshow||15000000.00|0|0|0.00|0.0000")
}

// TestEnterprisesReport: the registry of the report fixture, as of its end
// and before the second registration.
func TestEnterprisesReport(t *testing.T) {
	wantReport(t, fixtureBook(t, ""), Query{Kind: KindEnterprises},
		"e1|芯片公司|ic|small|park-a|||||",
		"e2|Bio Co.|biomed|micro|park-b|||||")
	wantReport(t, fixtureBook(t, "2026-01-02"), Query{Kind: KindEnterprises, To: "2026-01-02"})
}
