package main

import "testing"

// TestDemoFiling: the demo's programmes hold the filing one, every demo
// input applies, and the filing programme's loans wait as the console's
// walkthrough says: icbc-jn-F2 filed (pending), F1 and F3 not filed yet.
func TestDemoFiling(t *testing.T) {
	programs, err := demoProgramsJSON()
	if err != nil {
		t.Fatal(err)
	}
	e := foldDemo(t, programs, `"demo-filing-`)
	want := map[string]string{"icbc-jn-F1": "none", "icbc-jn-F2": "pending", "icbc-jn-F3": "none"}
	st := e.State()
	for _, l := range st.Loans {
		w, ok := want[l.ID]
		if !ok {
			continue
		}
		delete(want, l.ID)
		if l.Filing == nil || *l.Filing != w || l.Covered || l.UncoveredReason != "not_filed" {
			t.Errorf("%s: filing %v, covered %v (%s); want %s, not covered (not_filed)", l.ID, l.Filing, l.Covered, l.UncoveredReason, w)
		}
	}
	if len(want) != 0 {
		t.Errorf("missing demo loans %v", want)
	}
	if st.Enterprises == nil || len(*st.Enterprises) != 3 {
		t.Errorf("enterprises registered: %v, want 3", st.Enterprises)
	}
}
