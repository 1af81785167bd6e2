package ledger

// loan checks the loan id a bank names (SPEC §15 "Ids and keys"): its bank
// id, a hyphen and a suffix of [A-Za-z0-9._:], no hyphen, no slash. Any
// other id is bad_field at the field step, before the loan is looked up,
// so that no bank can name, squat or probe another bank's loans: bank1
// naming bank2's loan learns nothing from duplicate_loan or unknown_loan.
// Under rules before RulesStrictFields any id of the id form was a loan id.
func (f *fields) loan(in *Input, v string) {
	if in.rules < RulesStrictFields || !validID(v) {
		f.id("loan", v)
		return
	}
	if !bankLoanID(in.Actor, v) {
		f.fail(CodeBadField, "loan %q must be the bank id %s, a hyphen and a suffix of [A-Za-z0-9._:]", v, in.Actor)
	}
}

// bankLoanID reports whether id is bank, "-" and a non-empty suffix of
// [A-Za-z0-9._:].
func bankLoanID(bank, id string) bool {
	if len(id) <= len(bank)+1 || id[:len(bank)] != bank || id[len(bank)] != '-' {
		return false
	}
	for i := len(bank) + 1; i < len(id); i++ {
		if c := id[i]; c == '-' || c == '/' || !(nameByte(c) || c == ':') {
			return false
		}
	}
	return true
}
