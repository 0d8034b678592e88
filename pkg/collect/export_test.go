package collect

import "time"

// SetSmartctlBudget lets tests shorten the time allowed for smartctl.
func SetSmartctlBudget(d time.Duration) (restore func()) {
	old := smartctlBudget
	smartctlBudget = d
	return func() { smartctlBudget = old }
}
