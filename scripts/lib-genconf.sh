# Building blocks for DER made with `openssl asn1parse -genconf` and signed by a lab's
# intermediate: sourced after lib-common.sh, with $LAB (the lab dir) and $W (scratch) set.

# Upper-case hex of a file's bytes (genconf FORMAT:HEX values).
hexof() { od -An -v -tx1 "$1" | tr -d ' \n' | tr 'a-f' 'A-F'; }

# The intermediate's CN, for a genconf [int_name] naming it.
INT_CN=$(openssl x509 -in "$LAB/int.pem" -noout -subject -nameopt utf8,sep_multiline,lname,sname \
    | sed -n 's/^ *CN=//p')
[ -n "$INT_CN" ] || die "cannot read the CN of $LAB/int.pem"

# Prints the genconf sections of int's subject name, [int_name].
int_name_sections() {
    cat <<END
[int_name]
rdn1 = SET:int_rdn1
[int_rdn1]
atv = SEQUENCE:int_atv1
[int_atv1]
type = OID:2.5.4.3
value = UTF8String:$INT_CN
END
}

# The CertID fields of a SHA-1 OCSP request (make-lab.sh writes one per leaf), as
# "NAMEHASH KEYHASH SERIAL": OCTET STRING nameHash, OCTET STRING keyHash, INTEGER serial.
certid_fields() {
    openssl asn1parse -inform DER -in "$1" | awk '
        /prim: OCTET STRING/ { sub(/.*\[HEX DUMP\]:/, ""); h[n++] = $0 }
        /prim: INTEGER/      { sub(/.*INTEGER *:/, ""); s = $0 }
        END { if (n == 2 && s != "") print h[0], h[1], s }'
}

# Prints the genconf sections [sigalg] (ecdsa-with-SHA256, what int.key signs), [sha1alg]
# and a SHA-1 [certid] over $NAMEHASH and $KEYHASH with SERIAL_VALUE as its serialNumber
# line's value (`INTEGER:0x…`, or a crafted encoding).
certid_sections() {
    cat <<END
[sigalg]
oid = OID:1.2.840.10045.4.3.2
[sha1alg]
oid = OID:1.3.14.3.2.26
params = NULL
[certid]
alg = SEQUENCE:sha1alg
nameHash = FORMAT:HEX,OCTETSTRING:$NAMEHASH
keyHash = FORMAT:HEX,OCTETSTRING:$KEYHASH
serial = $1
END
}

# sign_tbs NAME BODY_FILE — encodes SEQUENCE:tbs from BODY_FILE and the caller's
# common_sections into $W/NAME.tbs.der, signs it (SHA-256) with int.key and prints the
# signature as hex.
sign_tbs() {
    { echo "asn1 = SEQUENCE:tbs"; cat "$2"; common_sections; } >"$W/$1.tbs.cnf"
    openssl asn1parse -genconf "$W/$1.tbs.cnf" -noout -out "$W/$1.tbs.der" >/dev/null
    openssl dgst -sha256 -sign "$LAB/int.key" -out "$W/$1.sig" "$W/$1.tbs.der"
    hexof "$W/$1.sig"
}
