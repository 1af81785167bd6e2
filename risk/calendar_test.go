package risk

import (
	"strings"
	"testing"
)

// The National Day week of 2026 (SPEC §12, issue 16): 1–7 October off, the
// Saturday 10 October worked in their place.
func nationalDay2026(t *testing.T) *Calendar {
	t.Helper()
	c, err := (&calendarJSON{
		Holidays: []string{"2026-10-07", "2026-10-01", "2026-10-02", "2026-10-03", "2026-10-04", "2026-10-05", "2026-10-06"},
		Workdays: []string{"2026-10-10"},
	}).validate()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestCalendarWorkingDays(t *testing.T) {
	c := nationalDay2026(t)
	for _, tc := range []struct {
		from string
		n    int
		want string
	}{
		{"2026-09-30", 5, "2026-10-13"}, // the example: 8, 9, 10 (make-up), 12, 13 October
		{"2026-09-30", 1, "2026-10-08"},
		{"2026-09-30", 3, "2026-10-10"}, // the make-up Saturday counts
		{"2026-10-09", 1, "2026-10-10"},
		{"2026-10-10", 1, "2026-10-12"}, // Sunday 11 is off
		{"2026-09-25", 1, "2026-09-28"}, // a Friday: the next working day is Monday
		{"2026-09-26", 1, "2026-09-28"}, // from a Saturday, the day itself not counted either way
	} {
		if got := c.AddWorkingDays(tc.from, tc.n); got != tc.want {
			t.Errorf("AddWorkingDays(%s, %d) = %s, want %s", tc.from, tc.n, got, tc.want)
		}
	}
	var plain *Calendar // no calendar: Monday to Friday
	if got := plain.AddWorkingDays("2026-09-30", 5); got != "2026-10-07" {
		t.Errorf("without a calendar: got %s, want 2026-10-07", got)
	}
	for _, tc := range []struct {
		date string
		want bool
	}{{"2026-10-01", false}, {"2026-10-08", true}, {"2026-10-10", true}, {"2026-10-11", false}, {"2026-10-17", false}} {
		if got := c.IsWorkday(tc.date); got != tc.want {
			t.Errorf("IsWorkday(%s) = %v, want %v", tc.date, got, tc.want)
		}
	}
}

func TestAddDays(t *testing.T) {
	for _, tc := range []struct {
		from string
		n    int
		want string
	}{{"2026-09-25", 60, "2026-11-24"}, {"2026-12-31", 1, "2027-01-01"}, {"2028-02-28", 1, "2028-02-29"}} {
		if got := AddDays(tc.from, tc.n); got != tc.want {
			t.Errorf("AddDays(%s, %d) = %s, want %s", tc.from, tc.n, got, tc.want)
		}
	}
}

func TestCalendarRefused(t *testing.T) {
	for _, tc := range []struct {
		name string
		cj   calendarJSON
		want string
	}{
		{"not a date", calendarJSON{Holidays: []string{"2026-02-30"}}, `calendar.holidays: "2026-02-30" must be a real date`},
		{"short form", calendarJSON{Workdays: []string{"2026-1-3"}}, `calendar.workdays: "2026-1-3" must be a real date`},
		{"twice", calendarJSON{Holidays: []string{"2026-10-01", "2026-10-01"}}, "calendar.holidays: 2026-10-01 listed twice"},
		{"weekday workday", calendarJSON{Workdays: []string{"2026-10-09"}}, "calendar.workdays: 2026-10-09 is a Friday, already a working day"},
		{"both lists", calendarJSON{Holidays: []string{"2026-10-10"}, Workdays: []string{"2026-10-10"}}, "calendar.workdays: 2026-10-10 is also a holiday"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.cj.validate()
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want an error with %q", err, tc.want)
			}
		})
	}
}

func TestProgramsFileCalendarAndClaimReview(t *testing.T) {
	const file = `{"programs":[{"id":"p1","name":"P","kind":"compensation_pool","currency":"CNY",
	 "shares":[{"party":"province","ratio":"0.35"}],
	 "claim_review":{"documents":["application","contract"],"submit_within_days":60,"review_working_days":5,"decide_working_days":5}}],
	 "calendar":{"holidays":["2026-10-01"],"workdays":["2026-10-10"]}}`
	cfg, err := ParsePrograms(strings.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	if got := cfg.Calendar.AddWorkingDays("2026-09-30", 2); got != "2026-10-05" {
		t.Errorf("got %s, want 2026-10-05", got)
	}
	r := cfg.Programs[0].ClaimReview
	if r == nil || r.SubmitWithinDays != 60 || r.ReviewWorkingDays != 5 || r.DecideWorkingDays != 5 || len(r.Documents) != 2 {
		t.Fatalf("claim_review = %+v", r)
	}
	for _, tc := range []struct{ edit, want string }{
		{`"calendar":{"holidays":["2026-13-01"]}`, `program`},
		{`"claim_review":{"submit_within_days":60,"review_working_days":5}`, "claim_review.decide_working_days: required"},
		{`"claim_review":{"submit_within_days":0,"review_working_days":5,"decide_working_days":5}`, "claim_review.submit_within_days: 0 must be between 1 and 3650"},
		{`"claim_review":{"documents":["Bad"],"submit_within_days":1,"review_working_days":5,"decide_working_days":5}`, `claim_review.documents: "Bad"`},
		{`"calendar":{"holiday":[]}`, `unknown field "holiday"`},
	} {
		var f string
		if strings.HasPrefix(tc.edit, `"calendar"`) {
			f = `{"programs":[{"id":"p1","name":"P","kind":"compensation_pool","currency":"CNY","shares":[{"party":"province","ratio":"0.35"}]}],` + tc.edit + `}`
			if tc.want == "program" {
				tc.want = `calendar.holidays: "2026-13-01"`
			}
		} else {
			f = `{"programs":[{"id":"p1","name":"P","kind":"compensation_pool","currency":"CNY","shares":[{"party":"province","ratio":"0.35"}],` + tc.edit + `}]}`
		}
		_, err := ParsePrograms(strings.NewReader(f))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want an error with %q", tc.edit, err, tc.want)
		}
	}
}
