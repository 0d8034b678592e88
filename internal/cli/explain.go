package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/vendorcheck/vendorcheck/pkg/catalog"
	"github.com/vendorcheck/vendorcheck/pkg/inventory"
	"github.com/vendorcheck/vendorcheck/pkg/match"
	"github.com/vendorcheck/vendorcheck/pkg/report"
)

// explainOptions are the flags of `vendorcheck explain`.
type explainOptions struct {
	field     string
	kind      string
	date      string
	asOf      string
	component string
	json      bool
}

// explainKinds are the component kinds --kind accepts.
var explainKinds = []inventory.Kind{
	inventory.KindApplication, inventory.KindLibrary, inventory.KindFramework, inventory.KindContainer,
	inventory.KindOS, inventory.KindFirmware, inventory.KindFile, inventory.KindDevice, inventory.KindPlatform,
	inventory.KindService, inventory.KindData, inventory.KindOther, inventory.KindSystem, inventory.KindBoard,
	inventory.KindChassis, inventory.KindBIOS, inventory.KindProcessor, inventory.KindMemory, inventory.KindDisk,
	inventory.KindNIC, inventory.KindUSB, inventory.KindPCI, inventory.KindHost, inventory.KindCamera,
	inventory.KindRadio, inventory.KindDrone, inventory.KindSwitch,
}

// explainDefaultFields are tried, in order, when no --field is given.
var explainDefaultFields = []string{"supplier", "name", "model"}

func newExplainCmd(env *Env) *cobra.Command {
	o := &explainOptions{}
	var kinds []string
	for _, k := range explainKinds {
		kinds = append(kinds, string(k))
	}
	cmd := &cobra.Command{
		Use:   "explain TEXT | --component FILE#REF",
		Short: "Show how a value or a component is attributed to a vendor, rule by rule",
		Long: `Show how vendorcheck attributes a value or a component to a restricted
vendor: the normalised form, the tokens and the name key it compared, every
rule it tried (name index, token scan, exclusions, model context, purl
prefixes and namespaces, CPE vendor, identifiers, part-number patterns,
dated ownership, unverified facts) and whether each hit, then the
attributions with their confidence. It is the same matching path scan uses.

TEXT is read as the value of --field: ` + strings.Join(match.ProbeFields, ", ") + `.
Without --field it is tried as a supplier name, a software package name and
a hardware model name in turn.

--component FILE#REF explains the component whose reference (bom-ref,
SPDXID) is REF in FILE, decoded as scan decodes it; FILE:LINE picks the
component that starts on that line.

Attributions below medium are shown here but, at scan's default
--min-confidence, not reported.`,
		Example: `  vendorcheck explain "Micronas GmbH"
  vendorcheck explain "HUAWEI TECHNOLOGIES CO.,LTD" --field manufacturer
  vendorcheck explain HONOR --field manufacturer --date 2019-06-01
  vendorcheck explain 802C8632802C --field jedec
  vendorcheck explain --component sbom.cdx.json#pkg:maven/com.huawei.hms/push@6.12.0.300`,
		Args: func(cmd *cobra.Command, args []string) error {
			switch {
			case o.component != "" && len(args) > 0:
				return usagef("give TEXT or --component, not both")
			case o.component == "" && len(args) != 1:
				return usagef("explain takes one TEXT (quote it if it has spaces) or --component FILE#REF")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return runExplain(cmd, env, o, args)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.field, "field", "", "read TEXT as `FIELD`: "+strings.Join(match.ProbeFields, ", "))
	f.StringVar(&o.kind, "kind", "", "the component's `KIND` (default: what the field implies): "+strings.Join(kinds, ", "))
	f.StringVar(&o.date, "date", "", "the component's purchase `DATE` (YYYY-MM-DD), for dated ownership")
	f.StringVar(&o.asOf, "as-of", "", "judge dated ownership at `DATE` when the component has no date (default today)")
	f.StringVar(&o.component, "component", "", "explain the component `FILE#REF` (or FILE:LINE) of an input")
	f.BoolVar(&o.json, "json", false, "print the explanation as JSON")
	return cmd
}

// explained is one explanation with what it was about.
type explained struct {
	Title       string            `json:"title"`
	Explanation match.Explanation `json:"explanation"`
}

func runExplain(cmd *cobra.Command, env *Env, o *explainOptions, args []string) error {
	asOf, err := parseAsOf(o.asOf)
	if err != nil {
		return err
	}
	var date time.Time
	if o.date != "" {
		d, err := catalog.ParseDate(o.date)
		if err != nil {
			return usagef("--date: %v", err)
		}
		date = d.Time
	}
	kind := inventory.Kind(o.kind)
	if o.kind != "" && !kindKnown(kind) {
		return usagef("--kind %q: unknown kind", o.kind)
	}
	cat, err := env.shippedCatalog()
	if err != nil {
		return err
	}
	m, err := match.New(cat)
	if err != nil {
		return err
	}
	ctx := match.Context{AsOf: asOf}
	var out []explained
	if o.component != "" {
		if o.field != "" || o.kind != "" || o.date != "" {
			return usagef("--field, --kind and --date describe TEXT; --component reads them from the input")
		}
		comps, err := findComponents(cmd, env, o.component)
		if err != nil {
			return err
		}
		for _, c := range comps {
			title := fmt.Sprintf("component %s (%s %q)", c.Location.String(), c.Kind, c.Name)
			if c.Location.Ref != "" && c.Location.Line > 0 {
				title = fmt.Sprintf("component %s at %s:%d (%s %q)", c.Location.Ref, c.Location.File, c.Location.Line, c.Kind, c.Name)
			}
			out = append(out, explained{Title: title, Explanation: m.Explain(c, ctx)})
		}
	} else {
		fields := explainDefaultFields
		if o.field != "" {
			fields = []string{o.field}
		}
		for _, fl := range fields {
			c, err := match.Probe(fl, args[0], kind)
			if err != nil {
				return usagef("--field: %v", err)
			}
			c.PurchaseDate = date
			title := fmt.Sprintf("%q as %s (kind %s", args[0], probeFieldName(fl), c.Kind)
			if !date.IsZero() {
				title += ", purchased " + date.Format(catalog.DateLayout)
			} else {
				title += ", no date: dated ownership judged at " + asOf.Format(catalog.DateLayout)
			}
			title += ")"
			out = append(out, explained{Title: title, Explanation: m.Explain(&c, ctx)})
		}
	}
	if o.json {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	for i, e := range out {
		if i > 0 {
			fmt.Fprintln(env.Stdout)
		}
		writeExplanation(env.Stdout, e)
	}
	return nil
}

func kindKnown(k inventory.Kind) bool {
	for _, x := range explainKinds {
		if x == k {
			return true
		}
	}
	return false
}

func probeFieldName(f string) string {
	switch f {
	case "supplier", "manufacturer", "publisher", "author", "originator":
		return f + " party"
	case "name", "software-name":
		return "software package name"
	case "model", "device-name":
		return "hardware model name"
	}
	return f
}

// findComponents decodes FILE of FILE#REF (or FILE:LINE) through the scan
// decoders and returns the components it names.
func findComponents(cmd *cobra.Command, env *Env, spec string) ([]*inventory.Component, error) {
	file, ref, line := spec, "", 0
	if i := strings.LastIndexByte(spec, '#'); i > 0 {
		file, ref = spec[:i], spec[i+1:]
	} else if i := strings.LastIndexByte(spec, ':'); i > 0 {
		if n, err := strconv.Atoi(spec[i+1:]); err == nil && n > 0 {
			file, line = spec[:i], n
		}
	}
	if ref == "" && line == 0 {
		return nil, usagef("--component %s: want FILE#REF or FILE:LINE", spec)
	}
	var r io.Reader
	if file == "-" {
		r = env.Stdin
	} else {
		fh, err := os.Open(file)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", file, cleanErr(err))
		}
		defer fh.Close()
		r = fh
	}
	inv, err := decoders().Decode(cmd.Context(), r, file)
	if err != nil {
		return nil, err
	}
	var out []*inventory.Component
	var refs []string
	for i := range inv.Components {
		c := &inv.Components[i]
		if c.Location.Ref != "" && len(refs) < 5 {
			refs = append(refs, c.Location.Ref)
		}
		if (ref != "" && c.Location.Ref == ref) || (line > 0 && c.Location.Line == line) {
			out = append(out, c)
		}
	}
	if len(out) == 0 {
		what := "reference " + strconv.Quote(ref)
		if line > 0 {
			what = "component on line " + strconv.Itoa(line)
		}
		hint := "components are named by their bom-ref or SPDXID (FILE#REF) or by the line they start on (FILE:LINE)"
		if len(refs) > 0 {
			hint += "; references in this file include " + strings.Join(refs, ", ")
		}
		return nil, &hintError{err: fmt.Errorf("%s: no %s among its %d component(s)", file, what, len(inv.Components)), hint: hint}
	}
	return out, nil
}

func cleanErr(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// writeExplanation renders one explanation as text: each value with its
// folded forms and the rules tried (+ hit, - miss), then the result.
func writeExplanation(w io.Writer, e explained) {
	fmt.Fprintf(w, "explain %s\n", report.Text(e.Title))
	if len(e.Explanation.Values) == 0 {
		fmt.Fprintln(w, "  (no field the matcher reads)")
	}
	for _, v := range e.Explanation.Values {
		fmt.Fprintf(w, "\n  %s: %q\n", v.Field, v.Value)
		if v.Normalized != "" || len(v.Tokens) > 0 {
			fmt.Fprintf(w, "    normalized: %s\n", report.Text(v.Normalized))
			fmt.Fprintf(w, "    tokens:     [%s]\n", report.Text(strings.Join(v.Tokens, " ")))
			fmt.Fprintf(w, "    name key:   %s\n", report.Text(v.NameKey))
		}
		for _, s := range v.Steps {
			mark := "-"
			if s.Hit {
				mark = "+"
			}
			fmt.Fprintf(w, "    %s %-26s", mark, s.Rule)
			if s.Entity != "" {
				fmt.Fprintf(w, " %s", s.Entity)
				if s.Matched != "" {
					fmt.Fprintf(w, " matched %q", s.Matched)
				}
				if s.Confidence != match.None {
					fmt.Fprintf(w, " (%s)", s.Confidence)
				}
				fmt.Fprint(w, ":")
			}
			fmt.Fprintf(w, " %s\n", report.Text(s.Detail))
		}
	}
	fmt.Fprintln(w, "\n  result:")
	if len(e.Explanation.Attributions) == 0 {
		fmt.Fprintln(w, "    no attribution: no restricted vendor found")
		return
	}
	for _, a := range e.Explanation.Attributions {
		note := ""
		if a.Confidence < match.Medium {
			note = "  (below the default --min-confidence medium: not reported by scan)"
		}
		fmt.Fprintf(w, "    %s (%s): %s, %s%s\n", report.Text(a.Entity), report.Text(a.EntityName), a.Confidence, a.Relation, note)
		for _, ev := range a.Evidence {
			fmt.Fprintf(w, "      rule %s: %s %q matched %q (%s)", ev.Rule, ev.Field, ev.Value, ev.Matched, ev.Confidence)
			if ev.Via != "" {
				fmt.Fprintf(w, " via %s", ev.Via)
			}
			if ev.Unverified {
				fmt.Fprint(w, " [unverified]")
			}
			fmt.Fprintln(w)
			if ev.Note != "" {
				fmt.Fprintf(w, "        note: %s\n", report.Text(ev.Note))
			}
		}
	}
}
