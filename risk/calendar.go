package risk

import (
	"fmt"
	"slices"
	"time"
)

// CalendarDaysMax bounds each list of a calendar: a country's holidays and
// make-up workdays are a few dozen a year, so this is decades of them.
const CalendarDaysMax = 2000

// WorkingDaysMax bounds a count of working days a deadline may be set in
// (review_working_days, decide_working_days): a year and a half of them.
const WorkingDaysMax = 366

// dateLayout is the form of every date of the programs file.
const dateLayout = "2006-01-02"

// Calendar is the working-day calendar of a programs file (SPEC §12):
// Monday to Friday, minus the holidays, plus the make-up workdays (调休)
// that the State Council moves onto a weekend. The zero value (and nil) is
// plain Monday to Friday. It is pure: it reads no clock and knows no
// holiday of its own, so that the same file gives the same deadlines.
type Calendar struct {
	Holidays []string // sorted, YYYY-MM-DD
	Workdays []string // sorted, YYYY-MM-DD, each a Saturday or a Sunday
}

type calendarJSON struct {
	Holidays []string `json:"holidays"`
	Workdays []string `json:"workdays"`
}

// validate checks the calendar object; errors name the member and date.
func (cj *calendarJSON) validate() (*Calendar, error) {
	if cj == nil {
		return nil, nil
	}
	c := &Calendar{}
	holidays, err := calendarDates("calendar.holidays", cj.Holidays)
	if err != nil {
		return nil, err
	}
	workdays, err := calendarDates("calendar.workdays", cj.Workdays)
	if err != nil {
		return nil, err
	}
	for _, d := range workdays {
		// A make-up workday on a weekday would change nothing: most likely
		// a holiday written in the wrong list.
		if wd := mustDate(d).Weekday(); wd != time.Saturday && wd != time.Sunday {
			return nil, fmt.Errorf("calendar.workdays: %s is a %s, already a working day", d, wd)
		}
		if _, found := slices.BinarySearch(holidays, d); found {
			return nil, fmt.Errorf("calendar.workdays: %s is also a holiday", d)
		}
	}
	c.Holidays, c.Workdays = holidays, workdays
	return c, nil
}

// calendarDates checks and sorts one list of dates.
func calendarDates(field string, in []string) ([]string, error) {
	if len(in) > CalendarDaysMax {
		return nil, fmt.Errorf("%s: %d dates, at most %d", field, len(in), CalendarDaysMax)
	}
	out := make([]string, 0, len(in))
	for _, d := range in {
		t, err := time.Parse(dateLayout, d)
		if err != nil || t.Format(dateLayout) != d || t.Year() < 1900 {
			return nil, fmt.Errorf("%s: %q must be a real date such as 2026-10-01", field, d)
		}
		out = append(out, d)
	}
	slices.Sort(out)
	for i := 1; i < len(out); i++ {
		if out[i] == out[i-1] {
			return nil, fmt.Errorf("%s: %s listed twice", field, out[i])
		}
	}
	return out, nil
}

func mustDate(d string) time.Time {
	t, err := time.Parse(dateLayout, d)
	if err != nil {
		panic(fmt.Sprintf("calendar: %q is not a date: checked before", d))
	}
	return t
}

// IsWorkday reports whether the date (YYYY-MM-DD, valid) is a working day.
func (c *Calendar) IsWorkday(date string) bool {
	t := mustDate(date)
	if c != nil {
		if _, found := slices.BinarySearch(c.Workdays, date); found {
			return true
		}
		if _, found := slices.BinarySearch(c.Holidays, date); found {
			return false
		}
	}
	wd := t.Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

// AddWorkingDays is the n-th working day after date, date itself not
// counted (SPEC §12: review_by, decide_by); n ≥ 1.
func (c *Calendar) AddWorkingDays(date string, n int) string {
	t := mustDate(date)
	for n > 0 {
		t = t.AddDate(0, 0, 1)
		if c.IsWorkday(t.Format(dateLayout)) {
			n--
		}
	}
	return t.Format(dateLayout)
}

// AddDays is date plus n calendar days (submit_by).
func AddDays(date string, n int) string {
	return mustDate(date).AddDate(0, 0, n).Format(dateLayout)
}
