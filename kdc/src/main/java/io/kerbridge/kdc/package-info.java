/** The KDC: AS/TGS pipelines, PAC, kpasswd, transports (DESIGN.md §3). */
package io.kerbridge.kdc;
