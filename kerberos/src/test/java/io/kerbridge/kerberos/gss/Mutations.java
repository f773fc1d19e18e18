package io.kerbridge.kerberos.gss;

import io.kerbridge.kerberos.Bytes;
import java.util.Random;

/** Deterministic byte-level mutations for robustness tests: every outcome must be typed. */
final class Mutations {
    interface Target {
        void accept(Bytes input) throws AcceptException;
    }

    private Mutations() {}

    static Bytes mutate(Bytes in, Random rnd) {
        byte[] b = in.toByteArray();
        if (b.length == 0) {
            return Bytes.of((byte) rnd.nextInt());
        }
        int i = rnd.nextInt(b.length);
        return switch (rnd.nextInt(7)) {
            case 0 -> { b[i] ^= (byte) (1 << rnd.nextInt(8)); yield Bytes.wrap(b); }
            case 1 -> { b[i] = (byte) rnd.nextInt(); yield Bytes.wrap(b); }
            case 2 -> Bytes.wrap(java.util.Arrays.copyOf(b, i)); // truncate
            case 3 -> in.slice(0, i).concat(Bytes.of((byte) rnd.nextInt())).concat(in.slice(i, b.length));
            case 4 -> in.slice(0, i).concat(in.slice(Math.min(b.length, i + 1 + rnd.nextInt(8)), b.length));
            case 5 -> { b[i] = (byte) (rnd.nextBoolean() ? 0x80 | rnd.nextInt(5) : 0x7F); yield Bytes.wrap(b); }
            default -> { // several flips
                for (int k = 0; k < 4; k++) {
                    b[rnd.nextInt(b.length)] ^= (byte) rnd.nextInt(256);
                }
                yield Bytes.wrap(b);
            }
        };
    }

    /** Runs {@code n} mutations of {@code seed}; returns how many were accepted. Anything untyped fails. */
    static int run(Bytes seed, int n, long rngSeed, Target target) {
        Random rnd = new Random(rngSeed);
        int accepted = 0;
        for (int k = 0; k < n; k++) {
            Bytes m = mutate(seed, rnd);
            try {
                target.accept(m);
                accepted++;
            } catch (AcceptException expected) {
                if (expected.reason() == null) {
                    throw new AssertionError("refusal without a reason for " + m.hex());
                }
            } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
                throw new AssertionError("untyped failure for input " + m.hex(), e);
            }
        }
        return accepted;
    }
}
