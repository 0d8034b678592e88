package scan

import (
	"fmt"

	"github.com/vendorcheck/vendorcheck/pkg/catalog"
	vcconfig "github.com/vendorcheck/vendorcheck/pkg/config"
	"github.com/vendorcheck/vendorcheck/pkg/match"
	"github.com/vendorcheck/vendorcheck/pkg/policy"
)

// FromConfig returns the options a configuration file gives (see package
// config: config.Find finds the file the way the CLI does, config.Load
// reads it). Fields the file leaves out stay zero, so Run's defaults
// apply; a nil config gives zero options. The file's outputs are the
// caller's to render.
func FromConfig(c *vcconfig.Config) (Options, error) {
	var opt Options
	if c == nil {
		return opt, nil
	}
	opt.Jurisdictions = c.Jurisdictions
	opt.Policies = c.Policies
	opt.Uses = c.Use
	opt.Waivers = c.WaiverSet
	opt.WaiversFile = c.WaiversFile
	if len(c.Deny) > 0 {
		opt.Deny = c.Deny
		opt.DenySource = c.File + " deny:"
	}
	switch c.FailOn {
	case "":
	case "never":
		opt.FailOn = Never
	default:
		opt.FailOn = policy.Action(c.FailOn)
	}
	if c.MinConfidence != "" {
		mc, err := match.ParseConfidence(c.MinConfidence)
		if err != nil {
			return Options{}, fmt.Errorf("%s: min-confidence: %w", c.File, err)
		}
		opt.MinConfidence = mc
	}
	if c.AsOf != "" {
		d, err := catalog.ParseDate(c.AsOf)
		if err != nil {
			return Options{}, fmt.Errorf("%s: as-of: %w", c.File, err)
		}
		opt.AsOf = d.Time
	}
	return opt, nil
}
