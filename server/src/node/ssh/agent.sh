# nself deploy agent: the only program the extension and nself-env run on a deploy server.
# It is sent on ssh's standard input and run as `sh -s -- VERB ARGS...`; every value arrives as
# an argument (never as part of this text) and is only ever used quoted. Layout under PATH:
#   .nself/releases/<id>/   the files of each release (rsync'd here first, then put in place)
#   .nself/current          symlink to the live release
#   .nself/pre-deploy/      what was in place before the first deploy (for its rollback)
#   .nself/deploys.log      one JSON line per deploy
set -u
verb=${1:-}
[ $# -gt 0 ] && shift
umask 077

die() { printf 'nself-agent: %s\n' "$*" >&2; exit 3; }
valid_id() { case $1 in *[!0-9TZa-z-]*|'') die "invalid release id";; esac; }
valid_name() { case $1 in *[!a-zA-Z0-9_.-]*|''|-*) die "invalid name";; esac; }

# docker compose v2, else docker-compose v1. Sets COMPOSE_KIND and runs compose with "$@".
detect_compose() {
  if docker compose version >/dev/null 2>&1; then COMPOSE_KIND=v2
  elif command -v docker-compose >/dev/null 2>&1; then COMPOSE_KIND=v1
  else COMPOSE_KIND=none; fi
}
# compose PROJECT DIR FILE ARGS...: v1 rejects the top-level `name:` key, so it gets a copy
# without it, and -p (nself never passes -p; the name line carries the project for v2).
compose() {
  c_project=$1; c_dir=$2; c_file=$3; shift 3
  # The generated compose file takes its ${VAR} values from the env snapshot.
  c_env=/dev/null; [ -f "$c_dir/.env.runtime" ] && c_env="$c_dir/.env.runtime"
  if [ "$COMPOSE_KIND" = v2 ]; then
    docker compose -p "$c_project" --project-directory "$c_dir" --env-file "$c_env" -f "$c_file" "$@"
  else
    c_v1="$c_dir/.nself/compose.v1.yml"
    grep -v '^name:' "$c_file" >"$c_v1" || return 1
    docker-compose -p "$c_project" --project-directory "$c_dir" --env-file "$c_env" -f "$c_v1" "$@"
  fi
}
project_containers() { docker ps -aq --filter "label=com.docker.compose.project=$1"; }
# inspect_json PROJECT: a JSON array with the parts of `docker inspect` the health gate reads
# (about a tenth of the full output: the gate asks every two seconds).
INSPECT_FORMAT='{"Id":{{json .Id}},"Name":{{json .Name}},"Image":{{json .Image}},"Config":{"Image":{{json .Config.Image}},"Labels":{{json .Config.Labels}},"Healthcheck":{{json .Config.Healthcheck}}},"State":{{json .State}},"HostConfig":{"RestartPolicy":{{json .HostConfig.RestartPolicy}}},"NetworkSettings":{"Ports":{{json .NetworkSettings.Ports}}}}'
inspect_json() {
  ids=$(project_containers "$1")
  if [ -n "$ids" ]; then docker inspect --format "$INSPECT_FORMAT" $ids | awk 'BEGIN { printf "[" } NR > 1 { printf "," } { printf "%s", $0 } END { print "]" }'
  else echo '[]'; fi
}
# section KIND NAME FILE: FILE framed as `@@nself-KIND SIZE NAME` and its bytes.
section() {
  printf '@@nself-%s %s %s\n' "$1" "$(wc -c <"$3" | tr -d ' ')" "$2"
  cat "$3"
}

# place_tree SRC DST: every file of SRC put in DST by rename (a reader sees old or new, never half).
place_tree() {
  (cd "$1" && find . -type f ! -name '.nself-*' -print) | while IFS= read -r f; do
    f=${f#./}
    mkdir -p "$2/$(dirname "$f")" || exit 1
    cp -p "$1/$f" "$2/$f.nself-new.$$" && mv -f "$2/$f.nself-new.$$" "$2/$f" || exit 1
  done
}
# remove_stale OLD NEW DST: files the old release put in DST that the new one does not have.
remove_stale() {
  (cd "$1" && find . -type f ! -name '.nself-*' -print) | while IFS= read -r f; do
    [ -f "$2/$f" ] || { rm -f "$3/$f" && echo "removed ${f#./}"; }
  done
}
# save_images PROJECT FILE: service, image name and image id of each container, for a rollback.
save_images() {
  ids=$(project_containers "$1")
  : >"$2"
  [ -n "$ids" ] && docker inspect --format '{{index .Config.Labels "com.docker.compose.service"}} {{.Config.Image}} {{.Image}}' $ids >>"$2"
  return 0
}
restore_images() {
  [ -f "$1" ] || return 0
  while read -r svc name id; do
    [ -n "$id" ] && docker image inspect "$id" >/dev/null 2>&1 && docker tag "$id" "$name" && echo "image $name -> $id ($svc)"
  done <"$1"
  return 0
}

case $verb in
facts)
  P=$1
  detect_compose
  printf 'engine=%s\n' "$(docker version --format '{{.Server.Version}}' 2>/dev/null || echo none)"
  if [ "$COMPOSE_KIND" = v2 ]; then printf 'compose=v2 %s\n' "$(docker compose version --short 2>/dev/null)"
  elif [ "$COMPOSE_KIND" = v1 ]; then
    # docker-compose v1 is a Python program that takes seconds to start: its version is kept
    # beside the releases, keyed on the program's path and time stamp.
    v1=$(command -v docker-compose); stamp="$v1 $(stat -c %Y "$v1" 2>/dev/null)"; cache="$P/.nself/compose-version"
    ver=''; [ -f "$cache" ] && [ "$(sed -n 1p "$cache")" = "$stamp" ] && ver=$(sed -n 2p "$cache")
    if [ -z "$ver" ]; then ver=$(docker-compose version --short 2>/dev/null); [ -d "$P/.nself" ] && printf '%s\n%s\n' "$stamp" "$ver" >"$cache"; fi
    printf 'compose=v1 %s\n' "$ver"
  else echo 'compose=none'; fi
  d=$P; while [ ! -d "$d" ]; do d=$(dirname "$d"); done
  printf 'free=%s\n' "$(df -Pk "$d" | awk 'NR==2 {print $4}')"
  if [ -L "$P/.nself/current" ]; then
    cur=$(basename "$(readlink "$P/.nself/current")"); printf 'current=%s\n' "$cur"
    managed=$(cd "$P/.nself/releases/$cur" 2>/dev/null && find . -type f ! -name '.nself-*' -print)
  else
    managed=$(cd "$P" 2>/dev/null && find ./docker-compose.yml ./.env.runtime ./nginx ./services ./hasura ./postgres -type f -print 2>/dev/null)
  fi
  [ -d "$P/.nself/releases" ] && ls -1 "$P/.nself/releases" | sed 's/^/release=/'
  printf '%s\n' "$managed" | while IFS= read -r f; do
    [ -n "$f" ] && [ -f "$P/$f" ] && printf 'file=%s %s\n' "$(sha256sum <"$P/$f" | cut -d' ' -f1)" "${f#./}"
  done
  [ -f "$P/.nself/deploys.log" ] && tail -n 50 "$P/.nself/deploys.log" | sed 's/^/history=/'
  # With the project: its containers and the compose file in place, which the plan reads next,
  # in this same round trip.
  if [ $# -ge 2 ]; then
    valid_name "$2"
    echo '@@nself-sections'
    t=$(mktemp) || exit 0
    inspect_json "$2" >"$t" && section inspect - "$t"
    rm -f "$t"
    [ -f "$P/docker-compose.yml" ] && section file docker-compose.yml "$P/docker-compose.yml"
  fi
  exit 0 ;;
read)
  P=$1; shift
  for f in "$@"; do
    case $f in /*|*..*) die "invalid path";; esac
    [ -f "$P/$f" ] || continue
    printf '@@nself-file %s %s\n' "$(wc -c <"$P/$f" | tr -d ' ')" "$f"
    cat "$P/$f"
  done
  exit 0 ;;
prepare)
  P=$1; valid_id "$2"
  mkdir -p "$P/.nself/releases" || die "cannot create $P/.nself/releases"
  [ -e "$P/.nself/releases/$2" ] && die "release $2 exists already"
  [ -L "$P/.nself/current" ] && basename "$(readlink "$P/.nself/current")"
  exit 0 ;;
discard)
  P=$1; valid_id "$2"
  [ -L "$P/.nself/current" ] && [ "$(basename "$(readlink "$P/.nself/current")")" = "$2" ] && die "release $2 is live"
  rm -rf "$P/.nself/releases/$2"; echo "removed staged release $2"
  exit 0 ;;
activate)
  P=$1; valid_id "$2"; valid_name "$3"; R="$P/.nself/releases/$2"
  [ -d "$R" ] || die "release $2 was not uploaded"
  if [ -L "$P/.nself/current" ]; then
    prev="$P/.nself/releases/$(basename "$(readlink "$P/.nself/current")")"
  else
    # First deploy here: keep what it replaces, so a rollback can put it back.
    prev="$P/.nself/pre-deploy"; rm -rf "$prev"; mkdir -p "$prev"
    (cd "$R" && find . -type f ! -name '.nself-*' -print) | while IFS= read -r f; do
      [ -f "$P/$f" ] && mkdir -p "$prev/$(dirname "$f")" && cp -p "$P/$f" "$prev/$f"
    done
  fi
  save_images "$3" "$prev/.nself-images"
  place_tree "$R" "$P" || die "could not put the files of $2 in place"
  [ "$prev" = "$P/.nself/pre-deploy" ] || remove_stale "$prev" "$R" "$P"
  ln -sfn "releases/$2" "$P/.nself/current.new" && mv -Tf "$P/.nself/current.new" "$P/.nself/current" || die "could not switch current"
  echo "current -> $2"
  exit 0 ;;
up)
  # up PATH PROJECT [--remove SVC...] [--pull SVC...] --start SVC...
  P=$1; valid_name "$2"; project=$2; shift 2
  detect_compose; [ "$COMPOSE_KIND" = none ] && die "no docker compose on this server"
  remove=''; pull=''; start=''; list=''
  for a in "$@"; do
    case $a in
      --remove|--pull|--start) list=$a ;;
      *) valid_name "$a"
         case $list in --remove) remove="$remove $a";; --pull) pull="$pull $a";; --start) start="$start $a";; *) die "bad arguments";; esac ;;
    esac
  done
  for svc in $remove; do
    ids=$(docker ps -aq --filter "label=com.docker.compose.project=$project" --filter "label=com.docker.compose.service=$svc")
    [ -n "$ids" ] && echo "removing $svc" && docker rm -f $ids
  done
  F="$P/docker-compose.yml"
  # Only images that are pulled; a service built here has nothing to pull.
  [ -n "$pull" ] && { compose "$project" "$P" "$F" pull --quiet $pull 2>&1 || echo "pull: some images could not be pulled; using local ones"; }
  compose "$project" "$P" "$F" build $start 2>&1 || die "build failed"
  # One call, services in nself's order (postgres, hasura, auth, the rest); compose recreates
  # only those whose definition or image changed.
  [ -n "$start" ] && { compose "$project" "$P" "$F" up -d --no-deps --no-build $start 2>&1 || die "could not start$start"; }
  exit 0 ;;
inspect)
  valid_name "$1"
  inspect_json "$1"
  exit 0 ;;
logs)
  valid_name "$1"; valid_name "$2"
  id=$(docker ps -aq --latest --filter "label=com.docker.compose.project=$1" --filter "label=com.docker.compose.service=$2")
  [ -n "$id" ] && docker logs --tail "$3" "$id" 2>&1
  exit 0 ;;
rollback)
  P=$1; valid_name "$2"; project=$2; valid_id "$3"; from="$P/.nself/releases/$3"; to=${4:--}
  detect_compose
  if [ "$to" = - ]; then
    src="$P/.nself/pre-deploy"
    [ -d "$src" ] || die "nothing to roll back to"
    if [ -f "$from/docker-compose.yml" ] && [ ! -f "$src/docker-compose.yml" ]; then
      compose "$project" "$P" "$from/docker-compose.yml" down 2>&1
    fi
    (cd "$from" && find . -type f ! -name '.nself-*' -print) | while IFS= read -r f; do
      [ -f "$src/$f" ] || rm -f "$P/$f"
    done
    place_tree "$src" "$P" || die "could not restore the files"
    rm -f "$P/.nself/current"
  else
    valid_id "$to"; src="$P/.nself/releases/$to"
    [ -d "$src" ] || die "release $to is not on the server"
    place_tree "$src" "$P" || die "could not restore the files of $to"
    remove_stale "$from" "$src" "$P"
    ln -sfn "releases/$to" "$P/.nself/current.new" && mv -Tf "$P/.nself/current.new" "$P/.nself/current"
  fi
  echo "files of ${to} are in place"
  if [ -f "$P/docker-compose.yml" ]; then
    restore_images "$src/.nself-images"
    keep=$(compose "$project" "$P" "$P/docker-compose.yml" config --services 2>/dev/null)
    for id in $(project_containers "$project"); do
      svc=$(docker inspect --format '{{index .Config.Labels "com.docker.compose.service"}}' "$id")
      printf '%s\n' "$keep" | grep -qx "$svc" || { echo "removing $svc (not in $to)"; docker rm -f "$id" >/dev/null; }
    done
    [ -n "$keep" ] && { compose "$project" "$P" "$P/docker-compose.yml" up -d --no-deps --no-build $keep 2>&1 || die "could not start the services"; }
  fi
  exit 0 ;;
routes)
  # routes SCHEME ADDRESS PORT HOST...: each host asked once through nginx, all at once, 5 s
  # each; prints `client=curl|wget|none`, then `route STATUS HOST` (000/0: no answer).
  scheme=$1; addr=$2; port=$3; shift 3
  case $scheme in http|https) ;; *) die "invalid scheme";; esac
  case $addr in *[!0-9.]*|'') die "invalid address";; esac
  case $port in *[!0-9]*|'') die "invalid port";; esac
  for h in "$@"; do case $h in *[!a-z0-9.-]*|''|-*|.*) die "invalid host";; esac; done
  if command -v curl >/dev/null 2>&1; then client=curl
  elif command -v wget >/dev/null 2>&1; then client=wget
  else echo 'client=none'; exit 0; fi
  echo "client=$client"
  d=$(mktemp -d) || die "no temporary directory"
  i=0
  for h in "$@"; do
    i=$((i + 1))
    (
      if [ "$client" = curl ]; then
        # --resolve: the host name travels as SNI and Host header, the connection goes to nginx.
        code=$(curl -s -k -o /dev/null -w '%{http_code}' --max-time 5 --resolve "$h:$port:$addr" "$scheme://$h:$port/" 2>/dev/null)
      else
        # GNU or busybox wget: no SNI, so nginx picks the site by the Host header.
        code=$(wget -S -O /dev/null -T 5 --no-check-certificate --header "Host: $h" "$scheme://$addr:$port/" 2>&1 | awk '$1 ~ /^HTTP\// { print $2; exit }')
      fi
      printf 'route %s %s\n' "${code:-0}" "$h" >"$d/$i"
    ) &
  done
  wait
  cat "$d"/* 2>/dev/null
  rm -rf "$d"
  exit 0 ;;
record)
  P=$1; keep=$2; line=$3
  case $keep in *[!0-9]*|'') die "invalid count";; esac
  mkdir -p "$P/.nself" && printf '%s\n' "$line" >>"$P/.nself/deploys.log"
  cur=''; [ -L "$P/.nself/current" ] && cur=$(basename "$(readlink "$P/.nself/current")")
  ls -1 "$P/.nself/releases" 2>/dev/null | grep -v -x "$cur" | sort -r | tail -n +$((keep + 1)) | while IFS= read -r old; do
    case $old in *[!0-9TZa-z-]*|'') continue;; esac
    rm -rf "$P/.nself/releases/$old" && echo "pruned release $old"
  done
  exit 0 ;;
*)
  die "unknown verb: $verb" ;;
esac
