package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"
)

// runDevKafka starts an in-process Kafka-protocol broker (franz-go's kfake)
// on loopback, to try the Kafka mode on one machine. It is a test broker:
// one node, no replication, and without --data nothing survives it.
func runDevKafka(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("devkafka", stderr)
	listen := fs.String("listen", "127.0.0.1:9092", "address to listen on")
	dataDir := fs.String("data", "", "directory to keep the broker's data in (default: memory only)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	host, portText, err := net.SplitHostPort(*listen)
	port, perr := strconv.Atoi(portText)
	if err != nil || perr != nil {
		fmt.Fprintf(stderr, "techcredit devkafka: --listen %q must be host:port\n", *listen)
		return 2
	}
	opts := []kfake.Opt{kfake.NumBrokers(1), kfake.Ports(port), kfake.AllowAutoTopicCreation(),
		kfake.GroupMinSessionTimeout(time.Second),
		kfake.ListenFn(func(network, _ string) (net.Listener, error) {
			return net.Listen(network, net.JoinHostPort(host, strconv.Itoa(port)))
		})}
	if *dataDir != "" {
		opts = append(opts, kfake.DataDir(*dataDir), kfake.SyncWrites())
	}
	c, err := kfake.NewCluster(opts...)
	if err != nil {
		return failed(stderr, "devkafka", 1, err)
	}
	defer c.Close()
	durability := "memory only: everything is lost when it stops"
	if *dataDir != "" {
		durability = "data in " + *dataDir + " (one node, no replication)"
	}
	fmt.Fprintf(stdout, "devkafka: DEVELOPMENT BROKER, NOT DURABLE, NOT FOR PRODUCTION\n")
	fmt.Fprintf(stdout, "devkafka: listening on %v; %s\n", c.ListenAddrs(), durability)
	fmt.Fprintf(stdout, "devkafka: try  techcredit serve --kafka-brokers %s --programs P.json --tokens T.json\n", *listen)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	<-ctx.Done()
	return 0
}
