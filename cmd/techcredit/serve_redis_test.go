package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/techcredit/techcredit/internal/testsvc"
	"github.com/techcredit/techcredit/stream"
)

// TestServeRedisFlags: the Redis and snapshot flags, their defaults and
// their environment variables.
func TestServeRedisFlags(t *testing.T) {
	cfg := serveFlagsOf(t)
	if cfg.Redis.Addr != "" || cfg.Redis.SnapshotEvery != 10_000 || cfg.Redis.SnapshotInterval != 30*time.Second ||
		cfg.Redis.Prefix != "techcredit:" || cfg.Redis.TLS {
		t.Errorf("defaults: got %+v", cfg.Redis)
	}
	t.Setenv("TECHCREDIT_REDIS_ADDR", "redis.internal:6380")
	t.Setenv("TECHCREDIT_REDIS_PASSWORD", "s3cret")
	t.Setenv("TECHCREDIT_REDIS_TLS", "true")
	t.Setenv("TECHCREDIT_REDIS_PREFIX", "prod-a:")
	t.Setenv("TECHCREDIT_SNAPSHOT_EVERY", "500")
	t.Setenv("TECHCREDIT_SNAPSHOT_INTERVAL", "5s")
	cfg = serveFlagsOf(t, "--snapshot-every", "700")
	want := RedisFlags{Addr: "redis.internal:6380", Password: "s3cret", TLS: true, Prefix: "prod-a:",
		SnapshotEvery: 700, SnapshotInterval: 5 * time.Second}
	if cfg.Redis != want {
		t.Errorf("from the environment (a flag wins): got %+v, want %+v", cfg.Redis, want)
	}
}

// TestServeWithRedis: `serve --redis-addr` serves the API from the Redis
// read model, saves snapshots there, and restarts from its snapshot with
// the state a replay gives.
func TestServeWithRedis(t *testing.T) {
	redisAddr := testsvc.StartRedis(t).Addr()
	dir := t.TempDir()
	inputs, want := fifoExampleStream(t, dir)
	var stderr bytes.Buffer

	addr := localAddr(t)
	cfg := fifoServeConfig(t, dir, addr, "admin:ops", "finance:li")
	cfg.LogLevel = "info"
	cfg.Redis = RedisFlags{Addr: redisAddr, Prefix: "servetest:", SnapshotEvery: 5, SnapshotInterval: 50 * time.Millisecond}
	start := func() (logs *testsvc.LockedBuffer, stop func()) {
		logs = &testsvc.LockedBuffer{}
		m := startServeReady(t, cfg, logs, 30*time.Second)
		return logs, func() {
			if err := m.Close(); err != nil {
				t.Fatalf("serve: %v", err)
			}
		}
	}

	_, stop := start()
	ingestAsAdmin(t, addr, inputs)
	var out bytes.Buffer
	rdb := redis.NewClient(&redis.Options{Addr: redisAddr})
	defer rdb.Close()
	ctx := context.Background()
	waitForCond(t, "a snapshot of the whole journal in Redis", 20*time.Second, func() bool {
		seq, err := rdb.HGet(ctx, "servetest:snapshot:"+stream.DefaultSnapshotPartition, "journal_seq").Int64()
		return err == nil && seq == 7 // the programs and 6 inputs
	})
	// The API answers from Redis.
	claims := getJSON(t, "http://"+addr+"/v1/claims", "tok-finance:li")
	if n, _ := rdb.HLen(ctx, "servetest:doc:claim").Result(); n != 3 || !strings.Contains(claims, `"pool-50/b1-C"`) {
		t.Errorf("claims: %d in Redis, the API answers %s", n, claims)
	}
	stop()

	logs, stop := start()
	defer stop()
	if !strings.Contains(logs.String(), `"msg":"snapshot restored"`) {
		t.Errorf("the restart did not restore the snapshot:\n%s", logs.String())
	}
	out.Reset()
	if code := run([]string{"state", "--data", cfg.DataDir}, &out, &stderr); code != 0 {
		t.Fatalf("state: %s", stderr.String())
	}
	if !bytes.Equal(out.Bytes(), want.Bytes()) {
		t.Errorf("state after the restart from the snapshot differs from replay:\n%s", out.String())
	}
	if got := getJSON(t, "http://"+addr+"/v1/claims", "tok-finance:li"); got != claims {
		t.Errorf("claims after the restart: got %s, want %s", got, claims)
	}
}
