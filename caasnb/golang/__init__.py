"""caasnb.golang — Go's text conventions that Docker's output inherits.

Docker is written in Go, so its flags, records and replies are spelled the Go way:
``strconv`` parsing, quoting and float printing (:mod:`.strconv`), ``fmt.Sprint`` (:mod:`.fmt`),
``encoding/json`` strings and numbers (:mod:`.json`), docker/go-units sizes and durations
(:mod:`.units`) and ``time`` layouts (:mod:`.timefmt`). One implementation per Go function,
shared by every room; pure functions with no dependency on the rest of caasnb.
"""
