package risk

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/techcredit/techcredit/internal/jsonkeys"
)

// ProgramsFileBytesMax bounds a programs file: a deployment has tens of
// programs, never megabytes of them.
const ProgramsFileBytesMax = 4 << 20

// ErrInvalidPrograms wraps every problem found in a programs file.
var ErrInvalidPrograms = errors.New("invalid programs file")

// programsFile is the JSON form of SPEC §5; every amount and ratio is a string.
type programsFile struct {
	Programs       []json.RawMessage   `json:"programs"` // each decoded by decodeProgram
	GuarantorRules *guarantorRulesJSON `json:"guarantor_rules"`
	Calendar       *calendarJSON       `json:"calendar"`
	Funds          []json.RawMessage   `json:"funds"` // each decoded by parseFunds (SPEC §13)
}

type programJSON struct {
	ID                      string               `json:"id"`
	Name                    string               `json:"name"`
	Kind                    string               `json:"kind"`
	Currency                string               `json:"currency"`
	ClaimTriggerDaysPastDue *int                 `json:"claim_trigger_days_past_due"`
	DualApprovalThreshold   *string              `json:"dual_approval_threshold"`
	MaxLeverage             *string              `json:"max_leverage"`
	Shares                  []funderShareJSON    `json:"shares"`
	Covers                  string               `json:"covers"`
	PerLoanCap              *string              `json:"per_loan_cap"`
	PerBankAnnualCap        *string              `json:"per_bank_annual_cap"`
	BankNPLSuspendRatio     *string              `json:"bank_npl_suspend_ratio"`
	GuaranteeRate           *string              `json:"guarantee_rate"`
	CapRate                 *string              `json:"cap_rate"`
	CapBasis                string               `json:"cap_basis"`
	Risk                    *assumptionsJSON     `json:"risk"`
	InterestSubsidy         *interestSubsidyJSON `json:"interest_subsidy"`
	Filing                  *filingJSON          `json:"filing"`
	ClaimReview             *claimReviewJSON     `json:"claim_review"`
	KafkaKey                *string              `json:"kafka_key"`
}

type funderShareJSON struct {
	Party string `json:"party"`
	Ratio string `json:"ratio"`
}

type guarantorRulesJSON struct {
	LeverageLimit           *string `json:"leverage_limit"`
	LeverageLimitSmall      *string `json:"leverage_limit_small"`
	SmallBorrowerWeight     *string `json:"small_borrower_weight"`
	SmallBorrowerBalanceMax *string `json:"small_borrower_balance_max"`
}

var (
	programIDPattern = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)
	currencyPattern  = regexp.MustCompile(`^[A-Z]{3}$`)
	partyPattern     = regexp.MustCompile(`^[a-z][a-z0-9_-]{0,31}$`)
)

// ParsePrograms reads and validates a programs file. Unknown fields are
// refused, so a misspelt cap never silently turns into "no cap". The error
// names the program, the field and what is wrong.
func ParsePrograms(r io.Reader) (*Config, error) {
	return parsePrograms(r, true)
}

// ParseProgramsLenient is ParsePrograms without the refusal of repeated
// members and of fields' names in another case: for programs versions
// journaled before that refusal (ledger.RulesLenientJSON), which a replay
// must read as they were read then.
func ParseProgramsLenient(r io.Reader) (*Config, error) {
	return parsePrograms(r, false)
}

func parsePrograms(r io.Reader, strictKeys bool) (*Config, error) {
	raw, err := io.ReadAll(io.LimitReader(r, ProgramsFileBytesMax+1))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalidPrograms, err)
	}
	if len(raw) > ProgramsFileBytesMax {
		return nil, fmt.Errorf("%w: larger than %d bytes", ErrInvalidPrograms, ProgramsFileBytesMax)
	}
	// A repeated member or a field's name in another case would be read
	// last-wins or case-insensitively: refused (inside a program by
	// decodeProgram, which names the program).
	if strictKeys {
		if p := jsonkeys.Check(raw, reflect.TypeOf(programsFile{})); p != nil {
			return nil, fmt.Errorf("%w: %v", ErrInvalidPrograms, p)
		}
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	var file programsFile
	if err := dec.Decode(&file); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalidPrograms, err)
	}
	if dec.More() {
		return nil, fmt.Errorf("%w: trailing data after the JSON object", ErrInvalidPrograms)
	}
	if len(file.Programs) == 0 {
		return nil, fmt.Errorf("%w: no programs", ErrInvalidPrograms)
	}
	cfg := &Config{GuarantorRules: DefaultGuarantorRules()}
	if err := file.GuarantorRules.apply(&cfg.GuarantorRules); err != nil {
		return nil, fmt.Errorf("%w: guarantor_rules: %v", ErrInvalidPrograms, err)
	}
	if cfg.Calendar, err = file.Calendar.validate(); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalidPrograms, err)
	}
	seen := map[string]bool{}
	for i, raw := range file.Programs {
		pj, err := decodeProgram(raw, strictKeys)
		var p *Program
		if err == nil {
			p, err = pj.validate()
		}
		if err != nil {
			name := pj.ID
			if name == "" {
				name = fmt.Sprintf("#%d", i+1)
			}
			return nil, fmt.Errorf("%w: program %s: %v", ErrInvalidPrograms, name, err)
		}
		if seen[p.ID] {
			return nil, fmt.Errorf("%w: program %s: id: defined twice", ErrInvalidPrograms, p.ID)
		}
		seen[p.ID] = true
		cfg.Programs = append(cfg.Programs, p)
	}
	if cfg.Funds, err = parseFunds(file.Funds, strictKeys, cfg.Programs); err != nil {
		return nil, err
	}
	return cfg, nil
}

// decodeStrict decodes one object of the programs file (a program, a
// fund) into v, refusing unknown fields and, with strictKeys, repeated
// members and fields' names in another case (jsonkeys.Check).
func decodeStrict[T any](raw json.RawMessage, v *T, strictKeys bool) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil && strictKeys {
		if p := jsonkeys.Check(raw, reflect.TypeOf(*v)); p != nil {
			err = p
		}
	}
	return err
}

// decodeProgram decodes one program strictly, so that an unknown or
// mistyped field is reported with the program it belongs to; on failure the
// returned program holds what a lenient decoding could read (its id).
func decodeProgram(raw json.RawMessage, strictKeys bool) (*programJSON, error) {
	var pj programJSON
	err := decodeStrict(raw, &pj, strictKeys)
	if err != nil {
		pj = programJSON{}
		_ = json.Unmarshal(raw, &pj) // best effort, only to name the program
		return &pj, err
	}
	return &pj, nil
}

func (g *guarantorRulesJSON) apply(rules *GuarantorRules) error {
	if g == nil {
		return nil
	}
	set := []struct {
		field string
		text  *string
		dst   *decimal.Decimal
		parse func(string) (decimal.Decimal, error)
	}{
		{"leverage_limit", g.LeverageLimit, &rules.LeverageLimit, ParseMultiple},
		{"leverage_limit_small", g.LeverageLimitSmall, &rules.LeverageLimitSmall, ParseMultiple},
		{"small_borrower_weight", g.SmallBorrowerWeight, &rules.SmallBorrowerWeight, ParseRatio},
		{"small_borrower_balance_max", g.SmallBorrowerBalanceMax, &rules.SmallBorrowerBalanceMax, ParseAmount},
	}
	for _, s := range set {
		if s.text == nil {
			continue
		}
		d, err := s.parse(*s.text)
		if err != nil {
			return fmt.Errorf("%s: %v", s.field, err)
		}
		*s.dst = d
	}
	if rules.LeverageLimit.Sign() <= 0 || rules.LeverageLimitSmall.Sign() <= 0 {
		return errors.New("leverage limits must be above 0")
	}
	return nil
}

func (pj *programJSON) validate() (*Program, error) {
	p := &Program{ID: pj.ID, Name: pj.Name, Kind: Kind(pj.Kind), Currency: pj.Currency,
		Covers: pj.Covers, CapBasis: pj.CapBasis, ClaimTriggerDaysPastDue: DefaultClaimTriggerDaysPast}
	if !programIDPattern.MatchString(pj.ID) {
		return nil, fmt.Errorf("id: %q must be 1-64 characters of [A-Za-z0-9._-]", pj.ID)
	}
	if !currencyPattern.MatchString(pj.Currency) {
		return nil, fmt.Errorf("currency: %q must be an ISO 4217 code such as \"CNY\"", pj.Currency)
	}
	if pj.ClaimTriggerDaysPastDue != nil {
		if *pj.ClaimTriggerDaysPastDue < 0 || *pj.ClaimTriggerDaysPastDue > 3650 {
			return nil, fmt.Errorf("claim_trigger_days_past_due: %d must be between 0 and 3650", *pj.ClaimTriggerDaysPastDue)
		}
		p.ClaimTriggerDaysPastDue = *pj.ClaimTriggerDaysPastDue
	}
	p.KafkaKey = pj.ID
	if pj.KafkaKey != nil {
		if !programIDPattern.MatchString(*pj.KafkaKey) {
			return nil, fmt.Errorf("kafka_key: %q must be 1-64 characters of [A-Za-z0-9._-]", *pj.KafkaKey)
		}
		p.KafkaKey = *pj.KafkaKey
	}
	var err error
	if p.DualApprovalThreshold, err = optional("dual_approval_threshold", pj.DualApprovalThreshold, ParseAmount); err != nil {
		return nil, err
	}
	if p.MaxLeverage, err = optional("max_leverage", pj.MaxLeverage, ParseMultiple); err != nil {
		return nil, err
	}
	if p.MaxLeverage != nil && p.MaxLeverage.Cmp(one) < 0 {
		return nil, fmt.Errorf("max_leverage: %s must be at least 1", *pj.MaxLeverage)
	}
	if p.Shares, err = parseShares(pj.Shares); err != nil {
		return nil, err
	}
	if p.Risk, err = pj.Risk.validate(); err != nil {
		return nil, err
	}
	if p.Filing, err = pj.Filing.validate(); err != nil {
		return nil, err
	}
	if p.InterestSubsidy, err = pj.InterestSubsidy.validate(); err != nil {
		return nil, err
	}
	if p.ClaimReview, err = pj.ClaimReview.validate(); err != nil {
		return nil, err
	}
	switch p.Kind {
	case KindCompensationPool:
		err = pj.validatePool(p)
	case KindGuaranteeProgram:
		err = pj.validateGuarantee(p)
	case KindCappedGuarantee:
		err = pj.validateCapped(p)
	default:
		err = fmt.Errorf("kind: %q is not one of compensation_pool, guarantee_program, capped_portfolio_guarantee", pj.Kind)
	}
	if err != nil {
		return nil, err
	}
	return p, nil
}

func (pj *programJSON) validatePool(p *Program) error {
	if len(p.Shares) == 0 {
		return errors.New("shares: a compensation pool needs at least one funder")
	}
	for _, s := range p.Shares {
		if s.Party == PartyBank {
			return errors.New("shares: the bank is not a funder (it bears 1 - the sum of the funder ratios)")
		}
	}
	if p.FunderRatioSum().Cmp(one) > 0 {
		return fmt.Errorf("shares: funder ratios sum to %s, above 1", p.FunderRatioSum())
	}
	switch p.Covers {
	case "":
		p.Covers = CoversPrincipal
	case CoversPrincipal, CoversPrincipalAndInterest:
	default:
		return fmt.Errorf("covers: %q is not principal or principal_and_interest", p.Covers)
	}
	var err error
	if p.PerLoanCap, err = optional("per_loan_cap", pj.PerLoanCap, ParseAmount); err != nil {
		return err
	}
	if p.PerBankAnnualCap, err = optional("per_bank_annual_cap", pj.PerBankAnnualCap, ParseAmount); err != nil {
		return err
	}
	if p.BankNPLSuspendRatio, err = optional("bank_npl_suspend_ratio", pj.BankNPLSuspendRatio, ParseRatio); err != nil {
		return err
	}
	return pj.refuse("guarantee_rate", pj.GuaranteeRate != nil, "cap_rate", pj.CapRate != nil, "cap_basis", pj.CapBasis != "")
}

func (pj *programJSON) validateGuarantee(p *Program) error {
	want := map[string]bool{PartyGuarantor: true, PartyReguarantor: true, PartyBank: true, PartyGovernment: true}
	for _, s := range p.Shares {
		if !want[s.Party] {
			return fmt.Errorf("shares: party %q is not one of guarantor, reguarantor, bank, government", s.Party)
		}
		delete(want, s.Party)
	}
	for _, party := range []string{PartyGuarantor, PartyReguarantor, PartyBank, PartyGovernment} {
		if want[party] {
			return fmt.Errorf("shares: the %s party is missing", party)
		}
	}
	if sum := p.FunderRatioSum(); !sum.Equal(one) {
		return fmt.Errorf("shares: ratios sum to %s, not 1", sum)
	}
	if p.Covers != "" && p.Covers != CoversPrincipal {
		return fmt.Errorf("covers: a guarantee program covers principal only, not %q", p.Covers)
	}
	p.Covers = CoversPrincipal
	return pj.refuse("per_loan_cap", pj.PerLoanCap != nil, "per_bank_annual_cap", pj.PerBankAnnualCap != nil,
		"bank_npl_suspend_ratio", pj.BankNPLSuspendRatio != nil, "guarantee_rate", pj.GuaranteeRate != nil,
		"cap_rate", pj.CapRate != nil, "cap_basis", pj.CapBasis != "")
}

func (pj *programJSON) validateCapped(p *Program) error {
	if len(p.Shares) != 0 {
		return errors.New("shares: a capped portfolio guarantee has no shares (guarantee_rate sets them)")
	}
	for _, r := range []struct {
		field string
		text  *string
		dst   *decimal.Decimal
	}{{"guarantee_rate", pj.GuaranteeRate, &p.GuaranteeRate}, {"cap_rate", pj.CapRate, &p.CapRate}} {
		if r.text == nil {
			return fmt.Errorf("%s: required for a capped portfolio guarantee", r.field)
		}
		d, err := ParseRatio(*r.text)
		if err != nil {
			return fmt.Errorf("%s: %v", r.field, err)
		}
		*r.dst = d
	}
	switch p.CapBasis {
	case CapBasisGuaranteed, CapBasisPortfolio:
	case "":
		return errors.New("cap_basis: required (guaranteed or portfolio)")
	default:
		return fmt.Errorf("cap_basis: %q is not guaranteed or portfolio", p.CapBasis)
	}
	if p.Covers != "" && p.Covers != CoversPrincipal {
		return fmt.Errorf("covers: a capped portfolio guarantee covers principal only, not %q", p.Covers)
	}
	p.Covers = CoversPrincipal
	return pj.refuse("per_loan_cap", pj.PerLoanCap != nil, "per_bank_annual_cap", pj.PerBankAnnualCap != nil,
		"bank_npl_suspend_ratio", pj.BankNPLSuspendRatio != nil)
}

// refuse takes (field, set) pairs and fails on the first field that is set
// although the program's kind has no use for it.
func (pj *programJSON) refuse(pairs ...any) error {
	for i := 0; i < len(pairs); i += 2 {
		if pairs[i+1].(bool) {
			return fmt.Errorf("%s: not used by kind %s", pairs[i], pj.Kind)
		}
	}
	return nil
}

func parseShares(in []funderShareJSON) ([]FunderShare, error) {
	out := make([]FunderShare, 0, len(in))
	seen := map[string]bool{}
	for i, s := range in {
		if !partyPattern.MatchString(s.Party) {
			return nil, fmt.Errorf("shares[%d].party: %q must be a lower-case name", i, s.Party)
		}
		if seen[s.Party] {
			return nil, fmt.Errorf("shares[%d].party: %q listed twice", i, s.Party)
		}
		seen[s.Party] = true
		r, err := ParseRatio(s.Ratio)
		if err != nil {
			return nil, fmt.Errorf("shares[%d].ratio (%s): %v", i, s.Party, err)
		}
		out = append(out, FunderShare{Party: s.Party, Ratio: r})
	}
	return out, nil
}

func optional(field string, text *string, parse func(string) (decimal.Decimal, error)) (*decimal.Decimal, error) {
	if text == nil {
		return nil, nil
	}
	d, err := parse(strings.Clone(*text))
	if err != nil {
		return nil, fmt.Errorf("%s: %v", field, err)
	}
	return &d, nil
}
