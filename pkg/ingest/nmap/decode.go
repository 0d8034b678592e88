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
	"github.com/vendorcheck/vendorcheck/pkg/ingest/internal/xmlscan"
	"github.com/vendorcheck/vendorcheck/pkg/inventory"
)

type xmlHost struct {
	Status struct {
		State string `xml:"state,attr"`
	} `xml:"status"`
	Addresses []xmlAddress  `xml:"address"`
	Hostnames []xmlHostname `xml:"hostnames>hostname"`
	Ports     []xmlPort     `xml:"ports>port"`
	OSMatches []xmlOSMatch  `xml:"os>osmatch"`
}

type xmlAddress struct {
	Addr     string `xml:"addr,attr"`
	AddrType string `xml:"addrtype,attr"`
	Vendor   string `xml:"vendor,attr"`
}

type xmlHostname struct {
	Name string `xml:"name,attr"`
	Type string `xml:"type,attr"`
}

type xmlPort struct {
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
}

type xmlOSMatch struct {
	Name     string `xml:"name,attr"`
	Accuracy string `xml:"accuracy,attr"`
}

func (*decoder) Decode(ctx context.Context, r io.Reader, name string) (*inventory.Inventory, error) {
	return decode(ctx, r, name, MaxDocumentSize)
}

func decode(ctx context.Context, r io.Reader, name string, limit int64) (*inventory.Inventory, error) {
	lr := &ingest.LimitedReader{R: r, N: limit}
	s := xmlscan.New(lr, ingest.MaxNestingDepth)
	s.TagLines = true
	inv := &inventory.Inventory{Source: name, Format: ID, Components: []inventory.Component{}}
	fail := func(line int, err error) error {
		if lr.Exceeded {
			return &ingest.DecodeError{File: name, Format: ID, Err: fmt.Errorf("%w: more than %d bytes of XML", ingest.ErrTooLarge, limit)}
		}
		return &ingest.DecodeError{File: name, Line: line, Format: ID, Err: err}
	}
	// Only the five predefined entities exist; a document that declares its
	// own is rejected before any is used. (encoding/xml, which read nmap
	// XML before, passed directives inside a host by; so does this.)
	inHost := false
	s.Directive = func(d []byte) error {
		if !inHost && isEntityDeclaration(xml.Directive(d)) {
			return errEntities
		}
		return nil
	}
	failXML := func(err error) error {
		var se *xmlscan.SyntaxError
		switch {
		case errors.Is(err, errEntities):
			return fail(s.TagLine(), fmt.Errorf("%w: DOCTYPE with an internal subset or ENTITY declarations is not allowed in nmap XML", ingest.ErrMalformed))
		case errors.As(err, &se):
			return fail(s.LineOf(se.Off), fmt.Errorf("%w: invalid XML: %s", ingest.ErrMalformed, se.Msg))
		case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
			return err
		}
		return fail(s.Line(), fmt.Errorf("%w: %v", ingest.ErrMalformed, err))
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	hosts, sawRoot := 0, false
	// Like encoding/xml, read on after the root: each top-level element
	// must be an <nmaprun>.
	for {
		more, err := s.Top(nil)
		if err != nil {
			return nil, failXML(err)
		}
		if !more {
			break
		}
		if string(s.Local()) != "nmaprun" {
			return nil, fail(s.TagLine(), fmt.Errorf("%w: root element is <%s>, not <nmaprun>", ingest.ErrUnknownFormat, s.Local()))
		}
		sawRoot = true
		v, _ := s.AttrLocal("xmloutputversion")
		inv.SpecVersion = string(v)
		for {
			more, err := s.NextChild()
			if err != nil {
				return nil, failXML(err)
			}
			if !more {
				break
			}
			if string(s.Local()) != "host" {
				if err := s.Skip(); err != nil {
					return nil, failXML(err)
				}
				continue
			}
			line := s.TagLine()
			hosts++
			if hosts > MaxHosts {
				return nil, fail(line, fmt.Errorf("%w: more than %d hosts", ingest.ErrTooLarge, MaxHosts))
			}
			if hosts%256 == 0 {
				if err := ctx.Err(); err != nil {
					return nil, err
				}
			}
			inHost = true
			h, err := readHost(s)
			inHost = false
			var se *xmlscan.SyntaxError
			if errors.As(err, &se) {
				// A host that does not parse is reported at its start.
				return nil, fail(line, fmt.Errorf("%w: invalid XML: %s", ingest.ErrMalformed, se.Msg))
			}
			if err != nil {
				return nil, failXML(err)
			}
			if c, ok := hostComponent(h, name, line); ok {
				inv.Components = append(inv.Components, c)
			}
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

var errEntities = errors.New("entity declarations")

// attr is the value of the element's last attribute called name, whatever
// its prefix: what encoding/xml's Unmarshal gave the xmlHost fields.
func attr(s *xmlscan.Scanner, name string, dst *string) {
	if v, ok := s.AttrLocal(name); ok {
		*dst = string(v)
	}
}

// children calls f for each child element of the element just started;
// f must consume the child.
func children(s *xmlscan.Scanner, f func(local string) error) error {
	for {
		more, err := s.NextChild()
		if err != nil || !more {
			return err
		}
		if err := f(string(s.Local())); err != nil {
			return err
		}
	}
}

// readHost reads a <host> whose start tag has been read into an xmlHost,
// as encoding/xml's Unmarshal did: elements matched by local name, a
// repeated single element read into the same value, lists appended to.
func readHost(s *xmlscan.Scanner) (*xmlHost, error) {
	h := &xmlHost{}
	err := children(s, func(local string) error {
		switch local {
		case "status":
			attr(s, "state", &h.Status.State)
		case "address":
			h.Addresses = append(h.Addresses, xmlAddress{})
			a := &h.Addresses[len(h.Addresses)-1]
			attr(s, "addr", &a.Addr)
			attr(s, "addrtype", &a.AddrType)
			attr(s, "vendor", &a.Vendor)
		case "hostnames":
			return children(s, func(local string) error {
				if local == "hostname" {
					h.Hostnames = append(h.Hostnames, xmlHostname{})
					hn := &h.Hostnames[len(h.Hostnames)-1]
					attr(s, "name", &hn.Name)
					attr(s, "type", &hn.Type)
				}
				return s.Skip()
			})
		case "ports":
			return children(s, func(local string) error {
				if local != "port" {
					return s.Skip()
				}
				h.Ports = append(h.Ports, xmlPort{})
				p := &h.Ports[len(h.Ports)-1]
				attr(s, "protocol", &p.Protocol)
				attr(s, "portid", &p.PortID)
				return children(s, func(local string) error {
					switch local {
					case "state":
						attr(s, "state", &p.State.State)
					case "service":
						attr(s, "name", &p.Service.Name)
						attr(s, "product", &p.Service.Product)
						attr(s, "version", &p.Service.Version)
					}
					return s.Skip()
				})
			})
		case "os":
			return children(s, func(local string) error {
				if local == "osmatch" {
					h.OSMatches = append(h.OSMatches, xmlOSMatch{})
					m := &h.OSMatches[len(h.OSMatches)-1]
					attr(s, "name", &m.Name)
					attr(s, "accuracy", &m.Accuracy)
				}
				return s.Skip()
			})
		}
		return s.Skip()
	})
	return h, err
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
