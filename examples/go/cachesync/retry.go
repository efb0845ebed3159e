package cachesync

import (
	"context"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// read runs call up to ReadAttempts times while it fails with UNAVAILABLE (the sidecar not ready
// yet, draining, or restarting), backing off between tries, all within one deadline. Any other
// status is the answer and returns at once: retrying NOT_FOUND or INVALID_ARGUMENT cannot help.
func (c *Client) read(ctx context.Context, call func(context.Context) error) error {
	ctx, cancel := c.bounded(ctx)
	defer cancel()
	pause := c.opts.ReadBackoff
	for attempt := 1; ; attempt++ {
		err := call(ctx)
		if err == nil || status.Code(err) != codes.Unavailable || attempt >= c.opts.ReadAttempts {
			return err
		}
		timer := time.NewTimer(pause)
		select {
		case <-ctx.Done():
			timer.Stop()
			return err
		case <-timer.C:
		}
		pause *= 2
	}
}
