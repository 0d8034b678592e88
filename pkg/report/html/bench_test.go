package html

import (
	"bufio"
	"fmt"
	"io"
	"testing"

	"github.com/vendorcheck/vendorcheck/internal/testgen/fleetgen/fleet"
	"github.com/vendorcheck/vendorcheck/internal/testgen/reportfixture"
	"github.com/vendorcheck/vendorcheck/pkg/policy"
	"github.com/vendorcheck/vendorcheck/pkg/report"
)

// BenchmarkRenderFleet renders the report of generated fleets (the
// pipeline runs once, outside the timing): "render" is the whole report,
// "data" the data block alone and "page" the page around it alone. The
// render encodes the data block on another core while it writes the page,
// so with two cores it takes about the larger of the two, not their sum.
//
//	go test ./pkg/report/html -run '^$' -bench RenderFleet -benchtime 3x -benchmem
func BenchmarkRenderFleet(b *testing.B) {
	for _, hosts := range []int{1000} {
		dir := b.TempDir()
		if _, err := fleet.Write(dir, hosts, 1); err != nil {
			b.Fatal(err)
		}
		res := reportfixture.Run(b, dir, policy.ActionDeny, nil, ".")
		report.ComputeGroups(res)
		res = report.SafeResult(res)
		vs := report.VerdictsOf(res)
		b.Run(fmt.Sprintf("%d/render", hosts), func(b *testing.B) {
			for b.Loop() {
				if err := (Format{}).Render(io.Discard, res, report.Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("%d/data", hosts), func(b *testing.B) {
			for b.Loop() {
				encodeData(vs, res)
			}
		})
		b.Run(fmt.Sprintf("%d/page", hosts), func(b *testing.B) {
			for b.Loop() {
				v := buildHTMLView(res, vs, citedLists(vs))
				bw := bufio.NewWriter(io.Discard)
				t := htmlTemplate()
				for _, part := range []string{"head", "summary", "middle", "findings", "bottom"} {
					if err := t.ExecuteTemplate(bw, part, v); err != nil {
						b.Fatal(err)
					}
				}
				writeGroups(bw, res.Groups)
				writeDeny(bw, vs, v.Deny)
				bw.Flush()
			}
		})
	}
}
