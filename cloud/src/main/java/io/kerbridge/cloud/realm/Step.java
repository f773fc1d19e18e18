// protocol-notes §5.2-§5.3 (the cloud realm's KDC behind KKDCP).
// Gather -> check -> issue (MIT krb5 do_tgs_req.c phases, as the kdc module's Result): each step yields a
// value or a Refusal; no control flow by exception.
package io.kerbridge.cloud.realm;

import io.kerbridge.kerberos.types.ErrorCode;
import java.util.Optional;
import java.util.function.Function;

/** The value a step of the cloud realm's KDC produced, or why it refused. */
sealed interface Step<T> {
    record Ok<T>(T value) implements Step<T> {}

    record Refused<T>(Refusal refusal) implements Step<T> {}

    static <T> Step<T> ok(T value) {
        return new Ok<>(value);
    }

    static <T> Step<T> refused(ErrorCode code, String reason) {
        return new Refused<>(new Refusal(code, reason));
    }

    /** Runs the next step on a value; a refusal passes through. */
    default <U> Step<U> then(Function<T, Step<U>> next) {
        return switch (this) {
            case Ok<T> ok -> next.apply(ok.value());
            case Refused<T> r -> new Refused<>(r.refusal());
        };
    }

    /** The first failing check, or the value. */
    default Step<T> check(Function<T, Optional<Refusal>> check) {
        return switch (this) {
            case Ok<T> ok -> check.apply(ok.value()).<Step<T>>map(Refused::new).orElse(this);
            case Refused<T> r -> r;
        };
    }
}
