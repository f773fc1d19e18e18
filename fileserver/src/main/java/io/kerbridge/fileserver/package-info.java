/**
 * The file server (DESIGN.md §1, §2.5): HTTP/WebDAV shares behind HTTP Negotiate, authorised by the group
 * SIDs of the ticket's PAC.
 *
 * <ul>
 *   <li>{@link io.kerbridge.fileserver.FileServer}: Jetty 12 core on virtual threads, plain HTTP or TLS;</li>
 *   <li>{@link io.kerbridge.fileserver.NegotiateAuthenticator}: RFC 4559 with the kerberos module's acceptor
 *       (RFC 4178, RFC 4121, replay cache), per request; {@link io.kerbridge.fileserver.CallerToken}: the
 *       caller's SIDs from the PAC (MS-PAC 2.5, 2.7, 2.8);</li>
 *   <li>{@link io.kerbridge.fileserver.Acl}, {@link io.kerbridge.fileserver.Share}: who may read and write, and
 *       what a path may reach; {@link io.kerbridge.fileserver.RequestPath}: the path parser that refuses
 *       traversal;</li>
 *   <li>{@link io.kerbridge.fileserver.FilesHandler}: GET, HEAD, PUT, DELETE, MKCOL, PROPFIND, OPTIONS
 *       (RFC 9110, RFC 4918 class 1); {@link io.kerbridge.fileserver.Dav}: PROPFIND bodies and multistatus;</li>
 *   <li>{@link io.kerbridge.fileserver.FilesConfig}: {@code files.json}; {@link io.kerbridge.fileserver.KeytabKeys}:
 *       keys from a keytab that is re-read when it changes.</li>
 * </ul>
 */
package io.kerbridge.fileserver;
