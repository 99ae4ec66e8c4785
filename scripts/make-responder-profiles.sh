#!/usr/bin/env bash
# make-responder-profiles.sh LABDIR — write OCSP responses that break the responder
# profile (CA/Browser Forum BR §7.1.2.8 and RFC 6960 §4.2) into LABDIR/profile/, for a
# lab built by make-lab.sh. README "The responder's profile" lists the rules.
#
# Real tools only: delegated responder certificates issued by int with
# `openssl x509 -req -extfile` (one bad extension set each), responses signed with them by
# `openssl ocsp -rsigner`, and — for what `openssl ocsp` never writes (a byKey responderID
# that is not the key's SHA-1, nextUpdate before thisUpdate, thisUpdate after producedAt,
# an error status with a body) — `openssl asn1parse -genconf` responses whose
# tbsResponseData int.key signs. LABDIR/profile is replaced. See its README.txt.
set -euo pipefail
# shellcheck source=scripts/lib-common.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/lib-common.sh"

[ $# -eq 1 ] && [ -n "$1" ] || usage LABDIR
require_tools openssl
LAB=$(cd -- "$1" && pwd -P)
require_lab int.pem int.key index.txt requests/good.der
on_failure() { rm -rf "${O:-}"; }
scratch_dir
O=$(mktemp -d "$LAB/.profile.XXXXXXXX")
# shellcheck source=scripts/lib-genconf.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/lib-genconf.sh"
openssl x509 -in "$LAB/int.pem" -noout -text | grep -q 'id-ecPublicKey' || die "int.key is not ECDSA"

# ---------------------------------------------------------------- responder certificates
# The compliant profile (make-lab.sh's [v3_responder]), then one section per broken rule.
good_lines() { # every line of the compliant profile except those whose key is named
    local skip=" $* " line
    while IFS= read -r line; do
        case "$skip" in *" ${line%% *} "*) continue ;; esac
        echo "$line"
    done <<'EOF'
basicConstraints = critical,CA:false
keyUsage = critical,digitalSignature
extendedKeyUsage = OCSPSigning
noCheck = ignored
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
EOF
}
{
    echo "[extra-eku]";   good_lines extendedKeyUsage; echo "extendedKeyUsage = OCSPSigning,serverAuth,clientAuth"
    echo "[key-usage]";   good_lines keyUsage; echo "keyUsage = critical,digitalSignature,nonRepudiation"
    echo "[no-key-usage]"; good_lines keyUsage
    echo "[ca]";          good_lines basicConstraints; echo "basicConstraints = critical,CA:true"
    echo "[no-aki]";      good_lines authorityKeyIdentifier; echo "authorityKeyIdentifier = none"
    echo "[no-nocheck]";  good_lines noCheck
    echo "[forbidden]";   good_lines
    cat <<'EOF'
subjectAltName = DNS:ocsp.profile.test
nameConstraints = permitted;DNS:.test
certificatePolicies = 2.23.140.1.2.1
crlDistributionPoints = URI:http://127.0.0.1:9/int.crl
authorityInfoAccess = OCSP;URI:http://127.0.0.1:9/
EOF
} >"$W/profile.ext"
CERTS="extra-eku key-usage no-key-usage ca no-aki no-nocheck forbidden"
# Issued an hour ago for 30 days (int is valid from 20 days ago), each with its own key.
issue() {
    openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -noenc -keyout "$O/$1.key" \
        -subj "/CN=staplecheck Lab OCSP Responder ($1)" -out "$W/$1.csr"
    "$AT_TIME" '-1h' openssl x509 -req -in "$W/$1.csr" -CA "$LAB/int.pem" -CAkey "$LAB/int.key" \
        -CAcreateserial -CAserial "$W/$1.srl" -days 30 -sha256 -extfile "$W/profile.ext" -extensions "$1" -out "$O/$1.pem"
}
for n in $CERTS; do issue "$n" & done
fail=0
for p in $(jobs -p); do wait "$p" || fail=1; done
[ "$fail" = 0 ] || die "certificate generation failed"

# Each certificate breaks its rule and no other (OpenSSL 3 adds an AKI unless told `none`).
ext() { openssl x509 -in "$O/$1.pem" -noout -ext "$2" 2>/dev/null; }
ext extra-eku extendedKeyUsage | grep -q 'TLS Web Server Authentication' || die "extra-eku.pem: no serverAuth"
ext key-usage keyUsage | grep -q 'Non Repudiation' || die "key-usage.pem: no nonRepudiation"
[ -z "$(ext no-key-usage keyUsage)" ] || die "no-key-usage.pem has a keyUsage"
ext ca basicConstraints | grep -q 'CA:TRUE' || die "ca.pem is not a CA"
[ -z "$(ext no-aki authorityKeyIdentifier)" ] || die "no-aki.pem has an authorityKeyIdentifier"
[ -z "$(ext no-nocheck noCheck)" ] || die "no-nocheck.pem has ocsp-nocheck"
for e in subjectAltName nameConstraints certificatePolicies crlDistributionPoints authorityInfoAccess; do
    [ -n "$(ext forbidden "$e")" ] || die "forbidden.pem lacks $e"
done
for n in $CERTS; do
    openssl verify -CAfile "$LAB/ca-bundle.pem" -untrusted "$LAB/int.pem" "$O/$n.pem" >/dev/null || die "$n.pem does not chain to the lab root"
done

# ---------------------------------------------------------------- responses signed by them
for n in $CERTS; do
    openssl ocsp -index "$LAB/index.txt" -CA "$LAB/int.pem" -rsigner "$O/$n.pem" -rkey "$O/$n.key" \
        -reqin "$LAB/requests/good.der" -respout "$O/$n.der" -ndays 7 >/dev/null &
done
fail=0
for p in $(jobs -p); do wait "$p" || fail=1; done
[ "$fail" = 0 ] || die "OCSP response generation failed"

# ---------------------------------------------------------------- hand-shaped responses (int signs)
read -r NAMEHASH KEYHASH SERIAL <<<"$(certid_fields "$LAB/requests/good.der")"
[ -n "$SERIAL" ] || die "cannot read the CertID of requests/good.der"
NOW=$(date -u +%s)
gt() { date -u -d "@$1" +%Y%m%d%H%M%SZ; }
# The CertID's keyHash is int's key SHA-1 — what a byKey responderID for int must be. A
# responder that hashes the whole SubjectPublicKeyInfo instead gets SPKI_SHA1.
SPKI_SHA1=$(openssl x509 -in "$LAB/int.pem" -pubkey -noout | openssl pkey -pubin -outform DER \
    | openssl dgst -sha1 -binary | od -An -v -tx1 | tr -d ' \n' | tr 'a-f' 'A-F')
[ "$SPKI_SHA1" != "$KEYHASH" ] || die "SPKI hash equals the key hash"

# response NAME RESPONDER_ID PRODUCED THIS NEXT [STATUS] — one SingleResponse for good.
response() {
    local name=$1 rid=$2 produced=$3 this=$4 next=$5 status=${6:-0}
    common_sections() {
        int_name_sections
        certid_sections "INTEGER:0x$SERIAL"
        cat <<EOF
[responses]
r1 = SEQUENCE:single
[single]
certID = SEQUENCE:certid
certStatus = IMPLICIT:0,NULL
thisUpdate = GENTIME:$(gt "$this")
nextUpdate = EXPLICIT:0,GENTIME:$(gt "$next")
EOF
    }
    printf '[tbs]\nresponderID = %s\nproducedAt = GENTIME:%s\nresponses = SEQUENCE:responses\n' "$rid" "$(gt "$produced")" >"$W/$name.body"
    local sig
    sig=$(sign_tbs "$name" "$W/$name.body")
    {
        printf 'asn1 = SEQUENCE:ocspresp\n[ocspresp]\nresponseStatus = ENUMERATED:%s\n' "$status"
        printf 'responseBytes = EXPLICIT:0,SEQUENCE:respbytes\n[respbytes]\nresponseType = OID:1.3.6.1.5.5.7.48.1.1\n'
        printf 'response = OCTWRAP,SEQUENCE:basic\n[basic]\ntbsResponseData = SEQUENCE:tbs\n'
        printf 'signatureAlgorithm = SEQUENCE:sigalg\nsignature = FORMAT:HEX,BITSTRING:%s\n' "$sig"
        cat "$W/$name.body"
        common_sections
    } >"$W/$name.cnf"
    openssl asn1parse -genconf "$W/$name.cnf" -noout -out "$O/$name.der" >/dev/null
    od -An -v -tx1 "$O/$name.der" | tr -d ' \n' | grep -q "$(od -An -v -tx1 "$W/$name.tbs.der" | tr -d ' \n')" \
        || die "$name.der: signed tbs not embedded"
}
BYNAME="EXPLICIT:1,SEQUENCE:int_name"
WEEK=$((7 * 86400))
response by-key-ok         "EXPLICIT:2,FORMAT:HEX,OCTETSTRING:$KEYHASH"         "$NOW" "$NOW" $((NOW + WEEK))
response by-key-short      "EXPLICIT:2,FORMAT:HEX,OCTETSTRING:${KEYHASH:0:38}"  "$NOW" "$NOW" $((NOW + WEEK))
response by-key-spki       "EXPLICIT:2,FORMAT:HEX,OCTETSTRING:$SPKI_SHA1"       "$NOW" "$NOW" $((NOW + WEEK))
# thisUpdate an hour ago, nextUpdate two hours ago: also expired, as such responses are.
response next-before-this  "$BYNAME" "$NOW" $((NOW - 3600)) $((NOW - 7200))
response this-after-produced "$BYNAME" $((NOW - 3600)) "$NOW" $((NOW + WEEK))
# tryLater (3) with a complete, correctly signed body.
response unsuccessful-with-body "$BYNAME" "$NOW" "$NOW" $((NOW + WEEK)) 3
openssl ocsp -respin "$O/by-key-ok.der" -resp_text -noverify 2>/dev/null | grep -q 'Responder Id: [0-9A-F]\{40\}' \
    || die "by-key-ok.der: no byKey responder id"

cat >"$O/README.txt" <<'EOF'
Responses breaking the responder profile, for the lab in the parent directory; made by
scripts/make-responder-profiles.sh. Each NAME.pem/.key is a delegated responder certificate
issued by int, and NAME.der a good response for `good` signed with it:
extra-eku       EKU OCSPSigning, serverAuth, clientAuth          (BR §7.1.2.8.5)
key-usage       keyUsage digitalSignature, nonRepudiation        (BR §7.1.2.8.7)
no-key-usage    no keyUsage                                      (BR §7.1.2.8.7)
ca              basicConstraints cA TRUE                         (BR §7.1.2.8.4)
no-aki          no authorityKeyIdentifier                        (BR §7.1.2.8.2)
no-nocheck      no id-pkix-ocsp-nocheck                          (BR §7.1.2.8.6)
forbidden       SAN, nameConstraints, certificatePolicies, CRL DP, AIA OCSP (BR §7.1.2.8.2/3)
Signed by int over hand-shaped tbsResponseData (RFC 6960 §4.2):
by-key-ok.der              byKey = SHA-1 of int's key (conforming)
by-key-short.der           byKey of 19 bytes
by-key-spki.der            byKey = SHA-1 of int's whole SubjectPublicKeyInfo
next-before-this.der       nextUpdate (now-2h) before thisUpdate (now-1h)
this-after-produced.der    thisUpdate (now) after producedAt (now-1h)
unsuccessful-with-body.der responseStatus tryLater with responseBytes
EOF
rm -rf "$LAB/profile"
mv "$O" "$LAB/profile"
