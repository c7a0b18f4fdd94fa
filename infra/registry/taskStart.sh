# The registry task's entrypoint, run by the image's /bin/sh (busybox on Alpine; any POSIX sh):
#   sh -c "<this script>" task-start <config-file> <config-yaml> <registry-binary>
# It writes <config-yaml> (the configuration the stack rendered) to <config-file>, the root
# certificate in $ROOT_CERTIFICATE (the stack's SSM parameter, which ECS hands the container)
# to the file the configuration's auth.token.rootcertbundle names, then runs
# `<registry-binary> serve <config-file>` in its place. Without a certificate it stops at
# once, saying why: a registry without one cannot start, and one with a wrong file refuses
# every token.
set -eu

say() { printf '{"level":"%s","msg":"task start: %s"}\n' "$1" "$2" >&2; }
fail() {
  say error "$1"
  exit 1
}

[ $# -eq 3 ] || fail 'usage: task-start <config-file> <config-yaml> <registry-binary>'
config_file=$1
config=$2
registry=$3

case ${ROOT_CERTIFICATE:-} in
'') fail 'ROOT_CERTIFICATE is empty or unset: the root certificate the registry trusts tokens by is missing' ;;
*'-----BEGIN CERTIFICATE-----'*'-----END CERTIFICATE-----'*) ;;
*) fail 'ROOT_CERTIFICATE holds no PEM certificate' ;;
esac

bundle=$(printf '%s\n' "$config" | sed -n 's/^ *rootcertbundle: *"\([^"]*\)" *$/\1/p')
[ -n "$bundle" ] || fail 'the configuration names no auth.token.rootcertbundle'

mkdir -p "$(dirname "$config_file")" "$(dirname "$bundle")"
printf '%s' "$ROOT_CERTIFICATE" >"$bundle"
printf '%s' "$config" >"$config_file"
say info "wrote the configuration to $config_file and the root certificate to $bundle"
exec "$registry" serve "$config_file"
