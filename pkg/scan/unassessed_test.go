package scan

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/vendorcheck/vendorcheck/pkg/report"
)

// writeUnassessedSBOM writes a CycloneDX JSON document describing host
// (none if ""), with one Huawei component and n components with no vendor
// signal.
func writeUnassessedSBOM(t *testing.T, dir, name, host string, n int) string {
	t.Helper()
	var b strings.Builder
	b.WriteString(`{"bomFormat":"CycloneDX","specVersion":"1.5",`)
	if host != "" {
		fmt.Fprintf(&b, `"metadata":{"component":{"type":"device","name":%q}},`, host)
	}
	b.WriteString(`"components":[{"type":"library","name":"base","purl":"pkg:maven/com.huawei.hms/base@6.11.0"}`)
	for i := range n {
		fmt.Fprintf(&b, `,{"type":"library","bom-ref":"%s-%d","name":"lib-%d","version":"1.0"}`, name, i, i)
	}
	b.WriteString("]}\n")
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// Past Limits.MaxUnassessed the result lists no more unassessed components
// but still counts every one: the summary, the groups and the per-file
// counts are those of the run that lists them all, and the listed ones are
// the first of that run's list.
func TestMaxUnassessed(t *testing.T) {
	dir := t.TempDir()
	paths := []string{
		writeUnassessedSBOM(t, dir, "a.cdx.json", "host-a", 5),
		writeUnassessedSBOM(t, dir, "b.cdx.json", "", 4),
		writeUnassessedSBOM(t, dir, "c.cdx.json", "host-c", 3),
	}
	run := func(limit, workers int) *report.Result {
		t.Helper()
		res, err := Run(context.Background(), Options{Limits: Limits{MaxUnassessed: limit}, Workers: workers, Hosts: true}, paths...)
		if err != nil {
			t.Fatal(err)
		}
		report.ComputeGroups(res)
		return res
	}
	all := run(-1, 1)
	if all.Summary.Unassessed != 12 || len(all.Unassessed) != 12 || all.UnlistedUnassessed != nil || all.Summary.UnassessedUnlisted != 0 {
		t.Fatalf("with no bound: %d unassessed, %d listed, unlisted %+v; want all 12 listed",
			all.Summary.Unassessed, len(all.Unassessed), all.UnlistedUnassessed)
	}
	groupCounts := func(r *report.Result) map[string][2]int {
		m := map[string][2]int{}
		for _, g := range r.Groups {
			m[g.Kind+" "+g.Key] = [2]int{g.Components, g.Unassessed}
		}
		return m
	}
	for _, tc := range []struct {
		limit    int
		unlisted []report.UnlistedCount
	}{
		// Cut inside the first input, while it is read.
		{2, []report.UnlistedCount{
			{File: paths[0], Host: "host-a", Components: 3},
			{File: paths[1], Components: 4},
			{File: paths[2], Host: "host-c", Components: 3},
		}},
		// Cut when the second input's list joins the run's.
		{7, []report.UnlistedCount{
			{File: paths[1], Components: 2},
			{File: paths[2], Host: "host-c", Components: 3},
		}},
		{12, nil},
	} {
		for _, workers := range []int{1, 3} {
			t.Run(fmt.Sprintf("limit %d, %d workers", tc.limit, workers), func(t *testing.T) {
				res := run(tc.limit, workers)
				if res.Summary.Unassessed != 12 {
					t.Errorf("summary counts %d unassessed, want 12", res.Summary.Unassessed)
				}
				if !reflect.DeepEqual(res.Unassessed, all.Unassessed[:min(tc.limit, 12)]) {
					t.Errorf("listed %+v\nwant the first %d of %+v", res.Unassessed, tc.limit, all.Unassessed)
				}
				if !reflect.DeepEqual(res.UnlistedUnassessed, tc.unlisted) {
					t.Errorf("unlisted %+v, want %+v", res.UnlistedUnassessed, tc.unlisted)
				}
				if want := 12 - min(tc.limit, 12); res.Summary.UnassessedUnlisted != want {
					t.Errorf("summary unlisted %d, want %d", res.Summary.UnassessedUnlisted, want)
				}
				if got, want := groupCounts(res), groupCounts(all); !reflect.DeepEqual(got, want) {
					t.Errorf("group (components, unassessed) %v, want %v as with every one listed", got, want)
				}
				if n := report.UnlistedNote(res.Summary); (n == "") != (tc.limit >= 12) {
					t.Errorf("note %q with %d unlisted", n, res.Summary.UnassessedUnlisted)
				}
			})
		}
	}
}
