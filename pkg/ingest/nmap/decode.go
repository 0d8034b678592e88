package nmap

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/vendorcheck/vendorcheck/pkg/ingest"
	"github.com/vendorcheck/vendorcheck/pkg/inventory"
)

type xmlHost struct {
	Status struct {
		State string `xml:"state,attr"`
	} `xml:"status"`
	Addresses []struct {
		Addr     string `xml:"addr,attr"`
		AddrType string `xml:"addrtype,attr"`
		Vendor   string `xml:"vendor,attr"`
	} `xml:"address"`
	Hostnames []struct {
		Name string `xml:"name,attr"`
		Type string `xml:"type,attr"`
	} `xml:"hostnames>hostname"`
	Ports []struct {
		Protocol string `xml:"protocol,attr"`
		PortID   string `xml:"portid,attr"`
		State    struct {
			State string `xml:"state,attr"`
		} `xml:"state"`
		Service struct {
			Name    string `xml:"name,attr"`
			Product string `xml:"product,attr"`
			Version string `xml:"version,attr"`
		} `xml:"service"`
	} `xml:"ports>port"`
	OSMatches []struct {
		Name     string `xml:"name,attr"`
		Accuracy string `xml:"accuracy,attr"`
	} `xml:"os>osmatch"`
}

type xmlRun struct {
	Version          string `xml:"version,attr"`
	XMLOutputVersion string `xml:"xmloutputversion,attr"`
}

func (*decoder) Decode(ctx context.Context, r io.Reader, name string) (*inventory.Inventory, error) {
	return decode(ctx, r, name, MaxDocumentSize)
}

func decode(ctx context.Context, r io.Reader, name string, limit int64) (*inventory.Inventory, error) {
	lr := &ingest.LimitedReader{R: r, N: limit}
	dec := xml.NewDecoder(lr)
	dec.Strict = true
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

func isEntityDeclaration(d xml.Directive) bool {
	s := strings.ToUpper(string(d))
	return strings.HasPrefix(strings.TrimSpace(s), "DOCTYPE") && (strings.Contains(s, "ENTITY") || strings.Contains(s, "["))
}

func xmlMessage(err error) string {
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		return "invalid XML: " + se.Msg
	}
	return err.Error()
}

func hostComponent(h *xmlHost, file string, line int) (inventory.Component, bool) {
	if strings.EqualFold(h.Status.State, "down") {
		// nmap lists down hosts only with -v; they were not seen.
		return inventory.Component{}, false
	}
	c := inventory.Component{Kind: inventory.KindHost, Location: inventory.Location{File: file, Line: line}}
	var ipv4, ipv6, mac string
	for _, a := range h.Addresses {
		addr := strings.TrimSpace(a.Addr)
		switch a.AddrType {
		case "ipv4":
			if ipv4 == "" {
				ipv4 = addr
			}
		case "ipv6":
			if ipv6 == "" {
				ipv6 = addr
			}
		case "mac":
			m, ok := normalizeMAC(addr)
			if !ok {
				c.Properties = append(c.Properties, inventory.Property{Name: "mac", Value: addr})
				continue
			}
			if mac == "" {
				mac = m
			}
			c.Identifiers = append(c.Identifiers, inventory.Identifier{Kind: inventory.IDMAC, Value: m, Field: "address[@addrtype=mac]"})
			if v := strings.TrimSpace(a.Vendor); v != "" && !strings.EqualFold(v, "unknown") {
				c.Parties = append(c.Parties, inventory.Party{Role: inventory.RoleVendor, Name: v, Field: "address@vendor"})
			}
		}
	}
	// The name the user scanned ("user") beats a reverse-DNS name ("PTR").
	var hostname string
	for _, hn := range h.Hostnames {
		n := strings.TrimSpace(hn.Name)
		if n != "" && (hostname == "" || hn.Type == "user") {
			hostname = n
			if hn.Type == "user" {
				break
			}
		}
	}
	ip := ipv4
	if ip == "" {
		ip = ipv6
	}
	c.Name = firstNonEmpty(hostname, ip, mac, "host")
	c.Host = firstNonEmpty(hostname, ip)
	if ipv4 != "" {
		c.Properties = append(c.Properties, inventory.Property{Name: "ipv4", Value: ipv4})
	}
	if ipv6 != "" {
		c.Properties = append(c.Properties, inventory.Property{Name: "ipv6", Value: ipv6})
	}
	for _, p := range h.Ports {
		if p.State.State != "open" {
			continue
		}
		v := p.PortID + "/" + p.Protocol
		if s := strings.TrimSpace(strings.Join([]string{p.Service.Name, p.Service.Product, p.Service.Version}, " ")); s != "" {
			v += " " + strings.Join(strings.Fields(s), " ")
		}
		c.Properties = append(c.Properties, inventory.Property{Name: "open_port", Value: v})
	}
	if len(h.OSMatches) > 0 && h.OSMatches[0].Name != "" {
		// nmap's best OS guess, for the auditor; not a vendor signal.
		c.Properties = append(c.Properties, inventory.Property{Name: "os_guess", Value: h.OSMatches[0].Name + " (" + h.OSMatches[0].Accuracy + "%)"})
	}
	return c, true
}

// normalizeMAC returns a 48-bit MAC as "00:1F:54:12:34:56".
func normalizeMAC(s string) (string, bool) {
	var hex []byte
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9', r >= 'a' && r <= 'f', r >= 'A' && r <= 'F':
			hex = append(hex, byte(r))
		case r == ':' || r == '-' || r == '.':
		default:
			return "", false
		}
	}
	if len(hex) != 12 {
		return "", false
	}
	h := bytes.ToUpper(hex)
	var b strings.Builder
	for i := 0; i < 12; i += 2 {
		if i > 0 {
			b.WriteByte(':')
		}
		b.Write(h[i : i+2])
	}
	return b.String(), true
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
