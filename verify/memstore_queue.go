package verify

// queueEntry is one record of a MemoryStore in arrival order: 20 bytes.
type queueEntry struct {
	key jtiHash
	exp uint32
}

// expiryQueue is a FIFO ring of entries in arrival order. Expiries arrive
// nearly in order, since every token shares one window, so the oldest
// entries sit at the front.
type expiryQueue struct {
	buf  []queueEntry
	head int // index of the front entry
	n    int // number of entries
}

func (q *expiryQueue) front() queueEntry { return q.buf[q.head] }

func (q *expiryQueue) pop() {
	q.buf[q.head] = queueEntry{}
	q.head++
	if q.head == len(q.buf) {
		q.head = 0
	}
	q.n--
}

// push appends e, growing the ring by doubling but never past limit
// entries when limit > 0 (the caller keeps n below limit).
func (q *expiryQueue) push(e queueEntry, limit int) {
	if q.n == len(q.buf) {
		q.grow(limit)
	}
	i := q.head + q.n
	if i >= len(q.buf) {
		i -= len(q.buf)
	}
	q.buf[i] = e
	q.n++
}

func (q *expiryQueue) grow(limit int) {
	size := max(16, 2*len(q.buf))
	if limit > 0 {
		size = min(size, limit)
	}
	buf := make([]queueEntry, size)
	k := copy(buf, q.buf[q.head:])
	copy(buf[k:], q.buf[:q.head])
	q.buf, q.head = buf, 0
}
