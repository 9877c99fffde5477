package verify

// segmentLen is how many entries one segment of an expiryQueue holds:
// 256 × 12 bytes, 3 KiB.
const segmentLen = 256

// segment is a fixed-size block of an expiryQueue: the keys and expiries
// of its entries in two arrays, 12 bytes an entry without padding. It
// holds no pointer, so the garbage collector never scans it.
type segment struct {
	keys [segmentLen]jtiHash
	exps [segmentLen]uint32
}

// expiryQueue is a FIFO of entries in arrival order, kept in fixed-size
// segments: it grows one segment at a time and never copies an entry, so
// a push costs the same at a million entries as at ten (the list of
// segments, a pointer each, is all that an append ever copies). Expiries
// arrive nearly in order, since every token shares one window, so the
// oldest entries sit at the front. One emptied segment is kept for the
// next push rather than freed, so that a queue that hovers at a segment
// boundary does not allocate on every push.
type expiryQueue struct {
	segs  []*segment // oldest first; the front entry is at index first of segs[0]
	first int        // index of the front entry in segs[0]
	end   int        // index after the last entry in the last segment
	n     int        // number of entries
	spare *segment
}

// front returns the key and expiry of the front entry; the queue must not
// be empty.
func (q *expiryQueue) front() (jtiHash, uint32) {
	s := q.segs[0]
	return s.keys[q.first], s.exps[q.first]
}

// pop removes the front entry; the queue must not be empty.
func (q *expiryQueue) pop() {
	q.first++
	q.n--
	switch {
	case q.n == 0: // one segment left: start again at its beginning
		q.first, q.end = 0, 0
	case q.first == segmentLen:
		q.spare = q.segs[0]
		q.segs[0] = nil
		q.segs = q.segs[1:]
		q.first = 0
	}
}

// push appends an entry.
func (q *expiryQueue) push(key jtiHash, exp uint32) {
	if len(q.segs) == 0 || q.end == segmentLen {
		q.segs = append(q.segs, q.newSegment())
		q.end = 0
	}
	s := q.segs[len(q.segs)-1]
	s.keys[q.end], s.exps[q.end] = key, exp
	q.end++
	q.n++
}

func (q *expiryQueue) newSegment() *segment {
	if s := q.spare; s != nil {
		q.spare = nil
		return s
	}
	return new(segment)
}
