package journal

// HistoryEntry is one journaled input in the history of a claim, a loan or
// a subsidy (SPEC §12 "History"): where it stands in the journal, who sent
// it (and who imported it), when, what became of it, what it posted, and
// the record's hash, with which an auditor checks it against the chain.
type HistoryEntry struct {
	Position   int64           `json:"position"` // the record's seq in its journal (partition)
	ID         string          `json:"id"`
	Type       string          `json:"type"`
	Source     string          `json:"source"`
	ImportedBy *string         `json:"imported_by"`
	At         string          `json:"at"`
	Arrival    *string         `json:"arrival"`
	Outcome    string          `json:"outcome"` // applied, duplicate or rejected
	Code       *string         `json:"code"`
	Postings   []PostingRecord `json:"postings"`
	Hash       *string         `json:"hash"`
}

// History kinds: what a history is of.
const (
	HistoryClaim   = "claim"
	HistoryLoan    = "loan"
	HistorySubsidy = "subsidy"
)
