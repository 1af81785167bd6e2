package redisstore

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/redis/go-redis/v9"
)

// RouteClientLogs sends the go-redis client's own messages (failed dials
// while Redis is away, once per attempt) to log at debug level instead of
// the standard error. The client's logger is global to the process: call
// this once, where the program is wired.
func RouteClientLogs(log *slog.Logger) {
	redis.SetLogger(clientLogger{log})
}

type clientLogger struct{ log *slog.Logger }

func (l clientLogger) Printf(ctx context.Context, format string, v ...any) {
	l.log.DebugContext(ctx, fmt.Sprintf(format, v...), "component", "go-redis")
}
