package cyclonedx

import (
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
