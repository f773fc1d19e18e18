package io.kerbridge.kerberos.msg;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.types.EncType;
import java.util.Optional;

/**
 * EncryptedData (RFC 4120 §5.2.9). The kvno is a 32-bit quantity: MS-KILE 3.1.5.8 puts an RODC
 * number in its high 16 bits. It is encoded as a signed 32-bit INTEGER (the Windows form, which
 * a real DC requires, protocol-notes §2.3a, §2.8) and decoded from either form.
 */
public record EncryptedData(EncType etype, Optional<Integer> kvno, Bytes cipher) {
    public EncryptedData {
        java.util.Objects.requireNonNull(etype, "etype");
        java.util.Objects.requireNonNull(kvno, "kvno");
        java.util.Objects.requireNonNull(cipher, "cipher");
    }

    public static EncryptedData of(EncType etype, int kvno, Bytes cipher) {
        return new EncryptedData(etype, Optional.of(kvno), cipher);
    }

    /** The kvno as an unsigned value (0 when absent). */
    public long kvnoUnsigned() {
        return kvno.map(k -> k & 0xFFFFFFFFL).orElse(0L);
    }

    /** The RODC number (kvno &gt;&gt; 16, MS-KILE 3.1.5.8); 0 for a writable DC's key. */
    public int rodcNumber() {
        return (int) (kvnoUnsigned() >>> 16);
    }
}
