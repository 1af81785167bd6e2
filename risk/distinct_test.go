package risk

import "testing"

func TestDistinctNames(t *testing.T) {
	for _, tc := range []struct {
		names []string
		want  string
	}{
		{nil, ""},
		{[]string{"a", "b"}, ""},
		{[]string{"a", "B"}, `kinds: "B" must be lower case`},
		{[]string{"a", "b", "a"}, `kinds: "a" listed twice`},
	} {
		err := distinctNames("kinds", tc.names, documentKindPattern, "lower case")
		if got := errText(err); got != tc.want {
			t.Errorf("%q: got %q, want %q", tc.names, got, tc.want)
		}
	}
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
