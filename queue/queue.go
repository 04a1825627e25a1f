// Package queue spreads whosaid's work over machines with a NATS
// JetStream work queue: an enqueuer publishes documents, any number of
// workers pull them, extract, store and acknowledge each only after its
// result is committed.
//
// For a queue named q (default "whosaid") it uses:
//
//	stream   q-docs     subject q.docs   work-queue retention, file storage: the documents
//	consumer q-workers  on q-docs        durable pull consumer, explicit acks
//	stream   q-dead     subject q.dead   limits retention, file storage: the dead letters
//
// A document is removed from q-docs when a worker acknowledges it (after
// the store's commit) or terminates it (after publishing it to q-dead).
// A worker killed at any moment loses nothing: what it held is delivered
// again once the consumer's ack wait expires, and the store's idempotent
// writes make the second delivery harmless.
//
// A dead letter carries the original message body unchanged, so that it can
// be published to q.docs again once its cause is fixed, with its reason in
// headers (see [DeadLetter]).
//
// Only JetStream features of nats-server 2.9 are used: work-queue
// retention, durable pull consumers, explicit acks, ack wait, in-progress,
// nak with delay, term and the delivery count of message metadata.
package queue

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// DefaultName is the queue name the commands use unless told otherwise.
const DefaultName = "whosaid"

// Names are the JetStream names of one queue.
type Names struct {
	Stream, Subject         string // the documents
	Consumer                string // the workers' durable consumer
	DeadStream, DeadSubject string // the dead letters
}

var validName = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// NamesFor returns the names of the queue called name: letters, digits,
// '_' and '-', at most 64.
func NamesFor(name string) (Names, error) {
	if !validName.MatchString(name) {
		return Names{}, fmt.Errorf("queue name %q: use 1 to 64 letters, digits, '_' or '-'", name)
	}
	return Names{
		Stream: name + "-docs", Subject: name + ".docs",
		Consumer:   name + "-workers",
		DeadStream: name + "-dead", DeadSubject: name + ".dead",
	}, nil
}

// Headers of a dead letter.
const (
	HeaderDoc        = "Whosaid-Doc"        // the document's id, when the body gave one
	HeaderError      = "Whosaid-Error"      // why it is dead, at most maxErrorLen bytes
	HeaderDeliveries = "Whosaid-Deliveries" // how many times it was delivered
	HeaderSeq        = "Whosaid-Seq"        // its sequence number in the documents' stream
	HeaderTime       = "Whosaid-Time"       // when it died, RFC 3339 UTC
	HeaderWorker     = "Whosaid-Worker"     // the worker that gave up on it
)

// maxErrorLen bounds the error header, so that a dead letter with a body
// as large as any document fits in the server's payload limit with it.
const maxErrorLen = 1000

// HeaderRoom is the part of the server's max_payload the enqueuer keeps
// free for the headers of a message (its id for deduplication, the dead
// letter's reason).
const HeaderRoom = 4096

// Queue is a connection to one queue on a NATS server.
type Queue struct {
	Names Names
	URL   string // as given, password hidden
	nc    *nats.Conn
	js    jetstream.JetStream
}

// Options configures Connect.
type Options struct {
	// Name identifies the client to the server (shown by its monitoring).
	Name string
	// Events, when set, receives connection events (lost, back) to report.
	Events func(string)
}

// Connect connects to the NATS server at url (one or several, comma
// separated) for the queue named name, and checks that JetStream answers.
// It fails at once when the server cannot be reached; once connected, the
// connection is restored whenever it is lost, for as long as it is used.
// Errors name the URL with its password hidden.
func Connect(ctx context.Context, rawURL, name string, o Options) (*Queue, error) {
	names, err := NamesFor(name)
	if err != nil {
		return nil, err
	}
	shown := Redact(rawURL)
	event := o.Events
	if event == nil {
		event = func(string) {}
	}
	opts := []nats.Option{
		nats.Name(o.Name),
		nats.Timeout(5 * time.Second),
		nats.MaxReconnects(-1),
		nats.ReconnectWait(500 * time.Millisecond),
		nats.DisconnectErrHandler(func(_ *nats.Conn, err error) {
			if err != nil {
				event(fmt.Sprintf("lost the connection to %s (%v); reconnecting", shown, err))
			}
		}),
		nats.ReconnectHandler(func(*nats.Conn) { event("connected again to " + shown) }),
	}
	nc, err := nats.Connect(rawURL, opts...)
	if err != nil {
		return nil, fmt.Errorf("NATS server %s: cannot connect: %s", shown, Scrub(err.Error(), rawURL))
	}
	js, err := jetstream.New(nc, jetstream.WithPublishAsyncTimeout(10*time.Second))
	if err != nil {
		nc.Close()
		return nil, fmt.Errorf("NATS server %s: %w", shown, err)
	}
	actx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if _, err := js.AccountInfo(actx); err != nil {
		nc.Close()
		if errors.Is(err, jetstream.ErrJetStreamNotEnabled) || errors.Is(err, jetstream.ErrJetStreamNotEnabledForAccount) {
			return nil, fmt.Errorf("NATS server %s: JetStream is not enabled (start nats-server with -js)", shown)
		}
		return nil, fmt.Errorf("NATS server %s: JetStream does not answer: %w", shown, err)
	}
	return &Queue{Names: names, URL: shown, nc: nc, js: js}, nil
}

// Close closes the connection, after sending what is buffered.
func (q *Queue) Close() {
	q.nc.Flush()
	q.nc.Close()
}

// MaxPayload returns the largest message the server accepts, headers
// included (its max_payload, 1 MiB unless configured).
func (q *Queue) MaxPayload() int64 { return q.nc.MaxPayload() }

// EnsureStreams creates the documents' and the dead letters' streams, or
// brings their configuration to what this package sets, keeping their
// messages. Calling it again changes nothing.
func (q *Queue) EnsureStreams(ctx context.Context) error {
	if _, err := q.js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name:        q.Names.Stream,
		Description: "whosaid: documents to extract",
		Subjects:    []string{q.Names.Subject},
		Retention:   jetstream.WorkQueuePolicy,
		Storage:     jetstream.FileStorage,
		Duplicates:  2 * time.Minute,
	}); err != nil {
		return fmt.Errorf("stream %s on %s: %w", q.Names.Stream, q.URL, err)
	}
	if _, err := q.js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name:        q.Names.DeadStream,
		Description: "whosaid: documents that failed, with their error",
		Subjects:    []string{q.Names.DeadSubject},
		Retention:   jetstream.LimitsPolicy,
		Storage:     jetstream.FileStorage,
	}); err != nil {
		return fmt.Errorf("stream %s on %s: %w", q.Names.DeadStream, q.URL, err)
	}
	return nil
}

// DefaultAckWait is how long a delivered document may go without an
// acknowledgement or a sign of progress before it is delivered again.
const DefaultAckWait = 30 * time.Second

// consumerConfig is the workers' consumer. MaxDeliver is unlimited at the
// server: the worker counts deliveries itself (message metadata) and
// dead-letters a document that failed too often, so that none stays in
// the stream undeliverable; a delivery lost to a store outage is not
// counted against the document (see Worker).
func (q *Queue) consumerConfig(ackWait time.Duration) jetstream.ConsumerConfig {
	if ackWait <= 0 {
		ackWait = DefaultAckWait
	}
	return jetstream.ConsumerConfig{
		Durable:       q.Names.Consumer,
		Description:   "whosaid workers",
		AckPolicy:     jetstream.AckExplicitPolicy,
		AckWait:       ackWait,
		MaxDeliver:    -1,
		MaxAckPending: 10000,
		DeliverPolicy: jetstream.DeliverAllPolicy,
		FilterSubject: q.Names.Subject,
	}
}

// EnsureConsumer creates the workers' consumer or updates its ack wait.
func (q *Queue) EnsureConsumer(ctx context.Context, ackWait time.Duration) (jetstream.Consumer, error) {
	c, err := q.js.CreateOrUpdateConsumer(ctx, q.Names.Stream, q.consumerConfig(ackWait))
	if err != nil {
		return nil, fmt.Errorf("consumer %s of stream %s on %s: %w", q.Names.Consumer, q.Names.Stream, q.URL, err)
	}
	return c, nil
}

// CreateConsumerIfMissing creates the workers' consumer with the default
// ack wait unless it exists, leaving an existing one as the workers set it.
func (q *Queue) CreateConsumerIfMissing(ctx context.Context) error {
	_, err := q.js.Consumer(ctx, q.Names.Stream, q.Names.Consumer)
	if errors.Is(err, jetstream.ErrConsumerNotFound) {
		_, err = q.js.CreateConsumer(ctx, q.Names.Stream, q.consumerConfig(0))
		if errors.Is(err, jetstream.ErrConsumerExists) {
			err = nil // another enqueuer or a worker was quicker
		}
	}
	if err != nil {
		return fmt.Errorf("consumer %s of stream %s on %s: %w", q.Names.Consumer, q.Names.Stream, q.URL, err)
	}
	return nil
}

// Redact returns a NATS URL list or a database DSN (URL or key=value
// form) with every password or token replaced by "xxxxx", for messages.
func Redact(s string) string {
	if !strings.Contains(s, "://") {
		return kvPassword.ReplaceAllStringFunc(s, func(m string) string {
			lead := m[:len(m)-len(strings.TrimLeft(m, " \t\n"))]
			return lead + "password=xxxxx"
		})
	}
	parts := strings.Split(s, ",")
	for i, p := range parts {
		u, err := url.Parse(strings.TrimSpace(p))
		if err != nil {
			parts[i] = "(unparsable URL)"
			continue
		}
		if u.User != nil {
			if _, ok := u.User.Password(); ok {
				u.User = url.UserPassword(u.User.Username(), "xxxxx")
			} else if u.Scheme != "postgres" && u.Scheme != "postgresql" {
				u.User = url.User("xxxxx")
			}
		}
		q := u.Query()
		changed := false
		for _, k := range []string{"password", "token"} {
			if q.Has(k) {
				q.Set(k, "xxxxx")
				changed = true
			}
		}
		if changed {
			u.RawQuery = q.Encode()
		}
		parts[i] = u.String()
	}
	return strings.Join(parts, ",")
}

// Scrub returns msg with every secret of the URL list or DSN s (a
// password, a token, a password= parameter) replaced by "xxxxx", in case
// a library quotes what it was given.
func Scrub(msg, s string) string {
	for _, secret := range secrets(s) {
		msg = strings.ReplaceAll(msg, secret, "xxxxx")
	}
	return msg
}

var kvPassword = regexp.MustCompile(`(?:^|\s)password\s*=\s*('(?:[^'\\]|\\.)*'|\S+)`)

// secrets returns the passwords and tokens in s.
func secrets(s string) []string {
	var out []string
	add := func(v string) {
		if v != "" && v != "xxxxx" {
			out = append(out, v, url.QueryEscape(v), url.PathEscape(v))
		}
	}
	if !strings.Contains(s, "://") {
		for _, m := range kvPassword.FindAllStringSubmatch(s, -1) {
			add(strings.Trim(m[1], "'"))
		}
		return out
	}
	for _, p := range strings.Split(s, ",") {
		u, err := url.Parse(strings.TrimSpace(p))
		if err != nil {
			continue
		}
		if u.User != nil {
			if pw, ok := u.User.Password(); ok {
				add(pw)
			} else if u.Scheme != "postgres" && u.Scheme != "postgresql" {
				add(u.User.Username()) // a lone user part of a NATS URL is a token
			}
		}
		for _, k := range []string{"password", "token"} {
			for _, v := range u.Query()[k] {
				add(v)
			}
		}
	}
	return out
}

// Stats is the state of a queue.
type Stats struct {
	Stream string `json:"stream"`
	// Pending counts documents not yet delivered to any worker.
	Pending uint64 `json:"pending"`
	// InFlight counts documents delivered and not yet acknowledged: being
	// extracted, waiting for a commit, or held by a worker that died and
	// waiting for their ack wait to expire.
	InFlight int `json:"in_flight"`
	// Redelivered counts documents in flight delivered more than once.
	Redelivered int `json:"redelivered"`
	// Queued is every document in the stream (pending and in flight).
	Queued uint64 `json:"queued"`
	// Waiting counts the workers' open pull requests.
	Waiting int `json:"waiting_pulls"`
	// DeadLettered counts the dead letters kept.
	DeadLettered uint64 `json:"dead_lettered"`
	// LastDead lists the last few dead letters, newest first.
	LastDead []DeadLetter `json:"last_dead"`
}

// DeadLetter is what a dead letter says about its document.
type DeadLetter struct {
	Seq        uint64    `json:"seq"` // in the dead letters' stream
	Doc        string    `json:"doc"`
	Error      string    `json:"error"`
	Deliveries int       `json:"deliveries"`
	Time       time.Time `json:"time"`
	Worker     string    `json:"worker,omitempty"`
}

// Stats returns the queue's counts and its last n dead letters. A queue
// whose streams do not exist yet counts nothing.
func (q *Queue) Stats(ctx context.Context, n int) (Stats, error) {
	st := Stats{Stream: q.Names.Stream, LastDead: []DeadLetter{}}
	s, err := q.js.Stream(ctx, q.Names.Stream)
	switch {
	case errors.Is(err, jetstream.ErrStreamNotFound):
	case err != nil:
		return st, fmt.Errorf("stream %s on %s: %w", q.Names.Stream, q.URL, err)
	default:
		si, err := s.Info(ctx)
		if err != nil {
			return st, fmt.Errorf("stream %s on %s: %w", q.Names.Stream, q.URL, err)
		}
		st.Queued = si.State.Msgs
		st.Pending = si.State.Msgs
		c, err := s.Consumer(ctx, q.Names.Consumer)
		if err == nil {
			ci, err := c.Info(ctx)
			if err != nil {
				return st, fmt.Errorf("consumer %s on %s: %w", q.Names.Consumer, q.URL, err)
			}
			st.Pending = ci.NumPending
			st.InFlight = ci.NumAckPending
			st.Redelivered = ci.NumRedelivered
			st.Waiting = ci.NumWaiting
		} else if !errors.Is(err, jetstream.ErrConsumerNotFound) {
			return st, fmt.Errorf("consumer %s on %s: %w", q.Names.Consumer, q.URL, err)
		}
	}
	ds, err := q.js.Stream(ctx, q.Names.DeadStream)
	if errors.Is(err, jetstream.ErrStreamNotFound) {
		return st, nil
	}
	if err != nil {
		return st, fmt.Errorf("stream %s on %s: %w", q.Names.DeadStream, q.URL, err)
	}
	di, err := ds.Info(ctx)
	if err != nil {
		return st, fmt.Errorf("stream %s on %s: %w", q.Names.DeadStream, q.URL, err)
	}
	st.DeadLettered = di.State.Msgs
	for seq := di.State.LastSeq; seq >= di.State.FirstSeq && seq > 0 && len(st.LastDead) < n; seq-- {
		m, err := ds.GetMsg(ctx, seq)
		if errors.Is(err, jetstream.ErrMsgNotFound) {
			continue
		}
		if err != nil {
			return st, fmt.Errorf("dead letter %d on %s: %w", seq, q.URL, err)
		}
		st.LastDead = append(st.LastDead, readDeadLetter(seq, m.Header))
	}
	return st, nil
}

func readDeadLetter(seq uint64, h nats.Header) DeadLetter {
	d := DeadLetter{Seq: seq, Doc: h.Get(HeaderDoc), Error: h.Get(HeaderError), Worker: h.Get(HeaderWorker)}
	d.Deliveries, _ = strconv.Atoi(h.Get(HeaderDeliveries))
	d.Time, _ = time.Parse(time.RFC3339Nano, h.Get(HeaderTime))
	return d
}

// deadLetter builds the dead letter of a message body.
func (q *Queue) deadLetter(body []byte, doc string, seq uint64, deliveries int, cause error, worker string) *nats.Msg {
	msg := nats.NewMsg(q.Names.DeadSubject)
	msg.Data = body
	if doc != "" {
		msg.Header.Set(HeaderDoc, headerValue(doc))
	}
	msg.Header.Set(HeaderError, headerValue(cause.Error()))
	msg.Header.Set(HeaderDeliveries, strconv.Itoa(deliveries))
	msg.Header.Set(HeaderSeq, strconv.FormatUint(seq, 10))
	msg.Header.Set(HeaderTime, time.Now().UTC().Format(time.RFC3339Nano))
	if worker != "" {
		msg.Header.Set(HeaderWorker, worker)
	}
	return msg
}

// headerValue makes s fit a header: one line of valid UTF-8, at most
// maxErrorLen bytes.
func headerValue(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.Map(func(r rune) rune {
		if r == '\n' || r == '\r' {
			return ' '
		}
		return r
	}, s)
	if len(s) > maxErrorLen {
		s = strings.ToValidUTF8(s[:maxErrorLen], "") + "…"
	}
	return s
}
