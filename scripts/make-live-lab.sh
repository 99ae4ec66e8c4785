#!/usr/bin/env bash
# make-live-lab.sh LABDIR — the lab-wide part of the live-query test PKI, for a lab built
# by make-lab.sh: odd delegated OCSP responder certificates and a rogue "intermediate",
# written into LABDIR/live/. Per-test leaves, responses and CRLs (whose URLs carry ports
# known only at test time) are made by scripts/lab-leaf.sh from these.
#
# Uses only the openssl CLI and faketime. Never touches the network. LABDIR/live is
# replaced. Safe to run concurrently for different LABDIRs.
#
#   live/responder-expiring.pem   delegated responder (OCSPSigning, nocheck) expiring in 2 days
#   live/responder-nonocheck.pem  delegated responder with OCSPSigning but no id-pkix-ocsp-nocheck
#   live/responder-noeku.pem      issued by int with EKU serverAuth only (no OCSPSigning), nocheck
#   live/rogue-int.pem            self-signed, subject = int's subject, key = rogue.key (signs rogue CRLs)
#   (each NAME.pem has NAME.key)
set -euo pipefail
# shellcheck source=scripts/lib-common.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/lib-common.sh"

[ $# -eq 1 ] && [ -n "$1" ] || usage LABDIR
LAB_ARG=$1
require_tools openssl faketime
[ -d "$LAB_ARG" ] || { echo "make-live-lab.sh: no such lab dir: $LAB_ARG (run scripts/make-lab.sh first)" >&2; exit 1; }
LAB=$(cd -- "$LAB_ARG" && pwd -P)
require_lab int.pem int.key rogue.key ca-bundle.pem index.txt

# Scratch in $W (stderr logged there, shown on failure); staging in $O, inside LABDIR so the
# final mv is a rename, removed on failure.
on_failure() { rm -rf "${O:-}"; }
scratch_dir
O=$(mktemp -d "$LAB/.live.XXXXXXXX")

cat >"$W/live.cnf" <<'EOF'
[req]
distinguished_name = req_dn
prompt = no
[req_dn]
CN = unused

[v3_expiring]
basicConstraints = critical,CA:false
keyUsage = critical,digitalSignature
extendedKeyUsage = OCSPSigning
noCheck = ignored
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always

[v3_nonocheck]
basicConstraints = critical,CA:false
keyUsage = critical,digitalSignature
extendedKeyUsage = OCSPSigning
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always

[v3_noeku]
basicConstraints = critical,CA:false
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
noCheck = ignored
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always

[v3_rogue_int]
basicConstraints = critical,CA:true
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
EOF

EC=(-newkey ec -pkeyopt ec_paramgen_curve:P-256)
# delegated NAME CN SECTION DAYS — issued by int 20 days ago (int is valid from then on).
delegated() {
    "$AT_TIME" '-20d' openssl req -config "$W/live.cnf" -x509 "${EC[@]}" -noenc \
        -keyout "$O/$1.key" -out "$O/$1.pem" -subj "/CN=$2" \
        -CA "$LAB/int.pem" -CAkey "$LAB/int.key" -days "$4" -sha256 -extensions "$3"
}
delegated responder-expiring "staplecheck Lab OCSP Responder (expiring)" v3_expiring 22 &
delegated responder-nonocheck "staplecheck Lab OCSP Responder (no nocheck)" v3_nonocheck 50 &
delegated responder-noeku "staplecheck Lab TLS Server (no OCSPSigning)" v3_noeku 50 &
INT_SUBJECT=$(openssl x509 -in "$LAB/int.pem" -noout -subject -nameopt RFC2253 | sed 's/^subject=//')
"$AT_TIME" '-20d' openssl req -config "$W/live.cnf" -x509 -key "$LAB/rogue.key" \
    -out "$O/rogue-int.pem" -subj "/$INT_SUBJECT" -days 50 -sha256 -extensions v3_rogue_int &
fail=0
for p in $(jobs -p); do wait "$p" || fail=1; done
[ "$fail" = 0 ] || die "certificate generation failed"
cp "$LAB/rogue.key" "$O/rogue-int.key"

# ---------------------------------------------------------------- self-check
for n in responder-expiring responder-nonocheck responder-noeku; do
    openssl verify -CAfile "$LAB/ca-bundle.pem" -untrusted "$LAB/int.pem" "$O/$n.pem" >/dev/null \
        || die "$n.pem does not chain to the lab root"
done
openssl x509 -in "$O/responder-expiring.pem" -noout -checkend $((3 * 86400)) >/dev/null \
    && die "responder-expiring.pem does not expire within 3 days"
openssl x509 -in "$O/responder-expiring.pem" -noout -checkend $((1 * 86400)) >/dev/null \
    || die "responder-expiring.pem expires within a day"
openssl x509 -in "$O/responder-nonocheck.pem" -noout -ext noCheck 2>/dev/null | grep -q 'No Check' \
    && die "responder-nonocheck.pem carries ocsp-nocheck"
openssl x509 -in "$O/responder-noeku.pem" -noout -ext extendedKeyUsage | grep -q 'OCSP Signing' \
    && die "responder-noeku.pem carries OCSPSigning"
[ "$(openssl x509 -in "$O/rogue-int.pem" -noout -subject)" = "$(openssl x509 -in "$LAB/int.pem" -noout -subject)" ] \
    || die "rogue-int.pem's subject differs from int.pem's"

chmod 755 "$O"
rm -rf -- "$LAB/live"
mv -- "$O" "$LAB/live"
echo "live lab ready: $LAB_ARG/live"
