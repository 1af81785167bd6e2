package ledger

import "strings"

// importReject judges what an admin's import may carry (SPEC §4, §15): bank,
// guarantor and admin sources keep their source; any other source, above
// all a finance one, is forbidden, since money decisions and dual control
// are never imported. It runs at the role step of the check order.
func importReject(in *Input) *Reject {
	if in.rules < RulesStrictFields || !in.imported() {
		return nil
	}
	if !strings.HasPrefix(in.importedBy, RoleAdmin+":") {
		return reject(CodeForbidden, "only an admin imports inputs, not %s", in.importedBy)
	}
	switch in.Role {
	case RoleBank, RoleGuarantor, RoleAdmin:
		return nil
	}
	return reject(CodeForbidden, "an import may carry bank, guarantor and admin sources, not %s", in.Source)
}

// imported reports whether the input is an import: it came with an
// importer, and its source is not the importer's own.
func (in *Input) imported() bool { return in.importedBy != "" && in.importedBy != in.Source }
