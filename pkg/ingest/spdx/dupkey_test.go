package spdx_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/vendorcheck/vendorcheck/pkg/ingest"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/spdx"
	"github.com/vendorcheck/vendorcheck/pkg/inventory"
)

// TestVersionAndPackagesOnce: spdxVersion and packages given twice (in
// another case) are refused by Decode and Stream alike, with the line of
// the second: Stream hands packages out as it reads them, so a later
// array could not replace the first, nor a later version change what the
// packages read before it meant.
func TestVersionAndPackagesOnce(t *testing.T) {
	const head = `{"spdxVersion":"SPDX-2.3","SPDXID":"SPDXRef-DOCUMENT","name":"d",` + "\n"
	for name, doc := range map[string]string{
		"packages": head + `"packages":[{"SPDXID":"SPDXRef-a","name":"first","supplier":"Organization: Huawei Technologies Co., Ltd."}],` + "\n" +
			`"Packages":[{"SPDXID":"SPDXRef-b","name":"second"}]}`,
		"version": head + `"packages":[{"SPDXID":"SPDXRef-a","name":"first","primaryPackagePurpose":"DEVICE"}],` + "\n" +
			`"SPDXVersion":"SPDX-2.2"}`,
	} {
		d := spdx.NewJSON()
		_, derr := d.Decode(context.Background(), strings.NewReader(doc), name)
		n := 0
		_, serr := d.(ingest.Streamer).Stream(context.Background(), bytes.NewReader([]byte(doc)), name, func(int64, *inventory.Component) error {
			n++
			return nil
		})
		for _, err := range []error{derr, serr} {
			var de *ingest.DecodeError
			if !errors.As(err, &de) || de.Line != 3 || !strings.Contains(err.Error(), "duplicate key") {
				t.Errorf("%s: %v, want a duplicate key error on line 3", name, err)
			}
		}
	}
}
