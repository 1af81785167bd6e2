package simulate

import (
	_ "embed"
	"math/rand/v2"
	"strings"

	"github.com/techcredit/techcredit/ledger"
	"github.com/techcredit/techcredit/risk"
)

// ProgramsJSON is the programs file of every stream (SPEC §5): a Shandong
// 鲁科贷 compensation pool with a leverage limit, a 鲁科担 "4321" guarantee
// program and a capped portfolio guarantee in the EU/UK style. The model in
// newPrograms must agree with it; a test checks that it does.
//
//go:embed programs/world.json
var ProgramsJSON string

// programSim is one program of ProgramsJSON with the generator's model of
// what the engine holds for it. Amounts are in cents.
type programSim struct {
	id string
	// def is the program as the engine reads it from ProgramsJSON: the
	// generator assesses claims and decides dual approvals with the
	// engine's own rules (risk.AssessClaim, risk.NeedsTwoApprovals).
	def         *risk.Program
	kind        risk.Kind
	loanShare   float64 // share of the stream's loans
	banks       []*actor
	funders     []string
	trigger     int   // claim_trigger_days_past_due; 0: only loan.defaulted
	maxLeverage int64 // whole multiple; 0: none

	funded             int64 // Σ pool.funded
	approvedPayable    int64 // Σ payable of finally approved claims: the most the pool has paid
	coveredOutstanding int64 // performing and overdue loans (all loans are covered)
	portfolioVolume    int64 // APV
	payableTotal       int64 // Σ payable of non-rejected claims
	claims             []*claimSim
	fundingRounds      int
}

// poolFloor is the least the pool's balance can be: funding less every
// payable approved (recoveries only add to it).
func (p *programSim) poolFloor() int64 { return p.funded - p.approvedPayable }

// actor is a source of inputs with its own id counter.
type actor struct {
	name   string // bank id, finance user, guarantor id
	source string
	prefix string // of its input ids
	next   int64
}

func newActor(role, name, prefix string) *actor {
	return &actor{name: name, source: role + ":" + name, prefix: prefix}
}

// nextID returns the actor's next input id, unique per source.
func (a *actor) nextID() string {
	a.next++
	b := make([]byte, 0, len(a.prefix)+9)
	b = append(b, a.prefix...)
	b = append(b, '-')
	b = appendPadded(b, a.next, 7)
	return string(b)
}

// world is the cast of a stream: programs, banks, guarantors, finance users.
type world struct {
	programs   []*programSim
	banks      []*actor
	guarantors []*guarantorSim
	finance    []*actor
	admin      *actor
}

// guarantorSim is a guarantee company with the generator's model of its
// in-force book: Σ outstanding of its performing and overdue loans bounds
// its weighted liability from above.
type guarantorSim struct {
	*actor
	netAssets int64
	inForce   int64
}

func newWorld() *world {
	bank := func(name string) *actor { return newActor(ledger.RoleBank, name, name) }
	icbc, ccb, ql, abc := bank("icbc-jn"), bank("ccb-qd"), bank("qlbank"), bank("abc-yt")
	boc, rcb, qd := bank("boc-jn"), bank("rcb-wf"), bank("qdbank")
	w := &world{banks: []*actor{icbc, ccb, ql, abc, boc, rcb, qd}}
	w.programs = []*programSim{
		{id: "sd-lukedai", kind: risk.KindCompensationPool, loanShare: 0.5,
			banks: []*actor{icbc, ccb, ql, abc}, funders: []string{"province", "city"},
			trigger: 90, maxLeverage: 10},
		{id: "sd-lukedan", kind: risk.KindGuaranteeProgram, loanShare: 0.3,
			banks: []*actor{boc, ql, rcb}, funders: []string{"province"},
			trigger: 90},
		{id: "qd-portfolio", kind: risk.KindCappedGuarantee, loanShare: 0.2,
			banks: []*actor{ccb, qd, icbc}, funders: []string{"city"},
			trigger: 0},
	}
	cfg, err := risk.ParsePrograms(strings.NewReader(ProgramsJSON))
	if err != nil {
		panic("simulate: ProgramsJSON: " + err.Error()) // a constant: TestProgramsJSONMatchesModel reads it too
	}
	for _, p := range w.programs {
		p.def = cfg.Program(p.id)
	}
	for _, g := range []string{"sd-kedan", "jn-kechuang", "qd-hitech"} {
		w.guarantors = append(w.guarantors, &guarantorSim{actor: newActor(ledger.RoleGuarantor, g, g)})
	}
	for _, f := range []string{"li", "wang", "zhao", "chen"} {
		w.finance = append(w.finance, newActor(ledger.RoleFinance, f, "fin-"+f))
	}
	w.admin = newActor(ledger.RoleAdmin, "kjt-zhou", "adm")
	return w
}

// Sectors of the borrowers, with the words their names and projects use.
var sectors = []struct {
	id, word, project string
}{
	{"semiconductors", "半导体", "第三代半导体功率器件"},
	{"biotech", "生物科技", "单克隆抗体药物"},
	{"software", "软件", "工业软件平台"},
	{"new-energy", "新能源", "固态电池储能系统"},
	{"advanced-manufacturing", "智能装备", "高端数控机床"},
	{"ai", "人工智能", "工业视觉检测大模型"},
}

var (
	cities      = []string{"济南", "青岛", "烟台", "潍坊", "淄博", "威海", "临沂", "德州", "济宁", "泰安"}
	brandChars  = []string{"华", "芯", "创", "智", "源", "博", "瑞", "科", "恒", "盛", "达", "鑫", "微", "光", "云", "海", "天", "泰", "锐", "联"}
	sizeWeights = []struct {
		size   string
		weight float64
	}{{"micro", 0.20}, {"small", 0.40}, {"medium", 0.28}, {"large", 0.12}}
)

// borrower is an enterprise; its attributes follow from the seed and its
// number, so the generator keeps no table of borrowers.
type borrower struct {
	id     string
	name   string
	sector int
	size   string
}

func borrowerOf(seed uint64, n int64) borrower {
	r := rand.New(rand.NewPCG(seed^0x5eed_b0b0_0000_0001, uint64(n)))
	b := borrower{sector: r.IntN(len(sectors))}
	b.id = "ent-" + string(appendPadded(nil, n, 6))
	b.name = cities[r.IntN(len(cities))] + brandChars[r.IntN(len(brandChars))] +
		brandChars[r.IntN(len(brandChars))] + sectors[b.sector].word + "有限公司"
	x := r.Float64()
	for _, sw := range sizeWeights {
		b.size = sw.size
		if x < sw.weight {
			break
		}
		x -= sw.weight
	}
	return b
}

// principalFor draws a loan size that fits the borrower's size, in cents.
func principalFor(r *rand.Rand, size string) int64 {
	var lo, hi, step int64 // yuan
	switch size {
	case "micro":
		lo, hi, step = 300_000, 1_000_000, 10_000
	case "small":
		lo, hi, step = 1_000_000, 5_000_000, 50_000
	case "medium":
		lo, hi, step = 3_000_000, 15_000_000, 100_000
	default:
		lo, hi, step = 10_000_000, 50_000_000, 500_000
	}
	return (lo + step*r.Int64N((hi-lo)/step+1)) * 100
}
