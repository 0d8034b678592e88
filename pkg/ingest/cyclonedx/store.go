package cyclonedx

import (
	"github.com/vendorcheck/vendorcheck/pkg/ingest"
	"github.com/vendorcheck/vendorcheck/pkg/inventory"
)

// Memory for large documents. A 100k-component BOM yields 100k components
// and about a million short strings; allocating them one by one, and growing
// one slice of components by doubling, costs more than parsing. The strings
// go to a jsonscan.Arena (the JSON and XML readers share it); the components
// to a compBuf.

// compBuf collects components in chunks, so that growing never copies a
// large slice, and flattens them once at the end. Chunks start small (most
// inputs are small) and grow to maxChunk.
type compBuf struct {
	chunks [][]inventory.Component
	n      int
}

const maxChunk = 1024

func (c *compBuf) len() int { return c.n }

// bytesPerComponent is a low estimate of a CycloneDX JSON component's size
// (generated SBOMs average about 1.3 KiB, real ones 1.3 to 2.5 KiB), used to
// size the first chunk from the input's size.
const bytesPerComponent = 1200

// reserve sizes the first chunk for an input of size bytes, so that a large
// SBOM fills one slice and flatten need not copy it (which would hold every
// component twice at the peak).
func (c *compBuf) reserve(size int64) {
	if len(c.chunks) > 0 || size <= 0 {
		return
	}
	if n := size / bytesPerComponent; n > maxChunk {
		c.chunks = append(c.chunks, make([]inventory.Component, 0, n))
	}
}

// add appends a zero component and returns its index.
func (c *compBuf) add() int {
	k := len(c.chunks) - 1
	if k < 0 || len(c.chunks[k]) == cap(c.chunks[k]) {
		size := 16
		if k >= 0 {
			size = max(min(2*cap(c.chunks[k]), maxChunk), 16)
		}
		c.chunks = append(c.chunks, make([]inventory.Component, 0, size))
		k++
	}
	c.chunks[k] = c.chunks[k][:len(c.chunks[k])+1]
	c.n++
	return c.n - 1
}

// at returns the component with index i. It walks the chunks from the end,
// where the decoder's lookups are.
func (c *compBuf) at(i int) *inventory.Component {
	base := c.n
	for k := len(c.chunks) - 1; k >= 0; k-- {
		base -= len(c.chunks[k])
		if i >= base {
			return &c.chunks[k][i-base]
		}
	}
	panic("compBuf: index out of range")
}

// flatten returns all components in one slice of exactly their number and
// releases the chunks.
func (c *compBuf) flatten() []inventory.Component {
	if len(c.chunks) == 1 {
		out := c.chunks[0]
		c.chunks = nil
		return out
	}
	out := make([]inventory.Component, 0, c.n)
	for i, ch := range c.chunks {
		out = append(out, ch...)
		c.chunks[i] = nil
	}
	c.chunks = nil
	return out
}

// emitter hands finished components to a Stream's emit function, with
// their ord: their index in depth-first order (a component before its
// nested components), the last metadata's components before all others,
// which is the order Decode returns them in.
type emitter struct {
	emit ingest.EmitFunc
	// The components of metadata wait until the end of the document:
	// only then is it known which metadata element is the last (XML
	// allows several; Decode puts the last one's components first). Their
	// strings live in an arena of their own (metaStrs).
	inMeta  bool
	metaGen int
	meta    []metaComponent
	// While holds > 0, finished components wait in held: a component
	// whose "components" came before its "name" fixes its descendants'
	// paths when it ends.
	holds int
	held  []heldComponent
	cur   inventory.Component // the one being handed out
}

type heldComponent struct {
	idx int
	c   inventory.Component
}

type metaComponent struct {
	gen int
	heldComponent
}

// metaOrd puts the last metadata's components before all others.
const metaOrd = -1 << 62

// put hands out or holds the component with depth-first index idx.
func (e *emitter) put(idx int, c *inventory.Component) error {
	switch {
	case e.inMeta:
		e.meta = append(e.meta, metaComponent{e.metaGen, heldComponent{idx, *c}})
	case e.holds > 0:
		e.held = append(e.held, heldComponent{idx, *c})
	default:
		return e.emit(int64(idx), c)
	}
	return nil
}

// hold starts holding finished components and returns where the ones it
// holds will start.
func (e *emitter) hold() int {
	e.holds++
	if e.inMeta {
		return len(e.meta)
	}
	return len(e.held)
}

// fixPath sets the path element at level to name in every component
// waiting from index from on.
func (e *emitter) fixPath(from, level int, name string) {
	if e.inMeta {
		for i := from; i < len(e.meta); i++ {
			e.meta[i].c.Location.Path[level] = name
		}
		return
	}
	for i := from; i < len(e.held); i++ {
		e.held[i].c.Location.Path[level] = name
	}
}

// release ends one hold; when none is left, the held components are handed
// out.
func (e *emitter) release() error {
	e.holds--
	if e.holds > 0 || e.inMeta {
		return nil
	}
	for i := range e.held {
		if err := e.emit(int64(e.held[i].idx), &e.held[i].c); err != nil {
			return err
		}
	}
	clear(e.held)
	e.held = e.held[:0]
	return nil
}

// startMeta begins a metadata element.
func (e *emitter) startMeta() {
	e.inMeta = true
	e.metaGen++
}

// finish hands out the components of metadata.
func (e *emitter) finish() error {
	for i := range e.meta {
		m := &e.meta[i]
		ord := int64(m.idx)
		if m.gen == e.metaGen {
			ord += metaOrd
		}
		if err := e.emit(ord, &m.c); err != nil {
			return err
		}
	}
	e.meta = nil
	return nil
}
