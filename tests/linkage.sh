#!/usr/bin/env bash
# tests/linkage.sh BINARY static|shared: the libraries BINARY names (readelf
# -d, NEEDED) and where libarchive's functions are (nm).
#   static: no NEEDED entry but libc, libm and the sanitizer runtimes;
#           archive_write_set_format_ustar and inflate are defined in it (T),
#           and libarchive's other formats and filters are not (--gc-sections)
#   shared: libarchive.so is NEEDED (and libz.so loaded with it);
#           archive_write_new is an undefined dynamic symbol
# readelf or nm missing: exit 77 (skipped), or a failure under CI=true.
set -euo pipefail
bin=$1 mode=$2
for tool in readelf nm; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    [[ "${CI:-}" == true ]] && { echo "FAIL  $tool missing (required under CI=true)"; exit 1; }
    echo "skipped: $tool missing (binutils)"; exit 77
  fi
done
failed=0
check() { # check DESCRIPTION CONDITION-EXIT-STATUS
  if [[ $2 == 0 ]]; then echo "ok    $1"; else echo "FAIL  $1"; failed=1; fi
}
needed=$(readelf -d "$bin" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | sort)
echo "NEEDED: ${needed//$'\n'/ }"
# the symbol tables whole (grep -q on a pipe would cut nm short: SIGPIPE)
syms=$(nm "$bin" 2>/dev/null || true) dynsyms=$(nm -D "$bin")
defined() { grep -Eq " [Tt] $1\$" <<<"$syms"; }
case $mode in
  static)
    others=$(grep -Ev '^(libc|libm|libasan|libubsan|liblsan|libstdc\+\+|libgcc_s)\.so' \
      <<<"$needed" || true)
    check "only libc and libm are shared (else: ${others:-none})" "$([[ -z $others ]]; echo $?)"
    check "libarchive's ustar writer is in the binary" \
      "$(defined archive_write_set_format_ustar; echo $?)"
    check "libarchive's tar reader is in the binary" \
      "$(defined archive_read_support_format_tar; echo $?)"
    check "zlib is in the binary" "$(defined inflate; echo $?)"
    check "no other libarchive format (7zip, zip, xar) is linked" \
      "$(! grep -Eq ' [Tt] archive_(read_support|write_set)_format_(7zip|zip|xar)$' <<<"$syms"; echo $?)"
    ;;
  shared)
    check "libarchive is a shared library" "$(grep -q '^libarchive\.so' <<<"$needed"; echo $?)"
    # fabchart calls zlib only through libarchive: libz comes with it
    check "zlib is a shared library (through libarchive)" \
      "$(grep -q '^[[:space:]]*libz\.so' <<<"$(ldd "$bin")"; echo $?)"
    check "archive_write_new comes from the shared library" \
      "$(grep -Eq ' U archive_write_new$' <<<"$dynsyms"; echo $?)"
    ;;
  *) echo "usage: linkage.sh BINARY static|shared" >&2; exit 2 ;;
esac
exit $failed
