// Audit of the partial-TGT exchange (notes §2.5, MS-KILE 3.1.5.8): which RODC key the presented ticket
// names. Numbers only: never keys, tickets or PAC contents.
package io.kerbridge.kdc.audit;

/**
 * The RODC number ({@code kvno >> 16}) and the key version ({@code kvno & 0xFFFF}) of an RODC-issued
 * ticket presented in a TGS-REQ.
 */
public record RodcTrail(int rodcNumber, int keyVersion) {
    /** From the ticket's kvno as a signed 32-bit value. */
    public static RodcTrail ofKvno(int kvno) {
        return new RodcTrail(kvno >>> 16, kvno & 0xFFFF);
    }
}
