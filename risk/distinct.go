package risk

import (
	"fmt"
	"regexp"
)

// distinctNames checks a list of names (document kinds, a fund's sectors
// or stages; field names it in the error): each of pattern, described as
// form, and none twice.
func distinctNames(field string, names []string, pattern *regexp.Regexp, form string) error {
	seen := make(map[string]bool, len(names))
	for _, s := range names {
		if !pattern.MatchString(s) {
			return fmt.Errorf("%s: %q must be %s", field, s, form)
		}
		if seen[s] {
			return fmt.Errorf("%s: %q listed twice", field, s)
		}
		seen[s] = true
	}
	return nil
}
