package learn

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
)

// The binary format, version 1:
//
//	"WSLM"             magic
//	uint16 LE          version
//	flate stream of the body:
//	  uint64 LE        hash seed
//	  uint64 LE        template fingerprint
//	  uint8            bits
//	  uvarint          number of labels, then each as uvarint length + bytes
//	  uvarint          number of stored rows
//	  per row, in increasing bucket order:
//	    uvarint        bucket - previous bucket - 1 (bucket itself for the first)
//	    float32 LE     scale
//	    ceil(nc/8)     bitmap of the non-zero classes
//	    int16 LE       weight / scale, for each class set in the bitmap
//	  uint32 LE        CRC-32 (IEEE) of the body before it
//
// Only rows with a non-zero weight are stored, and in them only non-zero
// classes: a trained tagger touches a small part of its 2^bits x classes
// table. Per-row scales keep 16-bit quantization within 1/65534 of each
// row's largest weight.
const (
	magic   = "WSLM"
	version = 1
	// maxBody bounds the decompressed body (a little over the largest
	// body a model of maxCells weights can have).
	maxBody = 3*maxCells + (1<<MaxBits)*9 + 1<<20
)

// ErrFormat is wrapped by every error Load returns for bytes that are not a
// valid model.
var ErrFormat = errors.New("invalid model")

// MarshalBinary encodes a finished model (see [Model.Finish]).
func (m *Model) MarshalBinary() ([]byte, error) {
	if m.u != nil {
		return nil, errors.New("learn: MarshalBinary before Finish")
	}
	var body bytes.Buffer
	var b8 [8]byte
	binary.LittleEndian.PutUint64(b8[:], m.seed)
	body.Write(b8[:])
	binary.LittleEndian.PutUint64(b8[:], m.fingerprint)
	body.Write(b8[:])
	body.WriteByte(byte(m.bits))
	body.Write(binary.AppendUvarint(nil, uint64(m.nc)))
	for _, l := range m.labels {
		body.Write(binary.AppendUvarint(nil, uint64(len(l))))
		body.WriteString(l)
	}
	nc := m.nc
	nrows := 1 << m.bits
	stored := 0
	var rows bytes.Buffer
	mask := make([]byte, (nc+7)/8)
	q := make([]int16, nc)
	row := make([]float32, nc)
	prev := -1
	for r := range nrows {
		if !m.rowValues(r, row) {
			continue
		}
		var maxAbs float32
		for _, v := range row {
			if !isFinite(v) {
				return nil, fmt.Errorf("learn: weight of bucket %d is %v", r, v)
			}
			maxAbs = max(maxAbs, float32(math.Abs(float64(v))))
		}
		if maxAbs == 0 {
			continue
		}
		scale := maxAbs / 32767
		clear(mask)
		nonzero := false
		for i, v := range row {
			q[i] = int16(math.Round(float64(v / scale)))
			if q[i] != 0 {
				mask[i/8] |= 1 << (i % 8)
				nonzero = true
			}
		}
		if !nonzero {
			continue
		}
		stored++
		rows.Write(binary.AppendUvarint(nil, uint64(r-prev-1)))
		prev = r
		binary.LittleEndian.PutUint32(b8[:4], math.Float32bits(scale))
		rows.Write(b8[:4])
		rows.Write(mask)
		for i := range row {
			if q[i] != 0 {
				binary.LittleEndian.PutUint16(b8[:2], uint16(q[i]))
				rows.Write(b8[:2])
			}
		}
	}
	body.Write(binary.AppendUvarint(nil, uint64(stored)))
	body.Write(rows.Bytes())
	binary.LittleEndian.PutUint32(b8[:4], crc32.ChecksumIEEE(body.Bytes()))
	body.Write(b8[:4])

	return seal(magic, version, body.Bytes())
}

// seal wraps a body in the envelope every model file of learn shares: a
// 4-byte magic, a little-endian uint16 version, then the body compressed
// with flate. The body ends with its own CRC-32, which open checks.
func seal(magic string, version uint16, body []byte) ([]byte, error) {
	var out bytes.Buffer
	out.WriteString(magic)
	out.Write(binary.LittleEndian.AppendUint16(nil, version))
	zw, err := flate.NewWriter(&out, flate.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(body); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// unseal checks the envelope written by seal (magic, version, the flate
// stream and nothing after it, a body of at most max bytes ending in its
// CRC-32) and returns the body without its checksum.
func unseal(data []byte, magic string, version uint16, max int) ([]byte, error) {
	if len(data) < 6 || string(data[:4]) != magic {
		return nil, errors.New("bad magic")
	}
	if v := binary.LittleEndian.Uint16(data[4:6]); v != version {
		return nil, fmt.Errorf("version %d, want %d", v, version)
	}
	br := bytes.NewReader(data[6:])
	body, err := io.ReadAll(io.LimitReader(flate.NewReader(br), int64(max)+1))
	if err != nil {
		return nil, fmt.Errorf("decompressing: %v", err)
	}
	if br.Len() != 0 {
		return nil, fmt.Errorf("%d bytes after the compressed body", br.Len())
	}
	if len(body) > max {
		return nil, errors.New("body too large")
	}
	if len(body) < 4 {
		return nil, errors.New("body truncated")
	}
	n := len(body) - 4
	if crc32.ChecksumIEEE(body[:n]) != binary.LittleEndian.Uint32(body[n:]) {
		return nil, errors.New("checksum mismatch")
	}
	return body[:n], nil
}

// Load decodes a model written by [Model.MarshalBinary]. It checks the
// magic, version, checksum and every count and index, and returns an error
// wrapping [ErrFormat] for anything else; it never panics. The model is
// finished (read-only) and does not keep data.
func Load(data []byte) (*Model, error) {
	m, err := load(data)
	if err != nil {
		return nil, fmt.Errorf("learn: %w: %v", ErrFormat, err)
	}
	return m, nil
}

func load(data []byte) (*Model, error) {
	body, err := unseal(data, magic, version, maxBody)
	if err != nil {
		return nil, err
	}
	r := &reader{b: body}
	m := &Model{}
	m.seed = r.u64()
	m.fingerprint = r.u64()
	m.bits = uint(r.byte())
	nc := r.uvarint()
	if r.err != nil {
		return nil, r.err
	}
	if nc < 1 || nc > maxCells {
		return nil, fmt.Errorf("%d labels", nc)
	}
	if err := checkShape(int(nc), m.bits); err != nil {
		return nil, err
	}
	m.nc = int(nc)
	if m.labels, err = r.labels(m.nc); err != nil {
		return nil, err
	}
	nrows := 1 << m.bits
	stored := r.uvarint()
	if r.err != nil {
		return nil, r.err
	}
	if stored > uint64(nrows) {
		return nil, fmt.Errorf("%d rows stored, table has %d", stored, nrows)
	}
	// Each stored row takes at least 5 + len(mask) + 2 bytes: refuse a
	// count the body cannot hold before allocating the table.
	maskLen := (m.nc + 7) / 8
	if stored*uint64(7+maskLen) > uint64(len(r.b)) {
		return nil, fmt.Errorf("%d rows do not fit in %d bytes", stored, len(r.b))
	}
	pk := newPacker(m, int(stored))
	row := make([]float32, m.nc)
	bucket := -1
	for k := uint64(0); k < stored; k++ {
		d := r.uvarint()
		if r.err != nil {
			return nil, fmt.Errorf("row %d: %v", k, r.err)
		}
		if d >= uint64(nrows) || uint64(bucket)+1+d >= uint64(nrows) {
			return nil, fmt.Errorf("row %d: bucket beyond %d", k, nrows)
		}
		bucket += 1 + int(d)
		scale := math.Float32frombits(r.u32())
		if r.err == nil && (!isFinite(scale) || scale <= 0) {
			return nil, fmt.Errorf("row %d: bad scale %v", k, scale)
		}
		mask := r.next(maskLen)
		if r.err != nil {
			return nil, fmt.Errorf("row %d: %v", k, r.err)
		}
		if tail := m.nc % 8; tail != 0 && mask[maskLen-1]>>tail != 0 {
			return nil, fmt.Errorf("row %d: class bitmap beyond %d classes", k, m.nc)
		}
		clear(row)
		nonzero := false
		var maxAbs float32
		for i := range row {
			if mask[i/8]&(1<<(i%8)) == 0 {
				continue
			}
			q := int16(r.u16())
			if q == 0 {
				return nil, fmt.Errorf("row %d: stored zero weight", k)
			}
			row[i] = float32(q) * scale
			maxAbs = max(maxAbs, float32(math.Abs(float64(row[i]))))
			nonzero = true
		}
		if r.err != nil {
			return nil, fmt.Errorf("row %d: %v", k, r.err)
		}
		if !nonzero {
			return nil, fmt.Errorf("row %d: empty", k)
		}
		if !isFinite(maxAbs) || maxAbs == 0 {
			return nil, fmt.Errorf("row %d: weights overflow or underflow", k)
		}
		pk.add(bucket, row, maxAbs)
	}
	if len(r.b) != 0 {
		return nil, fmt.Errorf("%d bytes after the rows", len(r.b))
	}
	pk.finish()
	return m, nil
}

// reader reads little-endian values from a byte slice with a sticky first
// error.
type reader struct {
	b   []byte
	err error
}

var errShort = errors.New("unexpected end of data")

func (r *reader) next(n int) []byte {
	if r.err != nil {
		return nil
	}
	if n < 0 || n > len(r.b) {
		r.err = errShort
		r.b = nil
		return nil
	}
	p := r.b[:n]
	r.b = r.b[n:]
	return p
}

func (r *reader) byte() byte {
	if p := r.next(1); p != nil {
		return p[0]
	}
	return 0
}

func (r *reader) u16() uint16 {
	if p := r.next(2); p != nil {
		return binary.LittleEndian.Uint16(p)
	}
	return 0
}

func (r *reader) u32() uint32 {
	if p := r.next(4); p != nil {
		return binary.LittleEndian.Uint32(p)
	}
	return 0
}

func (r *reader) u64() uint64 {
	if p := r.next(8); p != nil {
		return binary.LittleEndian.Uint64(p)
	}
	return 0
}

func (r *reader) uvarint() uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.err = errors.New("bad varint")
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) str() string {
	n := r.uvarint()
	if r.err != nil {
		return ""
	}
	if n > uint64(len(r.b)) {
		r.err = errShort
		return ""
	}
	return string(r.next(int(n)))
}

// labels reads n distinct label strings, as both model formats store them.
func (r *reader) labels(n int) ([]string, error) {
	labels := make([]string, 0, n)
	seen := make(map[string]bool, n)
	for i := 0; i < n; i++ {
		l := r.str()
		if r.err != nil {
			return nil, fmt.Errorf("label %d: %v", i, r.err)
		}
		if seen[l] {
			return nil, fmt.Errorf("label %q repeated", l)
		}
		seen[l] = true
		labels = append(labels, l)
	}
	return labels, nil
}
