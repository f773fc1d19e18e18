package io.kerbridge.kerberos.types;

/**
 * Kerberos message types (RFC 4120 §7.5.7), the APPLICATION tag of each message.
 * An open enum: values without a constant survive decode and encode unchanged.
 */
public record MessageType(int value) implements OpenEnum {
    public static final MessageType AS_REQ = new MessageType(10);
    public static final MessageType AS_REP = new MessageType(11);
    public static final MessageType TGS_REQ = new MessageType(12);
    public static final MessageType TGS_REP = new MessageType(13);
    public static final MessageType AP_REQ = new MessageType(14);
    public static final MessageType AP_REP = new MessageType(15);
    public static final MessageType KRB_SAFE = new MessageType(20);
    public static final MessageType KRB_PRIV = new MessageType(21);
    public static final MessageType KRB_CRED = new MessageType(22);
    public static final MessageType KRB_ERROR = new MessageType(30);

    public static MessageType of(int value) {
        return new MessageType(value);
    }

    @Override
    public String toString() {
        return name() + "(" + value + ")";
    }
}
