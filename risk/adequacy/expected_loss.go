package adequacy

// LoanExpectedLoss is EL = PD × LGD × EAD for one loan. (A program's
// expected loss by sector and bank is exact, in decimal: risk/programrisk.)
func LoanExpectedLoss(pd, lgd, ead float64) float64 {
	return pd * lgd * ead
}
