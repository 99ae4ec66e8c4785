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

# sign_tbs NAME BODY_FILE — encodes SEQUENCE:tbs from BODY_FILE and the caller's
# common_sections into $W/NAME.tbs.der, signs it (SHA-256) with int.key and prints the
# signature as hex.
sign_tbs() {
    { echo "asn1 = SEQUENCE:tbs"; cat "$2"; common_sections; } >"$W/$1.tbs.cnf"
    openssl asn1parse -genconf "$W/$1.tbs.cnf" -noout -out "$W/$1.tbs.der" >/dev/null
    openssl dgst -sha256 -sign "$LAB/int.key" -out "$W/$1.sig" "$W/$1.tbs.der"
    hexof "$W/$1.sig"
}
