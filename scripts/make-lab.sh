#!/usr/bin/env bash
# make-lab.sh DIR — build a throwaway test PKI and precomputed OCSP responses in DIR.
#
# Uses only the openssl CLI (OpenSSL 3.x) and faketime. Never touches the network:
# every URL below is data only. DIR is wiped and recreated. Safe to run
# concurrently with different DIRs (scratch files live in a private mktemp dir).
#
# Knobs: LAB_OCSP_URL (default http://127.0.0.1:9/ocsp)
#        LAB_CRL_URL  (default http://127.0.0.1:9/int.crl)
set -euo pipefail
# shellcheck source=scripts/lib-common.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/lib-common.sh"

[ $# -eq 1 ] && [ -n "$1" ] || usage DIR
DIR_ARG=$1
case "$DIR_ARG" in
    / | /. | /.. | . | ..) echo "make-lab.sh: refusing to use '$DIR_ARG' as lab dir" >&2; exit 2 ;;
esac

OCSP_URL=${LAB_OCSP_URL:-http://127.0.0.1:9/ocsp}
CRL_URL=${LAB_CRL_URL:-http://127.0.0.1:9/int.crl}
CAISSUERS_URL=http://127.0.0.1:9/int.der

# Missing tools are installed by scripts/ensure-deps.sh (as root; otherwise it says what to run).
ensure_tools openssl faketime

# Private scratch dir $W; all stderr goes to a log there and is shown only on failure.
scratch_dir

rm -rf -- "$DIR_ARG"
mkdir -p -- "$DIR_ARG/responses" "$DIR_ARG/requests"
D=$(cd -- "$DIR_ARG" && pwd -P)
R=$D/responses
Q=$D/requests

# Backdating: the CAs and the responders are created 20 days in the past (valid
# until now+30d) so that they are valid when expired.der is signed (now-10d).
# Leaves are backdated one hour and valid for 20 days.
CA_PAST='-20d'
CA_DAYS=50

# ---------------------------------------------------------------- openssl config
CNF=$W/lab.cnf
{
cat <<'EOF'
[req]
distinguished_name = req_dn
prompt = no
[req_dn]
CN = unused

[v3_root]
basicConstraints = critical,CA:true
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always

[v3_int]
basicConstraints = critical,CA:true,pathlen:0
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always

[v3_responder]
basicConstraints = critical,CA:false
keyUsage = critical,digitalSignature
extendedKeyUsage = OCSPSigning
noCheck = ignored
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always

[v3_rogue]
basicConstraints = critical,CA:false
keyUsage = critical,digitalSignature
extendedKeyUsage = OCSPSigning
subjectKeyIdentifier = hash
EOF
# leaf sections: name dns keytype muststaple(0/1) ocsp(0/1)
leaf_section() {
    local name=$1 dns=$2 kt=$3 ms=$4 ocsp=$5
    echo
    echo "[leaf_$name]"
    echo "basicConstraints = critical,CA:false"
    if [ "$kt" = rsa ]; then
        echo "keyUsage = critical,digitalSignature,keyEncipherment"
    else
        echo "keyUsage = critical,digitalSignature"
    fi
    echo "extendedKeyUsage = serverAuth"
    echo "subjectAltName = DNS:$dns"
    echo "subjectKeyIdentifier = hash"
    echo "authorityKeyIdentifier = keyid:always"
    if [ "$ocsp" = 1 ]; then
        echo "authorityInfoAccess = OCSP;URI:$OCSP_URL,caIssuers;URI:$CAISSUERS_URL"
    else
        echo "authorityInfoAccess = caIssuers;URI:$CAISSUERS_URL"
    fi
    echo "crlDistributionPoints = URI:$CRL_URL"
    if [ "$ms" = 1 ]; then
        echo "tlsfeature = status_request"
    fi
}
# name               dns                     key ms ocsp
LEAVES="
good                 good.test               rsa 0 1
ecdsa                ecdsa.test              ec  0 1
muststaple           muststaple.test         ec  1 1
noocsp               noocsp.test             ec  0 0
muststaple-noocsp    muststaple-noocsp.test  ec  1 0
revoked              revoked.test            ec  0 1
unknown              unknown.test            ec  0 1
old                  good.test               ec  0 1
"
while read -r n dns kt ms oc; do
    [ -n "$n" ] || continue
    leaf_section "$n" "$dns" "$kt" "$ms" "$oc"
done <<<"$LEAVES"
} >"$CNF"

EC=(-newkey ec -pkeyopt ec_paramgen_curve:P-256)

# ---------------------------------------------------------------- CAs and responders
"$AT_TIME" "$CA_PAST" openssl req -config "$CNF" -x509 "${EC[@]}" -noenc \
    -keyout "$D/root.key" -out "$D/root.pem" -subj "/CN=staplecheck Lab Root" \
    -days "$CA_DAYS" -sha256 -extensions v3_root
"$AT_TIME" "$CA_PAST" openssl req -config "$CNF" -x509 "${EC[@]}" -noenc \
    -keyout "$D/int.key" -out "$D/int.pem" -subj "/CN=staplecheck Lab Intermediate" \
    -CA "$D/root.pem" -CAkey "$D/root.key" \
    -days "$CA_DAYS" -sha256 -extensions v3_int
"$AT_TIME" "$CA_PAST" openssl req -config "$CNF" -x509 "${EC[@]}" -noenc \
    -keyout "$D/responder.key" -out "$D/responder.pem" -subj "/CN=staplecheck Lab OCSP Responder" \
    -CA "$D/int.pem" -CAkey "$D/int.key" \
    -days "$CA_DAYS" -sha256 -extensions v3_responder
"$AT_TIME" "$CA_PAST" openssl req -config "$CNF" -x509 "${EC[@]}" -noenc \
    -keyout "$D/rogue.key" -out "$D/rogue.pem" -subj "/CN=Rogue Responder" \
    -days "$CA_DAYS" -sha256 -extensions v3_rogue

openssl x509 -in "$D/root.pem" -outform DER -out "$D/root.der"
openssl x509 -in "$D/int.pem" -outform DER -out "$D/int.der"
cp "$D/root.pem" "$D/ca-bundle.pem"
cp "$D/int.pem" "$D/chain-int.pem"

# ---------------------------------------------------------------- leaves (in parallel)
make_leaf() {
    local n=$1 dns=$2 kt=$3 key
    if [ "$kt" = rsa ]; then key=(-newkey rsa:2048); else key=("${EC[@]}"); fi
    "$AT_TIME" '-1h' openssl req -config "$CNF" -x509 "${key[@]}" -noenc \
        -keyout "$D/$n.key" -out "$D/$n.pem" -subj "/CN=$dns" \
        -CA "$D/int.pem" -CAkey "$D/int.key" \
        -days 20 -sha256 -extensions "leaf_$n" 2>"$W/leaf-$n.err" || return 1
    openssl x509 -in "$D/$n.pem" -outform DER -out "$D/$n.der" || return 1
    cat "$D/$n.pem" "$D/int.pem" >"$D/$n.chain.pem"
}
pids=()
while read -r n dns kt ms oc; do
    [ -n "$n" ] || continue
    make_leaf "$n" "$dns" "$kt" &
    pids+=("$!")
done <<<"$LEAVES"
fail=0
for p in "${pids[@]}"; do wait "$p" || fail=1; done
[ "$fail" = 0 ] || { cat "$W"/leaf-*.err >&2 || true; die "leaf generation failed"; }

# ---------------------------------------------------------------- index.txt
# Format (openssl ca database, tab separated):
#   status  expiry(YYMMDDHHMMSSZ)  revocation[,reason]  serial(hex)  filename  subject
utc() { date -u -d "$1" +%y%m%d%H%M%SZ; }
REVOKED_AT=$(utc '-5 minutes')
: >"$D/index.txt"
serials=""
for n in good ecdsa muststaple old revoked; do
    info=$(openssl x509 -in "$D/$n.pem" -noout -serial -enddate)
    serial=$(sed -n 's/^serial=//p' <<<"$info")
    enddate=$(sed -n 's/^notAfter=//p' <<<"$info")
    [ -n "$serial" ] && [ -n "$enddate" ] || die "cannot read serial/enddate of $n.pem"
    dns=$(openssl x509 -in "$D/$n.pem" -noout -subject -nameopt compat | sed 's/^subject=//')
    if [ "$n" = revoked ]; then
        printf 'R\t%s\t%s,keyCompromise\t%s\tunknown\t%s\n' "$(utc "$enddate")" "$REVOKED_AT" "$serial" "$dns"
    else
        printf 'V\t%s\t\t%s\tunknown\t%s\n' "$(utc "$enddate")" "$serial" "$dns"
    fi >>"$D/index.txt"
    serials+="$serial"$'\n'
done
for n in noocsp muststaple-noocsp unknown; do
    serials+="$(openssl x509 -in "$D/$n.pem" -noout -serial | sed 's/^serial=//')"$'\n'
done
[ -z "$(printf '%s' "$serials" | sort | uniq -d)" ] || die "duplicate leaf serials"
# good and old share a subject: allow it (read by both `openssl ocsp -index` and `openssl ca`).
echo 'unique_subject = no' >"$D/index.txt.attr"

# ---------------------------------------------------------------- CRL
cat >"$W/ca.cnf" <<EOF
[ca]
default_ca = lab_ca
[lab_ca]
database = $D/index.txt
certificate = $D/int.pem
private_key = $D/int.key
default_md = sha256
default_crl_days = 7
crl_extensions = crl_ext
[crl_ext]
authorityKeyIdentifier = keyid:always
EOF
openssl ca -config "$W/ca.cnf" -gencrl -crldays 7 -out "$D/int.crl.pem" >/dev/null
openssl crl -in "$D/int.crl.pem" -outform DER -out "$D/int.crl"

# ---------------------------------------------------------------- OCSP requests
req() { # leaf out [extra...]
    local leaf=$1 out=$2
    shift 2
    openssl ocsp -issuer "$D/int.pem" "$@" -cert "$D/$leaf.pem" -no_nonce -reqout "$Q/$out" >/dev/null
}
req good good.der
req good good-sha256.der -sha256
req ecdsa ecdsa.der
req muststaple muststaple.der
req revoked revoked.der
req unknown unknown.der
req old old.der

# ---------------------------------------------------------------- OCSP responses
# [FAKE=offset] resp REQ OUT SIGNER_CERT SIGNER_KEY [extra openssl ocsp args...]
resp() {
    local rq=$1 out=$2 sc=$3 sk=$4
    shift 4
    ${FAKE:+"$AT_TIME" "$FAKE"} openssl ocsp -index "$D/index.txt" -CA "$D/int.pem" -rsigner "$sc" -rkey "$sk" \
        -reqin "$Q/$rq" -respout "$R/$out" "$@" >/dev/null
}
INT=("$D/int.pem" "$D/int.key")
resp good.der        good.der           "${INT[@]}" -ndays 7 &
resp good.der        good-delegated.der "$D/responder.pem" "$D/responder.key" -ndays 7 &
resp good-sha256.der good-sha256.der    "${INT[@]}" -ndays 7 &
resp ecdsa.der       ecdsa.der          "${INT[@]}" -ndays 7 &
resp muststaple.der  muststaple.der     "${INT[@]}" -ndays 7 &
resp revoked.der     revoked.der        "${INT[@]}" -ndays 7 &
resp unknown.der     unknown.der        "${INT[@]}" -ndays 7 &
resp good.der        expiring.der       "${INT[@]}" -nmin 60 &
resp good.der        nonext.der         "${INT[@]}" &
resp old.der         wrong-cert.der     "${INT[@]}" -ndays 7 &
resp good.der        rogue.der          "$D/rogue.pem" "$D/rogue.key" -ndays 7 &
FAKE=-10d resp good.der expired.der  "${INT[@]}" -ndays 3 &
FAKE=+3d  resp good.der notyet.der   "${INT[@]}" -ndays 7 &
fail=0
for p in $(jobs -p); do wait "$p" || fail=1; done
[ "$fail" = 0 ] || die "OCSP response generation failed"

# Unsuccessful OCSPResponses: SEQUENCE { responseStatus ENUMERATED } only.
unsuccessful() { # name code
    printf 'asn1 = SEQUENCE:resp\n[resp]\nstatus = ENUMERATED:%s\n' "$2" >"$W/$1.asn1"
    openssl asn1parse -genconf "$W/$1.asn1" -noout -out "$R/$1.der" >/dev/null
}
unsuccessful malformedrequest 1
unsuccessful internalerror 2
unsuccessful trylater 3
unsuccessful sigrequired 5
unsuccessful unauthorized 6

# Garbage of various kinds.
while :; do
    head -c 600 /dev/urandom >"$W/random.der"
    [ "$(od -An -tx1 -N1 "$W/random.der" | tr -d ' \n')" != 30 ] && break
done
mv "$W/random.der" "$R/random.der"
size=$(wc -c <"$R/good.der")
head -c $((size / 2)) "$R/good.der" >"$R/truncated.der"
cp "$D/good.der" "$R/wrongtype.der"
: >"$R/empty.der"

# CSRs: one asking for must-staple (the TLS Feature extension, RFC 7633, added the way
# the seed articles show with -addext), one not; PEM and DER.
csr() { # name extra-addext...
    local name=$1; shift
    openssl req -new -key "$D/ecdsa.key" -subj "/CN=$name.test" -addext "subjectAltName=DNS:$name.test" "$@" \
        -out "$D/$name.pem" 2>>"$W/csr.log"
    openssl req -in "$D/$name.pem" -outform DER -out "$D/$name.der" 2>>"$W/csr.log"
}
csr csr-muststaple -addext "tlsfeature=status_request"
csr csr-plain

echo "lab ready: $DIR_ARG"
