#!/usr/bin/env bash
# make-odd-responses.sh LABDIR — write DER OCSP responses of the odd kinds real
# CAs produce into LABDIR/odd/, for a lab built by make-lab.sh.
#
# Uses only the openssl CLI. Cases `openssl ocsp` can produce are made with it;
# the rest are built exactly with `openssl asn1parse -genconf` (RFC 6960 §4.2.1)
# and signed over the DER of tbsResponseData with `openssl dgst -sha256 -sign`
# using LABDIR/int.key. Never touches the network. LABDIR/odd is replaced.
# Safe to run concurrently for different LABDIRs (scratch lives in mktemp dirs).
# See LABDIR/odd/README.txt for what each file is. KEEP_W=1 keeps the scratch dir.
set -euo pipefail
# shellcheck source=scripts/lib-common.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/lib-common.sh"

[ $# -eq 1 ] && [ -n "$1" ] || usage LABDIR
LAB_ARG=$1
require_tools openssl
[ -d "$LAB_ARG" ] || { echo "make-odd-responses.sh: no such lab dir: $LAB_ARG (run scripts/make-lab.sh $LAB_ARG first)" >&2; exit 1; }
LAB=$(cd -- "$LAB_ARG" && pwd -P)
require_lab int.pem int.key responder.pem responder.key rogue.pem good.pem old.pem revoked.pem \
         ca-bundle.pem index.txt requests/good.der requests/revoked.der

# Private scratch dir $W (stderr logged there, shown on failure) + staging dir $O (inside
# LABDIR so the final mv is a rename, removed on failure).
on_failure() { rm -rf "${O:-}"; }
scratch_dir
O=$(mktemp -d "$LAB/.odd.XXXXXXXX")

# shellcheck source=scripts/lib-genconf.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/lib-genconf.sh"
sha1of() { openssl dgst -sha1 -binary "$1" | od -An -v -tx1 | tr -d ' \n' | tr 'a-f' 'A-F'; }

# ---------------------------------------------------------------- times
NOW=$(date -u +%s)
gt() { date -u -d "@$1" +%Y%m%d%H%M%SZ; }
T_NOW=$(gt "$NOW")
T_NEXT=$(gt $((NOW + 7 * 86400)))
T_REV=$(gt $((NOW - 3600)))

# ---------------------------------------------------------------- cases made by `openssl ocsp`
I=(-issuer "$LAB/int.pem")
ocsp_resp() { # req out signer_cert signer_key [extra...]
    local rq=$1 out=$2 sc=$3 sk=$4
    shift 4
    openssl ocsp -index "$LAB/index.txt" -CA "$LAB/int.pem" -rsigner "$sc" -rkey "$sk" \
        -reqin "$rq" -respout "$O/$out" "$@" >/dev/null
}
INT=("$LAB/int.pem" "$LAB/int.key")
cat "$LAB/int.pem" "$LAB/rogue.pem" >"$W/others.pem"
openssl ocsp "${I[@]}" -cert "$LAB/good.pem" -nonce -reqout "$W/nonce-req.der" >/dev/null
openssl ocsp "${I[@]}" -sha384 -cert "$LAB/good.pem" -no_nonce -reqout "$W/sha384-req.der" >/dev/null
pids=()
ocsp_resp "$LAB/requests/revoked.der" revoked-nonext.der "${INT[@]}" & pids+=("$!")
ocsp_resp "$LAB/requests/good.der" by-key.der "${INT[@]}" -ndays 7 -resp_key_id & pids+=("$!")
ocsp_resp "$LAB/requests/good.der" many-certs.der "$LAB/responder.pem" "$LAB/responder.key" -ndays 7 \
    -rother "$W/others.pem" & pids+=("$!")
ocsp_resp "$LAB/requests/good.der" no-certs.der "${INT[@]}" -ndays 7 -resp_no_certs & pids+=("$!")
ocsp_resp "$W/nonce-req.der" nonce.der "${INT[@]}" -ndays 7 & pids+=("$!")
ocsp_resp "$W/sha384-req.der" sha384-certid.der "${INT[@]}" -ndays 7 & pids+=("$!")

# ---------------------------------------------------------------- CertID values of good / old
# From the sha1 requests make-lab.sh wrote: OCTET STRING nameHash, OCTET STRING keyHash, INTEGER serial.
read -r NAMEHASH KEYHASH GOOD_SERIAL <<<"$(certid_fields "$LAB/requests/good.der")" \
    || die "cannot read CertID from $LAB/requests/good.der"
[ -n "$GOOD_SERIAL" ] || die "cannot read CertID from $LAB/requests/good.der"
OLD_SERIAL=$(openssl x509 -in "$LAB/old.pem" -noout -serial | sed 's/^serial=//')
[ -n "$OLD_SERIAL" ] || die "cannot read serial of $LAB/old.pem"
[ "$GOOD_SERIAL" = "$(openssl x509 -in "$LAB/good.pem" -noout -serial | sed 's/^serial=//')" ] \
    || die "requests/good.der does not match good.pem"

# Signature algorithm for int.key.
case "$(openssl x509 -in "$LAB/int.pem" -noout -text | sed -n 's/^ *Public Key Algorithm: *//p')" in
    id-ecPublicKey) SIGALG_LINES='oid = OID:1.2.840.10045.4.3.2' ;;           # ecdsa-with-SHA256
    rsaEncryption)  SIGALG_LINES=$'oid = OID:1.2.840.113549.1.1.11\nparams = NULL' ;; # sha256WithRSAEncryption
    *) die "unsupported key type in $LAB/int.pem" ;;
esac

# ---------------------------------------------------------------- genconf building blocks
# Sections shared by every genconf BasicOCSPResponse.
common_sections() {
    int_name_sections
    cat <<EOF
[sigalg]
$SIGALG_LINES
[sha1alg]
oid = OID:1.3.14.3.2.26
params = NULL
[certid_good]
alg = SEQUENCE:sha1alg
nameHash = FORMAT:HEX,OCTETSTRING:$NAMEHASH
keyHash = FORMAT:HEX,OCTETSTRING:$KEYHASH
serial = INTEGER:0x$GOOD_SERIAL
[certid_old]
alg = SEQUENCE:sha1alg
nameHash = FORMAT:HEX,OCTETSTRING:$NAMEHASH
keyHash = FORMAT:HEX,OCTETSTRING:$KEYHASH
serial = INTEGER:0x$OLD_SERIAL
[revinfo]
revocationTime = GENTIME:$T_REV
reason = EXPLICIT:0,ENUMERATED:1
EOF
}

# The responder name must be int's subject byte for byte: its sha1 is the CertID nameHash.
printf 'asn1 = SEQUENCE:int_name\n%s\n' "$(common_sections)" >"$W/name.cnf"
openssl asn1parse -genconf "$W/name.cnf" -noout -out "$W/name.der" >/dev/null
[ "$(sha1of "$W/name.der")" = "$NAMEHASH" ] || die "generated responder name does not match int.pem's subject"

# tbs_section [VERSION_LINE] [RESPONSE_EXTS_SECTION] — responses come from section [responses].
tbs_section() {
    local ver=${1:-} ext=${2:-}
    echo "[tbs]"
    [ -z "$ver" ] || echo "version = $ver"
    echo "responderID = EXPLICIT:1,SEQUENCE:int_name"
    echo "producedAt = GENTIME:$T_NOW"
    echo "responses = SEQUENCE:responses"
    [ -z "$ext" ] || echo "responseExtensions = EXPLICIT:1,SEQUENCE:$ext"
}
# single_section NAME CERTID STATUS(good|revoked) [SINGLE_EXTS_SECTION]
single_section() {
    local name=$1 cid=$2 st=$3 ext=${4:-}
    echo "[$name]"
    echo "certID = SEQUENCE:$cid"
    case "$st" in
        good) echo "certStatus = IMPLICIT:0,NULL" ;;
        revoked) echo "certStatus = IMPLICIT:1,SEQUENCE:revinfo" ;;
    esac
    echo "thisUpdate = GENTIME:$T_NOW"
    echo "nextUpdate = EXPLICIT:0,GENTIME:$T_NEXT"
    [ -z "$ext" ] || echo "singleExtensions = EXPLICIT:1,SEQUENCE:$ext"
}
# The plain case: one SingleResponse for good, status good.
good_responses() {
    printf '[responses]\nr1 = SEQUENCE:single1\n'
    single_section single1 certid_good good "${1:-}"
}

# build_basic NAME BODY_FILE [corrupt] — BODY_FILE holds [tbs] and its sections.
# Pass 1 encodes tbsResponseData and signs it; pass 2 encodes the whole
# OCSPResponse from the same sections (genconf output is deterministic DER), then
# the embedded tbsResponseData is checked to be byte-identical to what was signed.
build_basic() {
    local name=$1 body=$2 corrupt=${3:-} sighex
    sighex=$(sign_tbs "$name" "$body")
    if [ -n "$corrupt" ]; then # flip every bit of the signature's last byte
        sighex=${sighex:0:${#sighex}-2}$(printf '%02X' $((0x${sighex: -2} ^ 0xFF)))
    fi
    {
        echo "asn1 = SEQUENCE:ocspresp"
        echo "[ocspresp]"
        echo "responseStatus = ENUMERATED:0"
        echo "responseBytes = EXPLICIT:0,SEQUENCE:respbytes"
        echo "[respbytes]"
        echo "responseType = OID:1.3.6.1.5.5.7.48.1.1"
        echo "response = OCTWRAP,SEQUENCE:basic"
        echo "[basic]"
        echo "tbsResponseData = SEQUENCE:tbs"
        echo "signatureAlgorithm = SEQUENCE:sigalg"
        echo "signature = FORMAT:HEX,BITSTRING:$sighex"
        cat "$body"
        common_sections
    } >"$W/$name.cnf"
    openssl asn1parse -genconf "$W/$name.cnf" -noout -out "$O/$name" >/dev/null
    # OCSPResponse > [0] > ResponseBytes > OCTET STRING(BasicOCSPResponse): first element is tbs.
    local off
    off=$(openssl asn1parse -inform DER -in "$O/$name" | awk '/prim: OCTET STRING/ { sub(/:.*/, ""); print $1; exit }')
    openssl asn1parse -inform DER -in "$O/$name" -strparse "$off" -noout -out "$W/$name.basic.der" >/dev/null
    local tbslen hl
    tbslen=$(wc -c <"$W/$name.tbs.der")
    hl=$(openssl asn1parse -inform DER -in "$W/$name.basic.der" | awk 'NR == 2 { sub(/:.*/, ""); print $1; exit }')
    tail -c +$((hl + 1)) "$W/$name.basic.der" | head -c "$tbslen" >"$W/$name.tbs.check"
    cmp -s "$W/$name.tbs.check" "$W/$name.tbs.der" || die "$name: embedded tbsResponseData differs from the signed one"
}

# Unsuccessful / odd OCSPResponse envelopes (no signature involved).
build_plain() { # NAME BODY (config text, root section [ocspresp])
    printf 'asn1 = SEQUENCE:ocspresp\n%s\n' "$2" >"$W/$1.cnf"
    openssl asn1parse -genconf "$W/$1.cnf" -noout -out "$O/$1" >/dev/null
}

# ---------------------------------------------------------------- genconf cases
# 6. unknown non-critical response extension + unknown non-critical single extension
{
    tbs_section "" respexts
    cat <<'EOF'
[respexts]
e1 = SEQUENCE:ext_unknown_resp
[ext_unknown_resp]
extnID = OID:1.3.6.1.4.1.99999.1
extnValue = OCTWRAP,OCTETSTRING:staplecheck unknown response extension
[singleexts]
e1 = SEQUENCE:ext_unknown_single
[ext_unknown_single]
extnID = OID:1.3.6.1.4.1.99999.2
extnValue = OCTWRAP,OCTETSTRING:staplecheck unknown single extension
EOF
    good_responses singleexts
} >"$W/unknown-ext.body"
build_basic unknown-ext.der "$W/unknown-ext.body"

# 7. as 6, but the response extension is critical
{
    tbs_section "" respexts
    cat <<'EOF'
[respexts]
e1 = SEQUENCE:ext_unknown_resp
[ext_unknown_resp]
extnID = OID:1.3.6.1.4.1.99999.1
critical = BOOLEAN:TRUE
extnValue = OCTWRAP,OCTETSTRING:staplecheck unknown critical response extension
[singleexts]
e1 = SEQUENCE:ext_unknown_single
[ext_unknown_single]
extnID = OID:1.3.6.1.4.1.99999.2
extnValue = OCTWRAP,OCTETSTRING:staplecheck unknown single extension
EOF
    good_responses singleexts
} >"$W/unknown-critical-ext.body"
build_basic unknown-critical-ext.der "$W/unknown-critical-ext.body"

# 8. single extension with the CT SCT-list OID. Value: OCTET STRING wrapping a
# (fake, but well-formed TLS-encoded) SignedCertificateTimestampList with one v1 SCT.
SCT_LOGID=$(printf '%064d' 0 | tr 0 A)                           # 32 bytes of 0xAA
SCT_TS=$(printf '%016X' $((NOW * 1000)))                         # ms since epoch
SCT_SIG=3006020101020101                                          # tiny DER ECDSA-Sig-Value
SCT="00${SCT_LOGID}${SCT_TS}0000"0403"$(printf '%04X' $((${#SCT_SIG} / 2)))${SCT_SIG}"
SCT_LIST="$(printf '%04X' $((${#SCT} / 2 + 2)))$(printf '%04X' $((${#SCT} / 2)))${SCT}"
{
    tbs_section
    cat <<EOF
[singleexts]
e1 = SEQUENCE:ext_sct
[ext_sct]
extnID = OID:1.3.6.1.4.1.11129.2.4.5
extnValue = OCTWRAP,FORMAT:HEX,OCTETSTRING:$SCT_LIST
EOF
    good_responses singleexts
} >"$W/sct-ext.body"
build_basic sct-ext.der "$W/sct-ext.body"

# 9. CertID with a hash algorithm OID nobody knows (real sha1 hash values + serial)
{
    tbs_section
    cat <<EOF
[unknownalg]
oid = OID:1.3.6.1.4.1.99999.3
params = NULL
[certid_unknownhash]
alg = SEQUENCE:unknownalg
nameHash = FORMAT:HEX,OCTETSTRING:$NAMEHASH
keyHash = FORMAT:HEX,OCTETSTRING:$KEYHASH
serial = INTEGER:0x$GOOD_SERIAL
[responses]
r1 = SEQUENCE:single1
EOF
    single_section single1 certid_unknownhash good
} >"$W/unknown-hash.body"
build_basic unknown-hash.der "$W/unknown-hash.body"

# 11. explicit version [0] INTEGER 5 (only v1 = 0 is valid)
{ tbs_section "EXPLICIT:0,INTEGER:5"; good_responses; } >"$W/bad-version.body"
build_basic bad-version.der "$W/bad-version.body"

# 15. two SingleResponses: old (good), then good (revoked, keyCompromise, now-1h)
{
    tbs_section
    printf '[responses]\nr1 = SEQUENCE:single_old\nr2 = SEQUENCE:single_good\n'
    single_section single_old certid_old good
    single_section single_good certid_good revoked
} >"$W/two-singles.body"
build_basic two-singles.der "$W/two-singles.body"

# 16. plain good response with the signature's last byte flipped
{ tbs_section; good_responses; } >"$W/bad-signature.body"
build_basic bad-signature.der "$W/bad-signature.body" corrupt

# 12. responseStatus values outside the RFC's list; 13. successful without body; 14. unknown type
build_plain unknown-status.der $'[ocspresp]\nresponseStatus = ENUMERATED:7'
build_plain unknown-status-4.der $'[ocspresp]\nresponseStatus = ENUMERATED:4'
build_plain successful-nobody.der $'[ocspresp]\nresponseStatus = ENUMERATED:0'
build_plain unknown-type.der $'[ocspresp]\nresponseStatus = ENUMERATED:0
responseBytes = EXPLICIT:0,SEQUENCE:respbytes
[respbytes]
responseType = OID:1.3.6.1.4.1.99999.4
response = FORMAT:HEX,OCTETSTRING:DEADBEEF00010203'

fail=0
for p in "${pids[@]}"; do wait "$p" || fail=1; done
[ "$fail" = 0 ] || die "openssl ocsp response generation failed"

# ---------------------------------------------------------------- self-check
# Every response meant to verify must verify against the lab trust anchors.
# -no_nonce: with -issuer/-cert, openssl ocsp builds a request with a fresh random
# nonce and then rejects nonce.der's (different) echoed nonce ("Nonce Verify error").
check() { # file [extra...]
    local f=$1 out
    shift
    out=$(openssl ocsp -respin "$O/$f" -no_nonce "${I[@]}" "$@" -CAfile "$LAB/ca-bundle.pem" \
        -verify_other "$LAB/int.pem" 2>&1) || true
    grep -q '^Response verify OK' <<<"$out" || { echo "$out" >&2; die "$f: does not verify"; }
}
cpids=()
check revoked-nonext.der -cert "$LAB/revoked.pem" & cpids+=("$!")
for f in by-key.der many-certs.der no-certs.der nonce.der unknown-ext.der unknown-critical-ext.der \
         sct-ext.der unknown-hash.der bad-version.der two-singles.der; do
    check "$f" -cert "$LAB/good.pem" & cpids+=("$!")
done
check sha384-certid.der -sha384 -cert "$LAB/good.pem" & cpids+=("$!")
( out=$(openssl ocsp -respin "$O/bad-signature.der" -no_nonce "${I[@]}" -cert "$LAB/good.pem" \
        -CAfile "$LAB/ca-bundle.pem" -verify_other "$LAB/int.pem" 2>&1) || true
  if grep -q '^Response verify OK' <<<"$out"; then die "bad-signature.der: verifies but must not"; fi ) & cpids+=("$!")
fail=0
for p in "${cpids[@]}"; do wait "$p" || fail=1; done
[ "$fail" = 0 ] || die "self-check failed"

# ---------------------------------------------------------------- README
cat >"$O/README.txt" <<'EOF'
Odd OCSP responses (DER) for the lab in the parent directory; made by scripts/make-odd-responses.sh.
Unless noted: for the `good` leaf, status good, signed by int (responder ID by name), thisUpdate=now, nextUpdate=now+7d, verifies.
revoked-nonext.der        `revoked` leaf, status revoked (keyCompromise), no nextUpdate (openssl ocsp without -ndays/-nmin).
by-key.der                responder ID byKey (SHA-1 of int's public key) instead of byName (-resp_key_id).
many-certs.der            signed by the delegated responder, embeds responder.pem, int.pem and rogue.pem; verifies.
no-certs.der              signed by int, no embedded certificates (-resp_no_certs); verifies only with int supplied.
nonce.der                 carries a response nonce extension (1.3.6.1.5.5.7.48.1.2) echoed from a -nonce request.
unknown-ext.der           non-critical unknown response extension 1.3.6.1.4.1.99999.1 + non-critical unknown single extension 1.3.6.1.4.1.99999.2.
unknown-critical-ext.der  as unknown-ext.der but the response extension is critical; signature verifies, status good.
sct-ext.der               single extension 1.3.6.1.4.1.11129.2.4.5 (CT SCT list, non-critical): OCTET STRING { OCTET STRING { fake SCT list } }.
unknown-hash.der          CertID hashAlgorithm 1.3.6.1.4.1.99999.3 (params NULL), real sha1 name/key hashes and serial; signature verifies, CertID matches nothing.
sha384-certid.der         CertID hashed with SHA-384 (from an -sha384 request); check with -sha384.
bad-version.der           tbsResponseData with explicit version [0] INTEGER 5 (only v1 = 0 is valid); correctly signed.
unknown-status.der        OCSPResponse with only responseStatus 7 (not defined by RFC 6960).
unknown-status-4.der      OCSPResponse with only responseStatus 4 (the unused value).
successful-nobody.der     OCSPResponse with responseStatus successful (0) and no responseBytes.
unknown-type.der          successful OCSPResponse whose responseType is 1.3.6.1.4.1.99999.4 with an opaque OCTET STRING response.
two-singles.der           two SingleResponses: `old` (good), then `good` (revoked, keyCompromise, revocationTime now-1h); verifies.
bad-signature.der         plain good response with the last byte of the signature flipped: signature verification FAILS.
EOF

chmod 755 "$O"
rm -rf -- "$LAB/odd"
mv -- "$O" "$LAB/odd"
echo "odd responses ready: $LAB_ARG/odd"
