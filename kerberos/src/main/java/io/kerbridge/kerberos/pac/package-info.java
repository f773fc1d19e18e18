/**
 * MS-PAC: the Privilege Attribute Certificate of Active Directory tickets.
 *
 * <ul>
 *   <li>{@link io.kerbridge.kerberos.pac.Pac}: the PACTYPE container; keeps the exact received bytes,
 *       typed accessors per buffer, {@link io.kerbridge.kerberos.pac.Pac.Builder} for new PACs.</li>
 *   <li>Buffers: {@link io.kerbridge.kerberos.pac.KerbValidationInfo} (LOGON_INFO, NDR),
 *       {@link io.kerbridge.kerberos.pac.PacClientInfo}, {@link io.kerbridge.kerberos.pac.UpnDnsInfo},
 *       {@link io.kerbridge.kerberos.pac.PacAttributesInfo}, {@link io.kerbridge.kerberos.pac.PacRequestor},
 *       {@link io.kerbridge.kerberos.pac.PacSignatureData}; unknown types stay raw
 *       ({@link io.kerbridge.kerberos.pac.PacBuffer}).</li>
 *   <li>{@link io.kerbridge.kerberos.pac.PacSigner} / {@link io.kerbridge.kerberos.pac.PacVerifier}: the
 *       Heimdal/Samba signing order, RODC identifiers, per-signature results.</li>
 *   <li>{@link io.kerbridge.kerberos.pac.TicketPac}: the PAC and the ticket-signature input from a decrypted
 *       EncTicketPart.</li>
 *   <li>{@link io.kerbridge.kerberos.pac.NdrReader} / {@link io.kerbridge.kerberos.pac.NdrWriter}: bounded
 *       MS-RPCE type serialization v1; {@link io.kerbridge.kerberos.pac.Sid}.</li>
 * </ul>
 * Every decoder refuses bad input with a {@link io.kerbridge.kerberos.pac.PacException} carrying a
 * {@link io.kerbridge.kerberos.pac.PacException.Reason}. Golden vectors: Samba 4.17 AD DC, see
 * {@code testkit/samba-pac/README.md}.
 */
package io.kerbridge.kerberos.pac;
