package nmap

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"

	"github.com/vendorcheck/vendorcheck/pkg/ingest"
	"github.com/vendorcheck/vendorcheck/pkg/ingest/internal/xmlscan/xmlref"
	"github.com/vendorcheck/vendorcheck/pkg/inventory"
)

// The reference nmap decoder: the scan read through encoding/xml's token
// API and Unmarshal (the decoder before the streaming one). The streaming
// decoder must give the same inventory and fail on the same inputs
// (TestMatchesReference, FuzzMatchesReference).

type xmlRun struct {
	Version          string `xml:"version,attr"`
	XMLOutputVersion string `xml:"xmloutputversion,attr"`
}

func decodeReference(ctx context.Context, r io.Reader, name string, limit int64) (*inventory.Inventory, error) {
	lr := &ingest.LimitedReader{R: r, N: limit}
	dec := xmlref.NewDecoder(lr)
	// Only the five predefined entities exist; a document that declares its
	// own is rejected before any is used (see the Directive case).
	inv := &inventory.Inventory{Source: name, Format: ID, Components: []inventory.Component{}}
	fail := func(line int, err error) error {
		if lr.Exceeded {
			return &ingest.DecodeError{File: name, Format: ID, Err: fmt.Errorf("%w: more than %d bytes of XML", ingest.ErrTooLarge, limit)}
		}
		return &ingest.DecodeError{File: name, Line: line, Format: ID, Err: err}
	}
	depth, hosts, sawRoot := 0, 0, false
	for {
		if hosts%256 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		line, _ := dec.InputPos()
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fail(line, fmt.Errorf("%w: %v", ingest.ErrMalformed, xmlMessage(err)))
		}
		switch t := tok.(type) {
		case xml.Directive:
			if isEntityDeclaration(t) {
				return nil, fail(line, fmt.Errorf("%w: DOCTYPE with an internal subset or ENTITY declarations is not allowed in nmap XML", ingest.ErrMalformed))
			}
		case xml.StartElement:
			depth++
			if depth == 1 {
				if t.Name.Local != "nmaprun" {
					return nil, fail(line, fmt.Errorf("%w: root element is <%s>, not <nmaprun>", ingest.ErrUnknownFormat, t.Name.Local))
				}
				sawRoot = true
				var run xmlRun
				for _, a := range t.Attr {
					switch a.Name.Local {
					case "version":
						run.Version = a.Value
					case "xmloutputversion":
						run.XMLOutputVersion = a.Value
					}
				}
				inv.SpecVersion = run.XMLOutputVersion
				continue
			}
			if depth != 2 || t.Name.Local != "host" {
				continue
			}
			// line is the decoder position before this token: the previous
			// token (whitespace included) ended there, so <host starts on it.
			hosts++
			if hosts > MaxHosts {
				return nil, fail(line, fmt.Errorf("%w: more than %d hosts", ingest.ErrTooLarge, MaxHosts))
			}
			var h xmlHost
			if err := dec.DecodeElement(&h, &t); err != nil {
				return nil, fail(line, fmt.Errorf("%w: %v", ingest.ErrMalformed, xmlMessage(err)))
			}
			depth--
			if c, ok := hostComponent(&h, name, line); ok {
				inv.Components = append(inv.Components, c)
			}
		case xml.EndElement:
			depth--
		}
	}
	if lr.Exceeded {
		return nil, fail(0, nil)
	}
	if !sawRoot {
		return nil, fail(0, fmt.Errorf("%w: no <nmaprun> element", ingest.ErrMalformed))
	}
	return inv, nil
}
