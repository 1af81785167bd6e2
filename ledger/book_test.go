package ledger

import "testing"

func TestAccountString(t *testing.T) {
	tests := []struct {
		a    Account
		want string
	}{
		{Account{Kind: AccountPool}, "pool"},
		{Account{Kind: AccountPool, Program: "p1"}, "pool:p1"},
		{Account{Kind: AccountFunding, Party: "mof"}, "funding:mof"},
		{Account{Kind: AccountBankFunds, Program: "p1", Party: "bank1"}, "bank_funds:p1:bank1"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := tt.a.String(); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			if got := string(tt.a.Append([]byte("x"))); got != "x"+tt.want {
				t.Errorf("Append: got %q, want %q", got, "x"+tt.want)
			}
		})
	}
}
