package io.kerbridge.kdc.kpasswd;

import io.kerbridge.directory.DomainPolicy;
import io.kerbridge.directory.PasswordChange;
import io.kerbridge.kerberos.Bytes;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * Result strings for a policy refusal (RFC 3244 §2: KRB5_KPASSWD_SOFTERROR with a UTF-8 result
 * string). Two forms: English sentences (what MIT's kadmind sends and every client prints), and
 * the 30-byte policy blob Windows DCs send (two zero bytes, then big-endian minimum length,
 * history length, properties, maximum age and minimum age in 100 ns units), which MIT's client
 * ({@code krb5_chpw_message}) and Windows turn into their own text.
 */
final class PolicyMessages {
    /** DOMAIN_PASSWORD_COMPLEX (MS-SAMR 2.2.3.10). */
    static final int PASSWORD_COMPLEX = 0x1;

    private PolicyMessages() {}

    static String text(PasswordChange.Result r, DomainPolicy p) {
        return switch (r) {
            case TOO_SHORT -> "Password too short: it must contain at least " + p.minPasswordLength()
                    + " characters.";
            case NOT_COMPLEX -> "Password not complex enough: it must contain characters from three of upper case"
                    + " letters, lower case letters, digits and symbols, and no part of the account name.";
            case IN_HISTORY -> "Password used before: it must differ from the previous " + p.historyLength()
                    + " passwords.";
            case TOO_SOON -> "Password changed too recently: it can be changed again after "
                    + age(p.minPasswordAge()) + ".";
            default -> "Password change rejected by policy.";
        };
    }

    static Bytes adPolicyInfo(DomainPolicy p) {
        ByteBuffer b = ByteBuffer.allocate(30);
        b.putShort((short) 0);
        b.putInt(p.minPasswordLength());
        b.putInt(p.historyLength());
        b.putInt(p.complexity() ? PASSWORD_COMPLEX : 0);
        b.putLong(hundredNanos(p.maxPasswordAge()));
        b.putLong(hundredNanos(p.minPasswordAge()));
        return Bytes.wrap(b.array());
    }

    private static long hundredNanos(Duration d) {
        return d.isNegative() ? 0 : d.getSeconds() * 10_000_000L + d.getNano() / 100;
    }

    private static String age(Duration d) {
        long days = d.toDays();
        if (days >= 1) {
            return days == 1 ? "1 day" : days + " days";
        }
        long hours = Math.max(1, d.toHours());
        return hours == 1 ? "1 hour" : hours + " hours";
    }
}
