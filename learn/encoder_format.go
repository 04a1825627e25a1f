package learn

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"math"
)

// The binary format of an [Encoder], version 1, in the envelope every
// model of learn shares:
//
//	"WSEN"             magic
//	uint16 LE          version
//	flate stream of the body:
//	  uint64 LE        input fingerprint
//	  uvarint          number of heads, then per head the number of
//	                   labels and each as uvarint length + bytes
//	  uvarint          dense inputs, indicator inputs, hidden units, layers
//	  per weight row   (the dense inputs' rows, the embeddings, each
//	                   layer's three kernels, each head's output rows):
//	    float32 LE     scale (0 for a row of zeros)
//	    int16 LE       weight / scale, for each column
//	  float32 LE       the biases: first layer, each convolution, each head
//	  uint32 LE        CRC-32 (IEEE) of the body before it
const (
	encMagic   = "WSEN"
	encVersion = 1
	maxEncBody = 2*maxEncParams + 4*maxNetInputs + 1<<20
)

// MarshalBinary encodes a finished encoder (see [Encoder.Finish]).
func (e *Encoder) MarshalBinary() ([]byte, error) {
	if e.tr != nil {
		return nil, errors.New("learn: Encoder.MarshalBinary before Finish")
	}
	var body bytes.Buffer
	body.Write(binary.LittleEndian.AppendUint64(nil, e.fingerprint))
	body.Write(binary.AppendUvarint(nil, uint64(len(e.heads))))
	for _, h := range e.heads {
		body.Write(binary.AppendUvarint(nil, uint64(len(h))))
		for _, l := range h {
			body.Write(binary.AppendUvarint(nil, uint64(len(l))))
			body.WriteString(l)
		}
	}
	for _, v := range []int{e.dense, e.sparse, e.hidden, e.layers} {
		body.Write(binary.AppendUvarint(nil, uint64(v)))
	}
	for _, m := range e.mats {
		for r := range m.rows {
			if err := putRow(&body, e.p[m.off+r*m.cols:m.off+(r+1)*m.cols]); err != nil {
				return nil, fmt.Errorf("learn: Encoder.MarshalBinary: %w", err)
			}
		}
	}
	if err := putBiases(&body, e.p[e.nb:]); err != nil {
		return nil, fmt.Errorf("learn: Encoder.MarshalBinary: %w", err)
	}
	body.Write(binary.LittleEndian.AppendUint32(nil, crc32.ChecksumIEEE(body.Bytes())))
	return seal(encMagic, encVersion, body.Bytes())
}

// LoadEncoder decodes an encoder written by [Encoder.MarshalBinary]. It
// checks the magic, version, checksum, shape and every value, and returns
// an error wrapping [ErrEncoderFormat] for anything else; it never panics,
// and allocates no more than the data's size calls for. The encoder is
// finished (read-only) and does not keep data.
func LoadEncoder(data []byte) (*Encoder, error) {
	e, err := loadEncoder(data)
	if err != nil {
		return nil, fmt.Errorf("learn: %w: %v", ErrEncoderFormat, err)
	}
	return e, nil
}

func loadEncoder(data []byte) (*Encoder, error) {
	body, err := unseal(data, encMagic, encVersion, maxEncBody)
	if err != nil {
		return nil, err
	}
	r := &reader{b: body}
	e := &Encoder{}
	e.fingerprint = r.u64()
	nh := r.uvarint()
	if r.err != nil {
		return nil, r.err
	}
	if nh < 1 || nh > maxEncHeads {
		return nil, fmt.Errorf("%d heads", nh)
	}
	for j := range int(nh) {
		nc := r.uvarint()
		if r.err != nil {
			return nil, r.err
		}
		if nc < 2 || nc > maxNetClasses {
			return nil, fmt.Errorf("head %d: %d labels", j, nc)
		}
		labels, err := r.labels(int(nc))
		if err != nil {
			return nil, fmt.Errorf("head %d: %v", j, err)
		}
		e.heads = append(e.heads, labels)
	}
	var shape [4]int
	for i := range shape {
		v := r.uvarint()
		if r.err != nil {
			return nil, r.err
		}
		if v > maxNetInputs {
			return nil, fmt.Errorf("size %d too large", v)
		}
		shape[i] = int(v)
	}
	e.dense, e.sparse, e.hidden, e.layers = shape[0], shape[1], shape[2], shape[3]
	if err := checkEncShape(e.heads, e.dense, e.sparse, e.hidden, e.layers); err != nil {
		return nil, err
	}
	// Check the size of what remains before allocating anything: the
	// shape bounds the parameters, so this is the data's own size.
	H := e.hidden
	rows, weights := e.dense+e.sparse+e.layers*3*H+len(e.heads)*H, (e.dense+e.sparse+e.layers*3*H)*H
	biases := H + e.layers*H
	for _, h := range e.heads {
		weights += H * len(h)
		biases += len(h)
	}
	if want := 4*rows + 2*weights + 4*biases; len(r.b) != want {
		return nil, fmt.Errorf("%d bytes of weights, want %d", len(r.b), want)
	}
	e.layout()
	for _, m := range e.mats {
		for k := range m.rows {
			sc := math.Float32frombits(r.u32())
			if !isFinite(sc) || sc < 0 {
				return nil, fmt.Errorf("bad scale %v", sc)
			}
			row := e.p[m.off+k*m.cols : m.off+(k+1)*m.cols]
			for i := range row {
				q := int16(r.u16())
				if sc == 0 && q != 0 {
					return nil, errors.New("weight in a row of scale 0")
				}
				row[i] = float32(q) * sc
				if !isFinite(row[i]) {
					return nil, errors.New("weight overflows")
				}
			}
		}
	}
	for i := e.nb; i < len(e.p); i++ {
		e.p[i] = math.Float32frombits(r.u32())
		if !isFinite(e.p[i]) {
			return nil, fmt.Errorf("bias %v", e.p[i])
		}
	}
	if r.err != nil {
		return nil, r.err
	}
	return e, nil
}
