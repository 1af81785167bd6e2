package report

// approvals is what the claims and the subsidies reports show of an
// item's dual approval: its dated steps and who approved.
type approvals struct {
	steps *steps
	by    []string // the approvals' sources, in order
}

// approvalFields are the columns of the approval steps, the same in the
// claims and the subsidies reports.
func approvalFields[R any](of func(R) approvals) []field[R] {
	return []field[R]{
		text("first_approved_on", "初审批准日期", func(r R) string { return of(r).steps.stepAt(0) }),
		text("first_approver", "初审批准人", func(r R) string { return approver(of(r).by, 0) }),
		text("second_approved_on", "复核批准日期", func(r R) string { return of(r).steps.stepAt(1) }),
		text("second_approver", "复核批准人", func(r R) string { return approver(of(r).by, 1) }),
		text("rejected_on", "驳回日期", func(r R) string { return of(r).steps.rejectedOn }),
		text("paid_on", "付清日期", func(r R) string { return of(r).steps.paidOn }),
	}
}

// approver is the source of the i-th approval ("finance:li"), "" when
// there is none.
func approver(approvals []string, i int) string {
	if i < len(approvals) {
		return approvals[i]
	}
	return ""
}
