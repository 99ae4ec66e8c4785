#!/usr/bin/env bash
# make-hostile-inputs.sh LABDIR [STAPLE_PAD_BYTES...] — write the structurally hostile
# certificates and OCSP responses the hostile-input tests feed staplecheck into
# LABDIR/hostile/, for a lab built by make-lab.sh.
#
# Uses only the openssl CLI: every structure is encoded with `openssl asn1parse -genconf`
# and signed over its DER with `openssl dgst -sha256 -sign LABDIR/int.key`, so each file
# differs from a well-formed one only where it is meant to (its signature verifies).
# Never touches the network: URLs are data. LABDIR/hostile is replaced.
#
#   bad-notbefore.pem, bad-notafter.pem  a leaf whose notBefore / notAfter is a UTCTime
#                                        that cannot be decoded (month 13, hour 99)
#   nul-ocsp-url.pem                     a leaf whose only OCSP URL holds a NUL byte
#   huge.pem, big.pem                    leaves (key: LABDIR/ecdsa.key) carrying a non-critical
#                                        extension of 200 KB (over every client's limit alone)
#                                        and of 50 KB (over OpenSSL's 100 KiB with a 60 KB staple)
#   bidi.pem                             a self-signed certificate (key: ecdsa.key) whose subject
#                                        holds U+0085 (C1 NEL), U+202E (RLO) and U+2066 (LRI):
#                                        CN=a<U+0085>b<U+202E>c<U+2066>d
#   bad-thisupdate.der, bad-nextupdate.der, bad-producedat.der
#                                        good responses for LABDIR/good.pem, signed by int,
#                                        one of whose times cannot be decoded
#   padded-N.der                         for each STAPLE_PAD_BYTES N: a good response for
#                                        good.pem, signed by int, padded with a non-critical
#                                        response extension of N bytes
set -euo pipefail
# shellcheck source=scripts/lib-common.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/lib-common.sh"

[ $# -ge 1 ] && [ -n "$1" ] || usage 'LABDIR [STAPLE_PAD_BYTES...]'
LAB_ARG=$1
shift
require_tools openssl
[ -d "$LAB_ARG" ] || die "no such lab dir: $LAB_ARG (run scripts/make-lab.sh $LAB_ARG first)"
LAB=$(cd -- "$LAB_ARG" && pwd -P)
require_lab int.pem int.key ecdsa.key good.pem ca-bundle.pem requests/good.der
for n in "$@"; do
    case "$n" in '' | *[!0-9]*) usage 'LABDIR [STAPLE_PAD_BYTES...] (sizes in bytes)' ;; esac
done

# Private scratch dir $W (stderr logged there, shown on failure) + staging dir $O (inside
# LABDIR so the final mv is a rename, removed on failure).
on_failure() { rm -rf "${O:-}"; }
scratch_dir
O=$(mktemp -d "$LAB/.hostile.XXXXXXXX")

# shellcheck source=scripts/lib-genconf.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/lib-genconf.sh"
hexstr() { printf '%s' "$1" | od -An -v -tx1 | tr -d ' \n' | tr 'a-f' 'A-F'; }
# N bytes of 0xAB as hex.
padhex() { head -c "$1" /dev/zero | tr '\0' '\253' | od -An -v -tx1 | tr -d ' \n'; }

NOW=$(date -u +%s)
UTC_FROM=$(date -u -d "@$((NOW - 3600))" +%y%m%d%H%M%SZ)
UTC_UNTIL=$(date -u -d "@$((NOW + 20 * 86400))" +%y%m%d%H%M%SZ)
GT_NOW=$(date -u -d "@$NOW" +%Y%m%d%H%M%SZ)
GT_NEXT=$(date -u -d "@$((NOW + 7 * 86400))" +%Y%m%d%H%M%SZ)
# Times no decoder accepts (month 13, hour 99), as long as valid ones. genconf validates
# the times it is given, so these are OCTET STRINGs retagged UTCTime (23) and
# GeneralizedTime (24).
BAD_UTC='IMPLICIT:23U,OCTETSTRING:261399999999Z'
BAD_GT='IMPLICIT:24U,OCTETSTRING:20261399999999Z'

OCSP_URL=$(openssl x509 -in "$LAB/good.pem" -noout -ocsp_uri)
[ -n "$OCSP_URL" ] || die "good.pem names no OCSP URL"
# The uncompressed P-256 point of ecdsa.key: the last 65 bytes of its SubjectPublicKeyInfo.
openssl pkey -in "$LAB/ecdsa.key" -pubout -outform DER -out "$W/ecdsa.spki"
EC_POINT=$(tail -c 65 "$W/ecdsa.spki" | od -An -v -tx1 | tr -d ' \n')

common_sections() {
    int_name_sections
    cat <<END
[sigalg]
oid = OID:1.2.840.10045.4.3.2
END
}

# sign_into NAME BODY_FILE [ocsp] — BODY_FILE holds [tbs] and its sections. Encodes tbs,
# signs it with int.key, and encodes SEQUENCE { tbs, sigalg, BIT STRING signature } (a
# certificate) into $W/NAME.der — with "ocsp", the successful OCSPResponse wrapping it.
sign_into() {
    local name=$1 body=$2 kind=${3:-cert} sighex
    sighex=$(sign_tbs "$name" "$body")
    {
        if [ "$kind" = ocsp ]; then
            echo "asn1 = SEQUENCE:ocspresp"
            echo "[ocspresp]"
            echo "responseStatus = ENUMERATED:0"
            echo "responseBytes = EXPLICIT:0,SEQUENCE:respbytes"
            echo "[respbytes]"
            echo "responseType = OID:1.3.6.1.5.5.7.48.1.1"
            echo "response = OCTWRAP,SEQUENCE:signed"
        else
            echo "asn1 = SEQUENCE:signed"
        fi
        echo "[signed]"
        echo "tbs = SEQUENCE:tbs"
        echo "signatureAlgorithm = SEQUENCE:sigalg"
        echo "signature = FORMAT:HEX,BITSTRING:$sighex"
        cat "$body"
        common_sections
    } >"$W/$name.cnf"
    openssl asn1parse -genconf "$W/$name.cnf" -noout -out "$W/$name.der" >/dev/null
}

# ---------------------------------------------------------------- certificates
# cert NAME NOT_BEFORE NOT_AFTER OCSP_LOCATION [EXTRA_EXTENSION_FIELDS]
# OCSP_LOCATION: the genconf value of the AIA accessLocation GeneralName.
cert() {
    local name=$1 nb=$2 na=$3 location=$4 extra=${5:-}
    {
        cat <<END
[tbs]
version = EXPLICIT:0,INTEGER:2
serial = INTEGER:0x7$(openssl rand -hex 15)
signature = SEQUENCE:sigalg
issuer = SEQUENCE:int_name
validity = SEQUENCE:validity
subject = SEQUENCE:subject_name
spki = SEQUENCE:spki
extensions = EXPLICIT:3,SEQUENCE:exts
[validity]
notBefore = $nb
notAfter = $na
[subject_name]
rdn1 = SET:subject_rdn1
[subject_rdn1]
atv = SEQUENCE:subject_atv1
[subject_atv1]
type = OID:2.5.4.3
value = UTF8String:$name.test
[spki]
alg = SEQUENCE:ecalg
key = FORMAT:HEX,BITSTRING:$EC_POINT
[ecalg]
oid = OID:1.2.840.10045.2.1
curve = OID:1.2.840.10045.3.1.7
[exts]
aia = SEQUENCE:ext_aia
END
        [ -z "$extra" ] || echo "extra = SEQUENCE:ext_extra"
        cat <<END
[ext_aia]
extnID = OID:1.3.6.1.5.5.7.1.1
extnValue = OCTWRAP,SEQUENCE:aia
[aia]
ad1 = SEQUENCE:ad_ocsp
[ad_ocsp]
method = OID:1.3.6.1.5.5.7.48.1
location = $location
END
        [ -z "$extra" ] || printf '[ext_extra]\n%s\n' "$extra"
    } >"$W/$name.body"
    sign_into "$name" "$W/$name.body"
    openssl x509 -inform DER -in "$W/$name.der" -out "$O/$name.pem"
}
# uniformResourceIdentifier [6] IMPLICIT IA5String, given as hex so that it may hold a NUL.
uri() { echo "IMPLICIT:6,FORMAT:HEX,OCTETSTRING:$1"; }
cert bad-notbefore "$BAD_UTC" "UTCTIME:$UTC_UNTIL" "$(uri "$(hexstr "$OCSP_URL")")"
cert bad-notafter "UTCTIME:$UTC_FROM" "$BAD_UTC" "$(uri "$(hexstr "$OCSP_URL")")"
cert nul-ocsp-url "UTCTIME:$UTC_FROM" "UTCTIME:$UTC_UNTIL" "$(uri "$(hexstr "$OCSP_URL")00$(hexstr evil)")"
for big in huge:200000 big:50000; do
    cert "${big%%:*}" "UTCTIME:$UTC_FROM" "UTCTIME:$UTC_UNTIL" "$(uri "$(hexstr "$OCSP_URL")")" \
        "extnID = OID:1.3.6.1.4.1.99999.7
extnValue = OCTWRAP,FORMAT:HEX,OCTETSTRING:$(padhex "${big#*:}")"
done

openssl req -x509 -new -key "$LAB/ecdsa.key" -utf8 -days 2 -out "$O/bidi.pem" \
    -subj "/CN=a$(printf '\302\205')b$(printf '\342\200\256')c$(printf '\342\201\246')d"

# ---------------------------------------------------------------- OCSP responses for good.pem
# The CertID fields of the sha1 request make-lab.sh wrote: nameHash, keyHash, serial.
read -r NAMEHASH KEYHASH SERIAL <<<"$(certid_fields "$LAB/requests/good.der")" || die "cannot read the CertID of requests/good.der"
[ -n "${SERIAL:-}" ] || die "cannot read the CertID of requests/good.der"

# response NAME PRODUCED_AT THIS_UPDATE NEXT_UPDATE [PAD_BYTES]
response() {
    local name=$1 produced=$2 this=$3 next=$4 pad=${5:-}
    {
        echo "[tbs]"
        echo "responderID = EXPLICIT:1,SEQUENCE:int_name"
        echo "producedAt = $produced"
        echo "responses = SEQUENCE:responses"
        [ -z "$pad" ] || echo "responseExtensions = EXPLICIT:1,SEQUENCE:respexts"
        cat <<END
[responses]
r1 = SEQUENCE:single1
[single1]
certID = SEQUENCE:certid
certStatus = IMPLICIT:0,NULL
thisUpdate = $this
nextUpdate = EXPLICIT:0,$next
[certid]
alg = SEQUENCE:sha1alg
nameHash = FORMAT:HEX,OCTETSTRING:$NAMEHASH
keyHash = FORMAT:HEX,OCTETSTRING:$KEYHASH
serial = INTEGER:0x$SERIAL
[sha1alg]
oid = OID:1.3.14.3.2.26
params = NULL
END
        if [ -n "$pad" ]; then
            cat <<END
[respexts]
e1 = SEQUENCE:ext_pad
[ext_pad]
extnID = OID:1.3.6.1.4.1.99999.8
extnValue = OCTWRAP,FORMAT:HEX,OCTETSTRING:$(padhex "$pad")
END
        fi
    } >"$W/$name.body"
    sign_into "$name" "$W/$name.body" ocsp
    cp "$W/$name.der" "$O/$name.der"
}
response bad-thisupdate "GENTIME:$GT_NOW" "$BAD_GT" "GENTIME:$GT_NEXT"
response bad-nextupdate "GENTIME:$GT_NOW" "GENTIME:$GT_NOW" "$BAD_GT"
response bad-producedat "$BAD_GT" "GENTIME:$GT_NOW" "GENTIME:$GT_NEXT"
for n in "$@"; do
    response "padded-$n" "GENTIME:$GT_NOW" "GENTIME:$GT_NOW" "GENTIME:$GT_NEXT" "$n"
done

# ---------------------------------------------------------------- self-check
# Each file is hostile only where it is meant to be, as OpenSSL's own tools see it.
for n in "$@"; do
    out=$(openssl ocsp -respin "$O/padded-$n.der" -no_nonce -issuer "$LAB/int.pem" -cert "$LAB/good.pem" \
        -CAfile "$LAB/ca-bundle.pem" 2>&1) || true
    grep -q '^Response verify OK' <<<"$out" || { echo "$out" >&2; die "padded-$n.der does not verify"; }
    grep -q ': good' <<<"$out" || die "padded-$n.der is not good"
done
for c in nul-ocsp-url huge big; do
    openssl verify -CAfile "$LAB/ca-bundle.pem" -untrusted "$LAB/int.pem" "$O/$c.pem" >/dev/null \
        || die "$c.pem does not verify"
done
for c in bad-notbefore bad-notafter; do
    openssl x509 -in "$O/$c.pem" -noout -dates | grep -q 'Bad time value' || die "$c.pem: its times decode"
done

chmod 755 "$O"
rm -rf -- "$LAB/hostile"
mv -- "$O" "$LAB/hostile"
echo "hostile inputs ready: $LAB_ARG/hostile"
