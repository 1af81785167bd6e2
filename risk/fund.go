package risk

import (
	"encoding/json"
	"fmt"

	"github.com/shopspring/decimal"
)

// Fund is a transformation fund of the programs file (SPEC §13): the city's
// tech-transfer fund that co-invests with private investors in roadshow
// projects. Its defaults are the national rules (财教〔2021〕176号): the
// government puts in at most 30% of a round and at least 3× its money must
// be invested beside it.
type Fund struct {
	ID                 string
	Name               string
	Currency           string
	GovernmentShareMax decimal.Decimal // the fund's part of a round may not exceed this × round_size
	MinLeverage        decimal.Decimal // leverage_ok: Σ round sizes ÷ Σ fund amounts ≥ this
	HardTechSectors    []string
	EarlyStages        []string
}

// Defaults of a fund's rules when the programs file leaves them out.
var (
	DefaultGovernmentShareMax = decimal.RequireFromString("0.30")
	DefaultFundMinLeverage    = decimal.NewFromInt(3)
	DefaultEarlyStages        = []string{"research", "pilot"}
)

type fundJSON struct {
	ID                 string   `json:"id"`
	Name               string   `json:"name"`
	Currency           string   `json:"currency"`
	GovernmentShareMax *string  `json:"government_share_max"`
	MinLeverage        *string  `json:"min_leverage"`
	HardTechSectors    []string `json:"hard_tech_sectors"`
	EarlyStages        []string `json:"early_stages"`
}

// fundListMax bounds a fund's sector and stage lists.
const fundListMax = 64

// parseFunds decodes and validates the funds of a programs file. A fund's id
// may not be a program's: both are Kafka keys and state-document ids.
func parseFunds(raws []json.RawMessage, strictKeys bool, programs []*Program) ([]*Fund, error) {
	seen := map[string]bool{}
	for _, p := range programs {
		seen[p.ID] = true
	}
	var out []*Fund
	for i, raw := range raws {
		var fj fundJSON
		err := decodeStrict(raw, &fj, strictKeys)
		var f *Fund
		if err == nil {
			f, err = fj.validate()
		}
		name := fj.ID
		if name == "" {
			name = fmt.Sprintf("#%d", i+1)
		}
		if err == nil && seen[f.ID] {
			err = fmt.Errorf("id: defined twice (as a fund or a program)")
		}
		if err != nil {
			return nil, fmt.Errorf("%w: fund %s: %v", ErrInvalidPrograms, name, err)
		}
		seen[f.ID] = true
		out = append(out, f)
	}
	return out, nil
}

func (fj *fundJSON) validate() (*Fund, error) {
	f := &Fund{ID: fj.ID, Name: fj.Name, Currency: fj.Currency, GovernmentShareMax: DefaultGovernmentShareMax,
		MinLeverage: DefaultFundMinLeverage, EarlyStages: DefaultEarlyStages, HardTechSectors: []string{}}
	if !programIDPattern.MatchString(fj.ID) {
		return nil, fmt.Errorf("id: %q must be 1-64 characters of [A-Za-z0-9._-]", fj.ID)
	}
	if !currencyPattern.MatchString(fj.Currency) {
		return nil, fmt.Errorf("currency: %q must be an ISO 4217 code such as \"CNY\"", fj.Currency)
	}
	if len(fj.Name) > 200 {
		return nil, fmt.Errorf("name: longer than 200 bytes")
	}
	if fj.GovernmentShareMax != nil {
		r, err := ParseRatio(*fj.GovernmentShareMax)
		if err != nil {
			return nil, fmt.Errorf("government_share_max: %v", err)
		}
		if r.Sign() == 0 {
			return nil, fmt.Errorf("government_share_max: must be above 0")
		}
		f.GovernmentShareMax = r
	}
	if fj.MinLeverage != nil {
		m, err := ParseMultiple(*fj.MinLeverage)
		if err != nil {
			return nil, fmt.Errorf("min_leverage: %v", err)
		}
		if m.Cmp(one) < 0 {
			return nil, fmt.Errorf("min_leverage: %s is below 1", m)
		}
		f.MinLeverage = m
	}
	var err error
	if fj.HardTechSectors != nil {
		if f.HardTechSectors, err = fundList("hard_tech_sectors", fj.HardTechSectors); err != nil {
			return nil, err
		}
	}
	if fj.EarlyStages != nil {
		if f.EarlyStages, err = fundList("early_stages", fj.EarlyStages); err != nil {
			return nil, err
		}
	}
	return f, nil
}

// fundList checks a list of sector or stage names: each of the id form,
// none twice, at most fundListMax.
func fundList(field string, in []string) ([]string, error) {
	if len(in) > fundListMax {
		return nil, fmt.Errorf("%s: more than %d entries", field, fundListMax)
	}
	if err := distinctNames(field, in, programIDPattern, "1-64 characters of [A-Za-z0-9._-]"); err != nil {
		return nil, err
	}
	return append([]string{}, in...), nil
}

// Fund returns the fund with the given id, or nil.
func (c *Config) Fund(id string) *Fund {
	for _, f := range c.Funds {
		if f.ID == id {
			return f
		}
	}
	return nil
}
