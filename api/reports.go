package api

import (
	"context"
	"errors"
	"io"
	"net/http"
	"slices"

	"github.com/techcredit/techcredit/report"
)

// ReportSource builds a report from the journal (SPEC §14): it folds the
// journal as of q.To and returns the table. cmd/techcredit wires one over
// the deployment's journal; report.ErrUnknownKind and report.ErrBadQuery
// are the caller's errors.
type ReportSource interface {
	Report(ctx context.Context, q report.Query) (*report.Table, error)
}

// ReportWriter writes a table in a format (report/export.Write): given
// to the API rather than imported, so that the API links no spreadsheet
// library (internal/layout).
type ReportWriter func(w io.Writer, t *report.Table, format string) (int, error)

// CodeUnknownReport: no report of that kind.
const CodeUnknownReport = "unknown_report"

// Report formats and their media types.
var reportFormats = map[string]string{
	"json": "application/json; charset=utf-8",
	"csv":  "text/csv; charset=utf-8",
	"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

// reportKindsOf are the kinds each role may read. A bank reads its own
// rows of every program kind and the pools' aggregates (it reads the
// programs already); a guarantor only the pools' aggregates (no bank's or
// enterprise's rows); an investor the pools and the funds (SPEC §14:
// "investors only funds and aggregates": the funds' rows hold the
// co-investors' total and count, never a name); a fund its own fund's
// rows; the pipeline (projects: counts and sums, never a caller's name)
// whoever reads GET /v1/pipeline, the registry (enterprises) whoever reads
// GET /v1/enterprises; finance and admin everything.
var reportKindsOf = map[string][]string{
	RoleBank:      {report.KindFilings, report.KindLoans, report.KindClaims, report.KindSubsidies, report.KindPool, report.KindProjects, report.KindEnterprises},
	RoleGuarantor: {report.KindPool},
	RoleInvestor:  {report.KindPool, report.KindFunds, report.KindFundInvestments, report.KindProjects},
	RoleFund:      {report.KindFunds, report.KindFundInvestments},
	RoleFinance:   report.Kinds,
	RoleAdmin:     report.Kinds,
}

// getReport answers GET /v1/reports/{kind}?program=&bank=&fund=&from=&to=&format=.
func (s *server) getReport(w http.ResponseWriter, r *http.Request, sub Subject) error {
	kind, err := pathVar(r, "kind")
	if err != nil {
		return err
	}
	v := r.URL.Query()
	format := v.Get("format")
	if format == "" {
		format = "json"
	}
	contentType, ok := reportFormats[format]
	if !ok {
		return errorf(CodeBadRequest, "format %q must be json, csv or xlsx", format)
	}
	if !slices.Contains(report.Kinds, kind) {
		return errorf(CodeUnknownReport, "no report %q; reports are %v", kind, report.Kinds)
	}
	if !slices.Contains(reportKindsOf[sub.Role], kind) {
		return errorf("forbidden", "a %s may not read the %s report", sub.Role, kind)
	}
	q := report.Query{Kind: kind, Program: v.Get("program"), Bank: v.Get("bank"), Fund: v.Get("fund"),
		From: v.Get("from"), To: v.Get("to")}
	switch sub.Role {
	case RoleBank:
		q.Bank = sub.Name // a bank's own rows, whatever it asks
	case RoleFund:
		q.Fund = sub.Name // a fund's own rows, whatever it asks
	}
	if s.cfg.Reports == nil || s.cfg.WriteReport == nil {
		return errorf(CodeUnavailable, "reports are not available on this deployment")
	}
	t, err := s.cfg.Reports.Report(r.Context(), q)
	switch {
	case errors.Is(err, report.ErrUnknownKind):
		return errorf(CodeUnknownReport, "%v", err)
	case errors.Is(err, report.ErrBadQuery):
		return errorf(CodeBadRequest, "%v", err)
	case err != nil:
		return unavailable(r.Context(), "the journal", err)
	}
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Disposition", `attachment; filename="`+reportFileName(t, format)+`"`)
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodHead {
		return nil
	}
	if _, err := s.cfg.WriteReport(w, t, format); err != nil {
		// The status is sent: the client sees a cut body. Logged once here.
		s.cfg.Logger.Warn("report write failed", "kind", kind, "format", format, "err", err)
	}
	return nil
}

// reportFileName is the name a download is saved under: kind and period,
// ASCII only (a Content-Disposition filename needs no encoding then).
func reportFileName(t *report.Table, format string) string {
	if t.From == "" {
		return "techcredit-" + t.Kind + "." + format
	}
	return "techcredit-" + t.Kind + "-" + t.From + "-" + t.To + "." + format
}
