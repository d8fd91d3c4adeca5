#!/usr/bin/env bash
# shellcheck disable=SC2317  # functions here are called through fc_each_sample
# Provenance (issue 9): in a temporary GnuPG home with a generated RSA key,
# `fabchart build --sign` writes <chart>-<version>.tgz.prov for every sample;
# `helm verify` (Helm 3 and Helm 4) accepts it with the exported public keyring
# and rejects a tampered .tgz and a keyring without the key; the message is
# clear-signed with SHA512 and its body is Chart.yaml, "...", and the sha256 of
# the archive. Signing with a key that does not exist fails and writes nothing.
# shellcheck source=tests/integration/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
fc_init provenance
fc_require_helm
fc_require_gpg_key
KEY=$FC_GPG_KEY
# A keyring with some other key only.
OTHER="$FC_TMP/other-gnupg"
mkdir -m 700 "$OTHER"
GNUPGHOME=$OTHER timeout 60 gpg --batch --passphrase '' --quick-gen-key 'other <other@fabchart.invalid>' \
  rsa2048 sign never >/dev/null 2>&1 || fc_die "gpg could not generate the other key"
fc_on_exit "GNUPGHOME='$OTHER' gpgconf --kill gpg-agent"
GNUPGHOME=$OTHER gpg --export >"$FC_TMP/other.gpg"

check_body() {  # check_body TGZ PROV: the signed body is Chart.yaml, "...", files
  local tgz=$1 prov=$2 want
  grep -qx 'Hash: SHA512' "$prov" || { echo "no 'Hash: SHA512' header"; return 1; }
  want=$( { tar -xzOf "$tgz" --wildcards '*/Chart.yaml'; printf '\n...\nfiles:\n  %s: sha256:%s\n' \
            "$(basename "$tgz")" "$(sha256sum "$tgz" | cut -c1-64)"; } | sed 's/^-/- -/')
  diff <(printf '%s\n' "$want") \
       <(sed -n '/^Hash: /,/^-----BEGIN PGP SIGNATURE-----$/p' "$prov" | sed '1,2d;$d') \
    || { echo "body differs (want above, have below)"; return 1; }
}

check_sample() {
  local sample=$1 name=$2 dir="$FC_TMP/$2" h
  mkdir -p "$dir"
  if ! "$FABCHART" build "$sample" -o "$dir" --sign --key "$KEY" >"$dir.log" 2>&1; then
    fc_fail "$name: fabchart build --sign failed"; sed 's/^/      /' "$dir.log" | head -20; return 0
  fi
  local tgz=("$dir"/*.tgz)
  local prov="${tgz[0]}.prov"
  [[ -f "$prov" ]] || { fc_fail "$name: no $(basename "$prov") written"; return 0; }
  if grep -q "^signed $dir/$(basename "$prov")\$" "$dir.log"; then
    fc_pass "$name: build reports the provenance file"
  else
    fc_fail "$name: build does not report 'signed $prov'"
  fi
  fc_check "$name: clear-signed (SHA512) body = Chart.yaml, ..., files: sha256" check_body "${tgz[0]}" "$prov"
  for h in "$FC_HELM3" "$FC_HELM4"; do
    local v; v=$("$h" version --template '{{.Version}}')
    fc_check "$name: helm $v verify accepts it" "$h" verify "${tgz[0]}" --keyring "$FC_TMP/pubring.gpg"
    if "$h" verify "${tgz[0]}" --keyring "$FC_TMP/other.gpg" >"$dir.other.log" 2>&1; then
      fc_fail "$name: helm $v verify accepts a keyring without the signer's key"
    else
      fc_pass "$name: helm $v verify rejects a keyring without the signer's key"
    fi
  done
  # Tampered: one byte of the archive changed (the gzip trailer's CRC).
  local bad
  bad="$dir/tampered/$(basename "${tgz[0]}")"
  mkdir -p "$dir/tampered"
  cp "${tgz[0]}" "$bad" && cp "$prov" "$bad.prov"
  printf '\xff' | dd of="$bad" bs=1 seek=$(( $(stat -c %s "$bad") - 5 )) conv=notrunc status=none
  for h in "$FC_HELM3" "$FC_HELM4"; do
    local v; v=$("$h" version --template '{{.Version}}')
    if "$h" verify "$bad" --keyring "$FC_TMP/pubring.gpg" >"$dir.bad.log" 2>&1; then
      fc_fail "$name: helm $v verify accepts a tampered .tgz"
    elif grep -qi 'sha256 sum does not match\|digest' "$dir.bad.log"; then
      fc_pass "$name: helm $v verify rejects a tampered .tgz ($(head -c 80 "$dir.bad.log"))"
    else
      fc_fail "$name: helm $v verify failed on the tampered .tgz for another reason: $(cat "$dir.bad.log")"
    fi
  done
}
fc_each_sample check_sample

# A key that does not exist: exit 3, [sign], nothing written.
rc=0
"$FABCHART" build "$(fc_samples | head -n1)" -o "$FC_TMP/nokey" --sign --key nobody@nowhere.invalid \
  >"$FC_TMP/nokey.log" 2>&1 || rc=$?
if ((rc == 3)) && grep -q "no usable secret key matches 'nobody@nowhere.invalid' \[sign\]" "$FC_TMP/nokey.log" \
   && ! compgen -G "$FC_TMP/nokey/*" >/dev/null; then
  fc_pass "an unknown key: exit 3, [sign] error, nothing written"
else
  fc_fail "an unknown key: exit $rc, want 3 and nothing written"; sed 's/^/      /' "$FC_TMP/nokey.log"
fi
# --keyring DIR: the key found in another GnuPG home.
rc=0
home=$GNUPGHOME
mkdir -m 700 "$FC_TMP/empty"
GNUPGHOME="$FC_TMP/empty" "$FABCHART" build "$(fc_samples | head -n1)" -o "$FC_TMP/keyring" --sign \
  --key "$KEY" --keyring "$home" >"$FC_TMP/keyring.log" 2>&1 || rc=$?
if ((rc == 0)) && "$FC_HELM4" verify "$FC_TMP"/keyring/*.tgz --keyring "$FC_TMP/pubring.gpg" >/dev/null 2>&1; then
  fc_pass "--keyring DIR signs with that home's key"
else
  fc_fail "--keyring DIR: exit $rc"; sed 's/^/      /' "$FC_TMP/keyring.log"
fi
fc_finish
