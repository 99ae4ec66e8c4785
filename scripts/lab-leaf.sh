#!/usr/bin/env bash
# lab-leaf.sh — per-test leaves, OCSP responses and CRLs for live-query tests, made from a
# lab built by make-lab.sh + make-live-lab.sh. Everything a test makes lives in its own
# DIR (with its own DIR/index.txt, a copy of the lab's), so tests can run concurrently.
#
#   lab-leaf.sh index LAB DIR
#       Creates DIR/index.txt (a copy of the lab's) unless it exists.
#   lab-leaf.sh leaf LAB DIR NAME OCSP_URL|- CRL_URL|- [muststaple] [revoked|unlisted]
#       Issues NAME (EC P-256, CN/SAN NAME.test, from int; valid from 10 days ago for 30 days)
#       with the given AIA OCSP and CRL distribution point URLs ("-": none). Writes
#       DIR/NAME.pem .key .der .chain.pem (leaf + int) and adds it to DIR/index.txt as
#       valid, revoked (keyCompromise, an hour ago), or not at all (the responder then says unknown).
#   lab-leaf.sh revoke DIR NAME
#       Marks NAME revoked (keyCompromise, an hour ago) in DIR/index.txt.
#   lab-leaf.sh response LAB DIR NAME KIND OUT
#       An OCSP response for NAME with the status DIR/index.txt gives it now. KIND:
#         delegated        signed by responder.pem (embeds it), 7 days
#         issuer           signed by int (embeds int: one certificate more than needed), 7 days
#         issuer-nocerts   signed by int, no certificates embedded, 7 days
#         short            delegated, 1 hour (-nmin 60)
#         no-overlap       delegated, thisUpdate 7 days ago, nextUpdate in 30 minutes
#         aged:OFFSET      delegated, 7 days, made at faketime OFFSET (e.g. aged:-3h)
#         extra-certs      delegated, also embeds int.pem and rogue.pem (-rother)
#         signer-expiring  signed by live/responder-expiring.pem (expires in 2 days)
#         signer-no-nocheck       signed by live/responder-nonocheck.pem
#         signer-no-ocsp-signing  signed by live/responder-noeku.pem (EKU serverAuth only)
#         sigalg-mismatch  int-signed, declares ecdsa-with-SHA256 but the signature is over SHA-1
#         nonce            delegated, for a request with a nonce (the response echoes it)
#         rogue            signed by rogue.pem (self-signed, unrelated to the lab CAs), 7 days
#         unknown          delegated, from the lab's own index (which does not list NAME): status unknown
#       Also writes OUT.req (the SHA-1, nonce-less request the response answers; nonce: with nonce).
#   lab-leaf.sh crl LAB DIR KIND OUTBASE
#       A CRL of int from DIR/index.txt, written as OUTBASE.der and OUTBASE.pem. KIND:
#         current   signed by int, thisUpdate now, nextUpdate in 7 days
#         stale     signed by int, thisUpdate 10 days ago, nextUpdate 3 days ago
#         rogue     issuer name = int's, signed by rogue.key (live/rogue-int.pem): signature invalid
#
# Uses only the openssl CLI, faketime and xxd. Never touches the network.
set -euo pipefail
# shellcheck source=scripts/lib-common.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/lib-common.sh"

require_tools openssl faketime
utc() { date -u -d "$1" +%y%m%d%H%M%SZ; }
need_lab() {
    [ -s "$1/int.pem" ] && [ -s "$1/live/responder-noeku.pem" ] || die "$1 is not a lab (make-lab.sh + make-live-lab.sh)"
}
# DIR/index.txt is only ever replaced whole (new inode) with an mtime one second past the
# old one: OpenSSL 3.0's `openssl ocsp -index` re-reads its index when the file's inode or
# mtime changed (checked before it waits for the next connection, i.e. one request late),
# and a same-second rewrite would otherwise go unnoticed.
replace_index() { # DIR NEWFILE
    local idx=$1/index.txt stamp
    stamp=$(date +%s)
    if [ -e "$idx" ]; then
        local old
        old=$(stat -c %Y "$idx")
        [ "$old" -lt "$stamp" ] || stamp=$((old + 1))
    fi
    touch -d "@$stamp" "$2"
    mv -f "$2" "$idx"
}
# Creates DIR/index.txt from the lab's on first use.
index_of() { # LAB DIR
    if [ ! -e "$2/index.txt" ]; then
        echo 'unique_subject = no' >"$2/index.txt.attr"
        cp "$1/index.txt" "$2/index.txt.new.$$"
        replace_index "$2" "$2/index.txt.new.$$"
    fi
}
# Rewrites the index line of SERIAL to revoked (keyCompromise, an hour ago).
revoke_serial() { # DIR SERIAL
    local idx=$1/index.txt
    awk -v s="$2" -v t="$(utc '-1 hour'),keyCompromise" 'BEGIN { FS = OFS = "\t" }
        $4 == s { $1 = "R"; $3 = t; found = 1 } { print } END { exit found ? 0 : 1 }' "$idx" >"$idx.new.$$" \
        || { rm -f "$idx.new.$$"; die "serial $2 is not in $idx"; }
    replace_index "$1" "$idx.new.$$"
}
serial_of() { openssl x509 -in "$1" -noout -serial | sed 's/^serial=//'; }

cmd=${1:-}
[ -n "$cmd" ] || usage
shift

case "$cmd" in
index)
    [ $# -eq 2 ] || usage
    need_lab "$1"
    mkdir -p "$2"
    index_of "$1" "$2"
    ;;

leaf)
    [ $# -ge 5 ] || usage
    LAB=$1 DIR=$2 NAME=$3 OCSP=$4 CRL=$5
    shift 5
    MS=0 STATUS=V
    for opt in "$@"; do
        case "$opt" in
            muststaple) MS=1 ;;
            revoked) STATUS=R ;;
            unlisted) STATUS=none ;;
            *) die "unknown leaf option: $opt" ;;
        esac
    done
    need_lab "$LAB"
    mkdir -p "$DIR"
    {
        printf '[req]\ndistinguished_name = dn\nprompt = no\n[dn]\nCN = unused\n[leaf]\n'
        printf 'basicConstraints = critical,CA:false\nkeyUsage = critical,digitalSignature\n'
        printf 'extendedKeyUsage = serverAuth\nsubjectAltName = DNS:%s.test\n' "$NAME"
        printf 'subjectKeyIdentifier = hash\nauthorityKeyIdentifier = keyid:always\n'
        [ "$OCSP" = - ] || printf 'authorityInfoAccess = OCSP;URI:%s\n' "$OCSP"
        [ "$CRL" = - ] || printf 'crlDistributionPoints = URI:%s\n' "$CRL"
        [ "$MS" = 0 ] || printf 'tlsfeature = status_request\n'
    } >"$DIR/$NAME.cnf"
    "$AT_TIME" '-10d' openssl req -config "$DIR/$NAME.cnf" -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -noenc \
        -keyout "$DIR/$NAME.key" -out "$DIR/$NAME.pem" -subj "/CN=$NAME.test" \
        -CA "$LAB/int.pem" -CAkey "$LAB/int.key" -days 30 -sha256 -extensions leaf 2>"$DIR/$NAME.err" \
        || { cat "$DIR/$NAME.err" >&2; die "cannot issue $NAME"; }
    openssl x509 -in "$DIR/$NAME.pem" -outform DER -out "$DIR/$NAME.der"
    cat "$DIR/$NAME.pem" "$LAB/int.pem" >"$DIR/$NAME.chain.pem"
    index_of "$LAB" "$DIR"
    if [ "$STATUS" != none ]; then
        serial=$(serial_of "$DIR/$NAME.pem")
        enddate=$(openssl x509 -in "$DIR/$NAME.pem" -noout -enddate | sed 's/^notAfter=//')
        { cat "$DIR/index.txt"; printf 'V\t%s\t\t%s\tunknown\t/CN=%s.test\n' "$(utc "$enddate")" "$serial" "$NAME"; } \
            >"$DIR/index.txt.new.$$"
        replace_index "$DIR" "$DIR/index.txt.new.$$"
        [ "$STATUS" = V ] || revoke_serial "$DIR" "$serial"
    fi
    ;;

revoke)
    [ $# -eq 2 ] || usage
    DIR=$1 NAME=$2
    revoke_serial "$DIR" "$(serial_of "$DIR/$NAME.pem")"
    ;;

response)
    [ $# -eq 5 ] || usage
    LAB=$1 DIR=$2 NAME=$3 KIND=$4 OUT=$5
    need_lab "$LAB"
    index_of "$LAB" "$DIR"
    nonce=-no_nonce
    [ "$KIND" != nonce ] || nonce=-nonce
    openssl ocsp -issuer "$LAB/int.pem" -cert "$DIR/$NAME.pem" "$nonce" -reqout "$OUT.req" >/dev/null
    fake=
    signer=("$LAB/responder.pem" "$LAB/responder.key")
    window=(-ndays 7)
    extra=()
    index=$DIR/index.txt
    case "$KIND" in
        delegated | nonce) ;;
        unknown) index=$LAB/index.txt ;;
        rogue) signer=("$LAB/rogue.pem" "$LAB/rogue.key") ;;
        issuer) signer=("$LAB/int.pem" "$LAB/int.key") ;;
        issuer-nocerts | sigalg-mismatch) signer=("$LAB/int.pem" "$LAB/int.key"); extra=(-resp_no_certs) ;;
        short) window=(-nmin 60) ;;
        no-overlap) fake=-7d; window=(-ndays 7 -nmin 30) ;;
        aged:*) fake=${KIND#aged:} ;;
        extra-certs)
            cat "$LAB/int.pem" "$LAB/rogue.pem" >"$OUT.others.pem"
            extra=(-rother "$OUT.others.pem") ;;
        signer-expiring) signer=("$LAB/live/responder-expiring.pem" "$LAB/live/responder-expiring.key") ;;
        signer-no-nocheck) signer=("$LAB/live/responder-nonocheck.pem" "$LAB/live/responder-nonocheck.key") ;;
        signer-no-ocsp-signing) signer=("$LAB/live/responder-noeku.pem" "$LAB/live/responder-noeku.key") ;;
        *) die "unknown response kind: $KIND" ;;
    esac
    ${fake:+"$AT_TIME" "$fake"} openssl ocsp -index "$index" -CA "$LAB/int.pem" \
        -rsigner "${signer[0]}" -rkey "${signer[1]}" -reqin "$OUT.req" -respout "$OUT" \
        "${window[@]}" "${extra[@]}" >/dev/null 2>"$OUT.err" || { cat "$OUT.err" >&2; die "openssl ocsp failed for $KIND"; }
    if [ "$KIND" = sigalg-mismatch ]; then
        require_tools xxd
        # Re-sign tbsResponseData over SHA-1 while keeping ecdsa-with-SHA256 as the declared
        # algorithm, and reassemble the DER by hand (length-prefixed TLVs in hex).
        hex() { xxd -p "$1" | tr -d '\n'; }
        dlen() {
            local n=$(($1 / 2))
            if [ $n -lt 128 ]; then printf '%02x' $n
            elif [ $n -lt 256 ]; then printf '81%02x' $n
            elif [ $n -lt 65536 ]; then printf '82%04x' $n
            else printf '83%06x' $n; fi
        }
        tlv() { printf '%s%s%s' "$1" "$(dlen ${#2})" "$2"; }
        off=$(openssl asn1parse -inform DER -in "$OUT" | awk '/prim: OCTET STRING/ { sub(/:.*/, ""); print $1; exit }')
        openssl asn1parse -inform DER -in "$OUT" -strparse "$off" -noout -out "$OUT.basic" >/dev/null
        # Line 2 of the dump is tbsResponseData: "OFF:d=1  hl=H l=  L cons: SEQUENCE".
        read -r toff thl tl < <(openssl asn1parse -inform DER -in "$OUT.basic" \
            | awk 'NR == 2 { gsub(/[:=]/, " "); print $1, $5, $7 }')
        tail -c +$((toff + 1)) "$OUT.basic" | head -c $((thl + tl)) >"$OUT.tbs"
        openssl dgst -sha1 -sign "$LAB/int.key" -out "$OUT.sig" "$OUT.tbs"
        sigalg=300a06082a8648ce3d040302 # ecdsa-with-SHA256
        basic=$(tlv 30 "$(hex "$OUT.tbs")${sigalg}$(tlv 03 "00$(hex "$OUT.sig")")")
        respbytes=$(tlv 30 "06092b0601050507300101$(tlv 04 "$basic")")
        tlv 30 "0a0100$(tlv a0 "$respbytes")" | xxd -r -p >"$OUT.new"
        openssl dgst -sha1 -verify <(openssl x509 -in "$LAB/int.pem" -noout -pubkey) -signature "$OUT.sig" "$OUT.tbs" >/dev/null \
            || die "sigalg-mismatch: SHA-1 signature does not verify"
        openssl ocsp -respin "$OUT.new" -resp_text -noverify >/dev/null || die "sigalg-mismatch: not parseable"
        mv "$OUT.new" "$OUT"
        rm -f "$OUT.basic" "$OUT.tbs" "$OUT.sig"
    fi
    ;;

crl)
    [ $# -eq 4 ] || usage
    LAB=$1 DIR=$2 KIND=$3 OUT=$4
    need_lab "$LAB"
    index_of "$LAB" "$DIR"
    fake= signer=("$LAB/int.pem" "$LAB/int.key") days=7 ext="crl_extensions = crl_ext"
    case "$KIND" in
        current) ;;
        stale) fake=-10d ;;
        rogue) signer=("$LAB/live/rogue-int.pem" "$LAB/live/rogue-int.key"); ext= ;;
        *) die "unknown crl kind: $KIND" ;;
    esac
    cnf=$OUT.ca.cnf
    cat >"$cnf" <<EOF
[ca]
default_ca = lab_ca
[lab_ca]
database = $DIR/index.txt
certificate = ${signer[0]}
private_key = ${signer[1]}
default_md = sha256
$ext
[crl_ext]
authorityKeyIdentifier = keyid:always
EOF
    ${fake:+"$AT_TIME" "$fake"} openssl ca -config "$cnf" -gencrl -crldays "$days" -out "$OUT.pem" >/dev/null 2>"$OUT.err" \
        || { cat "$OUT.err" >&2; die "openssl ca -gencrl failed for $KIND"; }
    openssl crl -in "$OUT.pem" -outform DER -out "$OUT.der"
    ;;

*) usage ;;
esac
