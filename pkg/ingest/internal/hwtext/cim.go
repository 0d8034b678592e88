package hwtext

import (
	"bytes"
	"strings"

	"github.com/vendorcheck/vendorcheck/pkg/internal/lazyre"
)

var (
	// reCIMClassType is a #TYPE line that names a CIM or WMI class.
	reCIMClassType = lazyre.New(`^#TYPE [^\r\n]*(CimInstance#|ManagementObject#|Win32_)`)
	// reCIMSelectedType is the #TYPE line Select-Object leaves: CIM or WMI
	// instances, no class.
	reCIMSelectedType = lazyre.New(`^#TYPE Selected\.(Microsoft\.Management\.Infrastructure\.CimInstance|System\.Management\.ManagementObject)\s*$`)
	// reCIMColumn is a column only CIM/WMI instances (or the uninstall
	// registry keys) have.
	reCIMColumn = lazyre.New(`"(PSComputerName|PNPDeviceID|SMBIOSBIOSVersion|UninstallString|CimClass|BankLabel|DeviceLocator|__CLASS)"`)
)

// IsCIMExport reports whether a CSV head is PowerShell's Export-Csv of CIM
// or WMI instances: a #TYPE line naming the class, or the class-less #TYPE
// line of Select-Object followed by a header with a CIM column. A
// class-less export of plain columns (Manufacturer, Model) is a sheet like
// any other. The PowerShell and sheet decoders both ask, so that exactly
// one of them takes the file.
func IsCIMExport(head []byte) bool {
	first, ok := FirstLine(head)
	if !ok || !strings.HasPrefix(first, "#TYPE ") {
		return false // decided without compiling the expressions
	}
	if reCIMClassType.MatchString(first) {
		return true
	}
	if !reCIMSelectedType.MatchString(first) {
		return false
	}
	_, rest, _ := bytes.Cut(bytes.TrimLeft(head, " \t\r\n"), []byte("\n"))
	header, ok := FirstLine(rest)
	return ok && reCIMColumn.MatchString(header)
}
