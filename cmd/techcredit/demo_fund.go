package main

import (
	"time"

	"github.com/techcredit/techcredit/stream/journal"
)

// demoFundItems register two roadshow projects of the demo's enterprises,
// commit 100,000,000.00 to dz-transfer (city 60,000,000.00, province
// 40,000,000.00) and report two rounds: 2,500,000.00 of a 10,000,000.00
// round in p-jn-quantum (pilot: early) and 5,000,000.00 of a 20,000,000.00
// round in p-jn-ai (AI: hard tech). The fund page then shows invested
// 7,500,000.00, available 92,500,000.00, leverage 4.0000 (floor 3),
// early 0.3333, small 1.0000, hard tech 0.6667.
func demoFundItems() []journal.Item {
	d := &demoInputs{prefix: "demo-fund-"}
	at := demoUntil.Format(time.RFC3339)
	const fund, admin = `"fund":"dz-transfer",`, "admin:kjt-zhou"
	d.add("p-jn-quantum", "project.registered", admin, "", at, `{"project":"p-jn-quantum","enterprise":"e-jn-quantum",`+
		`"title":"量子密钥分发终端","sector":"quantum","stage":"pilot","funding_sought":"10000000.00","status":"roadshow"}`)
	d.add("p-jn-ai", "project.registered", admin, "", at, `{"project":"p-jn-ai","enterprise":"e-jn-ai",`+
		`"title":"工业视觉质检平台","sector":"ai","stage":"industrialization","funding_sought":"20000000.00","status":"roadshow"}`)
	d.add("c-city", "fund.committed", "finance:li", fund, at, `{"funder":"city","amount":"60000000.00"}`)
	d.add("c-province", "fund.committed", "finance:li", fund, at, `{"funder":"province","amount":"40000000.00"}`)
	d.add("inv-1", "fund.invested", "fund:dz-transfer", fund, at, `{"investment":"demo-inv-1","project":"p-jn-quantum",`+
		`"round_size":"10000000.00","amount":"2500000.00","co_investors":[{"investor":"qilu-ventures","amount":"4000000.00"},`+
		`{"investor":"quancheng-capital","amount":"3500000.00"}],"invested_on":"2026-05-20"}`)
	d.add("inv-2", "fund.invested", "fund:dz-transfer", fund, at, `{"investment":"demo-inv-2","project":"p-jn-ai",`+
		`"round_size":"20000000.00","amount":"5000000.00","co_investors":[{"investor":"qilu-ventures","amount":"9000000.00"},`+
		`{"investor":"huanghe-angel","amount":"6000000.00"}],"invested_on":"2026-06-18"}`)
	return d.items
}
