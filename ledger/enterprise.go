package ledger

// TechSMEYearMin and TechSMEYearMax bound tech_sme_year: the national
// tech-SME register (科技型中小企业) opened in 2017; any year from
// DateYearMin is accepted, none after 9999.
const (
	TechSMEYearMin = DateYearMin
	TechSMEYearMax = 9999
	// StaffMax bounds staff.
	StaffMax = 10_000_000
)

// enterpriseFields checks the members of enterprise.registered and
// enterprise.updated, which carry the same (updated replaces every member).
func enterpriseFields(in *Input, d *Data) *Reject {
	var f fields
	f.id("enterprise", d.Enterprise)
	f.shortText(in, "name", d.Name, true)
	f.shortText(in, "sector", d.Sector, true)
	f.oneOf("size", d.Size, SizeMicro, SizeSmall, SizeMedium, SizeLarge)
	if d.Park != "" {
		f.id("park", d.Park)
	}
	f.shortText(in, "tech_sme_number", d.TechSMENumber, false)
	switch {
	case d.TechSMENumber != "" && !d.TechSMEYear.Set:
		f.fail(CodeBadField, "tech_sme_year is required with tech_sme_number")
	case d.TechSMENumber == "" && d.TechSMEYear.Set:
		f.fail(CodeBadField, "tech_sme_number is required with tech_sme_year")
	case d.TechSMEYear.Set:
		f.count("tech_sme_year", d.TechSMEYear, TechSMEYearMin, TechSMEYearMax)
	}
	if d.Staff.Set {
		f.count("staff", d.Staff, 0, StaffMax)
	}
	f.amount("revenue", d.Revenue, amountOptional)
	f.amount("assets", d.Assets, amountOptional)
	return f.rej
}

func (e *Engine) enterpriseRegistered(r *request) (*Reject, error) {
	if rej := enterpriseFields(r.in, r.data); rej != nil {
		return rej, nil
	}
	if _, ok := e.enterprises[r.data.Enterprise]; ok {
		return reject(CodeDuplicateEnterprise, "enterprise %s is already registered; send enterprise.updated", r.data.Enterprise), nil
	}
	x := &Enterprise{}
	x.set(r)
	e.enterprises[x.ID] = x
	return nil, nil
}

func (e *Engine) enterpriseUpdated(r *request) (*Reject, error) {
	if rej := enterpriseFields(r.in, r.data); rej != nil {
		return rej, nil
	}
	x := e.enterprises[r.data.Enterprise]
	if x == nil {
		return reject(CodeUnknownEnterprise, "enterprise %s is not registered", r.data.Enterprise), nil
	}
	x.set(r)
	return nil, nil
}

// set replaces every member with the input's (SPEC §15 "Registry").
func (x *Enterprise) set(r *request) {
	d, registeredBy := r.data, x.RegisteredBy
	*x = Enterprise{ID: d.Enterprise, Name: d.Name, Sector: d.Sector, Size: d.Size, Park: d.Park,
		TechSMENumber: d.TechSMENumber, TechSMEYear: int(d.TechSMEYear.Value),
		Staff: d.Staff.Value, HasStaff: d.Staff.Set,
		Revenue: d.Revenue.Value, HasRevenue: d.Revenue.Set,
		Assets: d.Assets.Value, HasAssets: d.Assets.Set,
		RegisteredBy: r.in.Source, UpdatedAt: r.in.At}
	if registeredBy != "" { // an update keeps who registered it
		x.RegisteredBy = registeredBy
	}
}

// Enterprise returns the registered enterprise with the given id, or nil.
func (e *Engine) Enterprise(id string) *Enterprise { return e.enterprises[id] }
