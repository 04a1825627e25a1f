package queue

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// ErrTooLargeInline is wrapped by the error of a document whose text is
// over the inline limit and that has no file to refer to (a JSONL line or
// standard input) when the publisher has no spool directory.
var ErrTooLargeInline = errors.New("text over the inline limit")

// Doc is a document to publish.
type Doc struct {
	ID   string
	Text string
	Meta map[string]json.RawMessage
	// File is the file whose whole content is Text, when there is one: a
	// text too large to travel inline then travels as a reference to it.
	File string
}

// Published is the outcome of one document's publication.
type Published struct {
	ID  string
	Ref string // the file the message refers to, when not inline
	// Duplicate is true when the server had the same message within its
	// deduplication window (two minutes) and kept only the first.
	Duplicate bool
	Err       error
}

// Publisher publishes documents to the queue with bounded asynchronous
// publishing: at most MaxInFlight messages wait for the server's ack.
type Publisher struct {
	q *Queue
	// InlineMax is the largest message body that carries its text inline.
	InlineMax int
	// Spool, when set, is a directory on a file system the workers share,
	// where a text too large to travel inline and not read from a file of
	// its own (a JSONL line, standard input) is written, named by its
	// SHA-256, to travel as a reference. Without it, such a document fails
	// with ErrTooLargeInline.
	Spool string

	done    func(Published)
	futures chan pending
	wg      sync.WaitGroup
}

type pending struct {
	id, ref string
	msg     *nats.Msg
	fut     jetstream.PubAckFuture
	err     error // the document cannot be published
	pubErr  error // publishing it failed at once: retried
}

// maxInFlight bounds the messages published and not yet acknowledged.
const maxInFlight = 256

// NewPublisher returns a publisher to q whose outcome for each document,
// in the order published, goes to done (called from one goroutine).
// inlineMax 0 means the server's max_payload less HeaderRoom; a larger
// value is lowered to that.
func (q *Queue) NewPublisher(inlineMax int, spool string, done func(Published)) *Publisher {
	limit := int(q.MaxPayload()) - HeaderRoom
	if inlineMax <= 0 || inlineMax > limit {
		inlineMax = limit
	}
	p := &Publisher{q: q, InlineMax: inlineMax, Spool: spool, done: done, futures: make(chan pending, maxInFlight)}
	p.wg.Add(1)
	go p.collect()
	return p
}

// Publish publishes d, or reports its failure to done. It returns an error
// only when ctx ends while it waits for room among the messages in flight.
func (p *Publisher) Publish(ctx context.Context, d Doc) error {
	pd := pending{id: d.ID}
	m := Message{ID: d.ID, Text: d.Text, Meta: d.Meta}
	body, err := Encode(m)
	if err == nil && len(body) > p.InlineMax {
		body, pd.ref, err = p.asRef(m, d.File)
	}
	if err != nil {
		pd.err = err
	} else {
		pd.msg = nats.NewMsg(p.q.Names.Subject)
		pd.msg.Data = body
		pd.fut, pd.pubErr = p.q.js.PublishMsgAsync(pd.msg, jetstream.WithMsgID(msgID(body)))
	}
	select {
	case p.futures <- pd:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// asRef returns the body of m with its text as a reference: to file when
// its content is the text, else to a copy in the spool directory.
func (p *Publisher) asRef(m Message, file string) (body []byte, ref string, err error) {
	sum := sha256.Sum256([]byte(m.Text))
	hash := hex.EncodeToString(sum[:])
	if file != "" {
		ref, err = filepath.Abs(file)
		if err != nil {
			return nil, "", fmt.Errorf("%s: %w", file, err)
		}
	} else if p.Spool != "" {
		if ref, err = p.spool(m.Text, hash); err != nil {
			return nil, "", err
		}
	} else {
		return nil, "", fmt.Errorf("%s: %w: its message would be over %d bytes and it is not a file of its own; give a spool directory on a file system the workers share (-spool)",
			m.ID, ErrTooLargeInline, p.InlineMax)
	}
	r := Message{ID: m.ID, Ref: ref, Bytes: int64(len(m.Text)), SHA256: hash, Meta: m.Meta}
	body, err = Encode(r)
	if err == nil && len(body) > p.InlineMax {
		err = fmt.Errorf("%s: even as a reference its message is %d bytes, over %d (its id, path or metadata are too large)", m.ID, len(body), p.InlineMax)
	}
	return body, ref, err
}

// spool writes text to the spool directory, named by its hash, unless it
// is there already, and returns its absolute path.
func (p *Publisher) spool(text, hash string) (string, error) {
	dir, err := filepath.Abs(p.Spool)
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, hash+".txt")
	if fi, err := os.Stat(path); err == nil && fi.Size() == int64(len(text)) {
		return path, nil
	}
	tmp, err := os.CreateTemp(dir, ".spool-*")
	if err != nil {
		return "", fmt.Errorf("spool: %w", err)
	}
	_, err = tmp.WriteString(text)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return "", fmt.Errorf("spool: %w", err)
	}
	return path, nil
}

// collect waits for each message's ack in order, republishes (same message
// id, so the server keeps one) what timed out or failed, and reports.
func (p *Publisher) collect() {
	defer p.wg.Done()
	for pd := range p.futures {
		out := Published{ID: pd.id, Ref: pd.ref, Err: pd.err}
		if pd.err == nil {
			var ack *jetstream.PubAck
			if pd.pubErr != nil {
				ack, out.Err = p.retry(pd.msg, pd.pubErr)
			} else {
				select {
				case ack = <-pd.fut.Ok():
				case err := <-pd.fut.Err():
					ack, out.Err = p.retry(pd.msg, err)
				}
			}
			if ack != nil {
				out.Duplicate = ack.Duplicate
			}
		}
		if p.done != nil {
			p.done(out)
		}
	}
}

// retry publishes msg synchronously, a few times over about half a
// minute, after its asynchronous publication failed with err (a server
// restarting, a lost connection).
func (p *Publisher) retry(msg *nats.Msg, err error) (*jetstream.PubAck, error) {
	id := msgID(msg.Data)
	wait := 250 * time.Millisecond
	for range 8 {
		time.Sleep(wait)
		wait = min(2*wait, 8*time.Second)
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		m := nats.NewMsg(msg.Subject)
		m.Data = msg.Data
		var ack *jetstream.PubAck
		ack, err = p.q.js.PublishMsg(ctx, m, jetstream.WithMsgID(id))
		cancel()
		if err == nil {
			return ack, nil
		}
	}
	return nil, fmt.Errorf("publishing to %s on %s: %w", p.q.Names.Subject, p.q.URL, err)
}

// Close waits until every document published has its outcome reported.
func (p *Publisher) Close() {
	close(p.futures)
	p.wg.Wait()
}

// msgID is the deduplication id of a message body: its SHA-256. The same
// document published twice within the server's window is kept once.
func msgID(body []byte) string {
	sum := sha256.Sum256(body)
	return hex.EncodeToString(sum[:])
}
