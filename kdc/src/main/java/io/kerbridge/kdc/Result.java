// Gather → check → issue (MIT krb5 do_tgs_req.c three phases, style-anchors §1): each step yields a
// value or a Rejection; no control flow by exception.
package io.kerbridge.kdc;

import java.util.Optional;
import java.util.function.Function;

/** The value a pipeline step produced, or why it refused. */
public sealed interface Result<T> {
    record Ok<T>(T value) implements Result<T> {}

    record Refused<T>(Rejection rejection) implements Result<T> {}

    static <T> Result<T> ok(T value) {
        return new Ok<>(value);
    }

    static <T> Result<T> refused(Rejection r) {
        return new Refused<>(r);
    }

    static <T> Result<T> refused(io.kerbridge.kerberos.types.ErrorCode code, Status status) {
        return new Refused<>(Rejection.of(code, status));
    }

    /** Runs the next step on a value; a refusal passes through. */
    default <U> Result<U> then(Function<T, Result<U>> next) {
        return switch (this) {
            case Ok<T> ok -> next.apply(ok.value());
            case Refused<T> r -> new Refused<>(r.rejection());
        };
    }

    /** The first failing check, or the value. */
    default Result<T> check(Function<T, Optional<Rejection>> check) {
        return switch (this) {
            case Ok<T> ok -> check.apply(ok.value()).<Result<T>>map(Refused::new).orElse(this);
            case Refused<T> r -> r;
        };
    }
}
