#!/usr/bin/python3
# An independent client for the partial-TGT exchange, built on Debian's impacket 0.10 (ASN.1, crypto, PAC
# NDR types) so that Kerbridge's KDC is checked against an implementation other than its own codec.
# Spec: protocol-notes §2.3 (partial TGT: krbtgt/REALM, etype 18, kvno = n << 16 | v as a signed Int32,
# PAC LOGON_INFO + CLIENT_INFO + ATTRIBUTES_INFO + REQUESTOR, server and KDC signatures with the krbtgt_<n>
# key, usage 17, RODCIdentifier zero while signing then written), §2.3b (PAC layout), §2.4 (the TGS-REQ,
# authenticator checksum over the req-body, usage 6; KERB-KEY-LIST-REQ), §2.7 (KERB-KEY-LIST-REP in
# encrypted-pa-data), §2.8 (impacket 0.10's own request: no PAC, no authenticator checksum -> refused).
#
# Output lines: "TGT <realm> <sname>", "NTHASH <hex>", "CCACHE <path>", or "ERROR <code> <name>" (exit 2).
import argparse
import datetime
import os
import socket
import struct
import sys
from calendar import timegm

from pyasn1.codec.der import decoder, encoder
from pyasn1.type.univ import noValue

from impacket.dcerpc.v5.dtypes import NULL
from impacket.ldap.ldaptypes import LDAP_SID
from impacket.dcerpc.v5.samr import (GROUP_MEMBERSHIP, SE_GROUP_ENABLED, SE_GROUP_ENABLED_BY_DEFAULT,
                                     SE_GROUP_MANDATORY, USER_DONT_EXPIRE_PASSWORD, USER_NORMAL_ACCOUNT)
from impacket.dcerpc.v5.ndr import NDRULONG
from impacket.krb5 import constants
from impacket.krb5.asn1 import (AP_REQ, Authenticator, AuthorizationData, EncTGSRepPart,
                                EncTicketPart, KERB_KEY_LIST_REP, KERB_KEY_LIST_REQ, KRB_ERROR,
                                PA_PAC_OPTIONS, TGS_REP, TGS_REQ, seq_set, seq_set_iter)
from impacket.krb5.ccache import CCache
from impacket.krb5.crypto import Key, _checksum_table, _enctype_table
from impacket.krb5.pac import (PAC_CLIENT_INFO, PAC_INFO_BUFFER, PAC_SIGNATURE_DATA, PACTYPE, KERB_VALIDATION_INFO,
                               VALIDATION_INFO)
from impacket.krb5.types import KerberosTime, Principal

PAC_LOGON_INFO, PAC_SERVER_CHECKSUM, PAC_PRIVSVR_CHECKSUM, PAC_CLIENT_INFO_TYPE = 1, 6, 7, 10
PAC_ATTRIBUTES_INFO, PAC_REQUESTOR = 17, 18
HMAC_SHA1_96_AES256 = 16
KU_TICKET, KU_TGS_REQ_AUTH_CKSUM, KU_TGS_REQ_AUTH, KU_TGS_REP_SESSION, KU_PAC = 2, 6, 7, 8, 17
ERROR_NAMES = {6: 'KDC_ERR_C_PRINCIPAL_UNKNOWN', 7: 'KDC_ERR_S_PRINCIPAL_UNKNOWN', 12: 'KDC_ERR_POLICY',
               18: 'KDC_ERR_CLIENT_REVOKED', 20: 'KDC_ERR_TGT_REVOKED', 23: 'KDC_ERR_KEY_EXPIRED',
               31: 'KRB_AP_ERR_BAD_INTEGRITY', 44: 'KRB_AP_ERR_BADKEYVER', 50: 'KRB_AP_ERR_INAPP_CKSUM'}


def filetime(dt):
    return (timegm(dt.timetuple()) * 10000000) + 116444736000000000


def pad8(b):
    return b + b'\x00' * ((8 - len(b) % 8) % 8)


def logon_info(args, now):
    k = KERB_VALIDATION_INFO()
    ft = filetime(now)
    k['LogonTime']['dwLowDateTime'], k['LogonTime']['dwHighDateTime'] = ft & 0xffffffff, ft >> 32
    for f in ('LogoffTime', 'KickOffTime', 'PasswordMustChange'):
        k[f]['dwLowDateTime'], k[f]['dwHighDateTime'] = 0xFFFFFFFF, 0x7FFFFFFF
    k['PasswordLastSet']['dwLowDateTime'], k['PasswordLastSet']['dwHighDateTime'] = ft & 0xffffffff, ft >> 32
    for f in ('PasswordCanChange', 'LastSuccessfulILogon', 'LastFailedILogon'):
        k[f]['dwLowDateTime'], k[f]['dwHighDateTime'] = 0, 0
    k['EffectiveName'] = args.user
    for f in ('FullName', 'LogonScript', 'ProfilePath', 'HomeDirectory', 'HomeDirectoryDrive', 'LogonServer'):
        k[f] = ''
    k['LogonCount'], k['BadPasswordCount'] = 0, 0
    k['UserId'] = int(args.user_sid.split('-')[-1])
    k['PrimaryGroupId'] = 513
    g = GROUP_MEMBERSHIP()
    rid = NDRULONG()
    rid['Data'] = 513
    g['RelativeId'] = rid
    g['Attributes'] = SE_GROUP_MANDATORY | SE_GROUP_ENABLED_BY_DEFAULT | SE_GROUP_ENABLED
    k['GroupCount'] = 1
    k['GroupIds'].append(g)
    k['UserFlags'] = 0
    k['UserSessionKey'] = b'\x00' * 16
    k['LogonDomainName'] = args.realm.split('.')[0]
    k['LogonDomainId'].fromCanonical(args.domain_sid)
    k['LMKey'] = b'\x00' * 8
    k['UserAccountControl'] = USER_NORMAL_ACCOUNT | USER_DONT_EXPIRE_PASSWORD
    k['SubAuthStatus'], k['FailedILogonCount'], k['Reserved3'] = 0, 0, 0
    k['SidCount'] = 0
    k['ExtraSids'] = NULL
    k['ResourceGroupDomainSid'] = NULL
    k['ResourceGroupCount'] = 0
    k['ResourceGroupIds'] = NULL
    v = VALIDATION_INFO()
    v['Data'] = k
    return pad8(v.getData() + v.getDataReferents())


def client_info(args, now):
    c = PAC_CLIENT_INFO()
    c['ClientId'] = filetime(now)
    c['Name'] = args.user.encode('utf-16le')
    c['NameLength'] = len(c['Name'])
    return c.getData()


def signature(sig, rodc_id=None):
    s = PAC_SIGNATURE_DATA()
    s['SignatureType'] = HMAC_SHA1_96_AES256
    s['Signature'] = sig
    return s.getData() + (struct.pack('<H', rodc_id) if rodc_id is not None else b'')


def pactype(buffers):
    """PACTYPE with PAC_INFO_BUFFERs; each blob at an 8-aligned offset (MS-PAC 2.3, 2.4)."""
    offset = 8 + 16 * len(buffers)
    infos, data = b'', b''
    for t, blob in buffers:
        info = PAC_INFO_BUFFER()
        info['ulType'], info['cbBufferSize'], info['Offset'] = t, len(blob), offset
        infos += info.getData()
        data += pad8(blob)
        offset += len(pad8(blob))
    p = PACTYPE()
    p['cBuffers'], p['Version'], p['Buffers'] = len(buffers), 0, infos + data
    return p.getData()


def build_pac(args, key, now):
    """Server signature over the PAC with both signatures (and the RODCIdentifier) zero; KDC over it."""
    rodc_id = None if args.no_rodc_id else args.rodc
    body = [(PAC_LOGON_INFO, logon_info(args, now)), (PAC_CLIENT_INFO_TYPE, client_info(args, now)),
            (PAC_ATTRIBUTES_INFO, struct.pack('<LL', 2, 1))]
    if not args.no_requester:
        sid = LDAP_SID()  # the raw SID of MS-PAC 2.15 (RPC_SID.getData() is NDR, with a conformant count)
        sid.fromCanonical(args.requester_sid or args.user_sid)
        body.append((PAC_REQUESTOR, sid.getData()))
    zero_kdc = signature(b'\x00' * 12, 0 if rodc_id is not None else None)
    unsigned = pactype(body + [(PAC_SERVER_CHECKSUM, signature(b'\x00' * 12)), (PAC_PRIVSVR_CHECKSUM, zero_kdc)])
    cksum = _checksum_table[HMAC_SHA1_96_AES256]
    server_sig = cksum.checksum(key, KU_PAC, unsigned)
    kdc_sig = cksum.checksum(key, KU_PAC, server_sig)
    return pactype(body + [(PAC_SERVER_CHECKSUM, signature(server_sig)),
                           (PAC_PRIVSVR_CHECKSUM, signature(kdc_sig, rodc_id))])


def partial_tgt(args, rodc_key, session_key, now):
    """The ticket the cloud would send (notes §2.3); returns a filler for the AP-REQ's ticket field."""
    part = EncTicketPart()
    part['flags'] = encoder_flags([constants.TicketFlags.forwardable.value, constants.TicketFlags.renewable.value,
                                   constants.TicketFlags.enc_pa_rep.value])
    part['key'] = noValue
    part['key']['keytype'] = session_key.enctype
    part['key']['keyvalue'] = session_key.contents
    part['crealm'] = args.realm
    seq_set(part, 'cname', Principal(args.user, type=constants.PrincipalNameType.NT_PRINCIPAL.value)
            .components_to_asn1)
    part['transited'] = noValue
    part['transited']['tr-type'] = 0
    part['transited']['contents'] = b''
    part['authtime'] = KerberosTime.to_asn1(now)
    part['starttime'] = KerberosTime.to_asn1(now)
    part['endtime'] = KerberosTime.to_asn1(now + datetime.timedelta(hours=8))
    part['renew-till'] = KerberosTime.to_asn1(now + datetime.timedelta(days=7))
    if not args.impacket_style:
        inner = AuthorizationData()
        inner[0] = noValue
        inner[0]['ad-type'] = constants.AuthorizationDataType.AD_WIN2K_PAC.value
        inner[0]['ad-data'] = build_pac(args, rodc_key, now)
        part['authorization-data'] = noValue
        part['authorization-data'][0] = noValue
        part['authorization-data'][0]['ad-type'] = constants.AuthorizationDataType.AD_IF_RELEVANT.value
        part['authorization-data'][0]['ad-data'] = encoder.encode(inner)
    cipher = _enctype_table[rodc_key.enctype].encrypt(rodc_key, KU_TICKET, encoder.encode(part), None)
    kvno = (args.rodc << 16) | (args.version & 0xFFFF)
    if kvno >= 1 << 31:
        kvno -= 1 << 32  # MS-KILE: kvno is a signed 32-bit INTEGER on the wire (notes §2.3a, §2.8)

    def fill(t):  # fills the Ticket component of the AP-REQ (pyasn1 tags it [3] there)
        t['tkt-vno'] = 5
        t['realm'] = args.realm
        seq_set(t, 'sname', Principal('krbtgt/' + args.realm, type=constants.PrincipalNameType.NT_SRV_INST.value)
                .components_to_asn1)
        t['enc-part'] = noValue
        t['enc-part']['etype'] = rodc_key.enctype
        t['enc-part']['kvno'] = kvno
        t['enc-part']['cipher'] = cipher
        return t
    return fill


def encoder_flags(bits):
    out = [0] * 32
    for b in bits:
        out[b] = 1
    return tuple(out)


def tgs_req(args, ticket, session_key, now):
    req = TGS_REQ()
    req['pvno'] = 5
    req['msg-type'] = constants.ApplicationTagNumbers.TGS_REQ.value
    body = req['req-body']
    opts = [constants.KDCOptions.canonicalize.value]
    if not args.impacket_style:
        opts += [constants.KDCOptions.forwardable.value, constants.KDCOptions.renewable.value]
    body['kdc-options'] = encoder_flags(opts)
    body['realm'] = args.realm
    seq_set(body, 'sname', Principal('krbtgt/' + args.realm, type=constants.PrincipalNameType.NT_SRV_INST.value)
            .components_to_asn1)
    body['till'] = KerberosTime.to_asn1(now + datetime.timedelta(days=1))
    body['nonce'] = int.from_bytes(os.urandom(4), 'big') & 0x7FFFFFFF
    seq_set_iter(body, 'etype', (18, 23))
    auth = Authenticator()
    auth['authenticator-vno'] = 5
    auth['crealm'] = args.realm
    seq_set(auth, 'cname', Principal(args.user, type=constants.PrincipalNameType.NT_PRINCIPAL.value)
            .components_to_asn1)
    auth['cusec'] = now.microsecond
    auth['ctime'] = KerberosTime.to_asn1(now)
    if not args.impacket_style:  # a checksum over the KDC-REQ-BODY bytes (notes §2.8), usage 6
        auth['cksum'] = noValue
        auth['cksum']['cksumtype'] = HMAC_SHA1_96_AES256
        auth['cksum']['checksum'] = _checksum_table[HMAC_SHA1_96_AES256].checksum(
            session_key, KU_TGS_REQ_AUTH_CKSUM, untag(encoder.encode(body)))
    ap = AP_REQ()
    ap['pvno'] = 5
    ap['msg-type'] = constants.ApplicationTagNumbers.AP_REQ.value
    ap['ap-options'] = encoder_flags([])
    seq_set(ap, 'ticket', ticket)
    ap['authenticator'] = noValue
    ap['authenticator']['etype'] = session_key.enctype
    ap['authenticator']['cipher'] = _enctype_table[session_key.enctype].encrypt(
        session_key, KU_TGS_REQ_AUTH, encoder.encode(auth), None)
    key_list = KERB_KEY_LIST_REQ()
    key_list[0] = 23
    padata = [(constants.PreAuthenticationDataTypes.PA_TGS_REQ.value, encoder.encode(ap)),
              (constants.PreAuthenticationDataTypes.KERB_KEY_LIST_REQ.value, encoder.encode(key_list))]
    if not args.impacket_style:
        pac_opts = PA_PAC_OPTIONS()
        pac_opts['flags'] = encoder_flags([1])  # branch aware (MS-KILE 2.2.10)
        padata.append((constants.PreAuthenticationDataTypes.PA_PAC_OPTIONS.value, encoder.encode(pac_opts)))
    for i, (t, v) in enumerate(padata):
        req['padata'][i] = noValue
        req['padata'][i]['padata-type'] = t
        req['padata'][i]['padata-value'] = v
    return encoder.encode(req)


def untag(der):
    """The KDC-REQ-BODY inside its [4] EXPLICIT tag: pyasn1 encodes the component with the tag."""
    if der[0] != 0xA4:
        return der
    n = der[1]
    return der[2:] if n < 0x80 else der[2 + (n & 0x7F):]


def send(host, port, data):
    with socket.create_connection((host, port), timeout=15) as s:
        s.sendall(struct.pack('>I', len(data)) + data)
        head = recv_exact(s, 4)
        return recv_exact(s, struct.unpack('>I', head)[0])


def recv_exact(s, n):
    buf = b''
    while len(buf) < n:
        chunk = s.recv(n - len(buf))
        if not chunk:
            raise EOFError('KDC closed the connection')
        buf += chunk
    return buf


def main():
    p = argparse.ArgumentParser(description='Exchange a partial TGT for a full TGT (cloud Kerberos trust)')
    p.add_argument('--key', required=True, help='krbtgt_<n> AES256 key, hex')
    p.add_argument('--rodc', type=int, required=True, help='RODC number n')
    p.add_argument('--version', type=int, required=True, help='key version v (low 16 bits of the kvno)')
    p.add_argument('--user', required=True)
    p.add_argument('--user-sid', required=True)
    p.add_argument('--domain-sid', required=True)
    p.add_argument('--realm', required=True)
    p.add_argument('--kdc', required=True, help='host:port')
    p.add_argument('--ccache', help='write the full TGT here')
    p.add_argument('--requester-sid', help='PAC_REQUESTOR SID (default: the user SID)')
    p.add_argument('--no-requester', action='store_true')
    p.add_argument('--no-rodc-id', action='store_true', help='no RODCIdentifier after the KDC signature')
    p.add_argument('--impacket-style', action='store_true',
                   help="impacket 0.10 KeyListSecrets' message: no PAC, no authenticator checksum")
    args = p.parse_args()
    host, port = args.kdc.rsplit(':', 1)
    now = datetime.datetime.utcnow().replace(microsecond=0)
    rodc_key = Key(18, bytes.fromhex(args.key))
    session_key = Key(18, os.urandom(32))
    ticket = partial_tgt(args, rodc_key, session_key, now)
    reply = send(host, int(port), tgs_req(args, ticket, session_key, now))
    if reply[0] & 0x1F == 30:
        err = decoder.decode(reply, asn1Spec=KRB_ERROR())[0]
        code = int(err['error-code'])
        print('ERROR %d %s' % (code, ERROR_NAMES.get(code, 'KRB_ERROR')))
        return 2
    rep = decoder.decode(reply, asn1Spec=TGS_REP())[0]
    plain = _enctype_table[int(rep['enc-part']['etype'])].decrypt(session_key, KU_TGS_REP_SESSION,
                                                                  rep['enc-part']['cipher'].asOctets())
    part = decoder.decode(plain, asn1Spec=EncTGSRepPart())[0]
    sname = '/'.join(str(c) for c in rep['ticket']['sname']['name-string'])
    print('TGT %s %s' % (rep['ticket']['realm'], sname))
    if part['encrypted_pa_data'].hasValue():
        for pa in part['encrypted_pa_data']:
            if int(pa['padata-type']) == constants.PreAuthenticationDataTypes.KERB_KEY_LIST_REP.value:
                keys = decoder.decode(pa['padata-value'].asOctets(), asn1Spec=KERB_KEY_LIST_REP())[0]
                for k in keys:
                    if int(k['keytype']) == 23:
                        print('NTHASH %s' % k['keyvalue'].asOctets().hex())
    if args.ccache:
        cc = CCache()
        cc.fromTGS(reply, session_key, session_key)
        cc.saveFile(args.ccache)
        print('CCACHE %s' % args.ccache)
    return 0


if __name__ == '__main__':
    sys.exit(main())
