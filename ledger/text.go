package ledger

import (
	"strings"
	"unicode/utf8"
)

// Limits of the text fields of data (SPEC §4, issue 13.9), in bytes of
// UTF-8: a name is a line on a screen or a form, a reason or a summary a
// paragraph. Longer text is bad_field, never cut.
const (
	// NameBytesMax bounds borrower.name, borrower.sector and a project's
	// title and sector (about 66 Chinese characters).
	NameBytesMax = 200
	// TextBytesMax bounds a claim's reject reason and a project's summary
	// (about 666 Chinese characters).
	TextBytesMax = 2000
	// TextRunesMaxLenient is the one bound of every text field, in
	// characters, under rules before RulesStrictFields.
	TextRunesMaxLenient = 2000
)

// shortText checks a short text field: a line without control characters.
func (f *fields) shortText(in *Input, field, v string, required bool) {
	f.textOf(in, field, v, required, NameBytesMax, false)
}

// text checks a free-text field: tabs and line breaks are allowed.
func (f *fields) text(in *Input, field, v string, required bool) {
	f.textOf(in, field, v, required, TextBytesMax, true)
}

// textOf refuses (bad_field) text that is missing when required, longer
// than max bytes, or that holds a NUL or another control character (a tab
// or line break only where lines are allowed) or the replacement character
// U+FFFD, which is what encoding/json makes of invalid UTF-8 and of an
// escaped lone surrogate: either way a character was lost on the way.
func (f *fields) textOf(in *Input, field, v string, required bool, max int, lines bool) {
	switch {
	case required && strings.TrimSpace(v) == "":
		f.fail(CodeBadField, "%s is required", field)
	case in.rules < RulesStrictFields:
		if utf8.RuneCountInString(v) > TextRunesMaxLenient {
			f.fail(CodeBadField, "%s is longer than %d characters", field, TextRunesMaxLenient)
		}
	case len(v) > max:
		f.fail(CodeBadField, "%s is %d bytes, longer than %d", field, len(v), max)
	default:
		if i := badTextIndex(v, lines); i >= 0 {
			f.fail(CodeBadField, "%s holds a control character or invalid UTF-8 at byte %d", field, i)
		}
	}
}

// badTextIndex is the byte index of the first character text may not hold,
// or −1.
func badTextIndex(v string, lines bool) int {
	for i, r := range v {
		switch {
		case r == utf8.RuneError:
			return i
		case r == '\t' || r == '\n' || r == '\r':
			if !lines {
				return i
			}
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			return i
		}
	}
	return -1
}
