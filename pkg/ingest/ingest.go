// Package ingest is the first stage of the pipeline: it recognises an input
// by its content and hands it to the decoder for its format, which yields a
// normalized inventory.
//
// Detection is cheap and never fails (Identify); decoding does the work
// (Decode). Ingest packages import only package inventory and their format
// libraries; nothing after ingest imports a format library.
package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/encoding/unicode/utf32"
	"golang.org/x/text/transform"

	"github.com/vendorcheck/vendorcheck/pkg/inventory"
)

// HeadSize is how much of an input Identify sees first.
const HeadSize = 64 << 10

// LateHeadSize is how much of a JSON or XML input Identify sees when nothing
// recognised its first HeadSize bytes: the marker of a format can come after
// a long first member or comment.
const LateHeadSize = 8 << 20

// MaxInputSize is the default bound on how much of one input a decoder
// reads (Registry.Decode); Registry.DecodeWithLimit takes another.
const MaxInputSize int64 = 2 << 30

// MaxNestingDepth bounds how deeply the objects and arrays (or elements) of
// a structured input may nest. Real SBOMs and inventories nest a few dozen
// levels; the bound keeps recursive decoders off deep-nesting inputs. Decoders
// may use a tighter bound of their own.
const MaxNestingDepth = 1000

// MaxValueSize bounds one text value that a decoder keeps: a name, a
// version, a purl, a description, a property. A longer value is an error
// naming the input and line (wrapping ErrTooLarge). No field vendorcheck
// reads comes near it in a real SBOM or inventory (the longest in the test
// corpus is a 1.6 KB description); the fields that do carry long text
// (licence texts, copyright notices, attachments) are not read, and are
// skipped whatever their length. The bound keeps one value from costing
// memory many times over: matching, the result and every report hold it.
// Decoders that stream their input (JSON, XML) refuse the value as they
// read it; Registry.Decode checks what every other decoder kept.
const MaxValueSize = 1 << 20

// Decoder reads one input format.
type Decoder interface {
	// ID names the format, e.g. "cyclonedx-json". Ids are unique.
	ID() string
	// Identify reports whether head (the first HeadSize bytes of the input,
	// or all of it if shorter) looks like this format. It never fails and
	// must be cheap.
	Identify(head []byte) bool
	// Decode reads the whole input. name is the input's name for locations
	// and errors.
	Decode(ctx context.Context, r io.Reader, name string) (*inventory.Inventory, error)
}

// Sentinel errors of detection and decoding. Decoders wrap them so that the
// CLI can tell the user what to do.
var (
	// ErrUnknownFormat: no decoder recognised the input.
	ErrUnknownFormat = errors.New("not a supported SBOM or inventory format")
	// ErrUnsupportedVersion: the format is recognised, the version is not.
	ErrUnsupportedVersion = errors.New("unsupported format version")
	// ErrMalformed: the input claims a format but does not decode.
	ErrMalformed = errors.New("malformed input")
	// ErrTooLarge: the input exceeds a size limit.
	ErrTooLarge = errors.New("input too large")
	// ErrMixedFormats: the input reads as more than one format, such as an
	// lspci dump followed by a dmidecode dump in one file.
	ErrMixedFormats = errors.New("more than one format in one file")
	// ErrLooksLikeInventory accompanies ErrUnknownFormat when the input is
	// named or shaped like an SBOM or inventory (sbom.cdx.json, a JSON
	// document with "bomFormat") but no decoder recognises it: in a
	// directory walk that is an error, not a skip.
	ErrLooksLikeInventory = errors.New("named or shaped like an SBOM or inventory")
)

// DecodeError is a decoding problem in a file, with the line where known.
type DecodeError struct {
	File   string
	Line   int
	Format string
	Err    error
}

func (e *DecodeError) Error() string {
	loc := e.File
	if e.Line > 0 {
		loc = fmt.Sprintf("%s:%d", e.File, e.Line)
	}
	if e.Format != "" {
		return fmt.Sprintf("%s: %s: %v", loc, e.Format, e.Err)
	}
	return fmt.Sprintf("%s: %v", loc, e.Err)
}

func (e *DecodeError) Unwrap() error { return e.Err }

// Registry is an ordered list of decoders; the first that identifies an
// input decodes it.
type Registry struct {
	decoders []Decoder
	byID     map[string]Decoder
}

// NewRegistry builds a registry. A duplicate id is a programming error and
// panics.
func NewRegistry(ds ...Decoder) *Registry {
	r := &Registry{byID: map[string]Decoder{}}
	for _, d := range ds {
		if _, dup := r.byID[d.ID()]; dup {
			panic("ingest: duplicate decoder id " + d.ID())
		}
		r.byID[d.ID()] = d
		r.decoders = append(r.decoders, d)
	}
	return r
}

// Decoders returns the registered decoders in order.
func (r *Registry) Decoders() []Decoder { return append([]Decoder(nil), r.decoders...) }

// Lookup finds a decoder by id.
func (r *Registry) Lookup(id string) (Decoder, bool) {
	d, ok := r.byID[id]
	return d, ok
}

// Detect returns the decoder for head, or nil.
func (r *Registry) Detect(head []byte) Decoder {
	h := NewHead(head)
	for _, d := range r.decoders {
		if identify(d, h) {
			return d
		}
	}
	return nil
}

// DetectAll returns every decoder that identifies head, in order.
func (r *Registry) DetectAll(head []byte) []Decoder {
	h := NewHead(head)
	var ds []Decoder
	for _, d := range r.decoders {
		if identify(d, h) {
			ds = append(ds, d)
		}
	}
	return ds
}

// StripBOM removes a leading UTF-8 byte-order mark.
func StripBOM(b []byte) []byte { return bytes.TrimPrefix(b, []byte("\xef\xbb\xbf")) }

// Decode detects the format of r and decodes it. The input is read through
// MaxInputSize.
func (r *Registry) Decode(ctx context.Context, in io.Reader, name string) (*inventory.Inventory, error) {
	return r.DecodeWithLimit(ctx, in, name, MaxInputSize)
}

// DecodeWithLimit is Decode with another bound on the input's size: more
// than maxSize bytes is an error wrapping ErrTooLarge, whatever the decoder
// made of the part it read. maxSize <= 0 means MaxInputSize.
func (r *Registry) DecodeWithLimit(ctx context.Context, in io.Reader, name string, maxSize int64) (*inventory.Inventory, error) {
	return r.decode(ctx, in, name, maxSize, nil)
}

// Streamer is implemented by decoders that can hand out the components of
// an input one at a time, as they are decoded, so that a caller that judges
// each component and keeps few of them never holds the whole inventory.
type Streamer interface {
	Decoder
	// Stream reads the input as Decode does, but calls emit with each
	// component once it is complete instead of collecting them, and returns
	// the inventory without its Components. An error from emit stops the
	// decoding and is returned.
	Stream(ctx context.Context, r io.Reader, name string, emit EmitFunc) (*inventory.Inventory, error)
}

// EmitFunc receives one component of a streamed input.
//
// ord places the component: components may come in another order than
// Decode returns them (a CycloneDX component is complete only after its
// nested components), and sorted by ord they are in Decode's order. Each
// component's ord is distinct.
//
// c, the slices it holds and its strings are the callee's only during the
// call: the decoder may reuse their memory for the next components, so a
// callee copies what it keeps (strings.Clone). That is what keeps a
// streamed decode's memory flat. An error ends the decoding as a decoding
// error would.
type EmitFunc func(ord int64, c *inventory.Component) error

// StreamWithLimit is DecodeWithLimit for a caller that takes the components
// one at a time: a decoder that is a Streamer hands each one to emit as it
// is decoded; for any other, the whole inventory is decoded first and its
// components are handed to emit in order. The inventory returned has no
// Components. When it fails, emit may already have seen some components.
func (r *Registry) StreamWithLimit(ctx context.Context, in io.Reader, name string, maxSize int64, emit EmitFunc) (*inventory.Inventory, error) {
	return r.decode(ctx, in, name, maxSize, emit)
}

// decode is DecodeWithLimit, or StreamWithLimit when emit is set.
func (r *Registry) decode(ctx context.Context, in io.Reader, name string, maxSize int64, emit EmitFunc) (*inventory.Inventory, error) {
	if maxSize <= 0 {
		maxSize = MaxInputSize
	}
	lr := &LimitedReader{R: in, N: maxSize}
	tooLarge := func() error {
		return &DecodeError{File: name, Err: fmt.Errorf("%w: more than %s", ErrTooLarge, FormatSize(maxSize))}
	}
	var src io.Reader = lr
	head, err := readHead(src, HeadSize)
	if lr.Exceeded {
		return nil, tooLarge()
	}
	if err != nil {
		return nil, &DecodeError{File: name, Err: err}
	}
	if dec := unicodeDecoder(head); dec != nil {
		// UTF-16 or UTF-32 with a byte-order mark (what PowerShell's ">"
		// writes): every decoder reads UTF-8, so transcode once, here.
		src = transform.NewReader(io.MultiReader(bytes.NewReader(head), lr), dec)
		if head, err = readHead(src, HeadSize); err != nil {
			return nil, &DecodeError{File: name, Err: fmt.Errorf("%w: %v", ErrMalformed, err)}
		}
	}
	if len(bytes.TrimSpace(StripBOM(head))) == 0 {
		return nil, &DecodeError{File: name, Err: fmt.Errorf("%w: the file is empty", ErrUnknownFormat)}
	}
	ds := r.DetectAll(head)
	if len(ds) == 0 && len(head) == HeadSize && structured(head) {
		// The marker of a JSON or XML format can come late: a CycloneDX
		// document whose "bomFormat" follows a long "metadata", a long
		// comment before <bom>. Look further, once, within a bound.
		more, err := readHead(src, LateHeadSize-HeadSize)
		if lr.Exceeded {
			return nil, tooLarge()
		}
		if err != nil {
			return nil, &DecodeError{File: name, Err: err}
		}
		head = append(head, more...)
		ds = r.DetectAll(head)
	}
	switch {
	case len(ds) == 0:
		if why := ShapedLikeInventory(name, head); why != "" {
			return nil, &DecodeError{File: name, Err: fmt.Errorf("%w: %w (%s), but no reader recognises its content", ErrUnknownFormat, ErrLooksLikeInventory, why)}
		}
		return nil, &DecodeError{File: name, Err: ErrUnknownFormat}
	case len(ds) > 1:
		ids := make([]string, len(ds))
		for i, d := range ds {
			ids[i] = d.ID()
		}
		return nil, &DecodeError{File: name, Err: fmt.Errorf("%w: the file reads as %s at once (two outputs written into one file?); split it into one file per format",
			ErrMixedFormats, strings.Join(ids, " and "))}
	}
	d := ds[0]
	full := newHeadReader(head, src)
	var inv *inventory.Inventory
	g := newGuard(name, d.ID()) // bounds.go
	st, streams := d.(Streamer)
	switch {
	case emit == nil:
		inv, err = d.Decode(ctx, full, name)
	case streams:
		inv, err = st.Stream(ctx, full, name, func(ord int64, c *inventory.Component) error {
			if err := g.component(c); err != nil {
				return err
			}
			return emit(ord, c)
		})
	default:
		inv, err = d.Decode(ctx, full, name)
	}
	if lr.Exceeded {
		// Whatever the decoder said, the cause is the limit.
		return nil, tooLarge()
	}
	if err != nil {
		var de *DecodeError
		if errors.As(err, &de) {
			return nil, err
		}
		return nil, &DecodeError{File: name, Format: d.ID(), Err: err}
	}
	if emit == nil || !streams {
		for i := range inv.Components {
			if err := g.component(&inv.Components[i]); err != nil {
				return nil, err
			}
		}
	}
	if err := g.finish(inv); err != nil {
		return nil, err
	}
	if inv.Format == "" {
		inv.Format = d.ID()
	}
	if inv.Source == "" {
		inv.Source = name
	}
	if emit != nil && !streams {
		cs := inv.Components
		inv.Components = nil
		for i := range cs {
			if err := emit(int64(i), &cs[i]); err != nil {
				return nil, err
			}
		}
	}
	return inv, nil
}

// FormatSize writes a byte count for people: "2 GiB", "64 MiB", "1500 bytes".
func FormatSize(n int64) string {
	for _, u := range []struct {
		unit string
		size int64
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}} {
		if n >= u.size && n%u.size == 0 {
			return fmt.Sprintf("%d %s", n/u.size, u.unit)
		}
	}
	return fmt.Sprintf("%d bytes", n)
}

// LimitedReader reads at most N bytes and records whether the input had more.
type LimitedReader struct {
	R        io.Reader
	N        int64
	Exceeded bool
}

func (l *LimitedReader) Read(p []byte) (int, error) {
	if l.N <= 0 {
		var one [1]byte
		if n, _ := l.R.Read(one[:]); n > 0 {
			l.Exceeded = true
			return 0, fmt.Errorf("%w: more than the limit", ErrTooLarge)
		}
		return 0, io.EOF
	}
	if int64(len(p)) > l.N {
		p = p[:l.N]
	}
	n, err := l.R.Read(p)
	l.N -= int64(n)
	return n, err
}

type sizeHintKey struct{}

// WithSizeHint tells decoders the input's size in bytes, when the caller
// knows it (a regular file), so that they can size their buffers once.
func WithSizeHint(ctx context.Context, n int64) context.Context {
	return context.WithValue(ctx, sizeHintKey{}, n)
}

// SizeHint returns the input size given to WithSizeHint, or 0.
func SizeHint(ctx context.Context) int64 {
	n, _ := ctx.Value(sizeHintKey{}).(int64)
	return n
}

// headReader is what a decoder reads: the head read for detection, then
// the rest of the input (io.MultiReader's behaviour). A decoder that reads
// through a buffer of its own can take the head's buffer as that buffer
// (TakeHead) rather than allocate one and copy the head into it: on a
// new process, a buffer's fresh pages cost more than reading into it.
type headReader struct {
	buf   []byte // the head, a byte-order mark included
	start int    // where the input the decoder reads starts in buf
	off   int    // the next unread byte of buf
	rest  io.Reader
}

func newHeadReader(head []byte, rest io.Reader) *headReader {
	start := len(head) - len(StripBOM(head))
	return &headReader{buf: head, start: start, off: start, rest: rest}
}

func (h *headReader) Read(p []byte) (int, error) {
	if h.off < len(h.buf) {
		n := copy(p, h.buf[h.off:])
		h.off += n
		return n, nil
	}
	return h.rest.Read(p)
}

// TakeHead hands a decoder the head of its input and the reader of the
// rest, when r is the reader Registry gives a decoder, nothing has been
// read from it, the head's buffer holds size bytes and the head is at
// most limit bytes: buf (len size) holds the input's first n bytes
// (n > 0), rest reads on after them, and r must not be read any more.
// Otherwise ok is false and r is as it was. size is the decoder's buffer
// size and limit its bound on the input, so that a decoder that takes the
// head reads on exactly as it would have without (its buffer grows at the
// same points, and it finds an input over its bound where it did).
func TakeHead(r io.Reader, size int, limit int64) (buf []byte, n int, rest io.Reader, ok bool) {
	h, ok := r.(*headReader)
	if !ok || h.off != h.start || h.off >= len(h.buf) || cap(h.buf) != size || int64(len(h.buf)-h.off) > limit {
		return nil, 0, nil, false
	}
	buf = h.buf[:size]
	n = copy(buf, h.buf[h.off:]) // drops a byte-order mark
	h.buf, h.start, h.off = nil, 0, 0
	return buf, n, h.rest, true
}

// readHead reads up to n bytes; a short input is no error.
func readHead(r io.Reader, n int) ([]byte, error) {
	b := make([]byte, n)
	m, err := io.ReadFull(r, b)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return nil, err
	}
	return b[:m], nil
}

// unicodeDecoder returns the transcoder to UTF-8 for a head that starts with
// a UTF-16 or UTF-32 byte-order mark, or nil. The UTF-32 marks are tested
// first: FF FE 00 00 is UTF-32LE, not UTF-16LE followed by a NUL.
func unicodeDecoder(head []byte) transform.Transformer {
	switch {
	case bytes.HasPrefix(head, []byte{0xff, 0xfe, 0, 0}):
		return utf32.UTF32(utf32.LittleEndian, utf32.ExpectBOM).NewDecoder()
	case bytes.HasPrefix(head, []byte{0, 0, 0xfe, 0xff}):
		return utf32.UTF32(utf32.BigEndian, utf32.ExpectBOM).NewDecoder()
	case bytes.HasPrefix(head, []byte{0xff, 0xfe}):
		return unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()
	case bytes.HasPrefix(head, []byte{0xfe, 0xff}):
		return unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder()
	}
	return nil
}

// structured reports whether a head starts like JSON or XML.
func structured(head []byte) bool {
	t := bytes.TrimLeft(StripBOM(head), " \t\r\n")
	return len(t) > 0 && (t[0] == '{' || t[0] == '[' || t[0] == '<')
}
