// Package nmap is the ingest stage for nmap's XML output (`nmap -oX`): each
// host that was up becomes a network-host component, identified by its MAC
// address (whose OUI names the maker of the network interface) and carrying
// nmap's own vendor guess for that MAC.
//
// The package reads the scan only; it must not resolve names or contact the
// scanned hosts.
package nmap

import (
	"bytes"

	"github.com/vendorcheck/vendorcheck/pkg/ingest"
)

// ID is the format id.
const ID = "nmap-xml"

// MaxDocumentSize bounds how much XML is read: a /16 scan with -vv and
// service detection stays well below it.
const MaxDocumentSize = 512 << 20

// MaxHosts bounds the number of <host> elements.
const MaxHosts = 1 << 20

type decoder struct{}

var _ ingest.Decoder = (*decoder)(nil)

// New returns the nmap XML decoder.
func New() ingest.Decoder { return &decoder{} }

func (*decoder) ID() string { return ID }

// Identify accepts XML whose root element is <nmaprun>.
func (*decoder) Identify(head []byte) bool {
	t := bytes.TrimLeft(ingest.StripBOM(head), " \t\r\n")
	return bytes.HasPrefix(t, []byte("<")) && bytes.Contains(t, []byte("<nmaprun"))
}
