#!/usr/bin/env bash
# make-broken-bytes.sh LABDIR — write OCSP "responses" broken in each way ParseError names
# (README "Broken bytes") into LABDIR/bytes/, for a lab built by make-lab.sh.
#
# Real tools only: `openssl asn1parse -genconf` for a correctly signed response whose
# serialNumber is a non-minimal INTEGER (IMPLICIT:2U over the raw bytes), and byte surgery
# (head, tail, xxd) on the lab's real DER for what no encoder writes: cut short, trailing
# bytes, indefinite and non-minimal lengths. LABDIR/bytes is replaced. See its README.txt.
set -euo pipefail
# shellcheck source=scripts/lib-common.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/lib-common.sh"

[ $# -eq 1 ] && [ -n "$1" ] || usage LABDIR
require_tools openssl xxd
LAB=$(cd -- "$1" && pwd -P)
require_lab int.pem int.key int.der int.crl responses/good.der requests/good.der
on_failure() { rm -rf "${O:-}"; }
scratch_dir
O=$(mktemp -d "$LAB/.bytes.XXXXXXXX")
# shellcheck source=scripts/lib-genconf.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/lib-genconf.sh"

GOOD=$LAB/responses/good.der
hex() { xxd -p "$1" | tr -d '\n'; }
unhex() { xxd -r -p >"$1"; }
G=$(hex "$GOOD")
# The outer SEQUENCE's header is 30 82 LLLL (make-lab.sh responses are 256..65535 bytes).
[ "${G:0:4}" = 3082 ] || die "$GOOD: outer length not in two bytes"
LEN=${G:4:4}
BODY=${G:8}

head -c 400 "$GOOD" >"$O/truncated.der"
{ cat "$GOOD"; printf 'garbage\n'; } >"$O/trailing.der"
cp "$LAB/int.der" "$O/certificate.der"
cp "$LAB/int.crl" "$O/crl.der"
cp "$LAB/requests/good.der" "$O/ocsp-request.der"
printf '<!DOCTYPE html>\n<html><head><title>Hotel WiFi - Please log in</title></head><body>Sign in</body></html>\n' >"$O/captive-portal.html"
{ echo "-----BEGIN OCSP RESPONSE-----"; openssl base64 -in "$GOOD"; echo "-----END OCSP RESPONSE-----"; } >"$O/pem.txt"
openssl base64 -in "$GOOD" >"$O/base64.txt"
# BER the OpenSSL parser accepts: the outer SEQUENCE with an indefinite length (30 80 … 00 00),
# and with its length in three bytes (30 83 00 LLLL) instead of two.
echo "3080${BODY}0000" | unhex "$O/indefinite-length.der"
echo "308300${LEN}${BODY}" | unhex "$O/non-minimal-length.der"
# responseStatus's length in long form (0A 81 01 00): one byte more inside the outer SEQUENCE.
[ "${BODY:0:6}" = 0a0100 ] || die "$GOOD: responseStatus is not 0A 01 00"
printf -v LEN1 '%04x' $((0x$LEN + 1))
echo "3082${LEN1}0a810100${BODY:6}" | unhex "$O/non-minimal-length-status.der"

# A correctly signed response whose CertID serialNumber has a needless leading 00 byte.
# genconf will not write that INTEGER, so it writes an OCTET STRING of the same bytes, whose
# tag (04) is then turned into INTEGER's (02) — in the tbsResponseData that is signed and in
# the response that embeds it (same length, same offsets).
read -r NAMEHASH KEYHASH SERIAL <<<"$(certid_fields "$LAB/requests/good.der")"
[ $(( ${#SERIAL} % 2 )) = 0 ] || SERIAL=0$SERIAL
NOW=$(date -u +%Y%m%d%H%M%SZ)
NEXT=$(date -u -d '+7 days' +%Y%m%d%H%M%SZ)
common_sections() {
    int_name_sections
    certid_sections 'FORMAT:HEX,OCTETSTRING:00'"$SERIAL"
    cat <<EOF
[responses]
r1 = SEQUENCE:single
[single]
certID = SEQUENCE:certid
certStatus = IMPLICIT:0,NULL
thisUpdate = GENTIME:$NOW
nextUpdate = EXPLICIT:0,GENTIME:$NEXT
EOF
}
openssl x509 -in "$LAB/int.pem" -noout -text | grep -q 'id-ecPublicKey' || die "int.key is not ECDSA"
cat >"$W/tbs.body" <<EOF
[tbs]
responderID = EXPLICIT:1,SEQUENCE:int_name
producedAt = GENTIME:$NOW
responses = SEQUENCE:responses
EOF
PLACEHOLDER=$(printf '04%02x00%s' $(( ${#SERIAL} / 2 + 1 )) "$SERIAL" | tr 'A-F' 'a-f')
PADDED=02${PLACEHOLDER:2}
retag() { # in out: the placeholder OCTET STRING becomes the padded INTEGER, exactly once
    local h
    h=$(hex "$1")
    [ "$(grep -o "$PLACEHOLDER" <<<"$h" | wc -l)" = 1 ] || die "$1: placeholder serial not found once"
    echo "${h/$PLACEHOLDER/$PADDED}" | unhex "$2"
}
{ echo "asn1 = SEQUENCE:tbs"; cat "$W/tbs.body"; common_sections; } >"$W/tbs.cnf"
openssl asn1parse -genconf "$W/tbs.cnf" -noout -out "$W/tbs.placeholder.der" >/dev/null
retag "$W/tbs.placeholder.der" "$W/tbs.der"
openssl dgst -sha256 -sign "$LAB/int.key" -out "$W/tbs.sig" "$W/tbs.der"
SIG=$(hexof "$W/tbs.sig")
{
    cat <<EOF
asn1 = SEQUENCE:ocspresp
[ocspresp]
responseStatus = ENUMERATED:0
responseBytes = EXPLICIT:0,SEQUENCE:respbytes
[respbytes]
responseType = OID:1.3.6.1.5.5.7.48.1.1
response = OCTWRAP,SEQUENCE:basic
[basic]
tbsResponseData = SEQUENCE:tbs
signatureAlgorithm = SEQUENCE:sigalg
signature = FORMAT:HEX,BITSTRING:$SIG
EOF
    cat "$W/tbs.body"
    common_sections
} >"$W/serial.cnf"
openssl asn1parse -genconf "$W/serial.cnf" -noout -out "$W/serial.placeholder.der" >/dev/null
retag "$W/serial.placeholder.der" "$O/non-minimal-serial.der"
# OpenSSL itself refuses it ("illegal padding"), which is the point; the signed bytes are in it.
hex "$O/non-minimal-serial.der" | grep -q "$(hex "$W/tbs.der")" || die "non-minimal-serial.der: signed tbs not embedded"

cat >"$O/README.txt" <<'EOF'
Broken OCSP responses for the lab in the parent directory; made by scripts/make-broken-bytes.sh.
truncated.der                 the first 400 bytes of responses/good.der.
trailing.der                  responses/good.der followed by "garbage\n".
certificate.der               int.der: a certificate where a response belongs.
crl.der                       int.crl: a CRL.
ocsp-request.der              requests/good.der: an OCSP request.
captive-portal.html           an HTML login page.
pem.txt                       responses/good.der as PEM (-----BEGIN OCSP RESPONSE-----).
base64.txt                    responses/good.der as bare base64.
indefinite-length.der         responses/good.der with the outer SEQUENCE's length indefinite (30 80 ... 00 00).
non-minimal-length.der        responses/good.der with the outer length in three bytes (30 83 00 LL LL).
non-minimal-length-status.der responses/good.der with responseStatus as 0A 81 01 00.
non-minimal-serial.der        a good response for `good`, signed by int, whose serialNumber is 02 nn 00 <serial>.
EOF
chmod 755 "$O"
rm -rf -- "$LAB/bytes"
mv -- "$O" "$LAB/bytes"
echo "broken bytes ready: $1/bytes"
