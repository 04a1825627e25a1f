package learn

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"math"
)

// The binary format of a [Net], version 1:
//
//	"WSNN"             magic
//	uint16 LE          version
//	flate stream of the body:
//	  uint64 LE        input fingerprint
//	  uvarint          number of labels, then each as uvarint length + bytes
//	  uvarint          dense inputs, indicator inputs, hidden units
//	  per weight row   (the first layer's input rows, then the hidden
//	                   layer's unit rows when there is one):
//	    float32 LE     scale (0 for a row of zeros)
//	    int16 LE       weight / scale, for each column
//	  float32 LE       the first layer's biases, then the output biases
//	                   when there is a hidden layer
//	  uint32 LE        CRC-32 (IEEE) of the body before it
const (
	netMagic   = "WSNN"
	netVersion = 1
	// maxNetBody bounds the decompressed body: the weights of the
	// largest shape allowed, their row scales and a little more.
	maxNetBody = 2*maxNetWeights + 4*(maxNetInputs+maxNetHidden) + 4*(maxNetHidden+2*maxNetClasses) + 1<<20
)

// MarshalBinary encodes a finished net (see [Net.Finish]).
func (n *Net) MarshalBinary() ([]byte, error) {
	if n.tr != nil {
		return nil, errors.New("learn: Net.MarshalBinary before Finish")
	}
	var body bytes.Buffer
	body.Write(binary.LittleEndian.AppendUint64(nil, n.fingerprint))
	body.Write(binary.AppendUvarint(nil, uint64(n.nc)))
	for _, l := range n.labels {
		body.Write(binary.AppendUvarint(nil, uint64(len(l))))
		body.WriteString(l)
	}
	for _, v := range []int{n.dense, n.sparse, n.hidden} {
		body.Write(binary.AppendUvarint(nil, uint64(v)))
	}
	for _, l := range n.layers() {
		for r := 0; r+l.cols <= len(l.w); r += l.cols {
			if err := putRow(&body, l.w[r:r+l.cols]); err != nil {
				return nil, fmt.Errorf("learn: Net.MarshalBinary: %w", err)
			}
		}
	}
	for _, bs := range [][]float32{n.b1, n.b2} {
		if err := putBiases(&body, bs); err != nil {
			return nil, fmt.Errorf("learn: Net.MarshalBinary: %w", err)
		}
	}
	body.Write(binary.LittleEndian.AppendUint32(nil, crc32.ChecksumIEEE(body.Bytes())))

	return seal(netMagic, netVersion, body.Bytes())
}

// LoadNet decodes a net written by [Net.MarshalBinary]. It checks the
// magic, version, checksum, shape and every value, and returns an error
// wrapping [ErrNetFormat] for anything else; it never panics, and
// allocates no more than the data's size calls for. The net is finished
// (read-only) and does not keep data.
func LoadNet(data []byte) (*Net, error) {
	n, err := loadNet(data)
	if err != nil {
		return nil, fmt.Errorf("learn: %w: %v", ErrNetFormat, err)
	}
	return n, nil
}

func loadNet(data []byte) (*Net, error) {
	body, err := unseal(data, netMagic, netVersion, maxNetBody)
	if err != nil {
		return nil, err
	}
	r := &reader{b: body}
	n := &Net{}
	n.fingerprint = r.u64()
	nc := r.uvarint()
	if r.err != nil {
		return nil, r.err
	}
	if nc < 2 || nc > maxNetClasses {
		return nil, fmt.Errorf("%d labels", nc)
	}
	n.nc = int(nc)
	if n.labels, err = r.labels(n.nc); err != nil {
		return nil, err
	}
	var shape [3]int
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
	n.dense, n.sparse, n.hidden = shape[0], shape[1], shape[2]
	if err := checkNetShape(n.nc, n.dense, n.sparse, n.hidden); err != nil {
		return nil, err
	}
	// Check the size of what remains before allocating anything.
	o := n.out1()
	rows, weights, biases := n.dense+n.sparse, (n.dense+n.sparse)*o, o
	if n.hidden > 0 {
		rows += n.hidden
		weights += n.hidden * n.nc
		biases += n.nc
	}
	if want := 4*rows + 2*weights + 4*biases; len(r.b) != want {
		return nil, fmt.Errorf("%d bytes of weights, want %d", len(r.b), want)
	}
	n.alloc()
	for _, l := range n.layers() {
		for k := 0; k+l.cols <= len(l.w); k += l.cols {
			sc := math.Float32frombits(r.u32())
			if !isFinite(sc) || sc < 0 {
				return nil, fmt.Errorf("bad scale %v", sc)
			}
			for i := range l.cols {
				q := int16(r.u16())
				if sc == 0 && q != 0 {
					return nil, errors.New("weight in a row of scale 0")
				}
				l.w[k+i] = float32(q) * sc
				if !isFinite(l.w[k+i]) {
					return nil, errors.New("weight overflows")
				}
			}
		}
	}
	for _, bs := range [][]float32{n.b1, n.b2} {
		for i := range bs {
			bs[i] = math.Float32frombits(r.u32())
			if !isFinite(bs[i]) {
				return nil, fmt.Errorf("bias %v", bs[i])
			}
		}
	}
	if r.err != nil {
		return nil, r.err
	}
	return n, nil
}

// putRow appends a row of weights as the dense net and the encoder store
// them: its float32 scale (rowScale), then each weight as the int16 of
// weight/scale, little-endian. It fails on a weight that is not finite.
func putRow(body *bytes.Buffer, row []float32) error {
	for _, v := range row {
		if !isFinite(v) {
			return fmt.Errorf("weight %v", v)
		}
	}
	sc := rowScale(row)
	body.Write(binary.LittleEndian.AppendUint32(nil, math.Float32bits(sc)))
	for _, v := range row {
		var q int16
		if sc > 0 {
			q = int16(math.Round(float64(v / sc)))
		}
		body.Write(binary.LittleEndian.AppendUint16(nil, uint16(q)))
	}
	return nil
}

// putBiases appends biases as float32, little-endian. It fails on a bias
// that is not finite.
func putBiases(body *bytes.Buffer, bs []float32) error {
	for _, v := range bs {
		if !isFinite(v) {
			return fmt.Errorf("bias %v", v)
		}
		body.Write(binary.LittleEndian.AppendUint32(nil, math.Float32bits(v)))
	}
	return nil
}
