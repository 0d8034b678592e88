package jsonscan

import (
	"context"
	"errors"
	"fmt"

	"github.com/vendorcheck/vendorcheck/pkg/ingest"
)

// DecodeError turns what a reader built on s returned into the error a user
// sees: an ingest.DecodeError of the format id, with the line of a syntax
// error, the limit or cancellation as it is, anything else as malformed
// input. An ingest.DecodeError already made is returned unchanged.
func (s *Scanner) DecodeError(file, format string, err error) error {
	var de *ingest.DecodeError
	if errors.As(err, &de) {
		return err
	}
	if line, msg, ok := s.Describe(err); ok {
		return &ingest.DecodeError{File: file, Line: line, Format: format, Err: fmt.Errorf("%w: %s", ingest.ErrMalformed, msg)}
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, ingest.ErrTooLarge) {
		return &ingest.DecodeError{File: file, Format: format, Err: err}
	}
	return &ingest.DecodeError{File: file, Format: format, Err: fmt.Errorf("%w: %v", ingest.ErrMalformed, err)}
}
