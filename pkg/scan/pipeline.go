package scan

import (
	"unsafe"

	"github.com/vendorcheck/vendorcheck/pkg/inventory"
)

// A judging pipeline lets an input's components be judged on another core
// while the decoder reads on: used when fewer inputs are being read than
// there are workers, so that a run of one large SBOM uses both cores of a
// CI machine. The decoder's emit copies each component out of the
// decoder's memory into a batch; full batches go to one judging goroutine
// in order, and a judged batch's memory is used again. A run is judged the
// same with and without it (the keeper sorts what it keeps by ord anyway).
type pipeline struct {
	judge func(ord int64, c *inventory.Component)
	cur   *batch
	full  chan *batch // to the judging goroutine, in order
	free  chan *batch // judged, to be filled again
	done  chan struct{}
}

const (
	// batchSize components go to the judging goroutine at a time: a
	// channel operation per component would cost more than it saves.
	batchSize = 64
	// pipelineBatches bounds the batches in flight, and with them the
	// memory the pipeline holds.
	pipelineBatches = 4
	// pipelineMinSize is the smallest input judged in a pipeline: below
	// it the goroutine and the copies (fresh memory, a page fault a page)
	// cost about what they save (a 1.3 MB SBOM of 1,000 components was
	// no faster with it).
	pipelineMinSize = 4 << 20
	// batchBytes also ends a batch: components with long values go a few
	// at a time, so the pipeline holds at most about
	// (pipelineBatches+1) * batchBytes of copies beyond one component.
	batchBytes = 256 << 10
)

type batch struct {
	ords  []int64
	comps []inventory.Component
	cp    componentCopier
}

func startPipeline(judge func(ord int64, c *inventory.Component)) *pipeline {
	p := &pipeline{
		judge: judge,
		full:  make(chan *batch, pipelineBatches),
		free:  make(chan *batch, pipelineBatches+1),
		done:  make(chan struct{}),
	}
	for range pipelineBatches + 1 {
		p.free <- &batch{ords: make([]int64, 0, batchSize), comps: make([]inventory.Component, 0, batchSize)}
	}
	go func() {
		defer close(p.done)
		for b := range p.full {
			for i := range b.comps {
				p.judge(b.ords[i], &b.comps[i])
			}
			clear(b.comps) // no pointers into the input kept while it waits
			b.ords, b.comps = b.ords[:0], b.comps[:0]
			b.cp.reset()
			p.free <- b
		}
	}()
	return p
}

// put copies c (the decoder's, valid only during the call) into the
// current batch, and sends the batch when it is full.
func (p *pipeline) put(ord int64, c *inventory.Component) {
	if p.cur == nil {
		p.cur = <-p.free
	}
	b := p.cur
	b.ords = append(b.ords, ord)
	b.comps = append(b.comps, b.cp.component(c))
	if len(b.comps) == batchSize || b.cp.size >= batchBytes {
		p.full <- b
		p.cur = nil
	}
}

// finish sends what is left and waits until every component is judged.
func (p *pipeline) finish() {
	if p.cur != nil && len(p.cur.comps) > 0 {
		p.full <- p.cur
	}
	p.cur = nil
	close(p.full)
	<-p.done
}

// componentCopier copies components with their strings and slices into
// memory of its own: strings into append-only blocks (a string's bytes
// are never written again until reset), slices into one backing array
// per kind, so a batch costs a few allocations, not one per string. After
// reset the same blocks are filled again: a run that judged its first
// batches touches no new memory for the next (fresh pages cost a page
// fault each).
type componentCopier struct {
	block []byte
	used  [][]byte // blocks filled since reset
	spare [][]byte // blocks to fill again
	size  int      // bytes of strings copied since reset
	strs  []string
	parts []inventory.Party
	ids   []inventory.Identifier
	props []inventory.Property
}

const copyBlock = 32 << 10

func (cp *componentCopier) reset() {
	if cp.block != nil {
		cp.used = append(cp.used, cp.block)
		cp.block = nil
	}
	for _, b := range cp.used {
		cp.spare = append(cp.spare, b[:0])
	}
	clear(cp.used)
	cp.used = cp.used[:0]
	cp.strs, cp.parts, cp.ids, cp.props = cp.strs[:0], cp.parts[:0], cp.ids[:0], cp.props[:0]
	cp.size = 0
}

func (cp *componentCopier) str(s string) string {
	n := len(s)
	if n == 0 {
		return ""
	}
	cp.size += n
	if n > copyBlock/4 {
		return string([]byte(s)) // a long value gets memory of its own
	}
	if cap(cp.block)-len(cp.block) < n {
		if cp.block != nil {
			cp.used = append(cp.used, cp.block)
		}
		if k := len(cp.spare); k > 0 {
			cp.block, cp.spare = cp.spare[k-1], cp.spare[:k-1]
		} else {
			cp.block = make([]byte, 0, copyBlock)
		}
	}
	start := len(cp.block)
	cp.block = append(cp.block, s...)
	return unsafe.String(&cp.block[start], n)
}

// component returns a copy of c that shares no memory with it.
func (cp *componentCopier) component(c *inventory.Component) inventory.Component {
	d := *c
	d.Name = cp.str(c.Name)
	d.Version = cp.str(c.Version)
	d.Kind = inventory.Kind(cp.str(string(c.Kind)))
	d.Group = cp.str(c.Group)
	d.Description = cp.str(c.Description)
	d.PURL = cp.str(c.PURL)
	d.Model = cp.str(c.Model)
	d.Serial = cp.str(c.Serial)
	d.Host = cp.str(c.Host)
	d.Site = cp.str(c.Site)
	d.Location.File = cp.str(c.Location.File)
	d.Location.Ref = cp.str(c.Location.Ref)
	d.CPEs = cp.strings(c.CPEs)
	d.Location.Path = cp.strings(c.Location.Path)
	if c.Parties != nil {
		start := len(cp.parts)
		for _, p := range c.Parties {
			p.Role = inventory.Role(cp.str(string(p.Role)))
			p.Name, p.Field, p.Email, p.URL = cp.str(p.Name), cp.str(p.Field), cp.str(p.Email), cp.str(p.URL)
			cp.parts = append(cp.parts, p)
		}
		d.Parties = cp.parts[start:len(cp.parts):len(cp.parts)]
	}
	if c.Identifiers != nil {
		start := len(cp.ids)
		for _, id := range c.Identifiers {
			id.Kind = inventory.IDKind(cp.str(string(id.Kind)))
			id.Value, id.Field = cp.str(id.Value), cp.str(id.Field)
			cp.ids = append(cp.ids, id)
		}
		d.Identifiers = cp.ids[start:len(cp.ids):len(cp.ids)]
	}
	if c.Properties != nil {
		start := len(cp.props)
		for _, pr := range c.Properties {
			cp.props = append(cp.props, inventory.Property{Name: cp.str(pr.Name), Value: cp.str(pr.Value)})
		}
		d.Properties = cp.props[start:len(cp.props):len(cp.props)]
	}
	return d
}

func (cp *componentCopier) strings(ss []string) []string {
	if ss == nil {
		return nil
	}
	start := len(cp.strs)
	for _, s := range ss {
		cp.strs = append(cp.strs, cp.str(s))
	}
	return cp.strs[start:len(cp.strs):len(cp.strs)]
}
