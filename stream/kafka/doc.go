// Package kafka is the Kafka mode: the Engine that consumes the input
// topics in one consumer group and runs a stream.Runner per partition, the
// Journal on the journal topic, the Submitter the API produces through,
// the dead-letter queue, the partition gate and the Router every producer
// of inputs uses, the paired balancer, topics and Config.
//
// It is the only package besides cmd that imports
// github.com/segmentio/kafka-go (as kafkago); it imports stream,
// stream/journal, stream/snapshot, ledger and risk.
package kafka
