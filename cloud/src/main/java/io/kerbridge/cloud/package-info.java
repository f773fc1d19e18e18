/**
 * The cloud identity service (the Entra ID role, DESIGN.md §1): tenants, a directory of users, groups and
 * roles, admin sign-in (password + TOTP) giving a short-lived JWT, the management API over HTTPS, and the
 * sign-in and audit log. Depends on {@code kerberos} only (DESIGN.md §3).
 */
package io.kerbridge.cloud;
