#!/usr/bin/env bash
# The library's objects must be compiled with hidden visibility: in the static
# archive (the same objects the shared library links), the only global
# symbols with default visibility may be the nb_* C API and the standard
# library's own template instantiations (libstdc++ declares namespace std
# with default visibility, so those cannot be hidden by a compiler flag).
# An internal numabind:: function with default visibility fails the test.
#   check_visibility.sh <libnumabind.a> [readelf] [c++filt]
set -euo pipefail

archive=$1
readelf=${2:-readelf}
cxxfilt=${3:-c++filt}

# readelf -sW columns: Num: Value Size Type Bind Vis Ndx Name
defaults=$("$readelf" -sW "$archive" |
  awk '($5 == "GLOBAL" || $5 == "WEAK") && $6 == "DEFAULT" && $7 != "UND" { print $8 }' |
  LC_ALL=C sort -u)
if [[ -z "$defaults" ]]; then
  echo "FAIL: no default-visibility symbol in $archive (not the library archive?)"
  exit 1
fi

# Mangled std:: / __gnu_cxx:: entities: names, const members, typeinfo,
# typeinfo names, vtables, guard variables of the standard library.
std_entity='^_Z(N|NK|TI|TS|TV|GVZN|GVZNK)?(St|Sa|Sb|Ss|Si|So|Sd|9__gnu_cxx)'
leaked=$(grep -v -E -e '^nb_' -e "$std_entity" <<<"$defaults" || true)
if [[ -n "$leaked" ]]; then
  echo "FAIL: internal symbols with default visibility in $archive:"
  "$cxxfilt" <<<"$leaked" | sed 's/^/  /'
  exit 1
fi

api=$(grep -c '^nb_' <<<"$defaults" || true)
echo "OK: default visibility only on $api nb_* symbols and standard-library instantiations"
