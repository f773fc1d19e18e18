package io.kerbridge.kerberos.pac;

/** The four PAC signatures (MS-PAC 2.8.1-2.8.5) and their buffer types. */
public enum PacSignatureKind {
    /** Server signature (6): the whole PAC, keyed with the ticket's service key. */
    SERVER(PacBufferType.SERVER_CHECKSUM),
    /** KDC (privilege server) signature (7): the server signature value, keyed with the krbtgt key. */
    KDC(PacBufferType.PRIVSVR_CHECKSUM),
    /** Ticket signature (16): the EncTicketPart with the PAC replaced by one zero byte, krbtgt key. */
    TICKET(PacBufferType.TICKET_CHECKSUM),
    /** Extended KDC / full PAC signature (19): the whole PAC, krbtgt key. */
    FULL(PacBufferType.FULL_CHECKSUM);

    private final PacBufferType bufferType;

    PacSignatureKind(PacBufferType bufferType) {
        this.bufferType = bufferType;
    }

    public PacBufferType bufferType() {
        return bufferType;
    }
}
