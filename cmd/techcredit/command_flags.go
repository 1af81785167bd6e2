package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/techcredit/techcredit/stream/kafka"
)

// kafkaFlags are the flags that name a deployment's Kafka topics, alike in
// the commands that read or feed them (state, history, verify, ingest):
// only what --kafka-brokers is for differs.
type kafkaFlags struct {
	brokers    string
	partitions int
	prefix     string
}

func addKafkaFlags(fs *flag.FlagSet, brokersHelp string) *kafkaFlags {
	k := &kafkaFlags{}
	fs.StringVar(&k.brokers, "kafka-brokers", "", brokersHelp)
	fs.IntVar(&k.partitions, "kafka-partitions", 3, "partitions of the techcredit topics")
	fs.StringVar(&k.prefix, "kafka-topic-prefix", "", "prefix of the techcredit topic names")
	return k
}

// journalFlags are the flags of the commands that read a stopped (or,
// through its control socket, a running) deployment's journal: the
// embedded one under --data, or the Kafka journal's topics, giving up
// after --timeout.
type journalFlags struct {
	data    string
	timeout time.Duration
	*kafkaFlags
}

func addJournalFlags(fs *flag.FlagSet, dataHelp, brokersHelp string, timeout time.Duration) *journalFlags {
	j := &journalFlags{kafkaFlags: addKafkaFlags(fs, brokersHelp)}
	fs.StringVar(&j.data, "data", "./data", dataHelp)
	fs.DurationVar(&j.timeout, "timeout", timeout, "give up after this long")
	return j
}

// context is the command's context, done after --timeout.
func (j *journalFlags) context() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), j.timeout)
}

// config is the Kafka configuration the flags name.
func (k *kafkaFlags) config() kafka.Config {
	return kafka.Config{Brokers: strings.Split(k.brokers, ","), Partitions: k.partitions, TopicPrefix: k.prefix}
}

// parseArgs parses a command's args, then its flags' environment variables
// (applyEnv). False is a usage error, already reported on stderr: the
// command exits 2.
func parseArgs(fs *flag.FlagSet, args []string, stderr io.Writer) bool {
	if err := fs.Parse(args); err != nil {
		return false
	}
	if err := applyEnv(fs); err != nil {
		fmt.Fprintf(stderr, "techcredit %s: %v\n", fs.Name(), err)
		return false
	}
	return true
}

// newFlagSet is a command's flag set: its errors and help on stderr, a
// parse error returned (the command exits 2), never an exit.
func newFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// failed reports a command's error on stderr ("techcredit state: ...")
// and is the exit code given.
func failed(stderr io.Writer, command string, code int, err error) int {
	fmt.Fprintf(stderr, "techcredit %s: %v\n", command, err)
	return code
}
