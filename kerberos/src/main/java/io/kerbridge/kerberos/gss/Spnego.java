// RFC 4178 §4.2 (NegTokenInit, NegTokenResp), MS-SPNG 2.2.1 (NegTokenInit2's negHints in [3]).
package io.kerbridge.kerberos.gss;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.asn1.Der;
import io.kerbridge.kerberos.asn1.DerException;
import io.kerbridge.kerberos.asn1.DerReader;
import io.kerbridge.kerberos.asn1.DerWriter;
import io.kerbridge.kerberos.gss.AcceptException.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * SPNEGO tokens (RFC 4178 §4.2):
 *
 * <pre>
 *   NegotiationToken ::= CHOICE { negTokenInit [0] NegTokenInit, negTokenResp [1] NegTokenResp }
 *   NegTokenInit ::= SEQUENCE { mechTypes [0] MechTypeList, reqFlags [1] ContextFlags OPTIONAL,
 *       mechToken [2] OCTET STRING OPTIONAL, mechListMIC [3] OCTET STRING OPTIONAL }
 *   NegTokenResp ::= SEQUENCE { negState [0] ENUMERATED { accept-completed(0), accept-incomplete(1),
 *       reject(2), request-mic(3) } OPTIONAL, supportedMech [1] MechType OPTIONAL,
 *       responseToken [2] OCTET STRING OPTIONAL, mechListMIC [3] OCTET STRING OPTIONAL }
 * </pre>
 *
 * The initiator's first token is a NegTokenInit inside the RFC 2743 framing with the SPNEGO OID; later
 * tokens in both directions are a bare NegTokenResp ([1]). Windows' NegTokenInit2 (MS-SPNG 2.2.1) puts
 * negHints in [3] and the MIC in [4]; both layouts are read.
 */
public final class Spnego {
    /** Most mechanisms any real initiator lists is a handful; bound the list anyway. */
    static final int MAX_MECH_TYPES = 32;

    private Spnego() {}

    /** A NegotiationToken. */
    public sealed interface NegotiationToken permits NegTokenInit, NegTokenResp {}

    /** {@code reqFlags} is the ContextFlags BIT STRING, bit 0 (delegFlag) as the int's top bit. */
    public record NegTokenInit(List<Oid> mechTypes, Optional<Integer> reqFlags, Optional<Bytes> mechToken,
            Optional<Bytes> mechListMic) implements NegotiationToken {
        public NegTokenInit {
            mechTypes = List.copyOf(mechTypes);
            Objects.requireNonNull(reqFlags);
            Objects.requireNonNull(mechToken);
            Objects.requireNonNull(mechListMic);
        }
    }

    public enum NegState {
        ACCEPT_COMPLETED, ACCEPT_INCOMPLETE, REJECT, REQUEST_MIC
    }

    public record NegTokenResp(Optional<NegState> negState, Optional<Oid> supportedMech,
            Optional<Bytes> responseToken, Optional<Bytes> mechListMic) implements NegotiationToken {
        public NegTokenResp {
            Objects.requireNonNull(negState);
            Objects.requireNonNull(supportedMech);
            Objects.requireNonNull(responseToken);
            Objects.requireNonNull(mechListMic);
        }
    }

    // ---- decoding --------------------------------------------------------------------------------

    /** Decodes an initiator's first token: the SPNEGO-framed NegTokenInit. */
    public static NegTokenInit decodeInitial(Bytes token) throws AcceptException {
        GssTokens.Framed f = GssTokens.unframe(token);
        if (!f.mech().equals(Oid.SPNEGO)) {
            throw new AcceptException(Reason.BAD_MECH, "not a SPNEGO token: " + f.mech());
        }
        NegotiationToken t = decodeNegotiationToken(f.inner());
        if (t instanceof NegTokenInit init) {
            return init;
        }
        throw new AcceptException(Reason.MALFORMED, "SPNEGO initial token is not a NegTokenInit");
    }

    /** Decodes a bare NegotiationToken ([0] NegTokenInit or [1] NegTokenResp). */
    public static NegotiationToken decodeNegotiationToken(Bytes der) throws AcceptException {
        try {
            DerReader top = DerReader.of(der);
            NegotiationToken t;
            if (top.isNext(0)) {
                DerReader c = top.explicit(0);
                t = negTokenInit(c.sequence());
                c.expectEnd();
            } else if (top.isNext(1)) {
                DerReader c = top.explicit(1);
                t = negTokenResp(c.sequence());
                c.expectEnd();
            } else {
                throw new AcceptException(Reason.MALFORMED, "not a NegotiationToken");
            }
            top.expectEnd();
            return t;
        } catch (DerException e) {
            throw new AcceptException(Reason.MALFORMED, "SPNEGO: " + e.getMessage());
        }
    }

    private static NegTokenInit negTokenInit(DerReader s) throws DerException, AcceptException {
        DerReader list = s.explicit(0);
        DerReader seq = list.sequence();
        list.expectEnd();
        List<Oid> mechs = new ArrayList<>();
        while (seq.hasMore()) {
            if (mechs.size() == MAX_MECH_TYPES) {
                throw new AcceptException(Reason.MALFORMED, "more than " + MAX_MECH_TYPES + " mechTypes");
            }
            mechs.add(Tlv.oid(seq));
        }
        Optional<Integer> flags = Optional.empty();
        if (s.isNext(1)) {
            DerReader f = s.explicit(1);
            flags = Optional.of(f.readFlags());
            f.expectEnd();
        }
        Optional<Bytes> mechToken = optOctets(s, 2);
        Optional<Bytes> mic = Optional.empty();
        if (s.isNext(3)) {
            DerReader f = s.explicit(3);
            if (f.peekTag() == Der.OCTET_STRING) {
                mic = Optional.of(f.readOctetString());
            } else {
                f.sequence(); // NegHints (MS-SPNG 2.2.1): not used by an acceptor
            }
            f.expectEnd();
        }
        if (mic.isEmpty()) {
            mic = optOctets(s, 4);
        }
        s.expectEnd();
        return new NegTokenInit(mechs, flags, mechToken, mic);
    }

    private static NegTokenResp negTokenResp(DerReader s) throws DerException, AcceptException {
        Optional<NegState> state = Optional.empty();
        if (s.isNext(0)) {
            DerReader f = s.explicit(0);
            Bytes v = Tlv.content(f, Tlv.ENUMERATED);
            f.expectEnd();
            if (v.length() != 1 || v.get(0) < 0 || v.get(0) > 3) {
                throw new AcceptException(Reason.MALFORMED, "negState " + v.hex());
            }
            state = Optional.of(NegState.values()[v.get(0)]);
        }
        Optional<Oid> mech = Optional.empty();
        if (s.isNext(1)) {
            DerReader f = s.explicit(1);
            mech = Optional.of(Tlv.oid(f));
            f.expectEnd();
        }
        Optional<Bytes> token = optOctets(s, 2);
        Optional<Bytes> mic = optOctets(s, 3);
        s.expectEnd();
        return new NegTokenResp(state, mech, token, mic);
    }

    private static Optional<Bytes> optOctets(DerReader s, int n) throws DerException {
        if (!s.isNext(n)) {
            return Optional.empty();
        }
        DerReader f = s.explicit(n);
        Bytes v = f.readOctetString();
        f.expectEnd();
        return Optional.of(v);
    }

    // ---- encoding --------------------------------------------------------------------------------

    /** The initiator's first token, framed (for test initiators and the fuzz round trip). */
    public static Bytes encodeInitial(NegTokenInit t) {
        DerWriter w = new DerWriter();
        int c = w.begin(Der.context(0));
        int s = w.begin(Der.SEQUENCE);
        int f0 = w.begin(Der.context(0));
        int l = w.begin(Der.SEQUENCE);
        for (Oid o : t.mechTypes()) {
            w.primitive(Tlv.OID, o.der().unsafeArray());
        }
        w.end(l);
        w.end(f0);
        t.reqFlags().ifPresent(bits -> {
            int f = w.begin(Der.context(1));
            w.flags(bits);
            w.end(f);
        });
        octets(w, 2, t.mechToken());
        octets(w, 3, t.mechListMic());
        w.end(s);
        w.end(c);
        return GssTokens.frame(Oid.SPNEGO, w.toBytes());
    }

    /** A bare NegTokenResp ([1]), as the acceptor sends it. */
    public static Bytes encodeResp(NegTokenResp t) {
        DerWriter w = new DerWriter();
        int c = w.begin(Der.context(1));
        int s = w.begin(Der.SEQUENCE);
        t.negState().ifPresent(st -> {
            int f = w.begin(Der.context(0));
            w.primitive(Tlv.ENUMERATED, new byte[] {(byte) st.ordinal()});
            w.end(f);
        });
        t.supportedMech().ifPresent(o -> {
            int f = w.begin(Der.context(1));
            w.primitive(Tlv.OID, o.der().unsafeArray());
            w.end(f);
        });
        octets(w, 2, t.responseToken());
        octets(w, 3, t.mechListMic());
        w.end(s);
        w.end(c);
        return w.toBytes();
    }

    private static void octets(DerWriter w, int n, Optional<Bytes> v) {
        v.ifPresent(b -> {
            int f = w.begin(Der.context(n));
            w.octetString(b);
            w.end(f);
        });
    }
}
