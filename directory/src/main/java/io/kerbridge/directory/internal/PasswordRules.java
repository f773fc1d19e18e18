package io.kerbridge.directory.internal;

import io.kerbridge.directory.DomainPolicy;
import io.kerbridge.directory.PasswordChange.Result;
import java.util.Locale;

/**
 * Length and complexity as Windows checks them ("Password must meet complexity requirements"): the
 * password does not contain the sAMAccountName (if longer than two characters) nor any token of three
 * or more characters of the display name (split at , . - _ # space tab), case-insensitively; and it
 * has characters from at least three of: upper case, lower case, digits, non-alphanumeric, other
 * Unicode letters (no case).
 */
public final class PasswordRules {
    private PasswordRules() {}

    public static Result check(char[] pw, DomainPolicy policy, String samAccountName, String displayName) {
        if (pw.length < policy.minPasswordLength()) {
            return Result.TOO_SHORT;
        }
        if (policy.complexity() && !isComplex(pw, samAccountName, displayName)) {
            return Result.NOT_COMPLEX;
        }
        return Result.OK;
    }

    static boolean isComplex(char[] pw, String sam, String displayName) {
        String lower = new String(pw).toLowerCase(Locale.ROOT);
        if (sam.length() > 2 && lower.contains(sam.toLowerCase(Locale.ROOT))) {
            return false;
        }
        for (String token : displayName.split("[,.\\-_# \\t]+")) {
            if (token.length() >= 3 && lower.contains(token.toLowerCase(Locale.ROOT))) {
                return false;
            }
        }
        return categories(pw) >= 3;
    }

    static int categories(char[] pw) {
        boolean upper = false;
        boolean lowerCase = false;
        boolean digit = false;
        boolean symbol = false;
        boolean otherLetter = false;
        for (char ch : pw) {
            if (Character.isUpperCase(ch)) {
                upper = true;
            } else if (Character.isLowerCase(ch)) {
                lowerCase = true;
            } else if (ch >= '0' && ch <= '9') {
                digit = true;
            } else if (Character.isLetter(ch)) {
                otherLetter = true;
            } else {
                symbol = true;
            }
        }
        return (upper ? 1 : 0) + (lowerCase ? 1 : 0) + (digit ? 1 : 0) + (symbol ? 1 : 0) + (otherLetter ? 1 : 0);
    }
}
